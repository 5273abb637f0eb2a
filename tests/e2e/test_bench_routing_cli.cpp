// `scriptorium-cli bench-routing` run as a process on a small market written here: the JSON
// report's shape, adaptive beating static where the config's first provider is slow, the
// oracle pinning the forecast's best, and traffic returning to a provider after its outage.
#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

// Three fp8 endpoints; the config below puts the slowest first, as a list written once would.
json smallMarket(bool outage)
{
    auto endpoint = [](const char *provider, double ttft, double tps, const char *price) {
        return json{{"provider", provider},
                    {"quantization", "fp8"},
                    {"pricing", {{"prompt", price}, {"completion", price}}},
                    {"ttft_ms", {{"median", ttft}, {"sigma", 0.1}}},
                    {"throughput_tps", {{"median", tps}, {"sigma", 0.1}}}};
    };
    json market = {
        {"name", "bench-test"},
        {"providers",
         {{{"name", "Slowpoke"}, {"slug", "slowpoke"}},
          {{"name", "Middling"}, {"slug", "middling"}},
          {{"name", "Rapid"}, {"slug", "rapid"}}}},
        {"completion_tokens", {{"min", 180}, {"max", 200}}},
        {"models",
         {{{"id", "test/novel-70b"},
           {"endpoints",
            {endpoint("slowpoke", 600, 30, "0.0000002"), endpoint("middling", 500, 60, "0.0000004"),
             endpoint("rapid", 300, 200, "0.0000009")}}}}}};
    if (outage) {
        market["events"] = {{{"from_s", 0},
                             {"until_s", 40},
                             {"provider", "rapid"},
                             {"outage", true},
                             {"status", 503}}};
    }
    return market;
}

const char *kConfig = R"({"version": 1, "default_model": "test/novel-70b", "models": [],
  "provider": {"order": ["slowpoke", "middling", "rapid"], "allow_fallbacks": true,
               "sort": "throughput", "quantizations": ["fp8"]},
  "routing": {"strategy": "adaptive", "exploration_share": 0.05}})";

} // namespace

class TestBenchRoutingCli : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void adaptiveBeatsStaticWhenTheFirstProviderIsSlow()
    {
        const json report = bench(smallMarket(false), QStringLiteral("static,adaptive,oracle"), 40);
        QVERIFY(report.is_object());
        QCOMPARE(report["model"].get<std::string>(), std::string("test/novel-70b"));
        QCOMPARE(report["requests"].get<int>(), 40);
        const json &st = report["strategies"]["static"];
        const json &ad = report["strategies"]["adaptive"];
        const json &oracle = report["strategies"]["oracle"];
        for (const json *s : {&st, &ad, &oracle}) {
            for (const char *key :
                 {"succeeded", "failed", "attempts", "duration_p50_ms", "duration_p95_ms",
                  "ttft_p50_ms", "ttft_p95_ms", "decode_tps_mean", "cost_usd", "fp8_share"})
                QVERIFY2(s->contains(key), key);
            QCOMPARE((*s)["succeeded"].get<int>(), 40);
        }
        // Static follows the list: the slow provider serves everything.
        QCOMPARE(st["served"].value("slowpoke/fp8", 0), 40);
        // Adaptive finds the fast one from the catalog's figures and keeps to it.
        QVERIFY(ad["served"].value("rapid/fp8", 0) >= 30);
        QVERIFY2(ad["duration_p95_ms"].get<double>() < 0.7 * st["duration_p95_ms"].get<double>(),
                 report.dump().c_str());
        QVERIFY(ad["failed"].get<int>() <= st["failed"].get<int>());
        QVERIFY(ad["fp8_share"].get<double>() >= st["fp8_share"].get<double>());
        QCOMPARE(oracle["served"].value("rapid/fp8", 0), 40);
        // Decode speed in simulated tokens/s: near the market's 200 for the fast endpoint.
        QVERIFY(oracle["decode_tps_mean"].get<double>() > 120);
        QVERIFY(oracle["decode_tps_mean"].get<double>() < 300);
    }

    void trafficReturnsAfterAnOutage()
    {
        // At time scale 0.05 a request takes about 1.3 simulated seconds: 120 requests at
        // concurrency 2 run well past the outage's end at 40 s.
        const json report = bench(smallMarket(true), QStringLiteral("static,adaptive"), 120, 2);
        QVERIFY(report.is_object());
        const json &ad = report["strategies"]["adaptive"];
        QCOMPARE(ad["failed"].get<int>(), 0);
        QCOMPARE(ad["recovery"].size(), std::size_t(1));
        const json &recovery = ad["recovery"][0];
        QVERIFY2(recovery["requests_after_end"].get<int>() > 20, report.dump().c_str());
        QVERIFY2(!recovery["requests_until_back"].is_null(), report.dump().c_str());
        QVERIFY2(recovery["requests_until_back"].get<int>() <= 20, report.dump().c_str());
        QVERIFY(ad["duration_p95_ms"].get<double>()
                < report["strategies"]["static"]["duration_p95_ms"].get<double>());
    }

    void rejectsAnUnknownStrategy()
    {
        QProcess p;
        p.start(cli(),
                {QStringLiteral("bench-routing"), QStringLiteral("--strategies"),
                 QStringLiteral("static,magic"), QStringLiteral("--requests"),
                 QStringLiteral("1")});
        QVERIFY(p.waitForFinished(60'000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("magic")));
    }

private:
    static QString cli()
    {
        return qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
            + QStringLiteral("/app/cli/scriptorium-cli");
    }

    json bench(const json &market, const QString &strategies, int requests, int concurrency = 4)
    {
        const QString marketPath = m_dir->filePath(QStringLiteral("market.json"));
        const QString configPath = m_dir->filePath(QStringLiteral("routing.json"));
        QFile m(marketPath);
        if (!m.open(QIODevice::WriteOnly) || m.write(QByteArray::fromStdString(market.dump())) < 0)
            return {};
        m.close();
        QFile c(configPath);
        if (!c.open(QIODevice::WriteOnly) || c.write(kConfig) < 0)
            return {};
        c.close();
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir->filePath(QStringLiteral("cache")));
        p.setProcessEnvironment(env);
        p.start(cli(),
                {QStringLiteral("--json"), QStringLiteral("--config"), configPath,
                 QStringLiteral("bench-routing"), QStringLiteral("--market"), marketPath,
                 QStringLiteral("--model"), QStringLiteral("test/novel-70b"),
                 QStringLiteral("--requests"), QString::number(requests),
                 QStringLiteral("--concurrency"), QString::number(concurrency),
                 QStringLiteral("--max-tokens"), QStringLiteral("200"),
                 QStringLiteral("--time-scale"), QStringLiteral("0.05"),
                 QStringLiteral("--strategies"), strategies});
        if (!p.waitForFinished(240'000)) {
            p.kill();
            return {};
        }
        const QByteArray out = p.readAllStandardOutput();
        if (p.exitCode() != 0)
            qWarning("bench-routing failed: %s", p.readAllStandardError().constData());
        return json::parse(out.toStdString(), nullptr, false);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestBenchRoutingCli)
#include "test_bench_routing_cli.moc"
