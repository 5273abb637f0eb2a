// RoutingConfig: the seed defaults, load/save, slugs, per-model overrides, precision steps.
#include "routing/routing_config.h"
#include "routing/routing_config_providers.h"

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
    void seedDefaults();
    void embeddedMatchesResourceFile();
    void providerObjectForSteps();
    void slugs_data();
    void slugs();
    void saveLoadRoundTrip();
    void saveIsAtomic();
    void overridesMerge();
    void typeErrorsCarryPath_data();
    void typeErrorsCarryPath();
    void malformedJson();
    void missingFile();
};

void TestRoutingConfig::seedDefaults()
{
    const RoutingConfig c = RoutingConfig::defaults();
    // The seed's provider object, exactly, stored as slugs.
    QCOMPARE(c.provider.order,
             (std::vector<std::string>{"lambda", "deepinfra", "together", "fireworks"}));
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
    QCOMPARE(c.offeredModels.size(), std::size_t(16)); // the seed's model list
    QVERIFY(!c.budget.maxUsd.has_value());
    QVERIFY(c.watchdogs.firstToken > std::chrono::milliseconds(0));
}

void TestRoutingConfig::embeddedMatchesResourceFile()
{
    const QString path = qEnvironmentVariable("SCRIPTORIUM_SOURCE_DIR")
        + QStringLiteral("/resources/routing/default.json");
    std::ifstream in(path.toStdString());
    QVERIFY2(in.good(), qPrintable(path));
    const json onDisk = json::parse(in);
    QCOMPARE(json::parse(defaultRoutingConfigText()), onDisk);
    QCOMPARE(onDisk["provider"]["order"],
             json::parse(R"(["Lambda","DeepInfra","Together","Fireworks"])"));
}

void TestRoutingConfig::providerObjectForSteps()
{
    const RoutingConfig c = RoutingConfig::defaults();
    const auto steps = c.precisionSteps(c.defaultModel);
    QCOMPARE(steps.size(), std::size_t(2));
    QCOMPARE(steps[0], std::vector<std::string>{"fp8"});
    QCOMPARE(steps[1], (std::vector<std::string>{"fp16", "bf16"}));

    const json step0 = openrouter::toJson(c.providerFor(c.defaultModel, 0));
    QCOMPARE(step0, json::parse(R"({"order":["lambda","deepinfra","together","fireworks"],
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
    const std::filesystem::path path
        = dir.filePath(QStringLiteral("sub/routing.json")).toStdString();
    QVERIFY(c.save(path).has_value());
    const auto back = RoutingConfig::load(path);
    QVERIFY2(back.has_value(), back ? "" : back.error().message.c_str());
    QCOMPARE(back->toJson(), c.toJson());
    QCOMPARE(back->budget.maxUsd.value_or(0), 2.5);
    QCOMPARE(back->precisionSteps("deepseek/deepseek-r1")[1], std::vector<std::string>{"bf16"});
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
