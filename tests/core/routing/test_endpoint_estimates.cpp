// The adaptive router's estimates with an injected clock: decay, priming from the catalog and
// from history, failure rates, the circuit breaker's cooldown and half-open probe.
#include "routing/endpoint_estimates.h"

#include <QTest>

#include <cmath>

using namespace std::chrono_literals;
using scriptorium::ManualClock;
using scriptorium::openrouter::EndpointInfo;
using namespace scriptorium::routing;
using Outcome = EndpointObservation::Outcome;
using Circuit = EndpointEstimate::Circuit;

namespace {

const std::string kModel = "meta-llama/llama-3.3-70b-instruct";

StrategySettings settings()
{
    StrategySettings s;
    s.halfLife = 60s;
    s.cooldown = 10s;
    s.maxCooldown = 40s;
    s.cooldownFailures = 3;
    return s;
}

EndpointObservation success(const EndpointKey &key, ManualClock &clock, double ttft, double tps)
{
    EndpointObservation o;
    o.key = key;
    o.at = clock.now();
    o.outcome = Outcome::Success;
    o.ttftMs = ttft;
    o.decodeTokensPerSecond = tps;
    return o;
}

EndpointObservation failure(const EndpointKey &key, ManualClock &clock)
{
    EndpointObservation o;
    o.key = key;
    o.at = clock.now();
    o.outcome = Outcome::FailedBeforeFirstToken;
    o.failureLatencyMs = 120;
    return o;
}

EndpointInfo catalogEndpoint(std::string tag, std::string quantization, double latency,
                             double throughput, double uptime)
{
    EndpointInfo e;
    e.providerName = tag.substr(0, tag.find('/'));
    e.tag = std::move(tag);
    e.quantization = std::move(quantization);
    e.latencyP50Ms = latency;
    e.throughputP50 = throughput;
    e.uptimeLast30m = uptime;
    return e;
}

} // namespace

class TestEndpointEstimates : public QObject {
    Q_OBJECT

private slots:
    void tagPinsThePrecision()
    {
        QCOMPARE(QString::fromStdString((EndpointKey{kModel, "fireworks", "fp8"}.tag())),
                 QStringLiteral("fireworks/fp8"));
        QCOMPARE(QString::fromStdString((EndpointKey{kModel, "together", "unknown"}.tag())),
                 QStringLiteral("together"));
    }

    void meanIsGeometricAndSamplesCount()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "fireworks", "fp8"};
        est.observe(success(key, clock, 100, 50));
        est.observe(success(key, clock, 400, 200));
        const auto e = est.estimate(key);
        QVERIFY(e);
        QVERIFY(std::abs(e->ttftMs - 200.0) < 1e-6); // sqrt(100 × 400)
        QVERIFY(std::abs(e->decodeTokensPerSecond - 100.0) < 1e-6);
        QVERIFY(std::abs(e->samples - 2.0) < 1e-9);
        QVERIFY(e->ttftSpread > 0.5); // |log 4| / 2
    }

    void oldEvidenceFadesWithTheHalfLife()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "deepinfra", "fp8"};
        est.observe(success(key, clock, 1000, 20));
        clock.advance(60s); // one half-life
        QVERIFY(std::abs(est.estimate(key)->samples - 0.5) < 1e-6);
        est.observe(success(key, clock, 250, 80));
        // Weights 0.5 and 1: the new speed dominates.
        const double expected = std::exp((0.5 * std::log(20.0) + std::log(80.0)) / 1.5);
        QVERIFY(std::abs(est.estimate(key)->decodeTokensPerSecond - expected) < 1e-6);
        clock.advance(600s);
        QVERIFY(est.estimate(key)->samples < 0.002);
    }

    void historyObservationsWeighTheirAge()
    {
        ManualClock clock;
        clock.advance(3600s);
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "together", "fp8"};
        EndpointObservation old = success(key, clock, 300, 60);
        old.at = clock.now() - 120s; // two half-lives ago
        est.observe(old);
        QVERIFY(std::abs(est.estimate(key)->samples - 0.25) < 1e-6);
        // An old failure does not open today's circuit.
        for (int i = 0; i < 5; ++i) {
            EndpointObservation f = failure(key, clock);
            f.at = clock.now() - 3000s;
            est.observe(f);
        }
        QCOMPARE(est.estimate(key)->circuit, Circuit::Closed);
    }

    void failureProbabilityHasAPriorAndLearns()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "together", "fp8"};
        est.observe(success(key, clock, 300, 60));
        const double before = est.estimate(key)->failureProbability;
        QVERIFY(before > 0 && before < 0.05); // the prior keeps it above zero
        for (int i = 0; i < 2; ++i)
            est.observe(failure(key, clock));
        QVERIFY(est.estimate(key)->failureProbability > 0.5);
        QVERIFY(std::abs(est.estimate(key)->failureLatencyMs - 120.0) < 1e-6);
    }

    void catalogPrimesOnlyUnknownEndpoints()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey fireworks{kModel, "fireworks", "fp8"};
        est.observe(success(fireworks, clock, 500, 40));
        est.primeFromCatalog(kModel,
                             {catalogEndpoint("fireworks/fp8", "fp8", 100, 150, 100),
                              catalogEndpoint("deepinfra/fp8", "fp8", 400, 85, 50)});
        // Measured beats listed: the measurement is kept.
        QVERIFY(std::abs(est.estimate(fireworks)->decodeTokensPerSecond - 40.0) < 1e-6);
        const auto deepinfra = est.estimate({kModel, "deepinfra", "fp8"});
        QVERIFY(deepinfra);
        QVERIFY(deepinfra->primedFromCatalog);
        QVERIFY(std::abs(deepinfra->decodeTokensPerSecond - 85.0) < 1e-6);
        QVERIFY(std::abs(deepinfra->ttftMs - 400.0) < 1e-6);
        QVERIFY(deepinfra->failureProbability > 0.25); // 50 % uptime, one observation's weight
        QCOMPARE(deepinfra->samples, 0.0); // priors are not observations
        // Priming twice changes nothing.
        est.primeFromCatalog(kModel, {catalogEndpoint("deepinfra/fp8", "fp8", 40, 850, 100)});
        QVERIFY(std::abs(est.estimate({kModel, "deepinfra", "fp8"})->decodeTokensPerSecond - 85.0)
                < 1e-6);
    }

    void unmeasuredFieldsTakeTheModelsAverage()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        est.observe(success({kModel, "a", "fp8"}, clock, 100, 10));
        est.observe(success({kModel, "b", "fp8"}, clock, 400, 40));
        EndpointObservation bare;
        bare.key = {kModel, "c", "fp8"};
        bare.at = clock.now();
        est.observe(bare);
        const auto c = est.estimate(bare.key);
        QVERIFY(std::abs(c->ttftMs - 200.0) < 1e-6);
        QVERIFY(std::abs(c->decodeTokensPerSecond - 20.0) < 1e-6);
    }

    void consecutiveFailuresOpenTheCircuitForTheCooldown()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "fireworks", "fp8"};
        est.observe(failure(key, clock));
        est.observe(failure(key, clock));
        QVERIFY(!est.coolingDown(key));
        est.observe(failure(key, clock));
        QVERIFY(est.coolingDown(key));
        QCOMPARE(est.estimate(key)->circuit, Circuit::Open);
        QVERIFY(!est.probeAvailable(key));
        clock.advance(9s);
        QVERIFY(est.coolingDown(key));
        clock.advance(1s);
        QVERIFY(!est.coolingDown(key));
        QVERIFY(est.probeAvailable(key));
        QVERIFY(est.claimProbe(key));
        QVERIFY(!est.claimProbe(key)); // one probe at a time
        QVERIFY(est.coolingDown(key)); // the others still avoid it
    }

    void successfulProbeClosesAndForgivesTheOutage()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "fireworks", "fp8"};
        est.observe(success(key, clock, 200, 140));
        for (int i = 0; i < 6; ++i)
            est.observe(failure(key, clock));
        const double during = est.estimate(key)->failureProbability;
        QVERIFY(during > 0.7);
        clock.advance(10s);
        QVERIFY(est.claimProbe(key));
        est.observe(success(key, clock, 210, 135));
        const auto after = est.estimate(key);
        QCOMPARE(after->circuit, Circuit::Closed);
        QCOMPARE(after->consecutiveFailures, 0);
        QVERIFY(after->failureProbability < 0.5);
        QVERIFY(!est.coolingDown(key));
    }

    void failedProbeDoublesTheCooldownUpToTheCap()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "fireworks", "fp8"};
        for (int i = 0; i < 3; ++i)
            est.observe(failure(key, clock));
        const std::chrono::seconds expected[] = {20s, 40s, 40s};
        for (auto wait : expected) {
            clock.advance(60s); // long enough for any cooldown
            QVERIFY(est.claimProbe(key));
            est.observe(failure(key, clock));
            QVERIFY(est.coolingDown(key));
            const auto until = *est.estimate(key)->cooldownUntil;
            QCOMPARE(std::chrono::duration_cast<std::chrono::seconds>(until - clock.now()), wait);
        }
    }

    void busyTrafficProbesBeforeTheCooldownEnds()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "fireworks", "fp8"};
        for (int i = 0; i < 3; ++i)
            est.observe(failure(key, clock));
        for (int i = 0; i < EndpointEstimates::kProbeEveryRequests - 1; ++i) {
            est.countRequest(kModel);
            QVERIFY(!est.probeAvailable(key));
        }
        est.countRequest("another/model");
        QVERIFY(!est.probeAvailable(key));
        est.countRequest(kModel);
        QVERIFY(est.probeAvailable(key));
    }

    void unansweredProbeIsReleased()
    {
        ManualClock clock;
        EndpointEstimates est(clock, settings());
        const EndpointKey key{kModel, "fireworks", "fp8"};
        for (int i = 0; i < 3; ++i)
            est.observe(failure(key, clock));
        clock.advance(10s);
        QVERIFY(est.claimProbe(key));
        QVERIFY(!est.probeAvailable(key));
        clock.advance(10s);
        QVERIFY(est.probeAvailable(key));
    }
};

QTEST_APPLESS_MAIN(TestEndpointEstimates)
#include "test_endpoint_estimates.moc"
