#pragma once

#include "routing/endpoint_estimates.h"
#include "util/clock.h"

#include <QAbstractTableModel>

#include <vector>

namespace scriptorium::ui {

/// The Routing tab's endpoint table for one model: each endpoint's current estimates (TTFT and
/// decode speed with their spread, failure rates, price ratio, decayed samples), its circuit
/// (OK, cooling down with the seconds left, probing) and its share of the model's traffic.
/// Fed copies from routing::EndpointEstimates::snapshot(); it holds no reference to the
/// strategy. Qt::UserRole holds a number (or text) to sort by. GUI thread only.
class RoutingEstimatesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Endpoint,
        Precision,
        Ttft,
        Decode,
        FailureBeforeFirstToken,
        FailureMidStream,
        PriceRatio,
        Samples,
        Circuit,
        TrafficShare,
        ColumnCount
    };
    static constexpr int kSortRole = Qt::UserRole;

    explicit RoutingEstimatesModel(QObject *parent = nullptr);

    /// Replaces the rows (ordered by endpoint tag). `now` is the estimates' clock, for the
    /// cooldown's seconds left. The same endpoints as before update in place (dataChanged);
    /// others reset the model.
    void setEstimates(std::vector<routing::EndpointEstimate> estimates, Clock::TimePoint now);
    const std::vector<routing::EndpointEstimate> &estimates() const { return m_rows; }

    /// The endpoint's share of the requests served for the model (0–1), or nullopt when none
    /// has been served yet.
    std::optional<double> trafficShare(int row) const;
    /// Seconds until a cooling endpoint may be probed, rounded up; nullopt when not cooling.
    std::optional<qint64> cooldownSecondsLeft(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString text(const routing::EndpointEstimate &e, int row, int column) const;
    QVariant sortValue(const routing::EndpointEstimate &e, int row, int column) const;
    QString circuitText(int row) const;

    std::vector<routing::EndpointEstimate> m_rows;
    Clock::TimePoint m_now{};
    std::int64_t m_served = 0; ///< requests served for the model, all endpoints
};

} // namespace scriptorium::ui
