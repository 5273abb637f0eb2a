// RoutingConfig's per-stage policies: the `stages` object read and written back, the stage
// names and their policy chains, and forStage() (what a generation of a stage runs with).
#include "routing/routing_config.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scriptorium;
using namespace scriptorium::routing;
using nlohmann::json;

class TestRoutingConfigStages : public QObject {
    Q_OBJECT

private slots:
    void stagesRoundTrip_data();
    void stagesRoundTrip();
    void forStage_data();
    void forStage();
    void forStageLeavesOtherStagesAlone();
    void stageNames();
};

void TestRoutingConfigStages::stagesRoundTrip_data()
{
    QTest::addColumn<QByteArray>("stages");
    QTest::addColumn<QByteArray>("expected"); // as toJson() writes it
    QTest::newRow("missing") << QByteArray() << QByteArray("{}");
    QTest::newRow("null") << QByteArray("null") << QByteArray("{}");
    QTest::newRow("empty") << QByteArray("{}") << QByteArray("{}");
    QTest::newRow("empty policy") << QByteArray(R"({"bible":{}})") << QByteArray(R"({"bible":{}})");
    QTest::newRow("routing fields")
        << QByteArray(R"({"draft":{"objective":"cost","precision_policy":"fastest_acceptable",
                          "acceptable_precisions":["fp8","fp4"],"min_throughput":0}})")
        << QByteArray(R"({"draft":{"objective":"cost","precision_policy":"fastest_acceptable",
                          "acceptable_precisions":["fp8","fp4"],"min_throughput":0}})");
    QTest::newRow("provider names become slugs")
        << QByteArray(R"({"finalize":{"provider":{"order":["Fireworks","DeepInfra/FP8"],
                          "sort":"price"},"degrade_to":["bf16"]}})")
        << QByteArray(R"({"finalize":{"provider":{"order":["fireworks","deepinfra/fp8"],
                          "sort":"price"},"degrade_to":["bf16"]}})");
    QTest::newRow("nulls are unset")
        << QByteArray(R"({"summary":{"objective":null,"provider":null,"degrade_to":null,
                          "min_throughput":null}})")
        << QByteArray(R"({"summary":{}})");
    QTest::newRow("every stage")
        << QByteArray(R"({"bible":{},"outline":{},"draft":{},"continue":{},"finalize":{},
                          "summary":{},"global_summary":{},"character_states":{},"rewrite":{},
                          "expand":{}})")
        << QByteArray(R"({"bible":{},"outline":{},"draft":{},"continue":{},"finalize":{},
                          "summary":{},"global_summary":{},"character_states":{},"rewrite":{},
                          "expand":{}})");
}

void TestRoutingConfigStages::stagesRoundTrip()
{
    QFETCH(QByteArray, stages);
    QFETCH(QByteArray, expected);
    json doc = json::parse(R"({"default_model":"meta-llama/llama-3.1-8b-instruct"})");
    if (!stages.isEmpty())
        doc["stages"] = json::parse(stages.toStdString());
    const auto c = RoutingConfig::fromJson(doc);
    QVERIFY2(c.has_value(), c ? "" : c.error().message.c_str());
    QCOMPARE(c->toJson()["stages"], json::parse(expected.toStdString()));
    QVERIFY(RoutingConfig::fromJson(c->toJson())->stages == c->stages);
}

namespace {

// The base: speed, floor 10, fp8 then fp16/bf16; qwen has its own order, precision and chain.
constexpr const char *kStagedConfig = R"({
    "default_model": "meta-llama/llama-3.3-70b-instruct",
    "provider": {"order": ["deepinfra", "together"], "allow_fallbacks": true,
                 "sort": "throughput", "quantizations": ["fp8"]},
    "degrade_to": ["fp16", "bf16"],
    "model_overrides": {"qwen/qwen3-32b": {"provider": {"order": ["novita"],
                                           "quantizations": ["bf16"]},
                                           "degrade_to": ["fp16"]}},
    "routing": {"objective": "speed", "min_throughput": 10},
    "stages": {
        "draft": {"objective": "cost", "min_throughput": 25,
                  "provider": {"order": ["chutes"], "quantizations": ["fp8"]}},
        "continue": {"precision_policy": "fastest_acceptable",
                     "acceptable_precisions": ["fp8", "fp4"]},
        "finalize": {"objective": "balanced", "provider": {"order": ["fireworks"]},
                     "degrade_to": ["bf16"]},
        "summary": {"objective": "speed"}
    }})";

QString joined(const std::vector<std::string> &list)
{
    QStringList out;
    for (const std::string &s : list)
        out << QString::fromStdString(s);
    return out.join(QLatin1Char(','));
}

} // namespace

void TestRoutingConfigStages::forStage_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QString>("objective");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("acceptable");
    QTest::addColumn<double>("floor");
    QTest::addColumn<QString>("order"); // the default model's, at step 0
    QTest::addColumn<QString>("quantizations");
    QTest::addColumn<QString>("degrade");
    QTest::addColumn<QString>("qwenOrder");
    QTest::addColumn<QString>("qwenQuantizations");
    QTest::addColumn<QString>("qwenDegrade");

    const QString base = QStringLiteral("fp8,fp16,bf16");
    QTest::newRow("no stage") << ""
                              << "speed"
                              << "fp8_first" << base << 10.0 << "deepinfra,together"
                              << "fp8"
                              << "fp16,bf16"
                              << "novita"
                              << "bf16"
                              << "fp16";
    QTest::newRow("not a stage") << "drafts"
                                 << "speed"
                                 << "fp8_first" << base << 10.0 << "deepinfra,together"
                                 << "fp8"
                                 << "fp16,bf16"
                                 << "novita"
                                 << "bf16"
                                 << "fp16";
    QTest::newRow("stage without policy") << "outline"
                                          << "speed"
                                          << "fp8_first" << base << 10.0 << "deepinfra,together"
                                          << "fp8"
                                          << "fp16,bf16"
                                          << "novita"
                                          << "bf16"
                                          << "fp16";
    // The stage's provider fields win over the model override's too; its chain is inherited.
    QTest::newRow("draft") << "draft"
                           << "cost"
                           << "fp8_first" << base << 25.0 << "chutes"
                           << "fp8"
                           << "fp16,bf16"
                           << "chutes"
                           << "fp8"
                           << "fp16";
    // A continuation follows the draft's policy, then its own.
    QTest::newRow("continue") << "continue"
                              << "cost"
                              << "fastest_acceptable"
                              << "fp8,fp4" << 25.0 << "chutes"
                              << "fp8"
                              << "fp16,bf16"
                              << "chutes"
                              << "fp8"
                              << "fp16";
    QTest::newRow("finalize") << "finalize"
                              << "balanced"
                              << "fp8_first" << base << 10.0 << "fireworks"
                              << "fp8"
                              << "bf16"
                              << "fireworks"
                              << "bf16"
                              << "bf16";
    // The finalize stages take "finalize", then their own policy.
    QTest::newRow("summary") << "summary"
                             << "speed"
                             << "fp8_first" << base << 10.0 << "fireworks"
                             << "fp8"
                             << "bf16"
                             << "fireworks"
                             << "bf16"
                             << "bf16";
    QTest::newRow("global_summary") << "global_summary"
                                    << "balanced"
                                    << "fp8_first" << base << 10.0 << "fireworks"
                                    << "fp8"
                                    << "bf16"
                                    << "fireworks"
                                    << "bf16"
                                    << "bf16";
    QTest::newRow("character_states") << "character_states"
                                      << "balanced"
                                      << "fp8_first" << base << 10.0 << "fireworks"
                                      << "fp8"
                                      << "bf16"
                                      << "fireworks"
                                      << "bf16"
                                      << "bf16";
}

void TestRoutingConfigStages::forStage()
{
    QFETCH(QString, stage);
    QFETCH(QString, objective);
    QFETCH(QString, policy);
    QFETCH(QString, acceptable);
    QFETCH(double, floor);
    QFETCH(QString, order);
    QFETCH(QString, quantizations);
    QFETCH(QString, degrade);
    QFETCH(QString, qwenOrder);
    QFETCH(QString, qwenQuantizations);
    QFETCH(QString, qwenDegrade);
    const auto config = RoutingConfig::fromText(kStagedConfig);
    QVERIFY2(config.has_value(), config ? "" : config.error().message.c_str());
    const RoutingConfig c = config->forStage(stage.toStdString());
    QCOMPARE(QString::fromUtf8(objectiveName(c.routing.objective).data()), objective);
    QCOMPARE(QString::fromUtf8(precisionPolicyName(c.routing.precisionPolicy).data()), policy);
    QCOMPARE(joined(c.routing.acceptablePrecisions), acceptable);
    QCOMPARE(c.routing.minThroughput.value_or(-1), floor);
    const std::string model = c.defaultModel;
    QCOMPARE(joined(c.providerFor(model, 0).order), order);
    QCOMPARE(joined(c.providerFor(model, 0).quantizations), quantizations);
    QCOMPARE(joined(c.providerFor(model, 1).quantizations), degrade);
    QCOMPARE(joined(c.providerFor("qwen/qwen3-32b", 0).order), qwenOrder);
    QCOMPARE(joined(c.providerFor("qwen/qwen3-32b", 0).quantizations), qwenQuantizations);
    QCOMPARE(joined(c.providerFor("qwen/qwen3-32b", 1).quantizations), qwenDegrade);
    // Fields no stage sets are the base's.
    QCOMPARE(c.providerFor(model, 0).allowFallbacks, std::optional<bool>(true));
    QCOMPARE(c.providerFor(model, 0).sort->by, std::string("throughput"));
    QCOMPARE(c.retry.maxAttempts, config->retry.maxAttempts);
    QVERIFY(c.routing.strategy == config->routing.strategy);
}

void TestRoutingConfigStages::forStageLeavesOtherStagesAlone()
{
    const auto config = RoutingConfig::fromText(kStagedConfig);
    QVERIFY(config.has_value());
    // No stage, an unknown one and one without a policy: the config unchanged.
    for (const char *stage : {"", "drafts", "outline", "benchmark"})
        QCOMPARE(config->forStage(stage).toJson(), config->toJson());
    // The copy keeps its stage policies; applying the same stage again changes nothing.
    const RoutingConfig draft = config->forStage("draft");
    QVERIFY(draft.stages == config->stages);
    QCOMPARE(draft.forStage("draft").toJson(), draft.toJson());
    // The original is untouched.
    QCOMPARE(config->routing.objective, RoutingObjective::Speed);
}

void TestRoutingConfigStages::stageNames()
{
    QCOMPARE(pipelineStageNames().size(), std::size_t(11));
    for (std::string_view name : pipelineStageNames())
        QVERIFY(isPipelineStage(name));
    for (const char *name : {"", "Draft", "drafts", "benchmark", "final"})
        QVERIFY2(!isPipelineStage(name), name);
    QCOMPARE(stagePolicyChain("summary"), (std::vector<std::string_view>{"finalize", "summary"}));
    QCOMPARE(stagePolicyChain("continue"), (std::vector<std::string_view>{"draft", "continue"}));
    QCOMPARE(stagePolicyChain("draft"), std::vector<std::string_view>{"draft"});
    QCOMPARE(stagePolicyChain("finalize"), std::vector<std::string_view>{"finalize"});
    QVERIFY(stagePolicyChain("benchmark").empty());
}

QTEST_APPLESS_MAIN(TestRoutingConfigStages)
#include "test_routing_config_stages.moc"
