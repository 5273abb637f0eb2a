#include "ui/dashboard/routing_view.h"

#include "routing/adaptive_strategy.h"
#include "ui/dashboard/routing_estimates_model.h"
#include "ui/dashboard/routing_log_model.h"

#include <algorithm>
#include <set>

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QTableView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table->horizontalHeader()->setStretchLastSection(true);
    // Fitted when rows come or go, not on every refresh (see DashboardWindow).
    QObject::connect(model, &QAbstractItemModel::modelReset, table,
                     [table] { table->resizeColumnsToContents(); });
    return table;
}

} // namespace

RoutingView::RoutingView(QWidget *parent, std::function<std::int64_t()> wallNowMs)
    : QWidget(parent)
    , m_wallNowMs(wallNowMs ? std::move(wallNowMs)
                            : [] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_estimates(new RoutingEstimatesModel(this))
    , m_decisions(new RoutingDecisionsModel(this))
    , m_fallbacks(new RoutingFallbacksModel(this))
{
    setObjectName(QStringLiteral("routingView"));
    m_timer.setInterval(kRefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RoutingView::refresh);
    buildUi();
    setStrategy(nullptr);
}

RoutingView::~RoutingView() = default;

void RoutingView::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_pages = new QStackedWidget(this);
    layout->addWidget(m_pages);

    m_notice = new QLabel(m_pages);
    m_notice->setObjectName(QStringLiteral("routingNotice"));
    m_notice->setWordWrap(true);
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setMargin(24);
    m_pages->addWidget(m_notice);

    auto *content = new QWidget(m_pages);
    auto *contentLayout = new QVBoxLayout(content);
    auto *top = new QHBoxLayout;
    m_model = new QComboBox(content);
    m_model->setObjectName(QStringLiteral("routingModelChooser"));
    m_model->setMinimumContentsLength(32);
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("routingSummary"));
    top->addWidget(new QLabel(tr("Model:"), content));
    top->addWidget(m_model);
    top->addWidget(m_summary, 1);
    contentLayout->addLayout(top);
    connect(m_model, &QComboBox::activated, this, &RoutingView::refresh);

    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_estimates);
    sorted->setSortRole(RoutingEstimatesModel::kSortRole);
    auto *split = new QSplitter(Qt::Vertical, content);
    m_endpointTable = makeTable(sorted, QStringLiteral("routingEndpoints"), nullptr);
    m_endpointTable->setSortingEnabled(true);
    m_endpointTable->sortByColumn(RoutingEstimatesModel::Endpoint, Qt::AscendingOrder);
    split->addWidget(m_endpointTable);

    auto titled = [split](const QString &title, QTableView *table) {
        auto *box = new QWidget;
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->setContentsMargins(0, 0, 0, 0);
        boxLayout->addWidget(new QLabel(title, box));
        boxLayout->addWidget(table);
        split->addWidget(box);
    };
    m_decisionTable = makeTable(m_decisions, QStringLiteral("routingDecisions"), nullptr);
    titled(tr("Last decisions (newest first)"), m_decisionTable);
    m_fallbackTable = makeTable(m_fallbacks, QStringLiteral("routingFallbacks"), nullptr);
    titled(tr("OpenRouter's internal fallbacks (newest first)"), m_fallbackTable);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 1);
    contentLayout->addWidget(split, 1);
    m_pages->addWidget(content);
}

void RoutingView::setStrategy(std::shared_ptr<routing::RoutingStrategy> strategy)
{
    m_strategy = std::move(strategy);
    if (!m_strategy) {
        m_notice->setText(
            tr("Routing is static: every request carries the routing config's own provider "
               "order, so there are no estimates to show. Choose the adaptive strategy in the "
               "routing editor (Routing…) to see them here."));
        m_pages->setCurrentWidget(m_notice);
    } else if (!std::dynamic_pointer_cast<routing::AdaptiveStrategy>(m_strategy)) {
        m_notice->setText(
            tr("The %1 strategy keeps no estimates to show.")
                .arg(QString::fromLatin1(m_strategy->name().data(),
                                         static_cast<qsizetype>(m_strategy->name().size()))));
        m_pages->setCurrentWidget(m_notice);
    } else {
        m_pages->setCurrentIndex(1);
    }
    refresh();
}

bool RoutingView::showsNotice() const
{
    return m_pages->currentWidget() == m_notice;
}

void RoutingView::setModel(const QString &model)
{
    int index = m_model->findText(model);
    if (index < 0) {
        m_model->addItem(model);
        index = m_model->count() - 1;
    }
    m_model->setCurrentIndex(index);
    refresh();
}

QString RoutingView::model() const
{
    return m_model->currentText();
}

void RoutingView::fillModels(const std::shared_ptr<routing::AdaptiveStrategy> &adaptive)
{
    std::set<QString> models;
    for (const routing::EndpointEstimate &e : adaptive->estimates()->snapshot())
        models.insert(q(e.key.model));
    const QString current = m_model->currentText();
    if (!current.isEmpty())
        models.insert(current);
    QStringList wanted(models.begin(), models.end());
    QStringList shown;
    for (int i = 0; i < m_model->count(); ++i)
        shown << m_model->itemText(i);
    if (shown != wanted) {
        m_model->clear();
        m_model->addItems(wanted);
        m_model->setCurrentIndex(std::max(0, m_model->findText(current)));
    }
    if (!current.isEmpty() || m_model->count() == 0)
        return;
    // Nothing chosen yet: the model of the newest decision, else the first one.
    const auto decisions = adaptive->recentDecisions();
    if (!decisions.empty())
        m_model->setCurrentIndex(std::max(0, m_model->findText(q(decisions.back().model))));
}

void RoutingView::refresh()
{
    const auto adaptive = std::dynamic_pointer_cast<routing::AdaptiveStrategy>(m_strategy);
    if (!adaptive) {
        m_estimates->setEstimates({}, {});
        m_decisions->setDecisions({}, {}, 0);
        m_fallbacks->setFallbacks({}, {}, 0);
        emit refreshed();
        return;
    }
    fillModels(adaptive);
    const routing::EndpointEstimates &estimates = *adaptive->estimates();
    const Clock::TimePoint now = estimates.clock().now();
    const std::int64_t wallNow = m_wallNowMs();
    m_estimates->setEstimates(estimates.snapshot(m_model->currentText().toStdString()), now);
    m_decisions->setDecisions(adaptive->recentDecisions(), now, wallNow);
    m_fallbacks->setFallbacks(adaptive->recentFallbacks(), now, wallNow);

    const routing::StrategySettings &settings = estimates.settings();
    const QString objective = settings.objective == routing::RoutingObjective::Speed ? tr("speed")
        : settings.objective == routing::RoutingObjective::Cost                      ? tr("cost")
                                                                : tr("balanced");
    if (m_model->count() == 0)
        m_summary->setText(tr("No estimates yet: they appear after the first request, or once "
                              "the library's recent attempts are read."));
    else
        m_summary->setText(tr("Objective: %1 · exploration %2 %")
                               .arg(objective)
                               .arg(QString::number(settings.explorationShare * 100, 'f', 1)));
    emit refreshed();
}

void RoutingView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer.start();
}

void RoutingView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

} // namespace scriptorium::ui
