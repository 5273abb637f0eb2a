// The adaptive strategy's ranking and decisions with an injected clock: objectives, fp8 first,
// cooldowns and probes, exploration bounds, and what a finished attempt teaches it.
#include "routing/adaptive_strategy.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace std::chrono_literals;
using scriptorium::ErrorCode;
using scriptorium::ManualClock;
using scriptorium::openrouter::EndpointInfo;
using namespace scriptorium::routing;
using Outcome = EndpointObservation::Outcome;

namespace {

const std::string kModel = "meta-llama/llama-3.3-70b-instruct";

EndpointInfo endpoint(const std::string &tag, const std::string &quantization, double latency,
                      double throughput, double completionPrice = 4e-7)
{
    EndpointInfo e;
    e.providerName = tag.substr(0, tag.find('/'));
    e.tag = tag;
    e.quantization = quantization;
    e.latencyP50Ms = latency;
    e.throughputP50 = throughput;
    e.uptimeLast30m = 100;
    e.pricing.prompt = completionPrice / 2;
    e.pricing.completion = completionPrice;
    return e;
}

std::vector<EndpointInfo> market()
{
    return {endpoint("deepinfra/fp8", "fp8", 400, 85, 3e-7),
            endpoint("together/fp8", "fp8", 500, 70, 8.8e-7),
            endpoint("fireworks/fp8", "fp8", 300, 140, 9e-7),
            endpoint("novita/bf16", "bf16", 200, 300, 5e-7)};
}

DecisionInput input(std::vector<EndpointInfo> endpoints = market())
{
    DecisionInput in;
    in.model = kModel;
    in.quantizations = {"fp8"};
    in.endpoints = std::move(endpoints);
    in.promptTokens = 1000;
    in.maxTokens = 400;
    in.hasNextStep = true;
    return in;
}

StrategySettings quiet()
{
    StrategySettings s;
    s.explorationShare = 0; // deterministic unless a test wants exploration
    s.cooldown = 10s;
    s.halfLife = 600s;
    return s;
}

EndpointOutlook outlook(std::string tag, double ttft, double tps, double failure = 0,
                        double price = 1e-6)
{
    EndpointOutlook o;
    o.tag = std::move(tag);
    o.ttftMs = ttft;
    o.decodeTokensPerSecond = tps;
    o.failureProbability = failure;
    o.failureLatencyMs = ttft / 4;
    o.promptPricePerToken = price / 2;
    o.completionPricePerToken = price;
    return o;
}

void fail(EndpointEstimates &est, const EndpointKey &key, int times)
{
    for (int i = 0; i < times; ++i) {
        EndpointObservation o;
        o.key = key;
        o.at = est.clock().now();
        o.outcome = Outcome::FailedBeforeFirstToken;
        est.observe(o);
    }
}

} // namespace

class TestAdaptiveStrategy : public QObject {
    Q_OBJECT

private slots:
    void speedRanksByExpectedTime()
    {
        const auto ranked = rankEndpoints(
            {outlook("slow", 400, 85), outlook("fast", 300, 140), outlook("quick-start", 50, 60)},
            RoutingObjective::Speed, 1000, 400, std::nullopt);
        QCOMPARE(ranked.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(ranked[0].outlook.tag), QStringLiteral("fast"));
        QCOMPARE(QString::fromStdString(ranked[1].outlook.tag), QStringLiteral("slow"));
        // 300 ms + 400 tokens at 140 tok/s
        QVERIFY(std::abs(ranked[0].expectedMs - (300 + 400.0 / 140 * 1000)) < 1e-6);
        // Few tokens: the short TTFT wins.
        const auto shortReply = rankEndpoints(
            {outlook("slow", 400, 85), outlook("fast", 300, 140), outlook("quick-start", 50, 60)},
            RoutingObjective::Speed, 1000, 10, std::nullopt);
        QCOMPARE(QString::fromStdString(shortReply[0].outlook.tag), QStringLiteral("quick-start"));
    }

    void failureRiskInflatesTheTime()
    {
        // A failure that is quick to notice costs little: trying the flaky fast one first
        // still pays off. One that takes long (a first-token timeout) does not.
        EndpointOutlook flaky = outlook("flaky-fast", 300, 140, 0.6);
        const EndpointOutlook steady = outlook("steady", 400, 85, 0.0);
        auto ranked
            = rankEndpoints({flaky, steady}, RoutingObjective::Speed, 1000, 400, std::nullopt);
        QCOMPARE(QString::fromStdString(ranked[0].outlook.tag), QStringLiteral("flaky-fast"));
        flaky.failureLatencyMs = 3000;
        ranked = rankEndpoints({flaky, steady}, RoutingObjective::Speed, 1000, 400, std::nullopt);
        QCOMPARE(QString::fromStdString(ranked[0].outlook.tag), QStringLiteral("steady"));
        const double own = 300 + 400.0 / 140 * 1000;
        const double alternative = 400 + 400.0 / 85 * 1000;
        QVERIFY(std::abs(ranked[1].expectedMs - (0.4 * own + 0.6 * (3000 + alternative))) < 1e-6);
        QVERIFY(std::abs(ranked[0].expectedMs - alternative) < 1e-6);
    }

    void costPrefersCheapEndpointsAboveTheFloor()
    {
        const std::vector<EndpointOutlook> list{outlook("cheap-slow", 400, 20, 0, 1e-7),
                                                outlook("mid", 400, 80, 0, 3e-7),
                                                outlook("dear-fast", 300, 140, 0, 9e-7)};
        const auto noFloor = rankEndpoints(list, RoutingObjective::Cost, 1000, 400, std::nullopt);
        QCOMPARE(QString::fromStdString(noFloor[0].outlook.tag), QStringLiteral("cheap-slow"));
        const auto floor = rankEndpoints(list, RoutingObjective::Cost, 1000, 400, 50.0);
        QCOMPARE(QString::fromStdString(floor[0].outlook.tag), QStringLiteral("mid"));
        QCOMPARE(QString::fromStdString(floor[2].outlook.tag), QStringLiteral("cheap-slow"));
        QVERIFY(!floor[2].meetsFloor);
        QVERIFY(std::abs(floor[0].expectedUsd - (1000 * 1.5e-7 + 400 * 3e-7)) < 1e-12);
    }

    void balancedTradesTimeAgainstCost()
    {
        // Twice as fast for ten times the price loses; nearly as fast for half the price wins.
        const auto ranked
            = rankEndpoints({outlook("dear", 300, 200, 0, 1e-5), outlook("fair", 300, 180, 0, 5e-7),
                             outlook("cheap-slow", 300, 20, 0, 4e-7)},
                            RoutingObjective::Balanced, 1000, 400, std::nullopt);
        QCOMPARE(QString::fromStdString(ranked[0].outlook.tag), QStringLiteral("fair"));
    }

    void staysOnFp8AndPinsEndpointTags()
    {
        ManualClock clock;
        AdaptiveStrategy strategy(std::make_shared<EndpointEstimates>(clock, quiet()), 7);
        const RoutingDecision d = strategy.decide(input());
        QVERIFY(!d.useConfigOrder);
        QCOMPARE(QString::fromStdString(d.strategy), QStringLiteral("adaptive"));
        QCOMPARE(d.order.size(), std::size_t(3)); // novita serves bf16 only
        QCOMPARE(QString::fromStdString(d.order.front()), QStringLiteral("fireworks/fp8"));
        QVERIFY(std::ranges::none_of(d.order,
                                     [](const std::string &t) { return t.starts_with("novita"); }));
        QVERIFY(d.quantizations.empty());
        QVERIFY(QString::fromStdString(d.reason).contains(QStringLiteral("fireworks/fp8")));
        QCOMPARE(strategy.recentDecisions().size(), std::size_t(1));
    }

    void fastestAcceptableMayTradePrecision()
    {
        ManualClock clock;
        StrategySettings s = quiet();
        s.precisionPolicy = PrecisionPolicy::FastestAcceptable;
        s.acceptablePrecisions = {"fp8", "bf16"};
        AdaptiveStrategy strategy(std::make_shared<EndpointEstimates>(clock, s), 7);
        const RoutingDecision d = strategy.decide(input());
        QCOMPARE(QString::fromStdString(d.order.front()), QStringLiteral("novita/bf16"));
        QCOMPARE(d.quantizations, (std::vector<std::string>{"fp8", "bf16"}));
    }

    void noCatalogKeepsTheConfigOrder()
    {
        ManualClock clock;
        AdaptiveStrategy strategy(std::make_shared<EndpointEstimates>(clock, quiet()), 7);
        const RoutingDecision d = strategy.decide(input({}));
        QVERIFY(d.useConfigOrder);
        QVERIFY(d.order.empty());
        QVERIFY(!d.reason.empty());
    }

    void measurementsOverrideTheCatalog()
    {
        ManualClock clock;
        auto est = std::make_shared<EndpointEstimates>(clock, quiet());
        AdaptiveStrategy strategy(est, 7);
        strategy.decide(input());
        // Fireworks turns out slow, DeepInfra fast.
        for (int i = 0; i < 5; ++i) {
            AttemptRecord fw;
            fw.model = kModel;
            fw.providerSlug = "fireworks";
            fw.provider = "Fireworks";
            fw.quantization = "fp8";
            fw.quantizationSource = QuantizationSource::Exact;
            fw.preferences.order = {"fireworks/fp8"};
            fw.ttftMs = 900;
            fw.decodeTokensPerSecond = 30;
            strategy.observe(fw, market());
            AttemptRecord di = fw;
            di.providerSlug = "deepinfra";
            di.provider = "DeepInfra";
            di.preferences.order = {"deepinfra/fp8"};
            di.ttftMs = 200;
            di.decodeTokensPerSecond = 150;
            strategy.observe(di, market());
        }
        QCOMPARE(QString::fromStdString(strategy.decide(input()).order.front()),
                 QStringLiteral("deepinfra/fp8"));
    }

    void coolingEndpointsAreIgnoredUntilTheirProbe()
    {
        ManualClock clock;
        auto est = std::make_shared<EndpointEstimates>(clock, quiet());
        AdaptiveStrategy strategy(est, 7);
        strategy.decide(input());
        fail(*est, {kModel, "fireworks", "fp8"}, 3);
        RoutingDecision d = strategy.decide(input());
        QCOMPARE(d.ignore, std::vector<std::string>{"fireworks/fp8"});
        QVERIFY(std::ranges::find(d.order, "fireworks/fp8") == d.order.end());
        QVERIFY(QString::fromStdString(d.reason).contains(QStringLiteral("cooling")));
        clock.advance(10s);
        d = strategy.decide(input());
        QVERIFY(d.probe);
        QCOMPARE(QString::fromStdString(d.order.front()), QStringLiteral("fireworks/fp8"));
        // While the probe is out, the next request avoids it again.
        d = strategy.decide(input());
        QVERIFY(!d.probe);
        QCOMPARE(d.ignore, std::vector<std::string>{"fireworks/fp8"});
    }

    void everyFp8EndpointCoolingDegrades()
    {
        ManualClock clock;
        auto est = std::make_shared<EndpointEstimates>(clock, quiet());
        AdaptiveStrategy strategy(est, 7);
        strategy.decide(input());
        for (const char *slug : {"fireworks", "deepinfra", "together"})
            fail(*est, {kModel, slug, "fp8"}, 3);
        RoutingDecision d = strategy.decide(input());
        QVERIFY(d.skipStep);
        // At the last step there is nowhere to go: the cooling ones are tried anyway.
        DecisionInput last = input();
        last.hasNextStep = false;
        d = strategy.decide(last);
        QVERIFY(!d.skipStep);
        QCOMPARE(d.order.size(), std::size_t(3));
        QVERIFY(d.ignore.empty());
    }

    void explorationIsBoundedAndFavoursUnderSampledEndpoints()
    {
        ManualClock clock;
        StrategySettings s = quiet();
        s.explorationShare = 0.1;
        auto est = std::make_shared<EndpointEstimates>(clock, s);
        AdaptiveStrategy strategy(est, 12345);
        // DeepInfra is well measured; Together has no samples.
        for (int i = 0; i < 10; ++i) {
            EndpointObservation o;
            o.key = {kModel, "deepinfra", "fp8"};
            o.at = clock.now();
            o.ttftMs = 400;
            o.decodeTokensPerSecond = 85;
            est->observe(o);
            o.key = {kModel, "fireworks", "fp8"};
            o.ttftMs = 300;
            o.decodeTokensPerSecond = 140;
            est->observe(o);
        }
        int explored = 0;
        const int n = 2000;
        for (int i = 0; i < n; ++i) {
            const RoutingDecision d = strategy.decide(input());
            if (d.explored) {
                ++explored;
                QCOMPARE(QString::fromStdString(d.order.front()), QStringLiteral("together/fp8"));
            } else {
                QCOMPARE(QString::fromStdString(d.order.front()), QStringLiteral("fireworks/fp8"));
            }
            // Never outside the precision policy.
            for (const std::string &tag : d.order)
                QVERIFY(tag.ends_with("/fp8"));
        }
        QVERIFY2(explored > n * 0.07 && explored < n * 0.13, qPrintable(QString::number(explored)));
        // Once nothing is under-sampled, nothing is explored.
        for (int i = 0; i < 10; ++i) {
            EndpointObservation o;
            o.key = {kModel, "together", "fp8"};
            o.at = clock.now();
            est->observe(o);
        }
        for (int i = 0; i < 200; ++i)
            QVERIFY(!strategy.decide(input()).explored);
    }

    void hopelessEndpointsAreNotExplored()
    {
        ManualClock clock;
        StrategySettings s = quiet();
        s.explorationShare = 0.5;
        auto est = std::make_shared<EndpointEstimates>(clock, s);
        AdaptiveStrategy strategy(est, 99);
        // Fast and measured; the other is unmeasured but listed at a tenth of its speed: even
        // at the optimistic end of its estimate it cannot win.
        std::vector<EndpointInfo> two{endpoint("rapid/fp8", "fp8", 300, 200),
                                      endpoint("crawl/fp8", "fp8", 900, 20)};
        for (int i = 0; i < 10; ++i) {
            EndpointObservation o;
            o.key = {kModel, "rapid", "fp8"};
            o.at = clock.now();
            o.ttftMs = 300;
            o.decodeTokensPerSecond = 200;
            est->observe(o);
        }
        for (int i = 0; i < 200; ++i) {
            const RoutingDecision d = strategy.decide(input(two));
            QVERIFY(!d.explored);
            QCOMPARE(QString::fromStdString(d.order.front()), QStringLiteral("rapid/fp8"));
        }
    }

    void inferredFallbacksCountAsFailures()
    {
        AttemptRecord rec;
        rec.model = kModel;
        rec.provider = "Together";
        rec.providerSlug = "together";
        rec.preferences.order = {"fireworks/fp8", "deepinfra/fp8", "together/fp8"};
        rec.ttftMs = 900;
        rec.decodeTokensPerSecond = 70;
        const auto obs = observationsFrom(rec, market(), {});
        QCOMPARE(obs.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(obs[0].key.tag()), QStringLiteral("fireworks/fp8"));
        QCOMPARE(obs[0].outcome, Outcome::FailedBeforeFirstToken);
        QCOMPARE(QString::fromStdString(obs[1].key.tag()), QStringLiteral("deepinfra/fp8"));
        QCOMPARE(QString::fromStdString(obs[2].key.tag()), QStringLiteral("together/fp8"));
        QCOMPARE(obs[2].outcome, Outcome::Success);
        QVERIFY(!obs[2].ttftMs); // it includes the fallbacks' time
        QCOMPARE(*obs[2].decodeTokensPerSecond, 70.0);
    }

    void providerResponsesReplaceTheInference()
    {
        AttemptRecord rec;
        rec.model = kModel;
        rec.provider = "Together";
        rec.providerSlug = "together";
        rec.preferences.order = {"fireworks/fp8", "deepinfra/fp8", "together/fp8"};
        rec.internalAttemptsKnown = true;
        rec.internalAttempts = {InternalAttempt{"Fireworks", "fireworks/fp8", 503, 80.0}};
        const auto obs = observationsFrom(rec, market(), {});
        QCOMPARE(obs.size(), std::size_t(2)); // DeepInfra was never tried
        QCOMPARE(QString::fromStdString(obs[0].key.tag()), QStringLiteral("fireworks/fp8"));
        QCOMPARE(*obs[0].failureLatencyMs, 80.0);
        QCOMPARE(obs[1].outcome, Outcome::Success);
    }

    void directSuccessMeasuresTtftAndPrice()
    {
        AttemptRecord rec;
        rec.model = kModel;
        rec.provider = "Fireworks";
        rec.providerSlug = "fireworks";
        rec.quantization = "fp8";
        rec.quantizationSource = QuantizationSource::Exact;
        rec.preferences.order = {"fireworks/fp8", "deepinfra/fp8"};
        rec.ttftMs = 310;
        rec.promptTokens = 1000;
        rec.completionTokens = 400;
        rec.costSource = CostSource::Usage;
        // Listed: 1000 × 4.5e-7 + 400 × 9e-7 = 8.1e-4; billed at 1.5×.
        rec.costUsd = 1.5 * 8.1e-4;
        const auto obs = observationsFrom(rec, market(), {});
        QCOMPARE(obs.size(), std::size_t(1));
        QCOMPARE(*obs[0].ttftMs, 310.0);
        QVERIFY(std::abs(*obs[0].priceRatio - 1.5) < 1e-9);
    }

    void cancelsAndRequestErrorsTeachNothing()
    {
        AttemptRecord rec;
        rec.model = kModel;
        rec.providerSlug = "fireworks";
        rec.preferences.order = {"deepinfra/fp8", "fireworks/fp8"};
        for (ErrorCode code : {ErrorCode::Cancelled, ErrorCode::Auth, ErrorCode::Credits,
                               ErrorCode::InvalidArgument}) {
            rec.errorClass = code;
            QVERIFY(observationsFrom(rec, market(), {}).empty());
        }
        rec.errorClass = ErrorCode::Provider;
        const auto obs = observationsFrom(rec, market(), {});
        QCOMPARE(obs.back().outcome, Outcome::FailedBeforeFirstToken);
        QCOMPARE(QString::fromStdString(obs.back().key.tag()), QStringLiteral("fireworks/fp8"));
    }
};

QTEST_APPLESS_MAIN(TestAdaptiveStrategy)
#include "test_adaptive_strategy.moc"
