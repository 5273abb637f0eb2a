// Quitting must not wait for the Router's cost check (issue 14): a cut stream's cost comes from
// /generation, which can take the whole reconcileTimeout; at shutdown onDone runs at once with
// the estimate from the tokens seen, so the attempt is never recorded as free.
#include "routing/router.h"

#include "net/http_client.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "sim/sim_server.h"
#include "support/generation_run.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>

#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using nlohmann::json;
using scriptorium::Clock;
using scriptorium::ErrorCode;
using scriptorium::net::HttpClient;
using namespace scriptorium::routing;
using scriptorium::sim::SimOptions;
using scriptorium::sim::SimServer;

namespace {

constexpr const char *kKey = "sk-or-v1-router-shutdown-test-2b8e41";
constexpr const char *kModel = "meta-llama/llama-3.1-8b-instruct";
/// The cost check gives up after eight 404s, 1 s apart and then 2 s (13 s in all), or at
/// the timeout: either is far beyond what a prompt shutdown may take.
constexpr auto kReconcileTimeout = std::chrono::minutes(10);
constexpr auto kReconcileBackoff = std::chrono::seconds(1);
/// What "at once" allows on a loaded 2-core CI machine (measured: well under 1 ms).
constexpr double kPromptMs = 3000.0;

using Run = scriptorium::testing::GenerationRun;

double millisecondsSince(Clock::TimePoint t)
{
    return std::chrono::duration<double, std::milli>(Clock::real().now() - t).count();
}

} // namespace

class TestRouterShutdown : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void destroyingTheRouterDoesNotWaitForTheCostCheck();
    void shutdownCancelsAndDeliversTheEstimateAtOnce();

private:
    std::unique_ptr<Router> makeRouter();
    GenerationRequest request() const;

    QTemporaryDir m_dir;
    std::unique_ptr<SimServer> m_sim;
    std::unique_ptr<HttpClient> m_client;
    std::optional<scriptorium::openrouter::ModelEndpoints> m_endpoints;
};

void TestRouterShutdown::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The default market, except that /generation answers 404 for an hour after each request
    // (OpenRouter's record "not ready yet"): every cost check stays pending.
    const std::string sourceDir = qEnvironmentVariable("SCRIPTORIUM_SOURCE_DIR").toStdString();
    std::ifstream in(sourceDir + "/resources/sim/default.json");
    QVERIFY2(in, "set SCRIPTORIUM_SOURCE_DIR (ctest does)");
    json market = json::parse(in);
    market["generation_record_delay_ms"] = 3'600'000;
    const std::string marketPath = m_dir.filePath(QStringLiteral("market.json")).toStdString();
    std::ofstream(marketPath) << market.dump();

    // Time scale 1: a 400-token stream lasts seconds, so it is still running when cut.
    m_sim = std::make_unique<SimServer>(SimOptions{
        .market = marketPath, .timeScale = 1.0, .seed = 7, .truthLogPath = {}, .port = 0});
    if (const auto started = m_sim->start(); !started)
        QFAIL(started.error().message.c_str());
    m_client = std::make_unique<HttpClient>();

    // The estimate needs the model's prices.
    auto catalogSource
        = std::make_shared<HttpCatalogSource>(*m_client, m_sim->baseUrl(), ApiKey(kKey));
    ModelCatalog catalog(catalogSource,
                         CatalogOptions{.cacheDir = m_dir.path().toStdString(),
                                        .ttl = std::chrono::hours(1),
                                        .wallClock = {}});
    auto endpoints = catalog.endpoints(kModel);
    QVERIFY(endpoints.has_value());
    m_endpoints = endpoints->value;
}

std::unique_ptr<Router> TestRouterShutdown::makeRouter()
{
    RoutingConfig config = RoutingConfig::defaults();
    config.defaultModel = kModel;
    config.models.clear();
    config.provider.order = {"deepinfra", "together", "fireworks"};
    Router::Options options;
    options.baseUrl = m_sim->baseUrl();
    options.config = std::move(config);
    options.apiKey = ApiKey(kKey);
    options.jitterSeed = 3;
    options.reconcileTimeout = kReconcileTimeout;
    options.reconcileBackoff = kReconcileBackoff;
    return std::make_unique<Router>(*m_client, std::move(options));
}

GenerationRequest TestRouterShutdown::request() const
{
    GenerationRequest r;
    r.model = kModel;
    r.messages = {{"system", "You are a novelist."}, {"user", "Write about a harbour at dawn."}};
    r.maxTokens = 400;
    r.endpoints = m_endpoints;
    return r;
}

void TestRouterShutdown::destroyingTheRouterDoesNotWaitForTheCostCheck()
{
    auto router = makeRouter();
    Run run;
    auto id = router->start(request(), run.callbacks());
    QVERIFY(id);
    QVERIFY(run.waitForText(10s));
    router->cancel(*id);
    QVERIFY(run.waitFor([&] { return run.attemptFinishedAt.has_value(); }));
    {
        // The cut stream's cost check is running: usage never came, /generation answers 404.
        std::lock_guard lock(run.mutex);
        QVERIFY(!run.result.has_value());
    }

    const Clock::TimePoint shutdownAt = Clock::real().now();
    router.reset();
    const double destroyMs = millisecondsSince(shutdownAt);
    // Before the fix onDone came only when the cost check gave up (13 s here; up to
    // reconcileTimeout, 5 s by default).
    QVERIFY(run.waitFor([&] { return run.result.has_value(); }));
    const double doneMs = millisecondsSince(shutdownAt);
    qInfo("Router destroyed in %.3f ms; onDone %.3f ms after", destroyMs, doneMs);
    QVERIFY2(doneMs < kPromptMs, qPrintable(QString::number(doneMs)));

    const GenerationResult r = run.wait();
    QVERIFY(r.error.has_value());
    QCOMPARE(r.error->code, ErrorCode::Cancelled);
    QVERIFY(!r.text.empty());
    QCOMPARE(r.attempts.size(), std::size_t(1));
    QCOMPARE(r.attempts[0].httpStatus, 200L);
    // The best-known cost, never $0: the tokens seen at the listed price.
    QCOMPARE(r.attempts[0].costSource, CostSource::Estimate);
    QVERIFY(r.attempts[0].costUsd.value_or(0) > 0);
}

void TestRouterShutdown::shutdownCancelsAndDeliversTheEstimateAtOnce()
{
    auto router = makeRouter();
    Run run;
    QVERIFY(router->start(request(), run.callbacks()));
    QVERIFY(run.waitForText(10s));

    const Clock::TimePoint shutdownAt = Clock::real().now();
    router->shutdown();
    QVERIFY(run.waitFor([&] { return run.result.has_value(); }));
    const double doneMs = millisecondsSince(shutdownAt);
    qInfo("shutdown() -> onDone %.3f ms", doneMs);
    QVERIFY2(doneMs < kPromptMs, qPrintable(QString::number(doneMs)));

    const GenerationResult r = run.wait();
    QVERIFY(r.error.has_value());
    QCOMPARE(r.error->code, ErrorCode::Cancelled);
    QVERIFY(!r.text.empty());
    QCOMPARE(r.attempts.size(), std::size_t(1));
    QCOMPARE(r.attempts[0].costSource, CostSource::Estimate);
    QVERIFY(r.attempts[0].costUsd.value_or(0) > 0);

    // Nothing new starts on a Router that is shutting down.
    Run late;
    const auto refused = router->start(request(), late.callbacks());
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Cancelled);
}

QTEST_GUILESS_MAIN(TestRouterShutdown)
#include "test_router_shutdown.moc"
