// The provider benchmark against the simulator: every run pinned to its endpoint, the ranking
// follows the market's true speed order, and the fp8 vs bf16 comparison is filled in.
#include "routing/provider_benchmark.h"

#include "net/http_client.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "sim/sim_server.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <map>

using namespace scriptorium;
using namespace scriptorium::routing;

namespace {
constexpr const char *kModel = "meta-llama/llama-3.1-8b-instruct";
constexpr const char *kKey = "sk-sim-benchmark";

/// The market's throughput medians for kModel, fastest first (the truth to rank against).
std::vector<std::string> trueSpeedOrder(const std::vector<std::string> &tags)
{
    const char *source = std::getenv("SCRIPTORIUM_SOURCE_DIR");
    std::ifstream in(std::string(source ? source : ".") + "/resources/sim/default.json");
    const nlohmann::json market = nlohmann::json::parse(in);
    std::vector<std::pair<double, std::string>> speeds;
    for (const auto &model : market.at("models")) {
        if (model.at("id") != kModel)
            continue;
        for (const auto &e : model.at("endpoints")) {
            const std::string tag = e.at("tag");
            if (std::find(tags.begin(), tags.end(), tag) != tags.end())
                speeds.emplace_back(e.at("throughput_tps").at("median").get<double>(), tag);
        }
    }
    std::sort(speeds.rbegin(), speeds.rend());
    std::vector<std::string> out;
    for (const auto &s : speeds)
        out.push_back(s.second);
    return out;
}
} // namespace

class TestProviderBenchmark : public QObject {
    Q_OBJECT

private slots:
    void ranksProvidersInTrueSpeedOrder();
    void rejectsBadOptions();
};

void TestProviderBenchmark::ranksProvidersInTrueSpeedOrder()
{
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.1, .seed = 11, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    net::HttpClient client;
    QTemporaryDir dir;
    auto source = std::make_shared<HttpCatalogSource>(client, sim.baseUrl(), ApiKey(kKey));
    ModelCatalog catalog(source,
                         CatalogOptions{.cacheDir = dir.path().toStdString(),
                                        .ttl = std::chrono::hours(1),
                                        .wallClock = {}});
    auto endpoints = catalog.endpoints(kModel);
    QVERIFY(endpoints.has_value());

    BenchmarkOptions options;
    options.model = kModel;
    options.runs = 5;
    options.maxTokens = 96;
    options.tags = {"deepinfra/fp8", "fireworks/bf16", "chutes/fp4", "novita/fp8"};
    options.baseUrl = sim.baseUrl();
    options.apiKey = ApiKey(kKey);
    int runsSeen = 0;
    auto report = runProviderBenchmark(
        client, endpoints->value, options,
        [&runsSeen](const EndpointBenchmark &, const GenerationResult &) { ++runsSeen; });
    QVERIFY(report.has_value());
    QCOMPARE(runsSeen, 20);
    QCOMPARE(report->endpoints.size(), std::size_t(4));

    std::vector<std::string> ranked;
    for (const EndpointBenchmark &b : report->endpoints) {
        QCOMPARE(b.runs, 5);
        QCOMPARE(b.successes, 5);
        QVERIFY(b.ttftP50Ms.has_value());
        QVERIFY(b.rankingSpeed().has_value());
        QVERIFY(b.costUsd > 0);
        ranked.push_back(b.endpoint.tag);
    }
    // The market's medians are the providers' true speeds.
    QCOMPARE(ranked, trueSpeedOrder(options.tags));

    // Every request was pinned: one endpoint, no fallbacks, and served by that endpoint.
    const auto records = sim.truth();
    QCOMPARE(records.size(), std::size_t(20));
    for (const auto &r : records) {
        const auto &provider = r.at("provider_request");
        QCOMPARE(provider.at("allow_fallbacks").get<bool>(), false);
        QCOMPARE(provider.at("order").size(), std::size_t(1));
        QCOMPARE(provider.at("order")[0].get<std::string>(),
                 r.at("endpoint_tag").get<std::string>());
        QVERIFY(!provider.contains("quantizations"));
    }
    // And the simulator's own clock agrees: median end-to-end speed per endpoint, as served.
    std::map<std::string, std::vector<double>> served;
    for (const auto &r : records) {
        const double ms = r.at("t_end_ms").get<double>() - r.at("t_request_ms").get<double>();
        served[r.at("endpoint_tag").get<std::string>()].push_back(
            r.at("completion_tokens").get<double>() / ms);
    }
    std::vector<std::pair<double, std::string>> servedOrder;
    for (auto &[tag, speeds] : served) {
        std::sort(speeds.begin(), speeds.end());
        servedOrder.emplace_back(speeds[speeds.size() / 2], tag);
    }
    std::sort(servedOrder.rbegin(), servedOrder.rend());
    std::vector<std::string> servedRanking;
    for (const auto &s : servedOrder)
        servedRanking.push_back(s.second);
    QCOMPARE(ranked, servedRanking);

    // fp8 (DeepInfra 190, Novita 120 → median 155) against bf16 (Fireworks 150).
    QVERIFY(report->fp8OverBf16Speed.has_value());
    QVERIFY(report->fp8OverBf16Cost.has_value());
    QVERIFY(*report->fp8OverBf16Cost < 1); // fp8 endpoints are far cheaper here
}

void TestProviderBenchmark::rejectsBadOptions()
{
    net::HttpClient client;
    openrouter::ModelEndpoints none;
    none.id = kModel;
    BenchmarkOptions options;
    QCOMPARE(runProviderBenchmark(client, none, options).error().code, ErrorCode::InvalidArgument);
    options.model = kModel;
    options.runs = 0;
    QCOMPARE(runProviderBenchmark(client, none, options).error().code, ErrorCode::InvalidArgument);
    options.runs = 1;
    QCOMPARE(runProviderBenchmark(client, none, options).error().code, ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestProviderBenchmark)
#include "test_provider_benchmark.moc"
