// Quality as a routing axis (issue 15): the per-endpoint finding-rate estimate (decay, noise,
// a clearly worse endpoint), forbidden precisions, their config and validation, and priming
// from a library's checked generations.
#include "routing/adaptive_strategy.h"
#include "routing/routing_config.h"
#include "routing/routing_validator.h"
#include "store/database.h"
#include "store/routing_history.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <string>

using namespace std::chrono_literals;
using scriptorium::ErrorCode;
using scriptorium::ManualClock;
using scriptorium::openrouter::EndpointInfo;
using namespace scriptorium::routing;

namespace {

const std::string kModel = "meta-llama/llama-3.3-70b-instruct";

EndpointInfo endpoint(const std::string &tag, const std::string &quantization, double latency,
                      double throughput)
{
    EndpointInfo e;
    e.providerName = tag.substr(0, tag.find('/'));
    e.tag = tag;
    e.quantization = quantization;
    e.latencyP50Ms = latency;
    e.throughputP50 = throughput;
    e.uptimeLast30m = 100;
    e.pricing.prompt = 1e-7;
    e.pricing.completion = 4e-7;
    return e;
}

// fireworks/fp8 is the fastest; deepinfra/fp4 is second fastest.
std::vector<EndpointInfo> market()
{
    return {endpoint("fireworks/fp8", "fp8", 300, 140), endpoint("deepinfra/fp4", "fp4", 400, 110),
            endpoint("together/fp8", "fp8", 400, 100), endpoint("deepinfra/fp8", "fp8", 450, 85),
            endpoint("novita/fp8", "fp8", 800, 45)};
}

StrategySettings quiet()
{
    StrategySettings s;
    s.explorationShare = 0;
    s.halfLife = 600s;
    return s;
}

DecisionInput input(const StrategySettings &settings)
{
    DecisionInput in;
    in.model = kModel;
    in.quantizations = {"fp8"};
    in.endpoints = market();
    in.promptTokens = 1000;
    in.maxTokens = 400;
    in.hasNextStep = true;
    in.settings = settings;
    return in;
}

QualityObservation reply(const std::string &tag, int findings, std::int64_t tokens = 300)
{
    QualityObservation q;
    q.model = kModel;
    q.provider = tag;
    q.outputTokens = tokens;
    q.findings = findings;
    q.majorFindings = findings / 2;
    return q;
}

QualityCounts countsOf(const EndpointEstimates &est, const std::string &provider,
                       const std::string &quantization)
{
    for (const QualityCounts &c : est.qualityCounts(kModel)) {
        if (c.key.providerSlug == provider && c.key.quantization == quantization)
            return c;
    }
    return {};
}

ValidationReport validate(const std::string &text)
{
    return validateOffline(nlohmann::json::parse(text));
}

bool hasRule(const ValidationReport &report, const std::string &rule, Severity severity)
{
    return std::ranges::any_of(report.findings, [&](const ValidationFinding &f) {
        return f.rule == rule && f.severity == severity;
    });
}

} // namespace

class TestQualityRouting : public QObject {
    Q_OBJECT

private slots:
    void estimateDecaysWithTheHalfLife()
    {
        ManualClock clock;
        auto est = std::make_shared<EndpointEstimates>(clock, quiet());
        AdaptiveStrategy strategy(est, 1);
        strategy.observeQuality(reply("deepinfra/fp4", 4, 1000));
        QualityCounts c = countsOf(*est, "deepinfra", "fp4");
        QCOMPARE(c.outputTokens, 1000.0);
        QCOMPARE(c.findings, 4.0);
        QCOMPARE(c.majorFindings, 2.0);
        clock.advance(600s); // one half-life
        c = countsOf(*est, "deepinfra", "fp4");
        QVERIFY(std::abs(c.outputTokens - 500.0) < 1e-6);
        QVERIFY(std::abs(c.findings - 2.0) < 1e-6);
        // An observation dated one half-life back weighs half at once.
        QualityObservation old = reply("fireworks/fp8", 2, 1000);
        old.at = clock.now() - 600s;
        strategy.observeQuality(old);
        c = countsOf(*est, "fireworks", "fp8");
        QVERIFY(std::abs(c.outputTokens - 500.0) < 1e-6);
        QVERIFY(std::abs(c.findings - 1.0) < 1e-6);
        // The precision comes from the observation when given, else from the tag.
        QualityObservation explicitPrecision = reply("together", 0);
        explicitPrecision.quantization = "FP8";
        strategy.observeQuality(explicitPrecision);
        QCOMPARE(countsOf(*est, "together", "fp8").outputTokens, 300.0);
    }

    void noiseDoesNotPenalise()
    {
        ManualClock clock;
        auto est = std::make_shared<EndpointEstimates>(clock, quiet());
        AdaptiveStrategy strategy(est, 1);
        // Plenty of clean text from the peers; the fastest endpoint has two stray findings in
        // ten replies (a false-positive rate far above the checks' measured one).
        for (int i = 0; i < 30; ++i) {
            strategy.observeQuality(reply("together/fp8", i == 7 ? 1 : 0));
            strategy.observeQuality(reply("deepinfra/fp8", 0));
        }
        for (int i = 0; i < 10; ++i)
            strategy.observeQuality(reply("fireworks/fp8", i == 2 || i == 6 ? 1 : 0));
        // An endpoint with a single bad reply: one finding is no evidence.
        strategy.observeQuality(reply("novita/fp8", 1));
        for (const QualityCounts &c : est->qualityCounts(kModel))
            QVERIFY2(!judgeQuality(c, est->qualityCounts(kModel)).writesWorse, c.key.tag().c_str());
        const RoutingDecision d = strategy.decide(input(quiet()));
        QCOMPARE(d.order.front(), std::string("fireworks/fp8"));
        QVERIFY(d.reason.find("writes worse") == std::string::npos);
    }

    void clearlyWorseEndpointIsDemoted()
    {
        ManualClock clock;
        auto est = std::make_shared<EndpointEstimates>(clock, quiet());
        AdaptiveStrategy strategy(est, 1);
        QCOMPARE(strategy.decide(input(quiet())).order.front(), std::string("fireworks/fp8"));
        // The fastest endpoint loops, drifts and chats: about one finding per reply.
        for (int i = 0; i < 4; ++i) {
            strategy.observeQuality(reply("fireworks/fp8", 1 + i % 2));
            strategy.observeQuality(reply("together/fp8", 0));
        }
        const QualityVerdict v
            = judgeQuality(countsOf(*est, "fireworks", "fp8"), est->qualityCounts(kModel));
        QVERIFY(v.writesWorse);
        QVERIFY(v.lowPer10k > v.peerHighPer10k);
        const RoutingDecision d = strategy.decide(input(quiet()));
        QVERIFY(!d.order.empty());
        QCOMPARE(d.order.front(), std::string("together/fp8"));
        QCOMPARE(d.order.back(), std::string("fireworks/fp8")); // still a fallback
        QVERIFY2(d.reason.find("fireworks/fp8 writes worse: 50.0 findings/10k tokens vs")
                     != std::string::npos,
                 d.reason.c_str());
        // Exploration never picks it while it writes worse.
        StrategySettings exploring = quiet();
        exploring.explorationShare = 0.5;
        for (int i = 0; i < 40; ++i)
            QVERIFY(strategy.decide(input(exploring)).order.front() != "fireworks/fp8");
        // The evidence ages like the speed estimates': two hours later it is forgiven.
        clock.advance(2h);
        QCOMPARE(strategy.decide(input(quiet())).order.front(), std::string("fireworks/fp8"));
    }

    void secondBadEndpointDoesNotHideTheFirst()
    {
        ManualClock clock;
        auto est = std::make_shared<EndpointEstimates>(clock, quiet());
        AdaptiveStrategy strategy(est, 1);
        // Two bad endpoints with much text, three clean ones with little.
        for (int i = 0; i < 12; ++i) {
            strategy.observeQuality(reply("novita/fp8", 1));
            strategy.observeQuality(reply("fireworks/fp8", 1));
        }
        for (int i = 0; i < 3; ++i) {
            strategy.observeQuality(reply("together/fp8", 0));
            strategy.observeQuality(reply("deepinfra/fp8", 0));
            strategy.observeQuality(reply("deepinfra/fp4", 0));
        }
        const auto counts = est->qualityCounts(kModel);
        QVERIFY(judgeQuality(countsOf(*est, "fireworks", "fp8"), counts).writesWorse);
        QVERIFY(judgeQuality(countsOf(*est, "novita", "fp8"), counts).writesWorse);
        QVERIFY(!judgeQuality(countsOf(*est, "together", "fp8"), counts).writesWorse);
    }

    void forbiddenPrecisionIsNeverOrdered()
    {
        ManualClock clock;
        StrategySettings s = quiet();
        s.precisionPolicy = PrecisionPolicy::FastestAcceptable;
        s.acceptablePrecisions = {"fp8", "fp4", "bf16"};
        auto est = std::make_shared<EndpointEstimates>(clock, s);
        AdaptiveStrategy strategy(est, 1);
        // Allowed, the fp4 endpoint is ranked (and would lead if it were fastest).
        RoutingDecision d = strategy.decide(input(s));
        QVERIFY(std::ranges::find(d.order, "deepinfra/fp4") != d.order.end());
        s.forbiddenPrecisions = {"fp4"};
        s.explorationShare = 0.5;
        for (int i = 0; i < 30; ++i) {
            d = strategy.decide(input(s));
            QVERIFY(std::ranges::find(d.order, "deepinfra/fp4") == d.order.end());
            QCOMPARE(d.quantizations, (std::vector<std::string>{"fp8", "bf16"}));
        }
        // fp4 covers its variants; an empty step list (any precision) is spelled out without it.
        DecisionInput any = input(s);
        any.firstStep = false;
        any.quantizations = {};
        any.endpoints.push_back(endpoint("chutes/nvfp4", "nvfp4", 100, 500));
        d = strategy.decide(any);
        QVERIFY(!d.quantizations.empty());
        for (const char *q : {"fp4", "mxfp4", "nvfp4"})
            QVERIFY(std::ranges::find(d.quantizations, q) == d.quantizations.end());
        QVERIFY(std::ranges::find(d.quantizations, "fp8") != d.quantizations.end());
        for (const std::string &tag : d.order)
            QVERIFY2(tag != "chutes/nvfp4" && tag != "deepinfra/fp4", tag.c_str());
        // A step made only of forbidden precisions is skipped.
        DecisionInput fp4Step = input(s);
        fp4Step.firstStep = false;
        fp4Step.quantizations = {"fp4"};
        d = strategy.decide(fp4Step);
        QVERIFY(d.skipStep);
        QVERIFY(d.order.empty());
    }

    void configParsesForbiddenPrecisions()
    {
        auto config = RoutingConfig::fromText(R"({"version": 1, "default_model": "m/x",
            "routing": {"forbidden_precisions": ["fp4"]},
            "stages": {"draft": {"forbidden_precisions": ["fp4", "int4"]},
                       "outline": {"objective": "cost"}}})");
        QVERIFY2(config.has_value(), config ? "" : config.error().message.c_str());
        QCOMPARE(config->routing.forbiddenPrecisions, std::vector<std::string>{"fp4"});
        QCOMPARE(config->forStage("draft").routing.forbiddenPrecisions,
                 (std::vector<std::string>{"fp4", "int4"}));
        QCOMPARE(config->forStage("outline").routing.forbiddenPrecisions,
                 std::vector<std::string>{"fp4"});
        // Round trip.
        auto again = RoutingConfig::fromJson(config->toJson());
        QVERIFY(again.has_value());
        QCOMPARE(again->routing.forbiddenPrecisions, config->routing.forbiddenPrecisions);
        QCOMPARE(again->stages.at("draft").forbiddenPrecisions,
                 config->stages.at("draft").forbiddenPrecisions);
        // Default: nothing forbidden.
        QVERIFY(RoutingConfig::defaults().routing.forbiddenPrecisions.empty());
    }

    void configRejectsUnknownForbiddenPrecision_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("routing misspelt")
            << R"({"version": 1, "routing": {"forbidden_precisions": ["fp-4"]}})";
        QTest::newRow("routing not a list")
            << R"({"version": 1, "routing": {"forbidden_precisions": "fp4"}})";
        QTest::newRow("stage misspelt")
            << R"({"version": 1, "stages": {"draft": {"forbidden_precisions": ["FP 4"]}}})";
    }

    void configRejectsUnknownForbiddenPrecision()
    {
        QFETCH(QString, text);
        auto config = RoutingConfig::fromText(text.toStdString());
        QVERIFY(!config.has_value());
        QCOMPARE(config.error().code, ErrorCode::Config);
    }

    void validatorChecksForbiddenPrecisions()
    {
        auto report = validate(R"({"version": 1, "default_model": "m/x",
            "provider": {"quantizations": ["fp8"]},
            "routing": {"precision_policy": "fastest_acceptable",
                        "acceptable_precisions": ["fp4"], "forbidden_precisions": ["fp4"]}})");
        QVERIFY(hasRule(report, "precisions_all_forbidden", Severity::Error));
        report = validate(R"({"version": 1, "default_model": "m/x",
            "provider": {"quantizations": ["fp8"]},
            "routing": {"precision_policy": "fastest_acceptable",
                        "acceptable_precisions": ["fp8", "fp4"], "forbidden_precisions": ["fp4"]}})");
        QVERIFY(hasRule(report, "acceptable_precision_forbidden", Severity::Warning));
        QVERIFY(!hasRule(report, "precisions_all_forbidden", Severity::Error));
        report = validate(R"({"version": 1, "default_model": "m/x",
            "provider": {"quantizations": ["fp8"]},
            "routing": {"forbidden_precisions": ["fp9"]}})");
        QVERIFY(hasRule(report, "quantization_value", Severity::Error));
        // A stage inherits the routing section's list and may replace it.
        report = validate(R"({"version": 1, "default_model": "m/x",
            "provider": {"quantizations": ["fp8"]},
            "routing": {"forbidden_precisions": ["fp4"]},
            "stages": {"draft": {"precision_policy": "fastest_acceptable",
                                 "acceptable_precisions": ["fp4"]}}})");
        QVERIFY(hasRule(report, "precisions_all_forbidden", Severity::Error));
        report = validate(R"({"version": 1, "default_model": "m/x",
            "provider": {"quantizations": ["fp8"]},
            "routing": {"forbidden_precisions": ["fp4"]},
            "stages": {"draft": {"forbidden_precisions": []}}})");
        QVERIFY(!hasRule(report, "unknown_key", Severity::Error));
        QVERIFY(!hasRule(report, "precisions_all_forbidden", Severity::Error));
    }

    void primedFromTheLibrarysFindings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto db = scriptorium::store::Database::open(
            dir.filePath(QStringLiteral("lib.db")).toStdString());
        QVERIFY2(db.has_value(), db ? "" : db.error().message.c_str());
        const std::int64_t nowMs = 1'800'000'000'000;
        auto gen = [&](int id, const char *provider, const char *precision, std::int64_t ageMs,
                       int checked) {
            return "INSERT INTO generations (id, stage, model, status, provider_slug, precision, "
                   "completion_tokens, started_at, quality_checked) VALUES ("
                + std::to_string(id) + ", 'draft', '" + kModel + "', 'succeeded', '" + provider
                + "', '" + precision + "', 1000, " + std::to_string(nowMs - ageMs) + ", "
                + std::to_string(checked) + ");";
        };
        auto finding = [&](int generation, const char *severity, int intentional) {
            return "INSERT INTO quality_findings (generation_id, source, kind, severity, "
                   "intentional, created_at) VALUES ("
                + std::to_string(generation) + ", 'local', 'repetition', '" + severity + "', "
                + std::to_string(intentional) + ", 0);";
        };
        std::string sql = gen(1, "deepinfra", "fp4", 0, 1) + gen(2, "deepinfra", "fp4", 600'000, 1)
            + gen(3, "fireworks", "fp8", 0, 1)
            + gen(4, "novita", "fp8", 0, 0) // the checks never ran: not evidence
            + gen(5, "together", "fp8", 5LL * 24 * 3600 * 1000, 1) // outside the window
            + finding(1, "major", 0) + finding(1, "minor", 0) + finding(1, "minor", 1)
            + finding(2, "major", 0) + finding(4, "major", 0) + finding(5, "major", 0);
        QVERIFY2((*db)->exec(sql).has_value(), "insert");

        ManualClock clock;
        EndpointEstimates est(clock, quiet());
        auto read = scriptorium::store::primeEstimatesFromHistory(**db, est, 3, nowMs);
        QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
        const QualityCounts fp4 = countsOf(est, "deepinfra", "fp4");
        // 1000 tokens now + 1000 a half-life ago; 2 findings now (the intentional one is the
        // writer's) + 1 a half-life ago.
        QVERIFY(std::abs(fp4.outputTokens - 1500.0) < 1e-6);
        QVERIFY(std::abs(fp4.findings - 2.5) < 1e-6);
        QVERIFY(std::abs(fp4.majorFindings - 1.5) < 1e-6);
        QCOMPARE(countsOf(est, "fireworks", "fp8").outputTokens, 1000.0);
        QCOMPARE(countsOf(est, "fireworks", "fp8").findings, 0.0);
        QCOMPARE(countsOf(est, "novita", "fp8").outputTokens, 0.0);
        QCOMPARE(countsOf(est, "together", "fp8").outputTokens, 0.0);
        auto quality = scriptorium::store::primeQualityFromHistory(**db, est, 0, nowMs);
        QVERIFY(quality.has_value());
        QCOMPARE(*quality, 0); // no window, nothing read
    }
};

QTEST_APPLESS_MAIN(TestQualityRouting)
#include "test_quality_routing.moc"
