// RoutingConfig: the shipped default and the seed example, load/save, slugs, per-model
// overrides, precision steps, the newer provider fields and the `routing` section (the
// per-stage policies are in test_routing_config_stages.cpp).
#include "routing/routing_config.h"
#include "routing/routing_config_providers.h"

#include <algorithm>
#include <fstream>

#include <unistd.h>

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scriptorium;
using namespace scriptorium::routing;
using nlohmann::json;

class TestRoutingConfig : public QObject {
    Q_OBJECT

private slots:
    void shippedDefaults();
    void embeddedMatchesResourceFile();
    void seedExampleKeepsTheSeed();
    void providerObjectForSteps();
    void slugs_data();
    void slugs();
    void saveLoadRoundTrip();
    void saveIsAtomic();
    void overridesMerge();
    void newProviderFieldsReachTheRequest();
    void routingSection_data();
    void routingSection();
    void typeErrorsCarryPath_data();
    void typeErrorsCarryPath();
    void malformedJson();
    void missingFile();
};

namespace {

std::string sourceFile(const char *relative)
{
    const QString path = qEnvironmentVariable("SCRIPTORIUM_SOURCE_DIR") + QLatin1Char('/')
        + QLatin1String(relative);
    return path.toStdString();
}

} // namespace

void TestRoutingConfig::shippedDefaults()
{
    const RoutingConfig c = RoutingConfig::defaults();
    // The seed's provider object without the retired Lambda, stored as slugs.
    QCOMPARE(c.provider.order, (std::vector<std::string>{"deepinfra", "together", "fireworks"}));
    QCOMPARE(c.provider.allowFallbacks, std::optional<bool>(true));
    QVERIFY(c.provider.sort.has_value());
    QCOMPARE(c.provider.sort->by, std::string("throughput"));
    QVERIFY(c.provider.sort->partition.empty());
    QCOMPARE(c.provider.quantizations, std::vector<std::string>{"fp8"});
    QCOMPARE(c.degradeTo, (std::vector<std::string>{"fp16", "bf16"}));
    QCOMPARE(c.retry.maxAttempts, 3);
    QCOMPARE(c.retry.baseBackoff, std::chrono::milliseconds(250));
    QVERIFY(c.retry.maxBackoff >= c.retry.baseBackoff);
    QVERIFY(c.models.size() <= 3);
    QVERIFY(!c.defaultModel.empty());
    // The seed's model list without its retired, invalid and unservable ids.
    for (const char *stale : {"grok/grok-beta", "x-ai/grok-beta", "google/gemini-2.0-flash-exp",
                              "google/gemini-pro", "deepseek/deepseek-coder", "openai/gpt-4"})
        QVERIFY2(std::ranges::find(c.offeredModels, stale) == c.offeredModels.end(), stale);
    QVERIFY(!c.offeredModels.empty());
    QVERIFY(!c.budget.maxUsd.has_value());
    QVERIFY(c.watchdogs.firstToken > std::chrono::milliseconds(0));
    // The routing section spells out the struct's defaults.
    QVERIFY(c.routing == StrategySettings{});
    QCOMPARE(c.routing.strategy, StrategyKind::Adaptive);
}

void TestRoutingConfig::embeddedMatchesResourceFile()
{
    const std::string path = sourceFile("resources/routing/default.json");
    std::ifstream in(path);
    QVERIFY2(in.good(), path.c_str());
    const json onDisk = json::parse(in);
    QCOMPARE(json::parse(defaultRoutingConfigText()), onDisk);
    QCOMPARE(onDisk["provider"]["order"], json::parse(R"(["DeepInfra","Together","Fireworks"])"));
    // Writing the default back gives the file's content (every section is spelled out), with
    // provider names as slugs.
    json expected = onDisk;
    expected["provider"]["order"] = json::parse(R"(["deepinfra","together","fireworks"])");
    QCOMPARE(RoutingConfig::defaults().toJson(), expected);
}

void TestRoutingConfig::seedExampleKeepsTheSeed()
{
    const auto c = RoutingConfig::load(sourceFile("resources/routing/seed-example.json"));
    QVERIFY2(c.has_value(), c ? "" : c.error().message.c_str());
    QCOMPARE(c->provider.order,
             (std::vector<std::string>{"lambda", "deepinfra", "together", "fireworks"}));
    QCOMPARE(c->offeredModels.size(), std::size_t(16)); // the seed's model list
    QCOMPARE(c->defaultModel, std::string("meta-llama/llama-3.1-8b-instruct"));
    QVERIFY(c->routing == StrategySettings{}); // no routing section: the struct's defaults
}

void TestRoutingConfig::providerObjectForSteps()
{
    const RoutingConfig c = RoutingConfig::defaults();
    const auto steps = c.precisionSteps(c.defaultModel);
    QCOMPARE(steps.size(), std::size_t(2));
    QCOMPARE(steps[0], std::vector<std::string>{"fp8"});
    QCOMPARE(steps[1], (std::vector<std::string>{"fp16", "bf16"}));

    const json step0 = openrouter::toJson(c.providerFor(c.defaultModel, 0));
    QCOMPARE(step0, json::parse(R"({"order":["deepinfra","together","fireworks"],
        "allow_fallbacks":true,"sort":"throughput","quantizations":["fp8"]})"));
    const json step1 = openrouter::toJson(c.providerFor(c.defaultModel, 1));
    QCOMPARE(step1["quantizations"], json::parse(R"(["fp16","bf16"])"));
    QCOMPARE(openrouter::toJson(c.providerFor(c.defaultModel, 9)), step1); // clamps

    RoutingConfig unconstrained = c;
    unconstrained.provider.quantizations.clear();
    QCOMPARE(unconstrained.precisionSteps("m/x").size(), std::size_t(1));
    QVERIFY(!openrouter::toJson(unconstrained.providerFor("m/x", 1)).contains("quantizations"));
}

void TestRoutingConfig::slugs_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("slug");
    QTest::newRow("display") << "DeepInfra"
                             << "deepinfra";
    QTest::newRow("slug") << "together"
                          << "together";
    QTest::newRow("case") << "FIREWORKS"
                          << "fireworks";
    QTest::newRow("endpoint slug") << "DeepInfra/FP8"
                                   << "deepinfra/fp8";
    QTest::newRow("hyphenated") << "AtlasCloud"
                                << "atlas-cloud";
    QTest::newRow("two words") << "Google AI Studio"
                               << "google-ai-studio";
    QTest::newRow("unknown derived") << "Some New Cloud"
                                     << "some-new-cloud";
    QTest::newRow("retired") << "Lambda"
                             << "lambda";
}

void TestRoutingConfig::slugs()
{
    QFETCH(QString, name);
    QFETCH(QString, slug);
    QCOMPARE(QString::fromStdString(ProviderNames().slugFor(name.toStdString())), slug);
}

void TestRoutingConfig::saveLoadRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RoutingConfig c = RoutingConfig::defaults();
    c.budget.maxUsd = 2.5;
    c.provider.maxPrice = openrouter::MaxPrice{1.0, 2.0, std::nullopt, std::nullopt};
    c.watchdogs.idleStall = std::chrono::milliseconds(30'000);
    c.modelOverrides["deepseek/deepseek-r1"].degradeTo = std::vector<std::string>{"bf16"};
    c.provider.enforceDistillableText = true;
    c.provider.preferredMinThroughput = openrouter::PerformanceThreshold::atP50(25);
    c.provider.preferredMaxLatency
        = openrouter::PerformanceThreshold{std::nullopt, 2.0, std::nullopt, 6.0, false};
    c.routing.strategy = StrategyKind::Static;
    c.routing.objective = RoutingObjective::Balanced;
    c.routing.precisionPolicy = PrecisionPolicy::FastestAcceptable;
    c.routing.acceptablePrecisions = {"fp8", "fp4"};
    c.routing.minThroughput = 12.5;
    c.routing.halfLife = std::chrono::milliseconds(120'000);
    c.stages["draft"].objective = RoutingObjective::Cost;
    c.stages["draft"].minThroughput = 20;
    c.stages["draft"].provider = openrouter::ProviderPreferences{};
    c.stages["draft"].provider->quantizations = {"fp8"};
    c.stages["finalize"].degradeTo = std::vector<std::string>{"bf16"};
    c.stages["finalize"].precisionPolicy = PrecisionPolicy::FastestAcceptable;
    c.stages["finalize"].acceptablePrecisions = std::vector<std::string>{"fp8", "bf16"};
    c.stages["outline"] = StageOverride{};
    const std::filesystem::path path
        = dir.filePath(QStringLiteral("sub/routing.json")).toStdString();
    QVERIFY(c.save(path).has_value());
    const auto back = RoutingConfig::load(path);
    QVERIFY2(back.has_value(), back ? "" : back.error().message.c_str());
    QCOMPARE(back->toJson(), c.toJson());
    QCOMPARE(back->budget.maxUsd.value_or(0), 2.5);
    QCOMPARE(back->precisionSteps("deepseek/deepseek-r1")[1], std::vector<std::string>{"bf16"});
    QVERIFY(back->provider == c.provider);
    QVERIFY(back->routing == c.routing);
    QVERIFY(back->stages == c.stages);
    const json file = json::parse(std::ifstream(path));
    QCOMPARE(file["provider"]["preferred_min_throughput"], json(25.0)); // the plain form stays
    QCOMPARE(file["routing"]["strategy"], json("static"));
    QCOMPARE(file["routing"]["min_throughput"], json(12.5));
    QCOMPARE(file["stages"]["draft"], json::parse(R"({"objective":"cost","min_throughput":20,
        "provider":{"quantizations":["fp8"]}})"));
    QCOMPARE(file["stages"]["outline"], json::object()); // an empty policy stays listed
}

void TestRoutingConfig::saveIsAtomic()
{
    QTemporaryDir dir;
    const std::filesystem::path path = dir.filePath(QStringLiteral("routing.json")).toStdString();
    QVERIFY(RoutingConfig::defaults().save(path).has_value());
    QVERIFY(RoutingConfig::defaults().save(path).has_value());
    // Only the target remains: no temp files left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    // A directory that cannot be written fails cleanly and leaves the old file alone.
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    RoutingConfig changed = RoutingConfig::defaults();
    changed.retry.maxAttempts = 2;
    const Status st = changed.save(path);
    QFile::setPermissions(dir.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (::geteuid() != 0) { // root ignores permissions
        QVERIFY(!st.has_value());
        QCOMPARE(st.error().code, ErrorCode::Io);
        QCOMPARE(RoutingConfig::load(path)->retry.maxAttempts, 3);
    }
}

void TestRoutingConfig::overridesMerge()
{
    const auto c = RoutingConfig::fromText(R"({
        "default_model": "meta-llama/llama-3.1-8b-instruct",
        "provider": {"order": ["DeepInfra", "Together"], "allow_fallbacks": true,
                     "sort": "throughput", "quantizations": ["fp8"]},
        "model_overrides": {
            "qwen/qwen3-32b": {"provider": {"order": ["Novita"], "quantizations": ["bf16"]},
                               "degrade_to": ["fp16"]}
        }})");
    QVERIFY(c.has_value());
    const auto base = c->preferencesFor("meta-llama/llama-3.1-8b-instruct");
    QCOMPARE(base.order, (std::vector<std::string>{"deepinfra", "together"}));
    const auto qwen = c->preferencesFor("qwen/qwen3-32b");
    QCOMPARE(qwen.order, std::vector<std::string>{"novita"});
    QCOMPARE(qwen.quantizations, std::vector<std::string>{"bf16"});
    QCOMPARE(qwen.allowFallbacks, std::optional<bool>(true)); // inherited
    QCOMPARE(qwen.sort->by, std::string("throughput"));
    QCOMPARE(c->precisionSteps("qwen/qwen3-32b")[1], std::vector<std::string>{"fp16"});
}

void TestRoutingConfig::newProviderFieldsReachTheRequest()
{
    const auto c = RoutingConfig::fromText(R"({
        "default_model": "meta-llama/llama-3.1-8b-instruct",
        "provider": {"order": ["DeepInfra"], "allow_fallbacks": true, "sort": "throughput",
                     "quantizations": ["fp8"], "enforce_distillable_text": true,
                     "preferred_min_throughput": 30,
                     "preferred_max_latency": {"p50": 1.5, "p90": 4}},
        "model_overrides": {
            "qwen/qwen3-32b": {"provider": {"preferred_min_throughput": {"p75": 10}}}
        }})");
    QVERIFY2(c.has_value(), c ? "" : c.error().message.c_str());
    for (std::size_t step = 0; step < 2; ++step) {
        openrouter::ChatRequest request;
        request.model = c->defaultModel;
        request.messages = {{"user", "hi"}};
        request.provider = c->providerFor(c->defaultModel, step);
        const json body = json::parse(openrouter::serializeChatRequest(request));
        QCOMPARE(body["provider"]["enforce_distillable_text"], json(true));
        QCOMPARE(body["provider"]["preferred_min_throughput"], json(30));
        QCOMPARE(body["provider"]["preferred_max_latency"], json::parse(R"({"p50":1.5,"p90":4})"));
    }
    // An override replaces a threshold whole and inherits the rest.
    const auto qwen = openrouter::toJson(c->providerFor("qwen/qwen3-32b", 0));
    QCOMPARE(qwen["preferred_min_throughput"], json::parse(R"({"p75":10})"));
    QCOMPARE(qwen["preferred_max_latency"], json::parse(R"({"p50":1.5,"p90":4})"));
    QCOMPARE(qwen["enforce_distillable_text"], json(true));
    // Written back as read.
    QCOMPARE(c->toJson()["provider"]["preferred_min_throughput"], json(30));
}

void TestRoutingConfig::routingSection_data()
{
    QTest::addColumn<QByteArray>("section");
    QTest::addColumn<QByteArray>("expected"); // the section as toJson() writes it, patched
    QTest::newRow("missing") << QByteArray() << QByteArray("{}");
    QTest::newRow("empty") << QByteArray("{}") << QByteArray("{}");
    QTest::newRow("null") << QByteArray("null") << QByteArray("{}");
    QTest::newRow("static") << QByteArray(R"({"strategy":"static"})")
                            << QByteArray(R"({"strategy":"static"})");
    QTest::newRow("objective and policy")
        << QByteArray(R"({"objective":"cost","precision_policy":"fastest_acceptable",
                          "acceptable_precisions":["fp8","fp4"],"min_throughput":20})")
        << QByteArray(R"({"objective":"cost","precision_policy":"fastest_acceptable",
                          "acceptable_precisions":["fp8","fp4"],"min_throughput":20})");
    QTest::newRow("numbers")
        << QByteArray(R"({"exploration_share":0.1,"cooldown_failures":5,"cooldown_ms":1000,
                          "max_cooldown_ms":2000,"half_life_ms":60000,"history_days":0})")
        << QByteArray(R"({"exploration_share":0.1,"cooldown_failures":5,"cooldown_ms":1000,
                          "max_cooldown_ms":2000,"half_life_ms":60000,"history_days":0})");
    QTest::newRow("balanced") << QByteArray(R"({"objective":"balanced","min_throughput":null})")
                              << QByteArray(R"({"objective":"balanced"})");
}

void TestRoutingConfig::routingSection()
{
    QFETCH(QByteArray, section);
    QFETCH(QByteArray, expected);
    json doc = json::parse(R"({"default_model":"meta-llama/llama-3.1-8b-instruct"})");
    if (!section.isEmpty())
        doc["routing"] = json::parse(section.toStdString());
    const auto c = RoutingConfig::fromJson(doc);
    QVERIFY2(c.has_value(), c ? "" : c.error().message.c_str());
    RoutingConfig reference;
    json want = reference.toJson()["routing"];
    want.merge_patch(json::parse(expected.toStdString()));
    QCOMPARE(c->toJson()["routing"], want);
    // Read back, the settings are the same.
    QVERIFY(RoutingConfig::fromJson(c->toJson())->routing == c->routing);
}

void TestRoutingConfig::typeErrorsCarryPath_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("path");
    QTest::newRow("order item") << QByteArray(R"({"provider":{"order":["DeepInfra",7]}})")
                                << "/provider/order/1";
    QTest::newRow("models") << QByteArray(R"({"models":"x/y"})") << "/models";
    QTest::newRow("retry") << QByteArray(R"({"retry":{"max_attempts":"3"}})")
                           << "/retry/max_attempts";
    QTest::newRow("watchdog") << QByteArray(R"({"watchdogs":{"idle_stall_ms":"60s"}})")
                              << "/watchdogs/idle_stall_ms";
    QTest::newRow("budget") << QByteArray(R"({"budget":{"max_usd":"5"}})") << "/budget/max_usd";
    QTest::newRow("section") << QByteArray(R"({"retry":[]})") << "/retry";
    QTest::newRow("routing section") << QByteArray(R"({"routing":"adaptive"})") << "/routing";
    QTest::newRow("strategy value")
        << QByteArray(R"({"routing":{"strategy":"smart"}})") << "/routing/strategy";
    QTest::newRow("strategy type")
        << QByteArray(R"({"routing":{"strategy":1}})") << "/routing/strategy";
    QTest::newRow("objective") << QByteArray(R"({"routing":{"objective":"Speed"}})")
                               << "/routing/objective";
    QTest::newRow("precision_policy")
        << QByteArray(R"({"routing":{"precision_policy":"fp8"}})") << "/routing/precision_policy";
    QTest::newRow("exploration_share")
        << QByteArray(R"({"routing":{"exploration_share":"5%"}})") << "/routing/exploration_share";
    QTest::newRow("cooldown_failures")
        << QByteArray(R"({"routing":{"cooldown_failures":2.5}})") << "/routing/cooldown_failures";
    QTest::newRow("cooldown_ms") << QByteArray(R"({"routing":{"cooldown_ms":"30s"}})")
                                 << "/routing/cooldown_ms";
    QTest::newRow("half_life_ms") << QByteArray(R"({"routing":{"half_life_ms":true}})")
                                  << "/routing/half_life_ms";
    QTest::newRow("history_days") << QByteArray(R"({"routing":{"history_days":"3"}})")
                                  << "/routing/history_days";
    QTest::newRow("acceptable_precisions item")
        << QByteArray(R"({"routing":{"acceptable_precisions":["fp8",16]}})")
        << "/routing/acceptable_precisions/1";
    QTest::newRow("min_throughput")
        << QByteArray(R"({"routing":{"min_throughput":"fast"}})") << "/routing/min_throughput";
    QTest::newRow("stages section") << QByteArray(R"({"stages":["draft"]})") << "/stages";
    QTest::newRow("unknown stage") << QByteArray(R"({"stages":{"drafts":{}}})") << "/stages/drafts";
    QTest::newRow("stage name escaped") << QByteArray(R"({"stages":{"a/b":{}}})") << "/stages/a~1b";
    QTest::newRow("stage") << QByteArray(R"({"stages":{"draft":7}})") << "/stages/draft";
    QTest::newRow("stage objective")
        << QByteArray(R"({"stages":{"draft":{"objective":"cheap"}}})") << "/stages/draft/objective";
    QTest::newRow("stage precision_policy")
        << QByteArray(R"({"stages":{"summary":{"precision_policy":1}}})")
        << "/stages/summary/precision_policy";
    QTest::newRow("stage provider")
        << QByteArray(R"({"stages":{"draft":{"provider":"fast"}}})") << "/stages/draft/provider";
    QTest::newRow("stage provider order item")
        << QByteArray(R"({"stages":{"finalize":{"provider":{"order":["x",1]}}}})")
        << "/stages/finalize/provider/order/1";
    QTest::newRow("stage degrade_to") << QByteArray(R"({"stages":{"draft":{"degrade_to":"bf16"}}})")
                                      << "/stages/draft/degrade_to";
    QTest::newRow("stage acceptable item")
        << QByteArray(R"({"stages":{"draft":{"acceptable_precisions":["fp8",8]}}})")
        << "/stages/draft/acceptable_precisions/1";
    QTest::newRow("stage min_throughput")
        << QByteArray(R"({"stages":{"draft":{"min_throughput":"20"}}})")
        << "/stages/draft/min_throughput";
    QTest::newRow("override key escaped")
        << QByteArray(R"({"model_overrides":{"a/b":{"degrade_to":[1]}}})")
        << "/model_overrides/a~1b/degrade_to/0";
}

void TestRoutingConfig::typeErrorsCarryPath()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, path);
    const auto c = RoutingConfig::fromText(text.toStdString());
    QVERIFY(!c.has_value());
    QCOMPARE(c.error().code, ErrorCode::Config);
    QVERIFY2(c.error().message.find(path.toStdString() + " ") != std::string::npos,
             c.error().message.c_str());
}

void TestRoutingConfig::malformedJson()
{
    const auto c = RoutingConfig::fromText("{\"provider\": ");
    QVERIFY(!c.has_value());
    QCOMPARE(c.error().code, ErrorCode::Parse);
}

void TestRoutingConfig::missingFile()
{
    QTemporaryDir dir;
    const auto c = RoutingConfig::load(dir.filePath(QStringLiteral("nope.json")).toStdString());
    QVERIFY(!c.has_value());
    QCOMPARE(c.error().code, ErrorCode::NotFound);
}

QTEST_APPLESS_MAIN(TestRoutingConfig)
#include "test_routing_config.moc"
