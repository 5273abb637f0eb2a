// `scriptorium-cli bench-routing` with the quality axis (issue 15): on the shipped bad-quality
// market, and on a variant where the fastest endpoint is the one that writes badly, the
// quality-aware adaptive strategy sends less traffic to the worse endpoints than the same
// strategy without the quality axis.
#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

const char *kModel = "meta-llama/llama-3.3-70b-instruct";

// Adaptive, fp4 allowed: the writer trades precision for speed or price.
const char *kConfig = R"({"version": 1, "default_model": "meta-llama/llama-3.3-70b-instruct",
  "models": [], "provider": {"order": ["deepinfra"], "allow_fallbacks": true,
  "quantizations": ["fp8"]},
  "routing": {"strategy": "adaptive", "exploration_share": 0.05,
              "precision_policy": "fastest_acceptable",
              "acceptable_precisions": ["fp8", "fp4", "bf16"]}})";

} // namespace

class TestBenchRoutingQualityCli : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    // Both bad endpoints are cheap: by price alone they get the traffic.
    void qualityAwareAvoidsTheBadEndpointsOnBadQuality()
    {
        const json report = bench(QStringLiteral("bad-quality"), QStringLiteral("cost"), 100, 50);
        QVERIFY(report.is_object());
        const json &q = report["quality"];
        QCOMPARE(q["worse_endpoints"], json({"deepinfra/fp4", "novita/fp8"}));
        const json &aware = report["strategies"]["adaptive"]["quality"];
        const json &blind = report["strategies"]["adaptive-no-quality"]["quality"];
        QVERIFY2(blind["worse_share_after_skip"].get<double>() > 0.5, report.dump().c_str());
        QVERIFY2(aware["worse_share_after_skip"].get<double>()
                     < blind["worse_share_after_skip"].get<double>(),
                 report.dump().c_str());
        QVERIFY2(aware["worse_share_after_skip"].get<double>() < 0.1, report.dump().c_str());
        // The checks see it: the text it got has fewer findings.
        QVERIFY(aware["findings_per_10k_tokens"].get<double>()
                < blind["findings_per_10k_tokens"].get<double>());
    }

    // Not tuned to one market: here the fastest endpoint writes badly and the objective is
    // speed; the next fastest is within 10 % of it.
    void qualityAwareAvoidsAFastBadEndpoint()
    {
        QFile shipped(qEnvironmentVariable("SCRIPTORIUM_SOURCE_DIR")
                      + QStringLiteral("/resources/sim/bad-quality.json"));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        json market = json::parse(shipped.readAll().toStdString());
        market["name"] = "bad-quality-fast";
        for (json &m : market["models"]) {
            if (m["id"] != kModel)
                continue;
            for (json &e : m["endpoints"]) {
                e.erase("quality");
                if (e["tag"] == "fireworks/fp8")
                    e["quality"] = {{"repetition", 0.3},
                                    {"language_drift", 0.3},
                                    {"truncation", 0.3},
                                    {"meta_text", 0.3}};
                if (e["tag"] == "fireworks/fp8")
                    e["throughput_tps"]["median"] = 220;
                if (e["tag"] == "together/turbo")
                    e["throughput_tps"]["median"] = 200;
            }
        }
        const QString path = m_dir->filePath(QStringLiteral("market.json"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QByteArray::fromStdString(market.dump()));
        out.close();
        const json report = bench(path, QStringLiteral("speed"), 100, 50);
        QVERIFY(report.is_object());
        QCOMPARE(report["quality"]["worse_endpoints"], json({"fireworks/fp8"}));
        const json &aware = report["strategies"]["adaptive"];
        const json &blind = report["strategies"]["adaptive-no-quality"];
        // Speed-only, the two fastest are close enough that measurement noise decides between
        // them (the speed-only share of the bad one was 14–90 % over runs), so only the
        // quality-aware strategy's share is asserted here; the cost test above shows the
        // speed/price-only ranking choosing the bad endpoints outright.
        QVERIFY2(aware["quality"]["worse_share_after_skip"].get<double>() < 0.1,
                 report.dump().c_str());
        // The price: the next fastest endpoint, not a slow one.
        QVERIFY2(aware["duration_mean_ms"].get<double>()
                     < 1.25 * blind["duration_mean_ms"].get<double>(),
                 report.dump().c_str());
    }

private:
    static QString cli()
    {
        return qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
            + QStringLiteral("/app/cli/scriptorium-cli");
    }

    json bench(const QString &market, const QString &objective, int requests, int after)
    {
        const QString configPath = m_dir->filePath(QStringLiteral("routing.json"));
        QFile c(configPath);
        if (!c.open(QIODevice::WriteOnly) || c.write(kConfig) < 0)
            return {};
        c.close();
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir->filePath(QStringLiteral("cache")));
        p.setProcessEnvironment(env);
        p.start(cli(),
                {QStringLiteral("--json"),
                 QStringLiteral("--config"),
                 configPath,
                 QStringLiteral("bench-routing"),
                 QStringLiteral("--market"),
                 market,
                 QStringLiteral("--requests"),
                 QString::number(requests),
                 QStringLiteral("--concurrency"),
                 QStringLiteral("2"),
                 QStringLiteral("--max-tokens"),
                 QStringLiteral("300"),
                 QStringLiteral("--time-scale"),
                 QStringLiteral("0.02"),
                 QStringLiteral("--objective"),
                 objective,
                 QStringLiteral("--quality-after"),
                 QString::number(after),
                 QStringLiteral("--strategies"),
                 QStringLiteral("adaptive,adaptive-no-quality")});
        if (!p.waitForFinished(300'000)) {
            p.kill();
            return {};
        }
        const QByteArray stdoutBytes = p.readAllStandardOutput();
        if (p.exitCode() != 0)
            qWarning("bench-routing failed: %s", p.readAllStandardError().constData());
        return json::parse(stdoutBytes.toStdString(), nullptr, false);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestBenchRoutingQualityCli)
#include "test_bench_routing_quality_cli.moc"
