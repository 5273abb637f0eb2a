// Issue 15 through scriptorium-cli as a process against the simulator's bad-quality market:
// the continuity audit's forecast, its confirmation and its run, the stored findings listed
// with their provenance, marking one intentional, and bench-quality finding fp4 significantly
// worse than bf16.
#include "cli_process.h"
#include "novel/chapter_pipeline.h"
#include "novel_sim_fixture.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace scriptorium;

namespace {

constexpr const char *kModel = "meta-llama/llama-3.3-70b-instruct";

// The audit reads through clean fp8 endpoints only: the bad ones would break its JSON.
constexpr const char *kConfig = R"({"version": 1,
  "default_model": "meta-llama/llama-3.3-70b-instruct", "models": [],
  "provider": {"order": ["together", "fireworks"], "allow_fallbacks": false,
               "quantizations": ["fp8"]},
  "degrade_to": [],
  "retry": {"max_attempts": 3, "base_backoff_ms": 20, "max_backoff_ms": 100},
  "watchdogs": {"first_token_ms": 5000, "idle_stall_ms": 2000},
  "routing": {"strategy": "static"}})";

struct CliRun {
    int exitCode = -1;
    json out;
    QByteArray text;
    QByteArray err;
};

} // namespace

class TestQualityCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<novel::test::NovelSim> m_sim;
    std::int64_t m_book = 0;
    std::vector<std::int64_t> m_drafts; ///< the generation that wrote chapters 1 and 2

    CliRun cli(QStringList args)
    {
        QProcess p;
        QProcessEnvironment env = novel::test::cliEnvironment(QDir(m_dir.path()));
        env.insert(QStringLiteral("SCRIPTORIUM_BASE_URL"),
                   QString::fromStdString(m_sim->server->baseUrl()));
        p.setProcessEnvironment(env);
        QStringList all{QStringLiteral("--config"), m_dir.filePath(QStringLiteral("routing.json")),
                        QStringLiteral("--db"), m_dir.filePath(QStringLiteral("sim/library.db"))};
        all += args;
        p.start(novel::test::cliPath(), all);
        p.closeWriteChannel(); // stdin is not a terminal, and says nothing
        CliRun r;
        if (!p.waitForFinished(300'000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.text = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        if (args.contains(QStringLiteral("--json"))) {
            const QByteArray last = r.text.trimmed().split('\n').last();
            r.out = json::parse(last.toStdString(), nullptr, false);
        }
        return r;
    }

    std::size_t chatRequests() const { return m_sim->server->truth().size(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile config(m_dir.filePath(QStringLiteral("routing.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(kConfig);
        config.close();
        novel::test::SimSetup setup;
        setup.market = "bad-quality";
        setup.timeScale = 0.05;
        m_sim = std::make_unique<novel::test::NovelSim>(
            std::filesystem::path(m_dir.filePath(QStringLiteral("sim")).toStdString()), setup);
        QVERIFY(m_sim->ready);
        // Two chapters drafted through the simulator: the generations the audit's findings
        // are stored against.
        m_book = m_sim->makeOutlinedBook(3, "en", 150);
        novel::PipelineOptions options;
        options.maxContinuations = 0;
        novel::PipelineContext context = m_sim->context(options);
        for (int position = 1; position <= 2; ++position) {
            auto report = novel::draftChapter(context, m_book, position);
            QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
            QVERIFY(report->generationId.has_value());
            m_drafts.push_back(*report->generationId);
        }
    }

    void cleanupTestCase() { m_sim.reset(); }

    void auditShowsItsPriceFirst()
    {
        const std::size_t before = chatRequests();
        const CliRun forecast = cli({QStringLiteral("--json"), QStringLiteral("audit"),
                                     QString::number(m_book), QStringLiteral("--chapters"),
                                     QStringLiteral("1-3"), QStringLiteral("--forecast")});
        QCOMPARE(forecast.exitCode, 0);
        QVERIFY2(forecast.out.is_object(), forecast.text.constData());
        const json &f = forecast.out["forecast"];
        QCOMPARE(f["chapters"].get<int>(), 2); // chapter 3 has no text
        QVERIFY(f["cost_usd"]["expected"].get<double>() > 0);
        QVERIFY(f["cost_usd"]["low"].get<double>() < f["cost_usd"]["high"].get<double>());
        QVERIFY(f["prompt_tokens"]["expected"].get<double>() > 100);

        // Without --yes and without a terminal: the price, then a pointer to --yes.
        const CliRun unconfirmed = cli({QStringLiteral("audit"), QString::number(m_book),
                                        QStringLiteral("--chapters"), QStringLiteral("1-2")});
        QCOMPARE(unconfirmed.exitCode, 2);
        QVERIFY(unconfirmed.text.contains("price"));
        QVERIFY(unconfirmed.err.contains("--yes"));
        QCOMPARE(chatRequests(), before); // nothing was sent
    }

    void auditRunsAndStoresAgainstTheWritingGeneration()
    {
        const CliRun run
            = cli({QStringLiteral("--json"), QStringLiteral("audit"), QString::number(m_book),
                   QStringLiteral("--chapters"), QStringLiteral("1-2"), QStringLiteral("--yes")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.is_object(), run.text.constData());
        QCOMPARE(run.out["chapters"].size(), std::size_t(2));
        QVERIFY(run.out["cost_usd"].get<double>() > 0);
        int findings = 0;
        for (std::size_t i = 0; i < 2; ++i) {
            const json &chapter = run.out["chapters"][i];
            QCOMPARE(chapter["writing_generation_id"].get<std::int64_t>(), m_drafts[i]);
            QVERIFY(!chapter["audit_generation_ids"].empty());
            for (const json &f : chapter["findings"]) {
                ++findings;
                QCOMPARE(f["generation_id"].get<std::int64_t>(), m_drafts[i]);
                QCOMPARE(f["kind"].get<std::string>(), std::string("continuity"));
                QVERIFY(!f["chapter_quote"].get<std::string>().empty());
                QVERIFY(!f["reference_quote"].get<std::string>().empty());
                QVERIFY(!f["provider"].get<std::string>().empty());
                QVERIFY(!f["precision"].get<std::string>().empty());
            }
        }
        // The simulator's schema-shaped replies always hold at least one finding.
        QVERIFY(findings >= 2);

        // The people's view prints both sides of the evidence.
        const CliRun listed = cli({QStringLiteral("quality"), QString::number(m_book),
                                   QStringLiteral("--chapter"), QStringLiteral("1")});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.text.contains("reference: \""));
        QVERIFY(listed.text.contains("audit"));
    }

    void qualityListsAndAFindingCanBeMeant()
    {
        const CliRun listed
            = cli({QStringLiteral("--json"), QStringLiteral("quality"), QString::number(m_book)});
        QCOMPARE(listed.exitCode, 0);
        const json &findings = listed.out["findings"];
        std::int64_t auditId = 0;
        for (const json &f : findings) {
            QVERIFY(f.contains("provider"));
            QVERIFY(f.contains("precision"));
            if (f["source"] == "audit" && auditId == 0)
                auditId = f["id"].get<std::int64_t>();
        }
        QVERIFY(auditId > 0);

        const CliRun mark = cli(
            {QStringLiteral("audit"), QStringLiteral("--intentional"), QString::number(auditId)});
        QCOMPARE(mark.exitCode, 0);
        auto ids = [](const json &list) {
            std::vector<std::int64_t> out;
            for (const json &f : list)
                out.push_back(f["id"].get<std::int64_t>());
            return out;
        };
        const CliRun after
            = cli({QStringLiteral("--json"), QStringLiteral("quality"), QString::number(m_book)});
        QCOMPARE(after.out["findings"].size() + 1, findings.size());
        const std::vector<std::int64_t> remaining = ids(after.out["findings"]);
        QVERIFY(std::ranges::find(remaining, auditId) == remaining.end());
        const CliRun all = cli({QStringLiteral("--json"), QStringLiteral("quality"),
                                QString::number(m_book), QStringLiteral("--intentional")});
        QCOMPARE(all.out["findings"].size(), findings.size());

        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("--not-intentional"),
                      QString::number(auditId)})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("--intentional"),
                      QStringLiteral("999999")})
                     .exitCode,
                 1); // NotFound: kExitFailure

        const CliRun rates
            = cli({QStringLiteral("--json"), QStringLiteral("quality"), QStringLiteral("--rates"),
                   QStringLiteral("--source"), QStringLiteral("audit")});
        QCOMPARE(rates.exitCode, 0);
        QVERIFY2(!rates.out["rates"].empty(), rates.text.constData());
        QVERIFY(rates.out["rates"][0]["generations"].get<int>() >= 1);
    }

    // Ask the manuscript (issue 16): the passages and the price first, nothing sent; then an
    // answer that cites chapters, recorded as an "ask" step.
    void askShowsPassagesAndPriceThenAnswers()
    {
        const QString question = QStringLiteral("When did Mara fold the letter?");
        const std::size_t before = chatRequests();
        const CliRun forecast
            = cli({QStringLiteral("--json"), QStringLiteral("ask"), QString::number(m_book),
                   question, QStringLiteral("--forecast")});
        QCOMPARE(forecast.exitCode, 0);
        QVERIFY2(forecast.out.is_object(), forecast.text.constData());
        QCOMPARE(forecast.out["terms"], json({"mara", "fold", "letter"}));
        QVERIFY(!forecast.out["passages"].empty());
        QVERIFY(forecast.out["price_usd"]["expected"].get<double>() > 0);
        QCOMPARE(chatRequests(), before);

        const CliRun asked = cli({QStringLiteral("--json"), QStringLiteral("ask"),
                                  QString::number(m_book), question, QStringLiteral("--yes")});
        QCOMPARE(asked.exitCode, 0);
        QVERIFY2(asked.out.is_object(), asked.text.constData());
        QVERIFY(!asked.out["answer"].get<std::string>().empty());
        QVERIFY(asked.out["citations"].is_array());
        QVERIFY(asked.out["cost_usd"].get<double>() > 0);
        QVERIFY(chatRequests() > before);
        auto stmt = m_sim->db->prepare(
            "SELECT count(*) FROM generations WHERE stage = 'ask' AND book_id = ?");
        QVERIFY(stmt.has_value());
        stmt->bind(1, m_book);
        QVERIFY(stmt->step().value());
        QVERIFY(stmt->int64(0) >= 1);
    }

    void benchQualityFindsFp4WorseThanBf16()
    {
        const CliRun run = cli({QStringLiteral("--json"), QStringLiteral("bench-quality"),
                                QStringLiteral("--model"), QString::fromLatin1(kModel),
                                QStringLiteral("--precisions"), QStringLiteral("fp4,bf16"),
                                QStringLiteral("--runs"), QStringLiteral("4")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.is_object(), run.text.constData());
        qInfo("%s", run.out.dump().c_str());
        const json &fp4 = run.out["precisions"][0];
        const json &bf16 = run.out["precisions"][1];
        QCOMPARE(fp4["precision"].get<std::string>(), std::string("fp4"));
        QCOMPARE(fp4["replies"].get<int>(), 16); // 4 prompts × 4 runs
        QCOMPARE(bf16["replies"].get<int>(), 16);
        // Pinned: every reply came from an endpoint at that precision.
        for (const auto &[served, count] : fp4["served_by"].items())
            QVERIFY2(served.ends_with(" fp4"), served.c_str());
        for (const auto &[served, count] : bf16["served_by"].items())
            QVERIFY2(served.ends_with(" bf16"), served.c_str());
        QVERIFY(fp4["local"]["per_10k_tokens"].get<double>()
                > bf16["local"]["per_10k_tokens"].get<double>());
        QVERIFY(fp4["local"]["ci95_low"].get<double>()
                > bf16["local"]["per_10k_tokens"].get<double>());
        const json &pair = run.out["pairs"][0];
        QVERIFY(pair["significant"].get<bool>());
        QVERIFY(pair["p_value"].get<double>() < 0.05);
        QCOMPARE(pair["worse"].get<std::string>(), std::string("fp4"));
    }
};

QTEST_GUILESS_MAIN(TestQualityCli)
#include "test_quality_cli.moc"
