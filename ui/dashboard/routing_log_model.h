#pragma once

#include "routing/adaptive_strategy.h"
#include "util/clock.h"

#include <QAbstractTableModel>
#include <QList>

#include <vector>

namespace scriptorium::ui {

/// The Routing tab's recent decisions (time, model, order sent, reason; newest first), from
/// routing::AdaptiveStrategy::recentDecisions(). Times are the strategy clock's, shown as wall
/// time: `wallNowMs` is the wall clock at `now`. Resets only when the log changed. GUI thread.
class RoutingDecisionsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Model, Order, Reason, ColumnCount };

    explicit RoutingDecisionsModel(QObject *parent = nullptr);

    /// `entries` newest last, as the strategy keeps them.
    void setDecisions(const std::vector<routing::DecisionLogEntry> &entries, Clock::TimePoint now,
                      qint64 wallNowMs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        Clock::TimePoint at{};
        QString time;
        routing::DecisionLogEntry entry;
    };
    QString reasonText(const routing::RoutingDecision &decision) const;

    QList<Row> m_rows; ///< newest first
};

/// OpenRouter's recent internal fallbacks (time, model, provider / endpoint, HTTP status,
/// latency, served by; newest first), from routing::AdaptiveStrategy::recentFallbacks(). As
/// RoutingDecisionsModel for times and updates. GUI thread.
class RoutingFallbacksModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Model, Endpoint, Status, Latency, ServedBy, ColumnCount };

    explicit RoutingFallbacksModel(QObject *parent = nullptr);

    void setFallbacks(const std::vector<routing::FallbackLogEntry> &entries, Clock::TimePoint now,
                      qint64 wallNowMs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        Clock::TimePoint at{};
        QString time;
        routing::FallbackLogEntry entry;
    };

    QList<Row> m_rows; ///< newest first
};

} // namespace scriptorium::ui
