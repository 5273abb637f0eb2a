// Money that cannot leak, at the Router (issue 13): a capped budget without a computable worst
// case sends nothing, a request the budget cannot fully pay for is shrunk instead of refused,
// unpriced fallback models are left out under a cap, a reservation is released with the
// attempt's real cost (estimated for a cancelled stream), 429s slow every generation of the
// Router together, a Retry-After is clamped, every reservation is written to the ledger before
// its request is sent, and a provider billing above its list price raises the worst case. A
// request may carry its own cap and routing config (a batch on a Router shared with single
// generations): only its own spending counts against that cap, and the Router's does not see it.
#include "routing/router.h"

#include "net/http_client.h"
#include "sim/sim_server.h"
#include "support/generation_run.h"

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

constexpr const char *kKey = "sk-or-v1-router-budget-test-5d1e";
constexpr const char *kModel = "meta-llama/llama-3.3-70b-instruct";

using Run = scriptorium::testing::GenerationRun;

/// Records what the Router writes to the library's ledger, and what the simulator had been
/// sent when each reservation was written.
struct FakeLedger final : ReservationLedger {
    std::mutex mutex;
    SimServer *sim = nullptr;
    bool failOpen = false;
    struct Row {
        ReservationOwner owner;
        double usd = 0;
        std::size_t requestsSentBefore = 0;
        std::string openrouterId;
        bool dropped = false;
    };
    std::vector<Row> rows;

    scriptorium::Result<std::int64_t> open(const ReservationOwner &owner, double usd) override
    {
        if (failOpen)
            return scriptorium::fail(ErrorCode::DiskFull, "the disk is full");
        std::lock_guard lock(mutex);
        rows.push_back(Row{owner, usd, sim ? sim->truth().size() : 0, {}, false});
        return static_cast<std::int64_t>(rows.size());
    }
    void identify(std::int64_t id, std::string_view openrouterId) override
    {
        std::lock_guard lock(mutex);
        rows.at(static_cast<std::size_t>(id - 1)).openrouterId = std::string(openrouterId);
    }
    void drop(std::int64_t id) override
    {
        std::lock_guard lock(mutex);
        rows.at(static_cast<std::size_t>(id - 1)).dropped = true;
    }
};

struct Fixture {
    SimServer sim;
    HttpClient client;
    std::shared_ptr<Budget> budget;
    std::shared_ptr<FakeLedger> ledger = std::make_shared<FakeLedger>();
    std::unique_ptr<Router> router;

    Fixture(std::optional<double> cap, double timeScale = 0.02)
        : sim(SimOptions{
            .market = "default", .timeScale = timeScale, .seed = 3, .truthLogPath = {}, .port = 0})
        , budget(std::make_shared<Budget>(cap))
    {
        if (!sim.start())
            return;
        RoutingConfig config = RoutingConfig::defaults();
        config.routing.strategy = StrategyKind::Static;
        config.models.clear();
        config.retry.baseBackoff = 10ms;
        config.retry.maxBackoff = 50ms;
        Router::Options options;
        options.baseUrl = sim.baseUrl();
        options.config = config;
        options.apiKey = ApiKey(kKey);
        options.budget = budget;
        options.ledger = ledger;
        ledger->sim = &sim;
        options.reconcileTimeout = 0ms; // costs come from usage or the estimate
        router = std::make_unique<Router>(client, options);
    }
    std::optional<scriptorium::openrouter::ModelEndpoints> endpoints(const std::string &model)
    {
        scriptorium::net::HttpRequest get;
        get.url = sim.baseUrl() + "/models/" + model + "/endpoints";
        get.bearerToken = kKey;
        auto response = client.fetch(std::move(get));
        if (!response || response->status != 200)
            return std::nullopt;
        auto parsed = scriptorium::openrouter::parseEndpoints(response->body);
        return parsed ? std::optional(*parsed) : std::nullopt;
    }
};

GenerationRequest request(int maxTokens)
{
    GenerationRequest r;
    r.model = kModel;
    r.messages = {{"system", "You are a novelist."}, {"user", "Write about a harbour."}};
    r.maxTokens = maxTokens;
    r.fallbackModels = std::vector<std::string>{};
    return r;
}

} // namespace

class TestRouterBudget : public QObject {
    Q_OBJECT

private slots:
    void capWithoutPricesSendsNothing()
    {
        Fixture f(0.01);
        QVERIFY(f.router);
        Run run;
        QVERIFY(f.router->start(request(200), run.callbacks())); // no endpoints, no max_price
        const GenerationResult r = run.wait();
        QVERIFY(r.error);
        QCOMPARE(r.error->code, ErrorCode::Budget);
        QVERIFY(r.attempts.empty());
        QVERIFY(f.sim.truth().empty());
        QCOMPARE(f.budget->spentUsd(), 0.0);
        QCOMPARE(f.budget->reservedUsd(), 0.0);
    }

    void requestBudgetReplacesTheRoutersOwn()
    {
        // The Router's Budget is unlimited (the window's runtime); a batch's request brings its
        // own cap.
        Fixture f(std::nullopt);
        QVERIFY(f.router);
        auto endpoints = f.endpoints(kModel);
        QVERIFY(endpoints);
        Run single;
        GenerationRequest one = request(40);
        one.endpoints = endpoints;
        QVERIFY(f.router->start(one, single.callbacks()));
        QVERIFY(single.wait().ok());
        const double singleSpent = f.budget->spentUsd();
        QVERIFY(singleSpent > 0);

        auto batchCap = std::make_shared<Budget>(1.0);
        GenerationRequest step = request(40);
        step.endpoints = endpoints;
        step.budget = batchCap;
        Run batch;
        QVERIFY(f.router->start(step, batch.callbacks()));
        const GenerationResult r = batch.wait();
        QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
        // The batch's cap counts its own step only; the single generation is not in it.
        QVERIFY(batchCap->spentUsd() > 0);
        QCOMPARE(batchCap->spentUsd(), r.attempts.at(0).costUsd.value_or(-1));
        QCOMPARE(batchCap->reservedUsd(), 0.0);
        QCOMPARE(f.budget->spentUsd(), singleSpent);

        // A cap too small for any request refuses this request only; the Router goes on.
        auto empty = std::make_shared<Budget>(1e-9);
        GenerationRequest refused = request(40);
        refused.endpoints = endpoints;
        refused.budget = empty;
        const std::size_t sent = f.sim.truth().size();
        Run none;
        QVERIFY(f.router->start(refused, none.callbacks()));
        const GenerationResult n = none.wait();
        QVERIFY(n.error);
        QCOMPARE(n.error->code, ErrorCode::Budget);
        QCOMPARE(f.sim.truth().size(), sent);
    }

    void requestConfigReplacesTheRoutersOwn()
    {
        // A preset's watchdogs apply to its request on a Router configured otherwise: its 1 ms
        // deadline stops the request, and the same request without it completes.
        Fixture f(std::nullopt);
        QVERIFY(f.router);
        auto preset = std::make_shared<RoutingConfig>(RoutingConfig::defaults());
        preset->routing.strategy = StrategyKind::Static;
        preset->models.clear();
        preset->watchdogs.deadline = 1ms;
        GenerationRequest req = request(40);
        req.config = preset;
        Run run;
        QVERIFY(f.router->start(req, run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY(r.error);
        QCOMPARE(r.error->code, ErrorCode::Timeout);
        Run plain;
        QVERIFY(f.router->start(request(40), plain.callbacks()));
        QVERIFY(plain.wait().ok());
    }

    void unlimitedBudgetWithoutPricesStillSends()
    {
        Fixture f(std::nullopt);
        QVERIFY(f.router);
        Run run;
        QVERIFY(f.router->start(request(40), run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
        QVERIFY(f.budget->spentUsd() > 0);
    }

    void maxPriceBoundsARequestWithoutCatalog()
    {
        Fixture f(1.0);
        QVERIFY(f.router);
        // The same config with a max_price: now the worst case is known.
        RoutingConfig config = RoutingConfig::defaults();
        config.routing.strategy = StrategyKind::Static;
        config.models.clear();
        scriptorium::openrouter::MaxPrice max;
        max.prompt = 2.0;
        max.completion = 2.0;
        config.provider.maxPrice = max;
        Router::Options options;
        options.baseUrl = f.sim.baseUrl();
        options.config = config;
        options.apiKey = ApiKey(kKey);
        options.budget = f.budget;
        options.reconcileTimeout = 0ms;
        Router router(f.client, options);
        Run run;
        QVERIFY(router.start(request(40), run.callbacks()));
        QVERIFY(run.wait().ok());
    }

    void shrinksMaxTokensToWhatIsLeft()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        double cheapest = 1, cheapestPrompt = 1;
        for (const auto &e : endpoints->endpoints) {
            if (e.quantization == "fp8" && e.pricing.completion < cheapest) {
                cheapest = e.pricing.completion;
                cheapestPrompt = e.pricing.prompt;
            }
        }
        // Room for the prompt and about 300 output tokens even at the cheapest endpoint, not
        // the 1024 asked for.
        const double cap = 200 * cheapestPrompt + 300 * cheapest;
        Fixture f(cap);
        QVERIFY(f.router);
        GenerationRequest req = request(1024);
        req.endpoints = endpoints;
        Run run;
        QVERIFY(f.router->start(req, run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
        QCOMPARE(r.attempts.size(), std::size_t(1));
        QVERIFY2(r.attempts[0].maxTokens < 1024 && r.attempts[0].maxTokens >= 128,
                 qPrintable(QString::number(r.attempts[0].maxTokens)));
        // Shrunk at the cheapest price: the request says so with its max_price.
        QVERIFY(r.attempts[0].preferences.maxPrice.has_value());
        QCOMPARE(*r.attempts[0].preferences.maxPrice->completion, cheapest * 1e6);
        QVERIFY(f.budget->spentUsd() <= cap);
        QCOMPARE(f.budget->reservedUsd(), 0.0);
        // The simulator saw the smaller max_tokens.
        QVERIFY(f.sim.truth().back()["completion_tokens"].get<int>() <= r.attempts[0].maxTokens);
        // Too little left for a useful paragraph: refused, nothing sent.
        Fixture poor(100 * cheapest);
        Run refused;
        QVERIFY(poor.router->start(req, refused.callbacks()));
        const GenerationResult none = refused.wait();
        QVERIFY(none.error);
        QCOMPARE(none.error->code, ErrorCode::Budget);
        QVERIFY(poor.sim.truth().empty());
    }

    void priceCeilingKeepsAFullRequestWithinTheCap()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        double cheapest = 1, dearest = 0, dearestPrompt = 0;
        for (const auto &e : endpoints->endpoints) {
            if (e.quantization != "fp8")
                continue;
            cheapest = std::min(cheapest, e.pricing.completion);
            dearest = std::max(dearest, e.pricing.completion);
            dearestPrompt = std::max(dearestPrompt, e.pricing.prompt);
        }
        QVERIFY(dearest > 2 * cheapest);
        // Enough for all 600 tokens at the cheap endpoints, not at the dearest.
        const double cap = 200 * dearestPrompt + 600 * (cheapest + dearest) / 2;
        Fixture f(cap);
        GenerationRequest req = request(600);
        req.endpoints = endpoints;
        Run run;
        QVERIFY(f.router->start(req, run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
        QCOMPARE(r.attempts[0].maxTokens, 600); // not shrunk…
        QVERIFY(r.attempts[0].preferences.maxPrice.has_value()); // …kept on cheaper endpoints
        QVERIFY(*r.attempts[0].preferences.maxPrice->completion < dearest * 1e6);
        QVERIFY(r.attempts[0].routingReason.find("spending cap") != std::string::npos);
        // The server routed under the ceiling, and billed within the cap.
        const json served = f.sim.truth().back();
        QVERIFY(served["provider_request"].contains("max_price"));
        QVERIFY(served["cost_usd"].get<double>() <= cap);
        QVERIFY(f.budget->spentUsd() <= cap);
    }

    void unpricedFallbackModelsAreLeftOutUnderACap()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        Fixture f(1.0);
        GenerationRequest req = request(40);
        req.endpoints = endpoints;
        req.fallbackModels = std::vector<std::string>{"deepseek/deepseek-chat"};
        Run run;
        QVERIFY(f.router->start(req, run.callbacks()));
        QVERIFY(run.wait().ok());
        QVERIFY(run.started.front().fallbackModels.empty());
        // With its prices known, it is sent (and priced into the worst case).
        auto deepseek = Fixture(std::nullopt).endpoints("deepseek/deepseek-chat");
        QVERIFY(deepseek);
        req.fallbackEndpoints = {*deepseek};
        Run priced;
        QVERIFY(f.router->start(req, priced.callbacks()));
        QVERIFY(priced.wait().ok());
        QCOMPARE(priced.started.front().fallbackModels,
                 std::vector<std::string>{"deepseek/deepseek-chat"});
    }

    void cancelledStreamIsChargedItsEstimate()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        Fixture f(1.0, 0.5); // slow enough to cancel mid-stream
        GenerationRequest req = request(400);
        req.endpoints = endpoints;
        Run run;
        auto id = f.router->start(req, run.callbacks());
        QVERIFY(id);
        QVERIFY(run.waitForText(30s));
        // While it streams, its worst case is held.
        QVERIFY(f.budget->reservedUsd() > 0);
        f.router->cancel(*id);
        const GenerationResult r = run.wait();
        QVERIFY(r.error);
        QCOMPARE(r.error->code, ErrorCode::Cancelled);
        // No usage arrived; the tokens seen × price is what the budget counts, the same number
        // as the result's (and so the batch total's and the dashboard's).
        QVERIFY(r.totalCostUsd() > 0);
        QCOMPARE(r.attempts[0].costSource, CostSource::Estimate);
        QCOMPARE(f.budget->spentUsd(), r.totalCostUsd());
        QCOMPARE(f.budget->reservedUsd(), 0.0);
    }

    void rateLimitSlowsEveryGenerationTogether()
    {
        Fixture f(std::nullopt, 0.01);
        QVERIFY(f.router);
        QVERIFY(f.sim.script(json{
            {"behaviours",
             {{{"action", "http_error"}, {"status", 429}, {"retry_after", 1}, {"times", 1}}}}}));
        Run first;
        QVERIFY(f.router->start(request(20), first.callbacks()));
        QVERIFY(first.waitFor([&] { return first.firstFinishedAt.has_value(); }));
        const Clock::TimePoint limitedAt = *first.firstFinishedAt;
        // A second generation started now waits out the same Retry-After.
        Run second;
        QVERIFY(f.router->start(request(20), second.callbacks()));
        QVERIFY(second.wait().ok());
        QVERIFY(first.wait().ok());
        QVERIFY(!second.startedAt.empty());
        QVERIFY2(second.startedAt.front() - limitedAt >= 900ms,
                 qPrintable(QString::number(
                     std::chrono::duration<double, std::milli>(second.startedAt.front() - limitedAt)
                         .count())));
        // And it did not spend an attempt on the rate limit.
        QCOMPARE(second.result->attempts.size(), std::size_t(1));
    }

    void paidReasoningCountsAsStarted()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        Fixture f(1.0, 0.01);
        QVERIFY(f.router);
        // The model thinks (billed), then the stream breaks before any content.
        QVERIFY(f.sim.script(json{{"behaviours",
                                   {{{"action", "mid_stream_error"},
                                     {"reasoning_tokens", 12},
                                     {"after_tokens", 0},
                                     {"times", 1}}}}}));
        GenerationRequest req = request(200);
        req.endpoints = endpoints;
        Run run;
        QVERIFY(f.router->start(req, run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY(r.error);
        // No automatic retry that pays again: the attempt had started.
        QCOMPARE(r.error->code, ErrorCode::MidStream);
        QCOMPARE(r.attempts.size(), std::size_t(1));
        QCOMPARE(f.sim.truth().size(), std::size_t(1));
        QVERIFY(r.text.empty());
        QVERIFY(!r.reasoning.empty());
        // The reasoning is charged (estimated from what arrived), and the budget counts it.
        QVERIFY(r.attempts[0].completionTokens > 0);
        QCOMPARE(f.budget->spentUsd(), r.totalCostUsd());
    }

    void reservationIsWrittenBeforeTheRequestIsSent()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        Fixture f(1.0);
        GenerationRequest req = request(200);
        req.endpoints = endpoints;
        req.recordId = 41;
        req.batchId = 7;
        Run run;
        QVERIFY(f.router->start(req, run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
        QCOMPARE(f.ledger->rows.size(), std::size_t(1));
        const FakeLedger::Row &row = f.ledger->rows.front();
        QCOMPARE(row.requestsSentBefore, std::size_t(0)); // written first
        QCOMPARE(row.owner.recordId, std::int64_t(41));
        QCOMPARE(row.owner.batchId, std::optional<std::int64_t>(7));
        QCOMPARE(row.owner.attemptIndex, 1);
        QVERIFY(row.usd > 0);
        // It learnt the request's OpenRouter id, so a crash can be reconciled by /generation.
        QVERIFY(!r.attempts[0].generationId.empty());
        QCOMPARE(row.openrouterId, r.attempts[0].generationId);
        // A request without a library row has nothing to reserve under.
        GenerationRequest anonymous = req;
        anonymous.recordId.reset();
        Run unrecorded;
        QVERIFY(f.router->start(anonymous, unrecorded.callbacks()));
        QVERIFY(unrecorded.wait().ok());
        QCOMPARE(f.ledger->rows.size(), std::size_t(1));
    }

    void unwritableReservationSendsNothing()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        Fixture f(1.0);
        f.ledger->failOpen = true;
        GenerationRequest req = request(200);
        req.endpoints = endpoints;
        req.recordId = 3;
        Run run;
        QVERIFY(f.router->start(req, run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY(r.error);
        QCOMPARE(r.error->code, ErrorCode::DiskFull);
        QVERIFY(f.sim.truth().empty());
        QCOMPARE(f.budget->reservedUsd(), 0.0);
        QCOMPARE(f.budget->spentUsd(), 0.0);
    }

    void billingAboveTheListPriceRaisesTheWorstCase()
    {
        auto endpoints = Fixture(std::nullopt).endpoints(kModel);
        QVERIFY(endpoints);
        // The catalog the Router was given lists half of what the providers bill.
        for (auto &e : endpoints->endpoints) {
            e.pricing.prompt /= 2;
            e.pricing.completion /= 2;
        }
        Fixture f(10.0);
        GenerationRequest req = request(300);
        req.endpoints = endpoints;
        std::vector<double> reserved;
        for (int i = 0; i < 2; ++i) {
            Run run;
            auto callbacks = run.callbacks();
            callbacks.onAttemptStarted = [&](const AttemptRecord &) {
                reserved.push_back(f.budget->reservedUsd());
            };
            QVERIFY(f.router->start(req, callbacks));
            QVERIFY(run.wait().ok());
        }
        QCOMPARE(reserved.size(), std::size_t(2));
        // After one bill at twice the list, the next worst case grows by the billed ratio. (The
        // ratio is measured against the serving provider's dearest listed endpoint, as the
        // worst case is priced at the dearest endpoint of all: the product still covers 2×.)
        QVERIFY2(reserved[1] > 1.4 * reserved[0],
                 qPrintable(QStringLiteral("%1 then %2").arg(reserved[0]).arg(reserved[1])));
        QVERIFY(f.budget->spentUsd() <= 10.0);
    }

    void absurdRetryAfterIsNotWaited()
    {
        Fixture f(std::nullopt, 0.01);
        QVERIFY(f.router);
        QVERIFY(f.sim.script(json{{"behaviours",
                                   {{{"action", "http_error"},
                                     {"status", 429},
                                     {"retry_after", 100000},
                                     {"times", 1}}}}}));
        Run run;
        const auto t0 = Clock::real().now();
        QVERIFY(f.router->start(request(20), run.callbacks()));
        const GenerationResult r = run.wait();
        QVERIFY2(r.ok(), r.error ? r.error->message.c_str() : "");
        QVERIFY(!r.attempts.front().retryAfterSeconds);
        QVERIFY(Clock::real().now() - t0 < 10s);
    }
};

QTEST_GUILESS_MAIN(TestRouterBudget)
#include "test_router_budget.moc"
