// Issue 16 part 1 through scriptorium-cli as a process against the simulator: a manuscript is
// imported, its analysis forecast (nothing sent), refused without --yes, stopped by a small
// budget between requests and resumed; continuing is refused until the derived entries are
// reviewed; review lists them with the chapter each came from; then two chapters are written.
#include "cli_process.h"
#include "novel/book_continuation.h"
#include "novel/chapter_pipeline.h"
#include "sim/sim_server.h"
#include "store/analysis_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/library_settings.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace scriptorium;

namespace {

constexpr const char *kConfig = R"({"version": 1,
  "default_model": "meta-llama/llama-3.3-70b-instruct", "models": [],
  "provider": {"allow_fallbacks": true, "quantizations": ["fp8", "bf16"]},
  "degrade_to": [],
  "retry": {"max_attempts": 3, "base_backoff_ms": 20, "max_backoff_ms": 100},
  "watchdogs": {"first_token_ms": 5000, "idle_stall_ms": 2000},
  "routing": {"strategy": "static"}})";

constexpr int kChapters = 24;

struct CliRun {
    int exitCode = -1;
    json out;
    QByteArray text;
    QByteArray err;
};

/// A manuscript of kChapters chapters of about 250 words each.
QByteArray manuscript()
{
    QByteArray text = "# The Keeper of Skerry Light\n\n";
    for (int n = 1; n <= kChapters; ++n) {
        text += "## Chapter " + QByteArray::number(n) + "\n\n";
        for (int p = 0; p < 5; ++p)
            text += "Mara Quill climbed the ninety steps to the lamp room on the "
                + QByteArray::number(n)
                + "th night. The boat below the causeway was still empty, and Tomas, the "
                  "ferryman everyone called Old Tom, had not come back from the mainland. She "
                  "trimmed the wick, wrote the hour in the ledger and listened to the sea "
                  "working at the rocks while the wind turned to the north.\n\n";
    }
    return text;
}

} // namespace

class TestContinueBookCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sim::SimServer> m_sim;
    QString m_book;

    CliRun cli(QStringList args)
    {
        QProcess p;
        QProcessEnvironment env = novel::test::cliEnvironment(QDir(m_dir.path()));
        env.insert(QStringLiteral("SCRIPTORIUM_BASE_URL"),
                   QString::fromStdString(m_sim->baseUrl()));
        p.setProcessEnvironment(env);
        QStringList all{QStringLiteral("--config"), m_dir.filePath(QStringLiteral("routing.json")),
                        QStringLiteral("--db"), m_dir.filePath(QStringLiteral("library.db"))};
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

    std::size_t chatRequests() const { return m_sim->truth().size(); }

    std::unique_ptr<store::Database> library()
    {
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("library.db")).toStdString());
        return db ? std::move(*db) : nullptr;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile config(m_dir.filePath(QStringLiteral("routing.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(kConfig);
        config.close();
        sim::SimOptions options;
        options.timeScale = 0.02;
        options.seed = 16;
        m_sim = std::make_unique<sim::SimServer>(options);
        QVERIFY(m_sim->start().has_value());
        QFile book(m_dir.filePath(QStringLiteral("keeper.md")));
        QVERIFY(book.open(QIODevice::WriteOnly));
        book.write(manuscript());
        book.close();
        const CliRun imported = cli({QStringLiteral("--json"), QStringLiteral("book"),
                                     QStringLiteral("import"), book.fileName()});
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(imported.out["chapters"].size(), std::size_t(kChapters));
        m_book = QString::number(imported.out["book"].get<std::int64_t>());
    }

    void cleanupTestCase() { m_sim.reset(); }

    void continuingAnUnanalysedBookIsRefused()
    {
        const CliRun refused = cli({QStringLiteral("book"), QStringLiteral("continue"), m_book,
                                    QStringLiteral("2"), QStringLiteral("--forecast")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("book analyse"), refused.err.constData());
    }

    void theForecastComesFirstAndSendsNothing()
    {
        const CliRun forecast
            = cli({QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("analyse"),
                   m_book, QStringLiteral("--chunk-tokens"), QStringLiteral("1200"),
                   QStringLiteral("--forecast")});
        QCOMPARE(forecast.exitCode, 0);
        QVERIFY2(forecast.out.is_object(), forecast.text.constData());
        const json &f = forecast.out["forecast"];
        QCOMPARE(f["chapters"].get<int>(), kChapters);
        // ~420 tokens a chapter, 1,200 a chunk: whole chapters, two a request.
        QCOMPARE(f["chunks"].get<int>(), kChapters / 2);
        QVERIFY(f["cost_usd"]["expected"].get<double>() > 0);
        QVERIFY(f["wall_seconds"]["expected"].get<double>() > 0);

        const CliRun unconfirmed = cli({QStringLiteral("book"), QStringLiteral("analyse"), m_book});
        QCOMPARE(unconfirmed.exitCode, 2);
        QVERIFY(unconfirmed.err.contains("--yes"));
        QCOMPARE(chatRequests(), std::size_t(0));
    }

    void aBudgetStopsItBetweenRequestsAndARerunResumes()
    {
        const CliRun forecast
            = cli({QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("analyse"),
                   m_book, QStringLiteral("--chunk-tokens"), QStringLiteral("500"),
                   QStringLiteral("--forecast")});
        const json &f = forecast.out["forecast"];
        // Room for one request's worst case and a little more, far from all of them.
        const double budget = 1.3 * f["cost_usd"]["high"].get<double>() / f["chunks"].get<double>();
        const CliRun stopped = cli(
            {QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("analyse"), m_book,
             QStringLiteral("--chunk-tokens"), QStringLiteral("500"), QStringLiteral("--budget"),
             QString::number(budget, 'f', 8), QStringLiteral("--yes")});
        QVERIFY2(stopped.exitCode == 1, stopped.text.constData());
        QVERIFY2(stopped.out.is_object(), stopped.text.constData());
        const json &first = stopped.out["report"];
        QCOMPARE(first["stopped"]["code"].get<std::string>(), std::string("budget"));
        const int done = first["chapters"].get<int>();
        QVERIFY(done >= 1);
        QVERIFY(done < kChapters);
        QVERIFY(first["cost_usd"].get<double>() <= budget);
        QVERIFY(first["remaining_chunks"].get<int>() > 0);
        {
            auto db = library();
            QVERIFY(db);
            auto analysed = store::AnalysisStore(*db).analysedChapters(m_book.toLongLong());
            QCOMPARE(analysed->size(), std::size_t(done));
        }

        const std::size_t before = chatRequests();
        const CliRun resumed
            = cli({QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("analyse"),
                   m_book, QStringLiteral("--chunk-tokens"), QStringLiteral("500"),
                   QStringLiteral("--budget"), QStringLiteral("50"), QStringLiteral("--yes")});
        QCOMPARE(resumed.exitCode, 0);
        QCOMPARE(resumed.out["forecast"]["analysed"].get<int>(), done);
        QCOMPARE(resumed.out["report"]["chapters"].get<int>(), kChapters - done);
        QVERIFY(!resumed.out["report"].contains("stopped"));
        // Only what was left was sent (a JSON retry may add a request).
        QVERIFY(chatRequests() - before
                >= static_cast<std::size_t>(resumed.out["report"]["chunks"].get<int>()));
        auto db = library();
        auto chapter = store::ChapterStore(*db).getAt(m_book.toLongLong(), kChapters);
        QVERIFY(!chapter->summary.empty());
        QVERIFY(!chapter->endState.empty());
    }

    void reviewListsProvenanceAndContinuingWaitsForIt()
    {
        const CliRun waiting = cli({QStringLiteral("book"), QStringLiteral("continue"), m_book,
                                    QStringLiteral("2"), QStringLiteral("--forecast")});
        QCOMPARE(waiting.exitCode, 2);
        QVERIFY2(waiting.err.contains("book review"), waiting.err.constData());

        const CliRun review = cli(
            {QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("review"), m_book});
        QCOMPARE(review.exitCode, 0);
        const json &list = review.out["unreviewed"];
        QVERIFY(list.size() >= 3); // entries, the story so far, the voice
        bool voice = false;
        for (const json &e : list) {
            QCOMPARE(e["origin"].get<std::string>(), std::string("analysis"));
            QVERIFY(e["source_chapter"].is_number());
            QVERIFY(e["source_chapter"].get<int>() >= 1);
            QVERIFY(e["source_chapter"].get<int>() <= kChapters);
            voice = voice || e["kind"] == "style";
        }
        QVERIFY(voice);
        const std::int64_t one = list[0]["id"].get<std::int64_t>();
        const CliRun acceptOne
            = cli({QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("review"),
                   m_book, QStringLiteral("--accept"), QString::number(one)});
        QCOMPARE(acceptOne.out["accepted"].get<int>(), 1);
        const CliRun acceptAll
            = cli({QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("review"),
                   m_book, QStringLiteral("--accept"), QStringLiteral("all")});
        QCOMPARE(acceptAll.out["accepted"].get<int>(), static_cast<int>(list.size()) - 1);
    }

    void continuesWithTheNextChapters()
    {
        const CliRun forecast
            = cli({QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("continue"),
                   m_book, QStringLiteral("2"), QStringLiteral("--forecast")});
        QCOMPARE(forecast.exitCode, 0);
        QCOMPARE(forecast.out["first_chapter"].get<int>(), kChapters + 1);
        QCOMPARE(forecast.out["last_chapter"].get<int>(), kChapters + 2);
        QVERIFY(forecast.out["chapter_target"].get<int>() > 200);

        const CliRun run
            = cli({QStringLiteral("--json"), QStringLiteral("book"), QStringLiteral("continue"),
                   m_book, QStringLiteral("2"), QStringLiteral("--budget"), QStringLiteral("50"),
                   QStringLiteral("--yes")});
        QVERIFY2(run.exitCode == 0, QByteArray(run.err + run.text.right(2000)).constData());
        auto db = library();
        store::ChapterStore chapters(*db);
        for (int p = kChapters + 1; p <= kChapters + 2; ++p) {
            auto chapter = chapters.getAt(m_book.toLongLong(), p);
            QVERIFY(chapter.has_value());
            QVERIFY(!chapter->outline.empty());
            QVERIFY(!chapter->body.empty());
        }
        // The written chapters kept their text; the first one's outline is its summary.
        auto first = chapters.getAt(m_book.toLongLong(), 1);
        QVERIFY(first->body.find("Mara Quill climbed") != std::string::npos);
        QCOMPARE(first->outline, first->summary);
        // The continued book keeps its larger draft prompt budget for every later draft (the
        // window's batches too).
        auto budget
            = store::LibrarySettings(*db).value(novel::bookPromptTokensKey(m_book.toLongLong()));
        QVERIFY(budget.has_value() && budget->has_value());
        QCOMPARE(**budget, std::to_string(novel::kContinuationPromptTokens));
    }
};

QTEST_GUILESS_MAIN(TestContinueBookCli)
#include "test_continue_book_cli.moc"
