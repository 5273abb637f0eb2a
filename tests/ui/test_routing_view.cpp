// The dashboard's Routing tab and the window's one routing strategy (issue 12): the endpoint
// table shows what an AdaptiveStrategy estimates (fed observations directly on a ManualClock,
// no network), a cooling endpoint with its seconds left, the traffic share, the decisions with
// their reasons and OpenRouter's internal fallbacks; static routing shows a translated notice;
// the main window builds one strategy from its routing config, primes it off the GUI thread,
// hands it to both docks and the dashboard, and rebuilds it when the saved config changes it.
#include "routing/adaptive_strategy.h"
#include "routing/endpoint_estimates.h"
#include "ui/batch/batch_bridge.h"
#include "ui/batch/batch_panel.h"
#include "ui/dashboard/dashboard_launcher.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/dashboard/routing_estimates_model.h"
#include "ui/dashboard/routing_log_model.h"
#include "ui/dashboard/routing_view.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_panel.h"
#include "ui/main_window.h"
#include "ui/routing/routing_session.h"
#include "ui/secret_store.h"

#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace scriptorium;
using namespace scriptorium::ui;
using namespace std::chrono_literals;

namespace {

constexpr const char *kModel = "meta-llama/llama-3.3-70b-instruct";
using Column = RoutingEstimatesModel::Column;
using Outcome = routing::EndpointObservation::Outcome;

routing::EndpointKey key(const std::string &provider)
{
    return {kModel, provider, "fp8"};
}

routing::EndpointObservation success(const std::string &provider, Clock::TimePoint at,
                                     double ttftMs, double tokensPerSecond)
{
    routing::EndpointObservation o;
    o.key = key(provider);
    o.at = at;
    o.outcome = Outcome::Success;
    o.ttftMs = ttftMs;
    o.decodeTokensPerSecond = tokensPerSecond;
    o.priceRatio = 1.0;
    o.servedRequest = true;
    return o;
}

routing::EndpointObservation failure(const std::string &provider, Clock::TimePoint at)
{
    routing::EndpointObservation o;
    o.key = key(provider);
    o.at = at;
    o.outcome = Outcome::FailedBeforeFirstToken;
    o.failureLatencyMs = 300;
    o.servedRequest = true;
    return o;
}

std::vector<openrouter::EndpointInfo> endpoints()
{
    std::vector<openrouter::EndpointInfo> out;
    for (const char *provider : {"deepinfra", "fireworks", "together"}) {
        openrouter::EndpointInfo e;
        e.modelId = kModel;
        e.providerName = provider;
        e.tag = std::string(provider) + "/fp8";
        e.quantization = "fp8";
        e.pricing.prompt = 0.2e-6;
        e.pricing.completion = 0.6e-6;
        out.push_back(e);
    }
    return out;
}

int rowOf(const RoutingEstimatesModel *model, const QString &tag)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, Column::Endpoint).data().toString() == tag)
            return r;
    }
    return -1;
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class TestRoutingView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void showsEstimatesOfObservations();
    void coolingEndpointShowsSecondsLeft();
    void trafficShareOfEachEndpoint();
    void decisionsAndFallbacksAreListed();
    void staticRoutingShowsTranslatedNotice();
    void windowSharesOneStrategy();

private:
    std::shared_ptr<routing::EndpointEstimates> estimates();

    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::shared_ptr<routing::AdaptiveStrategy> m_strategy;
};

void TestRoutingView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The main window reads settings and the routing config: keep both out of the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("settings")));
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    qunsetenv("OPENROUTER_API_KEY");
    qunsetenv("SCRIPTORIUM_BASE_URL");
}

void TestRoutingView::init()
{
    m_clock.set(Clock::TimePoint(1000s));
    routing::StrategySettings settings;
    settings.cooldownFailures = 3;
    settings.cooldown = 30s;
    settings.explorationShare = 0; // decisions are the ranking alone
    m_strategy = std::make_shared<routing::AdaptiveStrategy>(
        std::make_shared<routing::EndpointEstimates>(m_clock, settings), 7);
}

std::shared_ptr<routing::EndpointEstimates> TestRoutingView::estimates()
{
    return m_strategy->estimates();
}

void TestRoutingView::showsEstimatesOfObservations()
{
    const auto now = m_clock.now();
    for (double ttft : {200.0, 260.0, 230.0})
        estimates()->observe(success("fireworks", now, ttft, 120));
    estimates()->observe(success("deepinfra", now, 450, 60));
    estimates()->observe(success("deepinfra", now, 520, 70));
    estimates()->observe(failure("deepinfra", now));

    RoutingView view(nullptr, [] { return std::int64_t(1'700'000'000'000); });
    view.setStrategy(m_strategy);
    QVERIFY(!view.showsNotice());
    QCOMPARE(view.model(), QString::fromLatin1(kModel)); // the only model with estimates
    const RoutingEstimatesModel *model = view.estimatesModel();
    QCOMPARE(model->rowCount(), 2);
    const int fireworks = rowOf(model, QStringLiteral("fireworks/fp8"));
    const int deepinfra = rowOf(model, QStringLiteral("deepinfra/fp8"));
    QVERIFY(fireworks >= 0 && deepinfra >= 0);

    // Each cell shows the estimator's own figure.
    const auto fw = estimates()->estimate(key("fireworks"));
    const auto di = estimates()->estimate(key("deepinfra"));
    QVERIFY(fw && di);
    QVERIFY(cell(model, fireworks, Column::Ttft)
                .startsWith(QString::number(fw->ttftMs, 'f', 0) + QStringLiteral(" ms ± ")));
    QVERIFY(fw->ttftSpread > 0);
    QCOMPARE(cell(model, fireworks, Column::Decode), QStringLiteral("120.0 tok/s"));
    QCOMPARE(cell(model, fireworks, Column::Precision), QStringLiteral("fp8"));
    QCOMPARE(cell(model, deepinfra, Column::FailureBeforeFirstToken),
             QString::number(di->failureProbability * 100, 'f', 1) + QStringLiteral(" %"));
    QVERIFY(di->failureProbability > fw->failureProbability);
    QCOMPARE(cell(model, deepinfra, Column::Samples), QString::number(di->samples, 'f', 1));
    QCOMPARE(cell(model, fireworks, Column::PriceRatio), QStringLiteral("×1.00"));
    QCOMPARE(cell(model, fireworks, Column::Circuit), QStringLiteral("OK"));
    // Sorting is by number, not by text.
    QVERIFY(
        model->index(deepinfra, Column::Ttft).data(RoutingEstimatesModel::kSortRole).toDouble()
        > model->index(fireworks, Column::Ttft).data(RoutingEstimatesModel::kSortRole).toDouble());

    // A new observation shows at the next refresh, in place.
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    estimates()->observe(success("fireworks", now, 900, 20));
    view.refresh();
    QCOMPARE(reset.count(), 0);
    QVERIFY(changed.count() >= 1);
    QVERIFY(estimates()->estimate(key("fireworks"))->ttftMs > fw->ttftMs);
    QVERIFY(
        cell(model, fireworks, Column::Ttft)
            .startsWith(QString::number(estimates()->estimate(key("fireworks"))->ttftMs, 'f', 0)));
}

void TestRoutingView::coolingEndpointShowsSecondsLeft()
{
    estimates()->observe(success("fireworks", m_clock.now(), 250, 100));
    for (int i = 0; i < 3; ++i)
        estimates()->observe(failure("deepinfra", m_clock.now()));
    QVERIFY(estimates()->coolingDown(key("deepinfra")));

    RoutingView view;
    view.setStrategy(m_strategy);
    const RoutingEstimatesModel *model = view.estimatesModel();
    const int deepinfra = rowOf(model, QStringLiteral("deepinfra/fp8"));
    QVERIFY(deepinfra >= 0);
    QCOMPARE(model->cooldownSecondsLeft(deepinfra), std::optional<qint64>(30));
    QCOMPARE(cell(model, deepinfra, Column::Circuit), QStringLiteral("cooling down, 30 s left"));
    QVERIFY(model->index(deepinfra, 0).data(Qt::BackgroundRole).isValid());
    QCOMPARE(cell(model, rowOf(model, QStringLiteral("fireworks/fp8")), Column::Circuit),
             QStringLiteral("OK"));

    m_clock.advance(12s);
    view.refresh();
    QCOMPARE(cell(model, deepinfra, Column::Circuit), QStringLiteral("cooling down, 18 s left"));

    // After the cooldown one request may probe it.
    m_clock.advance(20s);
    view.refresh();
    QCOMPARE(cell(model, deepinfra, Column::Circuit), QStringLiteral("probing"));
    QVERIFY(!model->cooldownSecondsLeft(deepinfra));
}

void TestRoutingView::trafficShareOfEachEndpoint()
{
    RoutingView view;
    view.setStrategy(m_strategy);
    const RoutingEstimatesModel *model = view.estimatesModel();
    QCOMPARE(model->rowCount(), 0);

    for (int i = 0; i < 3; ++i)
        estimates()->observe(success("fireworks", m_clock.now(), 250, 100));
    estimates()->observe(success("deepinfra", m_clock.now(), 400, 60));
    // A fallback OpenRouter tried inside a request is measured but served nothing.
    routing::EndpointObservation tried = failure("together", m_clock.now());
    tried.servedRequest = false;
    estimates()->observe(tried);
    view.refresh();
    QCOMPARE(model->rowCount(), 3);
    const int fireworks = rowOf(model, QStringLiteral("fireworks/fp8"));
    const int deepinfra = rowOf(model, QStringLiteral("deepinfra/fp8"));
    const int together = rowOf(model, QStringLiteral("together/fp8"));
    QCOMPARE(model->trafficShare(fireworks), std::optional(0.75));
    QCOMPARE(model->trafficShare(deepinfra), std::optional(0.25));
    QCOMPARE(model->trafficShare(together), std::optional(0.0));
    QCOMPARE(cell(model, fireworks, Column::TrafficShare), QStringLiteral("75.0 % (3 requests)"));
    QCOMPARE(cell(model, together, Column::TrafficShare), QStringLiteral("0.0 % (0 requests)"));
}

void TestRoutingView::decisionsAndFallbacksAreListed()
{
    estimates()->observe(success("fireworks", m_clock.now(), 200, 150));
    estimates()->observe(success("deepinfra", m_clock.now(), 600, 40));
    routing::DecisionInput input;
    input.model = kModel;
    input.quantizations = {"fp8"};
    input.endpoints = endpoints();
    input.promptTokens = 1000;
    input.maxTokens = 500;
    (void)m_strategy->decide(input);
    m_clock.advance(5s);
    const routing::RoutingDecision newest = m_strategy->decide(input);
    QVERIFY(!newest.reason.empty());
    QCOMPARE(newest.order.front(), std::string("fireworks/fp8"));

    // OpenRouter tried DeepInfra first inside the request; Fireworks served it.
    routing::AttemptRecord attempt;
    attempt.model = kModel;
    attempt.provider = "Fireworks";
    attempt.providerSlug = "fireworks";
    attempt.quantization = "fp8";
    attempt.preferences.order = newest.order;
    attempt.internalAttemptsKnown = true;
    attempt.internalAttempts
        = {{"DeepInfra", "deepinfra/fp8", 502, 180.0}, {"Fireworks", "fireworks/fp8", 200, 90.0}};
    m_strategy->observe(attempt, endpoints());

    RoutingView view(nullptr, [] { return std::int64_t(1'700'000'000'000); });
    view.setStrategy(m_strategy);
    const RoutingDecisionsModel *decisions = view.decisionsModel();
    QCOMPARE(decisions->rowCount(), 2);
    // Newest first, with the order sent and the strategy's reason.
    QCOMPARE(cell(decisions, 0, RoutingDecisionsModel::Order),
             QStringLiteral("fireworks/fp8 → together/fp8 → deepinfra/fp8"));
    QCOMPARE(cell(decisions, 0, RoutingDecisionsModel::Reason),
             QString::fromStdString(newest.reason));
    QCOMPARE(cell(decisions, 0, RoutingDecisionsModel::Model), QString::fromLatin1(kModel));
    // Five seconds apart on the strategy's clock, shown as wall time.
    const QTime first = QTime::fromString(cell(decisions, 1, RoutingDecisionsModel::Time),
                                          QStringLiteral("HH:mm:ss"));
    const QTime second = QTime::fromString(cell(decisions, 0, RoutingDecisionsModel::Time),
                                           QStringLiteral("HH:mm:ss"));
    QCOMPARE(first.secsTo(second), 5);

    const RoutingFallbacksModel *fallbacks = view.fallbacksModel();
    QCOMPARE(fallbacks->rowCount(), 2);
    QCOMPARE(cell(fallbacks, 1, RoutingFallbacksModel::Endpoint),
             QStringLiteral("DeepInfra (deepinfra/fp8)"));
    QCOMPARE(cell(fallbacks, 1, RoutingFallbacksModel::Status), QStringLiteral("502"));
    QCOMPARE(cell(fallbacks, 1, RoutingFallbacksModel::Latency), QStringLiteral("180 ms"));
    QCOMPARE(cell(fallbacks, 1, RoutingFallbacksModel::ServedBy), QStringLiteral("fireworks"));

    // A refresh without news leaves the lists alone.
    QSignalSpy reset(decisions, &QAbstractItemModel::modelReset);
    view.refresh();
    QCOMPARE(reset.count(), 0);
    (void)m_strategy->decide(input);
    view.refresh();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(decisions->rowCount(), 3);
}

void TestRoutingView::staticRoutingShowsTranslatedNotice()
{
    {
        RoutingView view;
        view.setStrategy(nullptr);
        QVERIFY(view.showsNotice());
        QVERIFY(view.notice()->text().startsWith(QStringLiteral("Routing is static")));
        QCOMPARE(view.estimatesModel()->rowCount(), 0);
        view.setStrategy(m_strategy);
        QVERIFY(!view.showsNotice());
    }
    QTranslator chinese;
    QVERIFY(chinese.load(QLocale(QStringLiteral("zh_CN")), QStringLiteral("scriptorium"),
                         QStringLiteral("_"), QStringLiteral(":/i18n")));
    QCoreApplication::installTranslator(&chinese);
    RoutingView view;
    view.setStrategy(nullptr);
    const QString text = view.notice()->text();
    QCoreApplication::removeTranslator(&chinese);
    QVERIFY(view.showsNotice());
    QVERIFY2(text.contains(QStringLiteral("静态")), qPrintable(text));
}

void TestRoutingView::windowSharesOneStrategy()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    RoutingSession *routing = window.routingSession();
    QVERIFY(routing);
    // No config file in this test's XDG_CONFIG_HOME: the defaults, adaptive.
    QCOMPARE(routing->config().routing.strategy, routing::StrategyKind::Adaptive);
    QVERIFY(routing->adaptive());

    // Opening a library rebuilds the strategy and primes it from the library off the GUI
    // thread.
    QSignalSpy rebuilt(routing, &RoutingSession::strategyChanged);
    QSignalSpy primed(routing, &RoutingSession::primed);
    QVERIFY(window.openLibraryFile(m_dir.filePath(QStringLiteral("library.db"))));
    QCOMPARE(rebuilt.count(), 1);
    QTRY_COMPARE(primed.count(), 1);
    QCOMPARE(primed.front().front().toInt(), 0); // a new library has no attempts yet
    const auto strategy = routing->strategy();

    // The dashboard's Routing tab shows that strategy.
    showDashboard(&window, window.session());
    auto *dashboard = window.findChild<DashboardWindow *>(QStringLiteral("dashboardWindow"));
    QVERIFY(dashboard);
    QCOMPARE(dashboard->tabs()->tabText(dashboard->tabs()->indexOf(dashboard->routingView())),
             QStringLiteral("Routing"));
    QVERIFY(!dashboard->routingView()->showsNotice());

    // The Generate dock's Router and the Batch dock's runs get the same object.
    window.generationPanel()->setConnection(QStringLiteral("http://127.0.0.1:9/api/v1"),
                                            QStringLiteral("sk-test"), true);
    QCOMPARE(window.generationBridge()->strategy(), strategy);
    QCOMPARE(window.batchPanel()->connection().strategy, strategy);

    // Saving a static config (what the routing editor's OK does) makes it null everywhere.
    routing::RoutingConfig config = routing->config();
    config.routing.strategy = routing::StrategyKind::Static;
    QVERIFY(config.save(routing->configPath().toStdString()).has_value());
    routing->reloadConfig();
    QCOMPARE(rebuilt.count(), 2);
    QVERIFY(!routing->strategy());
    QVERIFY(dashboard->routingView()->showsNotice());
    QVERIFY(!window.batchPanel()->connection().strategy);
    QCOMPARE(window.batchPanel()->connection().config.routing.strategy,
             routing::StrategyKind::Static);
    window.generationPanel()->setConnection(QStringLiteral("http://127.0.0.1:9/api/v1"),
                                            QStringLiteral("sk-test"), true);
    QVERIFY(!window.generationBridge()->strategy());

    // An edit that leaves the strategy settings alone keeps what the strategy learnt.
    config.routing.strategy = routing::StrategyKind::Adaptive;
    QVERIFY(config.save(routing->configPath().toStdString()).has_value());
    routing->reloadConfig();
    const auto adaptive = routing->strategy();
    QVERIFY(adaptive && adaptive != strategy);
    config.provider.order = {"fireworks"};
    QVERIFY(config.save(routing->configPath().toStdString()).has_value());
    routing->reloadConfig();
    QCOMPARE(routing->strategy(), adaptive);
    QCOMPARE(routing->config().provider.order, std::vector<std::string>{"fireworks"});
}

QTEST_MAIN(TestRoutingView)
#include "test_routing_view.moc"
