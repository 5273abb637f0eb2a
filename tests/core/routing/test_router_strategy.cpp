// The Router with a routing strategy: the static strategy's request body is byte-for-byte the
// phase-1 body, the adaptive one pins endpoint tags, records why, learns from what served and
// from OpenRouter's internal fallbacks (/generation's provider_responses), and degrades only
// when no fp8 endpoint is usable.
#include "routing/adaptive_strategy.h"
#include "routing/router.h"

#include "net/http_client.h"
#include "sim/sim_server.h"
#include "support/canned_http_server.h"
#include "support/generation_run.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

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

constexpr const char *kKey = "sk-or-v1-router-strategy-test-91c2";
constexpr const char *kModel = "meta-llama/llama-3.3-70b-instruct";

// The seed's config as phase 1 shipped it: the static strategy must send exactly this.
constexpr const char *kSeedConfig = R"({
  "version": 1,
  "default_model": "meta-llama/llama-3.3-70b-instruct",
  "models": [],
  "provider": {"order": ["Lambda", "DeepInfra", "Together", "Fireworks"],
               "allow_fallbacks": true, "sort": "throughput", "quantizations": ["fp8"]},
  "degrade_to": ["fp16", "bf16"],
  "routing": {"strategy": "static"}
})";

using Run = scriptorium::testing::GenerationRun;

GenerationRequest request(int maxTokens = 40)
{
    GenerationRequest r;
    r.model = kModel;
    r.messages = {{"user", "Hello"}};
    r.maxTokens = maxTokens;
    r.fallbackModels = std::vector<std::string>{};
    return r;
}

std::optional<scriptorium::openrouter::ModelEndpoints> endpointsFrom(HttpClient &client,
                                                                     const std::string &base)
{
    scriptorium::net::HttpRequest get;
    get.url = base + "/models/" + kModel + "/endpoints";
    get.bearerToken = kKey;
    auto response = client.fetch(std::move(get));
    if (!response || response->status != 200)
        return std::nullopt;
    auto parsed = scriptorium::openrouter::parseEndpoints(response->body);
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

// A simulator with the default market and a Router with a fresh adaptive strategy (no
// exploration, so every order is the ranking) over the seed's config.
struct AdaptiveFixture {
    SimServer sim;
    HttpClient client;
    std::optional<scriptorium::openrouter::ModelEndpoints> endpoints;
    std::shared_ptr<EndpointEstimates> estimates;
    std::shared_ptr<AdaptiveStrategy> strategy;
    std::unique_ptr<Router> router;

    explicit AdaptiveFixture(std::uint64_t seed)
        : sim(SimOptions{
            .market = "default", .timeScale = 0.02, .seed = seed, .truthLogPath = {}, .port = 0})
    {
        if (!sim.start())
            return;
        endpoints = endpointsFrom(client, sim.baseUrl());
        auto config = RoutingConfig::fromText(kSeedConfig);
        if (!config)
            return;
        config->routing.strategy = StrategyKind::Adaptive;
        config->routing.explorationShare = 0;
        estimates
            = std::make_shared<EndpointEstimates>(Clock::real(), strategySettingsFor(*config));
        strategy = std::make_shared<AdaptiveStrategy>(estimates, 1);
        Router::Options options;
        options.baseUrl = sim.baseUrl();
        options.config = *config;
        options.apiKey = ApiKey(kKey);
        options.strategy = strategy;
        options.reconcileBackoff = 20ms;
        router = std::make_unique<Router>(client, options);
    }
    bool ready() const { return router && endpoints; }
};

} // namespace

class TestRouterStrategy : public QObject {
    Q_OBJECT

private slots:
    void staticBodyIsTheConfigsOwnByteForByte()
    {
        auto config = RoutingConfig::fromText(kSeedConfig);
        QVERIFY(config);
        scriptorium::testing::CannedHttpServer listener(scriptorium::testing::cannedResponse(
            400, R"({"error":{"code":400,"message":"captured"}})"));
        HttpClient client;
        Router::Options options;
        options.baseUrl = listener.baseUrl();
        options.config = *config;
        options.apiKey = ApiKey(kKey);
        options.strategy = makeRoutingStrategy(*config);
        QVERIFY(!options.strategy); // static → no strategy object
        Router router(client, options);
        Run run;
        QVERIFY(router.start(request(32), run.callbacks()));
        const std::string body = listener.firstBody();
        QCOMPARE(
            QString::fromStdString(body),
            QStringLiteral(
                R"({"max_tokens":32,"messages":[{"content":"Hello","role":"user"}],)"
                R"("model":"meta-llama/llama-3.3-70b-instruct","provider":{)"
                R"("allow_fallbacks":true,"order":["lambda","deepinfra","together",)"
                R"("fireworks"],"quantizations":["fp8"],"sort":"throughput"},"stream":true})"));
        const GenerationResult r = run.wait();
        QCOMPARE(r.attempts.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(r.attempts[0].strategy), QStringLiteral("static"));
    }

    void stagePolicyShapesTheRequest()
    {
        // Draft on a cheap endpoint: the stage's provider order replaces the base one.
        auto config = RoutingConfig::fromText(R"({"version": 1, "models": [],
          "provider": {"order": ["deepinfra", "together"], "allow_fallbacks": true,
                       "quantizations": ["fp8"]},
          "routing": {"strategy": "static"},
          "stages": {"draft": {"provider": {"order": ["novita/fp8"]}}}})");
        QVERIFY2(config, config ? "" : config.error().message.c_str());
        for (const char *stage : {"draft", "summary"}) {
            scriptorium::testing::CannedHttpServer listener(scriptorium::testing::cannedResponse(
                400, R"({"error":{"code":400,"message":"captured"}})"));
            HttpClient client;
            Router::Options options;
            options.baseUrl = listener.baseUrl();
            options.config = *config;
            options.apiKey = ApiKey(kKey);
            Router router(client, options);
            Run run;
            GenerationRequest req = request(32);
            req.stage = stage;
            QVERIFY(router.start(req, run.callbacks()));
            const json body = json::parse(listener.firstBody());
            const auto order = body["provider"]["order"].get<std::vector<std::string>>();
            if (std::string_view(stage) == "draft")
                QCOMPARE(order, std::vector<std::string>{"novita/fp8"});
            else
                QCOMPARE(order, (std::vector<std::string>{"deepinfra", "together"}));
            run.wait();
        }
    }

    void adaptivePinsTheFastestFp8EndpointAndSaysWhy()
    {
        AdaptiveFixture f(5);
        QVERIFY(f.ready());
        auto &sim = f.sim;
        auto &endpoints = f.endpoints;
        auto &estimates = f.estimates;
        Router &router = *f.router;
        Run run;
        GenerationRequest req = request(200);
        req.endpoints = endpoints;
        QVERIFY(router.start(req, run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
        const AttemptRecord &a = r.attempts.front();
        QCOMPARE(QString::fromStdString(a.strategy), QStringLiteral("adaptive"));
        QVERIFY(!a.routingReason.empty());
        QVERIFY(a.preferences.allowFallbacks.value_or(false));
        QCOMPARE(a.preferences.quantizations, std::vector<std::string>{"fp8"});
        // The catalog's speed ranks Fireworks' fp8 endpoint first on the default market.
        QCOMPARE(QString::fromStdString(a.preferences.order.front()),
                 QStringLiteral("fireworks/fp8"));
        // Every endpoint in the order serves fp8 (together/turbo does, by the catalog).
        for (const std::string &tag : a.preferences.order) {
            const auto it = std::ranges::find(endpoints->endpoints, tag,
                                              &scriptorium::openrouter::EndpointInfo::tag);
            QVERIFY(it != endpoints->endpoints.end());
            QCOMPARE(QString::fromStdString(it->quantization), QStringLiteral("fp8"));
        }
        QCOMPARE(QString::fromStdString(r.providerSlug), QStringLiteral("fireworks"));
        QCOMPARE(QString::fromStdString(r.quantization), QStringLiteral("fp8"));
        // The served attempt became evidence.
        const auto est = estimates->estimate({kModel, "fireworks", "fp8"});
        QVERIFY(est);
        QVERIFY(est->samples > 0.9);
        QCOMPARE(est->requestsServed, std::int64_t(1));
        // And the simulator saw the pinned order.
        const auto truth = sim.truth();
        QVERIFY(!truth.empty());
        QCOMPARE(truth.back()["provider_request"]["order"][0].get<std::string>(),
                 std::string("fireworks/fp8"));
    }

    void internalFallbacksAreReadFromGeneration()
    {
        AdaptiveFixture f(9);
        QVERIFY(f.ready());
        auto &sim = f.sim;
        auto &endpoints = f.endpoints;
        auto &estimates = f.estimates;
        auto &strategy = f.strategy;
        Router &router = *f.router;
        // Fireworks fails before its first token; OpenRouter falls back inside the request.
        QVERIFY(sim.script(json{{"behaviours",
                                 {{{"match", {{"provider", "fireworks"}}},
                                   {"action", "http_error"},
                                   {"status", 503},
                                   {"scope", "attempt"},
                                   {"times", 3}}}}}));
        for (int i = 0; i < 3; ++i) {
            Run run;
            GenerationRequest req = request(60);
            req.endpoints = endpoints;
            req.messages.back().content += " " + std::to_string(i);
            QVERIFY(router.start(req, run.callbacks()));
            const GenerationResult r = run.wait();
            QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
            const AttemptRecord &a = r.attempts.front();
            if (i == 0) {
                QVERIFY(a.internalAttemptsKnown);
                QCOMPARE(a.internalAttempts.size(), std::size_t(1));
                QCOMPARE(a.internalAttempts[0].status, 503);
                QCOMPARE(QString::fromStdString(a.internalAttempts[0].providerName),
                         QStringLiteral("Fireworks"));
                QVERIFY(QString::fromStdString(r.providerSlug) != QStringLiteral("fireworks"));
            }
        }
        // Three failures in a row: Fireworks cools down and the next order ignores it.
        QVERIFY(estimates->coolingDown({kModel, "fireworks", "fp8"}));
        QVERIFY(!strategy->recentFallbacks().empty());
        DecisionInput in;
        in.model = kModel;
        in.quantizations = {"fp8"};
        in.endpoints = endpoints->endpoints;
        in.maxTokens = 60;
        const RoutingDecision d = strategy->decide(in);
        QVERIFY(std::ranges::find(d.ignore, "fireworks/fp8") != d.ignore.end());
    }
};

QTEST_GUILESS_MAIN(TestRouterStrategy)
#include "test_router_strategy.moc"
