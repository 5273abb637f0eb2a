// `scriptorium-cli config check` and `scriptorium-cli models`, run as a process: exit codes,
// one finding per line, the shipped default clean against the simulator, the seed's original
// config (resources/routing/seed-example.json) reported honestly, and the catalog.
#include "sim/sim_server.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestRoutingConfigCli : public QObject {
    Q_OBJECT

private slots:
    void init();
    void defaultIsCleanOffline();
    void defaultIsCleanOnline();
    void seedExampleReportsLambda();
    void invalidConfigExitsOne();
    void unreadableConfigExitsTwo();
    void jsonOutput();
    void seedExampleOnline();
    void modelsListFromSimulator();
    void modelEndpointsFromSimulator();
    void unknownModel();
    void offlineUsesCache();

private:
    Run run(const QStringList &args);
    static QString seedExamplePath();
    /// The findings of a `--json config check` run, or a null value when its output is not JSON.
    static json findings(const Run &r);
    QString writeFile(const QString &name, const QByteArray &contents);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRoutingConfigCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

Run TestRoutingConfigCli::run(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir->filePath(QStringLiteral("cache")));
    env.remove(QStringLiteral("SCRIPTORIUM_BASE_URL"));
    env.remove(QStringLiteral("OPENROUTER_API_KEY"));
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
                + QStringLiteral("/app/cli/scriptorium-cli"),
            args);
    Run r;
    if (!p.waitForFinished(60'000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString TestRoutingConfigCli::writeFile(const QString &name, const QByteArray &contents)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(contents);
    return path;
}

QString TestRoutingConfigCli::seedExamplePath()
{
    return qEnvironmentVariable("SCRIPTORIUM_SOURCE_DIR")
        + QStringLiteral("/resources/routing/seed-example.json");
}

json TestRoutingConfigCli::findings(const Run &r)
{
    const json doc = json::parse(r.out.toStdString(), nullptr, false);
    return doc.is_object() ? doc.value("findings", json()) : json();
}

void TestRoutingConfigCli::defaultIsCleanOffline()
{
    // No config file: the built-in default, which has nothing to report.
    const Run r = run({QStringLiteral("config"), QStringLiteral("check")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.trimmed().isEmpty(), qPrintable(r.out));
    QVERIFY2(r.err.contains(QLatin1String("built-in default"))
                 && r.err.contains(QLatin1String("0 error(s), 0 warning(s)")),
             qPrintable(r.err));
}

void TestRoutingConfigCli::defaultIsCleanOnline()
{
    // The shipped default against the default simulator market: no retired provider or model,
    // every routed model served at fp8 by every provider in the order.
    scriptorium::sim::SimServer sim({});
    QVERIFY(sim.start().has_value());
    const Run r = run({QStringLiteral("--base-url"), QString::fromStdString(sim.baseUrl()),
                       QStringLiteral("--json"), QStringLiteral("config"), QStringLiteral("check"),
                       QStringLiteral("--online")});
    QCOMPARE(r.exitCode, 0);
    const json rows = findings(r);
    QVERIFY2(rows.is_array(), qPrintable(r.out));
    for (const json &f : rows)
        QVERIFY2(f["severity"] == "info", f.dump().c_str());
    QCOMPARE(json::parse(r.out.toStdString())["online"], json(true));
}

void TestRoutingConfigCli::seedExampleReportsLambda()
{
    const Run r = run({QStringLiteral("--config"), seedExamplePath(), QStringLiteral("config"),
                       QStringLiteral("check")});
    QCOMPARE(r.exitCode, 0); // warnings only
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    bool lambda = false;
    for (const QString &line : lines) {
        // One finding per line: severity, path, message, rule, fix.
        QVERIFY2(line.startsWith(QLatin1String("error "))
                     || line.startsWith(QLatin1String("warning "))
                     || line.startsWith(QLatin1String("info ")),
                 qPrintable(line));
        QVERIFY2(line.contains(QLatin1String("; fix: ")), qPrintable(line));
        if (line.startsWith(QLatin1String("warning /provider/order/0:"))
            && line.contains(QLatin1String("[provider_retired]")))
            lambda = true;
    }
    QVERIFY2(lambda, qPrintable(r.out));
    // The stale ids of the seed's model list.
    QVERIFY(r.out.contains(QLatin1String("warning /offered_models/8:"))); // gemini-2.0-flash-exp
    QVERIFY(r.out.contains(QLatin1String("warning /offered_models/13:"))); // grok/grok-beta
    QVERIFY(r.out.contains(QLatin1String("warning /offered_models/14:"))); // x-ai/grok-beta
    QVERIFY(r.err.contains(QLatin1String("valid")));
}

void TestRoutingConfigCli::invalidConfigExitsOne()
{
    const QString path = writeFile(QStringLiteral("bad.json"), R"({
        "default_model": "grok/grok-beta",
        "models": ["a/b", "c/d", "e/f", "g/h"],
        "provider": {"order": ["DeepInfra"], "allow_fallbacks": true, "sort": "throughput",
                     "quantizations": ["fp8"]}})");
    const Run r = run(
        {QStringLiteral("--config"), path, QStringLiteral("config"), QStringLiteral("check")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains(QLatin1String("error /default_model:")));
    QVERIFY(r.out.contains(QLatin1String("error /models:")));
    // --config after the subcommand works too.
    const Run after = run(
        {QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--config"), path});
    QCOMPARE(after.exitCode, 1);
    const Run syntax
        = run({QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--config"),
               writeFile(QStringLiteral("syntax.json"), "{\"provider\": [1,}")});
    QCOMPARE(syntax.exitCode, 1);
    QVERIFY(syntax.out.contains(QLatin1String("[json_syntax]")));
}

void TestRoutingConfigCli::unreadableConfigExitsTwo()
{
    const Run r
        = run({QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--config"),
               m_dir->filePath(QStringLiteral("missing.json"))});
    QCOMPARE(r.exitCode, 2);
    const Run usage
        = run({QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--bogus")});
    QCOMPARE(usage.exitCode, 2);
}

void TestRoutingConfigCli::jsonOutput()
{
    const Run r = run({QStringLiteral("--json"), QStringLiteral("--config"), seedExamplePath(),
                       QStringLiteral("config"), QStringLiteral("check")});
    QCOMPARE(r.exitCode, 0);
    const json doc = json::parse(r.out.toStdString());
    QCOMPARE(doc["valid"], json(true));
    bool lambda = false;
    for (const json &f : doc["findings"]) {
        if (f["rule"] == "provider_retired" && f["path"] == "/provider/order/0")
            lambda = f["severity"] == "warning" && !f["fix"].get<std::string>().empty();
    }
    QVERIFY(lambda);
}

void TestRoutingConfigCli::seedExampleOnline()
{
    scriptorium::sim::SimServer sim({});
    QVERIFY(sim.start().has_value());
    const Run r = run({QStringLiteral("--base-url"), QString::fromStdString(sim.baseUrl()),
                       QStringLiteral("--config"), seedExamplePath(), QStringLiteral("config"),
                       QStringLiteral("check"), QStringLiteral("--online")});
    // Online, Lambda is confirmed absent from /providers: an error, so the seed's config is
    // invalid.
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("error /provider/order/0:"))
                 && r.out.contains(QLatin1String("[provider_retired]"))
                 && r.out.contains(QLatin1String("2025-09-25")),
             qPrintable(r.out));
    QVERIFY2(!r.out.contains(QLatin1String("warning /provider/order/0:")), qPrintable(r.out));
    QVERIFY(!r.out.contains(QLatin1String("[catalog_unavailable]")));
    // Stale model ids: the built-in knowledge (offline findings kept) and the catalog's answer.
    for (const char *line : {"warning /offered_models/8:", "warning /offered_models/13:",
                             "warning /offered_models/14:"})
        QVERIFY2(r.out.contains(QLatin1String(line)), line);
    for (const char *id : {"google/gemini-pro", "google/gemini-1.5-pro", "deepseek/deepseek-coder",
                           "qwen/qwen-2-72b-instruct"}) {
        const QString finding
            = QStringLiteral("\"%1\" is not in OpenRouter's model catalog").arg(QLatin1String(id));
        QVERIFY2(r.out.contains(finding) && r.out.contains(QLatin1String("[model_not_found]")), id);
    }
}

void TestRoutingConfigCli::modelsListFromSimulator()
{
    scriptorium::sim::SimServer sim({});
    QVERIFY(sim.start().has_value());
    const QString base = QString::fromStdString(sim.baseUrl());
    const Run text = run({QStringLiteral("--base-url"), base, QStringLiteral("models")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(QLatin1String("meta-llama/llama-3.1-8b-instruct")));
    const Run r = run(
        {QStringLiteral("--base-url"), base, QStringLiteral("--json"), QStringLiteral("models")});
    QCOMPARE(r.exitCode, 0);
    const json doc = json::parse(r.out.toStdString());
    QVERIFY(doc["models"].size() >= 5);
    QCOMPARE(doc["stale"], json(false));
    for (const json &m : doc["models"])
        QVERIFY(m["prompt_usd_per_million"].get<double>() >= 0);
}

void TestRoutingConfigCli::modelEndpointsFromSimulator()
{
    scriptorium::sim::SimServer sim({});
    QVERIFY(sim.start().has_value());
    const QString base = QString::fromStdString(sim.baseUrl());
    const Run r = run({QStringLiteral("--base-url"), base, QStringLiteral("--json"),
                       QStringLiteral("models"), QStringLiteral("--model"),
                       QStringLiteral("meta-llama/llama-3.1-8b-instruct")});
    QCOMPARE(r.exitCode, 0);
    const json doc = json::parse(r.out.toStdString());
    QVERIFY(!doc["endpoints"].empty());
    bool fp8 = false;
    for (const json &e : doc["endpoints"]) {
        QVERIFY(!e["provider"].get<std::string>().empty());
        QVERIFY(e.contains("tag") && e.contains("context_length") && e.contains("status"));
        fp8 = fp8 || e["quantization"] == "fp8";
    }
    QVERIFY(fp8);
    const Run text
        = run({QStringLiteral("--base-url"), base, QStringLiteral("models"),
               QStringLiteral("--model"), QStringLiteral("meta-llama/llama-3.1-8b-instruct")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(QLatin1String("QUANT")));
    QVERIFY(text.out.contains(QLatin1String("fp8")));
}

void TestRoutingConfigCli::unknownModel()
{
    scriptorium::sim::SimServer sim({});
    QVERIFY(sim.start().has_value());
    const Run r = run({QStringLiteral("--base-url"), QString::fromStdString(sim.baseUrl()),
                       QStringLiteral("models"), QStringLiteral("--model"),
                       QStringLiteral("grok/grok-beta")});
    QCOMPARE(r.exitCode, 4); // no such model → no endpoint
    QVERIFY(!r.err.isEmpty());
}

void TestRoutingConfigCli::offlineUsesCache()
{
    const QString model = QStringLiteral("meta-llama/llama-3.1-8b-instruct");
    QString base;
    {
        scriptorium::sim::SimServer sim({});
        QVERIFY(sim.start().has_value());
        base = QString::fromStdString(sim.baseUrl());
        QCOMPARE(run({QStringLiteral("--base-url"), base, QStringLiteral("models"),
                      QStringLiteral("--model"), model})
                     .exitCode,
                 0);
    } // the simulator is gone now
    const Run offline = run({QStringLiteral("--base-url"), base, QStringLiteral("--json"),
                             QStringLiteral("models"), QStringLiteral("--model"), model,
                             QStringLiteral("--offline")});
    QCOMPARE(offline.exitCode, 0);
    QCOMPARE(json::parse(offline.out.toStdString())["from_cache"], json(true));
    // Forced refresh with the server gone: the cache answers, marked stale.
    const Run stale = run({QStringLiteral("--base-url"), base, QStringLiteral("--json"),
                           QStringLiteral("models"), QStringLiteral("--model"), model,
                           QStringLiteral("--refresh")});
    QCOMPARE(stale.exitCode, 0);
    QCOMPARE(json::parse(stale.out.toStdString())["stale"], json(true));
    // Nothing cached for the model list: offline fails.
    const Run none = run({QStringLiteral("--base-url"), base, QStringLiteral("models"),
                          QStringLiteral("--offline")});
    QCOMPARE(none.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestRoutingConfigCli)
#include "test_routing_config_cli.moc"
