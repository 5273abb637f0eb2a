#pragma once

#include "routing/routing_strategy.h"

#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTableView;

namespace scriptorium::routing {
class AdaptiveStrategy;
}

namespace scriptorium::ui {

class RoutingDecisionsModel;
class RoutingEstimatesModel;
class RoutingFallbacksModel;

/// The dashboard's Routing tab (issue 12): for a chosen model, what the adaptive strategy
/// believes about each endpoint (RoutingEstimatesModel), then its last decisions and
/// OpenRouter's recent internal fallbacks. While visible it re-reads the strategy once a
/// second (snapshot() copies under the estimates' mutex: cheap), so it moves during a batch.
/// Without an adaptive strategy it says that routing is static instead. GUI thread only;
/// shares the strategy with the requests that feed it.
class RoutingView : public QWidget {
    Q_OBJECT

public:
    explicit RoutingView(QWidget *parent = nullptr, std::function<std::int64_t()> wallNowMs = {});
    ~RoutingView() override;

    /// The strategy to show; null (static routing) shows the notice instead.
    void setStrategy(std::shared_ptr<routing::RoutingStrategy> strategy);
    /// Shows `model` (one the strategy has estimates for, or any: the table is then empty).
    void setModel(const QString &model);
    QString model() const;
    /// Reads the strategy now (what the timer does).
    void refresh();

    RoutingEstimatesModel *estimatesModel() const { return m_estimates; }
    RoutingDecisionsModel *decisionsModel() const { return m_decisions; }
    RoutingFallbacksModel *fallbacksModel() const { return m_fallbacks; }
    QComboBox *modelChooser() const { return m_model; }
    /// The notice shown instead of the tables (static routing); hidden otherwise.
    QLabel *notice() const { return m_notice; }
    bool showsNotice() const;

    static constexpr int kRefreshIntervalMs = 1000;

signals:
    /// Emitted after each refresh.
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildUi();
    void fillModels(const std::shared_ptr<routing::AdaptiveStrategy> &adaptive);

    std::shared_ptr<routing::RoutingStrategy> m_strategy;
    std::function<std::int64_t()> m_wallNowMs;
    QTimer m_timer;
    RoutingEstimatesModel *m_estimates = nullptr;
    RoutingDecisionsModel *m_decisions = nullptr;
    RoutingFallbacksModel *m_fallbacks = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_notice = nullptr;
    QComboBox *m_model = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_endpointTable = nullptr;
    QTableView *m_decisionTable = nullptr;
    QTableView *m_fallbackTable = nullptr;
};

} // namespace scriptorium::ui
