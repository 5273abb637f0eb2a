// The novel pipeline against the simulator on loopback: book setup, chunked outline, draft,
// finalize, batches with scripted faults, the budget cap, and kill -9 then --resume.
#include "cli_process.h"
#include "novel/batch_scheduler.h"
#include "novel/chapter_finalizer.h"
#include "novel/chapter_pipeline.h"
#include "novel/outline_generator.h"
#include "novel_sim_fixture.h"
#include "sim/structured_reply.h"
#include "store/batch_store.h"
#include "store/beat_store.h"
#include "store/generation_store.h"
#include "util/text_stats.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <csignal>
#include <map>
#include <mutex>

using namespace scriptorium;
using namespace scriptorium::novel;
using nlohmann::json;

namespace {

/// (stage, status) → count of generations for a chapter.
std::map<std::pair<std::string, std::string>, int> generationCounts(store::Database &db,
                                                                    std::int64_t chapterId)
{
    std::map<std::pair<std::string, std::string>, int> out;
    auto stmt = db.prepare("SELECT stage, status, COUNT(*) FROM generations WHERE chapter_id = ? "
                           "GROUP BY stage, status");
    stmt->bind(1, chapterId);
    while (*stmt->step())
        out[{stmt->text(0), stmt->text(1)}] = static_cast<int>(stmt->int64(2));
    return out;
}

using test::sumOfAttemptCosts;

std::int64_t attemptsWithError(store::Database &db, ErrorCode code)
{
    auto stmt = db.prepare("SELECT COUNT(*) FROM attempts WHERE error_class = ?");
    stmt->bind(1, errorCodeName(code));
    (void)stmt->step();
    return stmt->int64(0);
}

} // namespace

class TestNovelE2e : public QObject {
    Q_OBJECT

private slots:
    void setupOutlineDraftFinalize_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("English") << "en";
        QTest::newRow("Chinese") << "zh";
    }

    void setupOutlineDraftFinalize()
    {
        QFETCH(QString, language);
        QTemporaryDir dir;
        test::NovelSim sim(dir.path().toStdString());
        QVERIFY(sim.ready);
        BookSetupRequest request;
        request.title = "Lighthouse";
        request.premise = language == u"zh" ? "灯塔守护人发现，灯光熄灭时海上会出现一艘不存在的船。"
                                            : "A lighthouse keeper sees a ship that is not there.";
        request.language = language.toStdString();
        request.chapters = 12;
        request.chapterTarget = language == u"zh" ? 500 : 300;
        const auto book = createBook(*sim.shared, request);
        QVERIFY(book.has_value());
        PipelineOptions options;
        options.outlineChunkSize = 5;
        PipelineContext ctx = sim.context(options);
        auto bible = generateBible(ctx, *book, request);
        QVERIFY2(bible.has_value(), bible ? "" : bible.error().message.c_str());
        QCOMPARE(bible->characters.size(), std::size_t(4));

        auto outline = outlineBook(ctx, *book, 12);
        QVERIFY2(outline.has_value(), outline ? "" : outline.error().message.c_str());
        QCOMPARE(outline->requests, 3); // 1–5, 6–10, 11–12
        const auto chapters = store::ChapterStore(*sim.db).list(*book).value();
        QCOMPARE(chapters.size(), std::size_t(12));
        for (std::size_t i = 0; i < chapters.size(); ++i) {
            QCOMPARE(chapters[i].position, int(i) + 1);
            QVERIFY(!chapters[i].title.empty());
            QCOMPARE(countText(chapters[i].title).isMostlyCjk(), language == u"zh");
        }
        // The outline names the bible's characters (the schema offers them).
        const auto first = store::ChapterStore(*sim.db).getAt(*book, 1).value();
        QVERIFY(first.outline.find(bible->characters[0].name) != std::string::npos
                || first.outline.find(bible->characters[1].name) != std::string::npos
                || first.outline.find(bible->characters[2].name) != std::string::npos
                || first.outline.find(bible->characters[3].name) != std::string::npos);

        // Every outlined chapter has its beats, and the draft prompt follows them.
        for (const auto &c : chapters)
            QVERIFY(store::BeatStore(*sim.db).list(c.id)->size() >= 2);
        auto preview = previewDraft(ctx, *book, 1);
        QVERIFY(preview.has_value());
        const auto beatsBlock
            = std::ranges::find(preview->blocks, BlockKind::Beats, &PromptBlock::kind);
        QVERIFY(beatsBlock != preview->blocks.end());
        QVERIFY(beatsBlock->text.starts_with("1. "));
        QVERIFY(preview->user.find(beatsBlock->text) != std::string::npos);

        auto draft = draftChapter(ctx, *book, 1);
        QVERIFY2(draft.has_value(), draft ? "" : draft.error().message.c_str());
        auto finalized = finalizeChapter(ctx, *book, 1, draft->generationId);
        QVERIFY2(finalized.has_value(), finalized ? "" : finalized.error().message.c_str());
        const auto chapter = store::ChapterStore(*sim.db).getAt(*book, 1).value();
        QVERIFY(countText(chapter.body).length() > 0);
        QCOMPARE(countText(chapter.body).isMostlyCjk(), language == u"zh");
        QVERIFY(!chapter.summary.empty());
        QVERIFY(!chapter.endState.empty());
        auto counts = generationCounts(*sim.db, chapter.id);
        QCOMPARE((counts[{"draft", "succeeded"}]), 1);
        QCOMPARE((counts[{"summary", "succeeded"}]), 1);
        QCOMPARE((counts[{"global_summary", "succeeded"}]), 1);
        QCOMPARE((counts[{"character_states", "succeeded"}]), 1);
        QCOMPARE((counts[{"continue", "succeeded"}]), draft->continuations);
    }

    void truncatedOutlineIsRetriedNeverStored()
    {
        QTemporaryDir dir;
        test::NovelSim sim(dir.path().toStdString());
        QVERIFY(sim.ready);
        const auto book = sim.makeOutlinedBook(0);
        PipelineOptions options;
        options.outlineTokensPerChapter = 1; // max_tokens cuts every reply short
        PipelineContext ctx = sim.context(options);
        auto outline = outlineBook(ctx, book, 4);
        QVERIFY(!outline.has_value());
        QCOMPARE(outline.error().code, ErrorCode::Parse);
        QCOMPARE(store::ChapterStore(*sim.db).list(book)->size(), std::size_t(0));
        auto stmt = sim.db->prepare("SELECT COUNT(*) FROM generations WHERE stage = 'outline'");
        (void)stmt->step();
        QCOMPARE(stmt->int64(0), std::int64_t(2)); // the first try and one retry
    }

    void batchWithScriptedFaults()
    {
        QTemporaryDir dir;
        test::SimSetup setup;
        setup.market = "degraded";
        setup.model = "qwen/qwen3-32b"; // no fp8 endpoint: every generation degrades
        test::NovelSim sim(dir.path().toStdString(), setup);
        QVERIFY(sim.ready);
        const auto book = sim.makeOutlinedBook(10);
        std::map<std::int64_t, int> positions;
        const auto chapterList = store::ChapterStore(*sim.db).list(book).value();
        for (const auto &c : chapterList)
            positions[c.id] = c.position;

        PipelineContext ctx = sim.context();
        // Each fault is queued right after the previous chapter finalizes, so it hits the
        // next chapter's draft.
        ctx.onStep = [&](const GenerationTask &task, const GenerationOutcome &) {
            if (task.stage != "character_states" || !task.chapterId)
                return;
            const int position = positions[*task.chapterId];
            if (position == 2)
                (void)sim.server->script(
                    {{"action", "stall"}, {"after_tokens", 5}, {"duration_ms", 200000}});
            if (position == 4)
                (void)sim.server->script({{"action", "mid_stream_error"}, {"after_tokens", 5}});
            if (position == 6)
                (void)sim.server->script({{"action", "http_error"}, {"status", 429}});
        };
        auto batchId = BatchScheduler::createBatch(*sim.shared, book, 1, 10, BatchMode::Sequential,
                                                   1, std::nullopt);
        QVERIFY(batchId.has_value());
        BatchScheduler scheduler(ctx, sim.budget);
        auto report = scheduler.run(*batchId);
        QVERIFY(report.has_value());
        std::string failures;
        for (const ChapterProgress &c : report->chapters)
            if (c.error)
                failures += std::to_string(c.position) + ": " + c.message + "; ";
        QVERIFY2(report->state == store::BatchState::Done, failures.c_str());
        QCOMPARE(report->done, 10);

        QVERIFY(attemptsWithError(*sim.db, ErrorCode::IdleStall) >= 1);
        QVERIFY(attemptsWithError(*sim.db, ErrorCode::MidStream) >= 1);
        QVERIFY(attemptsWithError(*sim.db, ErrorCode::RateLimit) >= 1);
        const auto batch = store::BatchStore(*sim.db).get(*batchId).value();
        for (const store::BatchItem &item : batch.items) {
            QCOMPARE(item.state, store::BatchItemState::Done);
            auto counts = generationCounts(*sim.db, item.chapterId);
            QCOMPARE((counts[{"draft", "succeeded"}]), 1);
            QCOMPARE((counts[{"summary", "succeeded"}]), 1);
            const auto chapter = store::ChapterStore(*sim.db).get(item.chapterId).value();
            QVERIFY(!chapter.body.empty());
            QVERIFY(!chapter.endState.empty());
        }
        // Degraded precision is on every record, with the precision that served.
        auto stmt = sim.db->prepare("SELECT COUNT(*), SUM(degraded), SUM(precision = 'fp8') FROM "
                                    "generations WHERE status = 'succeeded'");
        (void)stmt->step();
        QVERIFY(stmt->int64(0) >= 40);
        QCOMPARE(stmt->int64(1), stmt->int64(0));
        QCOMPARE(stmt->int64(2), std::int64_t(0));
        // The batch's recorded spend is what its attempts cost.
        QVERIFY(std::abs(batch.spentUsd - sumOfAttemptCosts(*sim.db, book)) < 1e-9);
    }

    void budgetIsNeverExceeded()
    {
        QTemporaryDir dir;
        double chapterCost = 0;
        {
            test::NovelSim probe(dir.filePath(QStringLiteral("probe")).toStdString());
            QVERIFY(probe.ready);
            const auto book = probe.makeOutlinedBook(1);
            PipelineContext ctx = probe.context();
            QVERIFY(draftChapter(ctx, book, 1).has_value());
            QVERIFY(finalizeChapter(ctx, book, 1).has_value());
            chapterCost = sumOfAttemptCosts(*probe.db, book);
        }
        QVERIFY(chapterCost > 0);
        // Room for about two and a half of eight chapters: the batch cannot finish.
        const double cap = 2.5 * chapterCost;
        test::SimSetup setup;
        setup.budgetUsd = cap;
        test::NovelSim sim(dir.path().toStdString(), setup);
        QVERIFY(sim.ready);
        const auto book = sim.makeOutlinedBook(8);
        auto batchId
            = BatchScheduler::createBatch(*sim.shared, book, 1, 8, BatchMode::Parallel, 3, cap);
        QVERIFY(batchId.has_value());
        BatchScheduler scheduler(sim.context(), sim.budget);
        std::vector<std::string> notices;
        std::mutex noticeMutex;
        BatchObserver observer;
        observer.onNotice = [&](const std::string &n) {
            std::lock_guard lock(noticeMutex);
            notices.push_back(n);
        };
        auto report = scheduler.run(*batchId, observer);
        QVERIFY(report.has_value());
        QCOMPARE(report->state, store::BatchState::Paused);
        QVERIFY(report->stopReason.has_value());
        QCOMPARE(report->stopReason->code, ErrorCode::Budget);
        QVERIFY(report->done < 8);
        // What the server billed (its truth), what the library recorded and the batch total
        // are one number, under the cap — and the cap is used, not left on the table.
        const double billed = test::billedBySimulator(*sim.server);
        const double spent = sumOfAttemptCosts(*sim.db, book);
        QVERIFY2(billed <= cap,
                 qPrintable(QStringLiteral("billed %1 > cap %2").arg(billed).arg(cap)));
        QVERIFY(std::abs(spent - billed) < 1e-9);
        QVERIFY(std::abs(report->spentUsd - billed) < 1e-9);
        qInfo("billed %.1f%% of the cap", 100.0 * billed / cap);
        QVERIFY2(billed >= 0.9 * cap,
                 qPrintable(QStringLiteral("billed only %1 of the cap %2").arg(billed).arg(cap)));
        // The concurrency was lowered before the batch stopped.
        QVERIFY(std::ranges::any_of(
            notices, [](const std::string &n) { return n.starts_with("lowering concurrency"); }));
        // The paused batch is the book's unfinished one, ready for --resume.
        auto unfinished = BatchScheduler::unfinishedBatch(*sim.shared, book);
        QVERIFY(unfinished.has_value() && unfinished->has_value());
        QCOMPARE((*unfinished)->id, *batchId);
    }

    void parallelBatchDraftsConcurrently()
    {
        QTemporaryDir dir;
        test::NovelSim sim(dir.path().toStdString());
        QVERIFY(sim.ready);
        const auto book = sim.makeOutlinedBook(6);
        auto batchId = BatchScheduler::createBatch(*sim.shared, book, 1, 6, BatchMode::Parallel, 3,
                                                   std::nullopt);
        QVERIFY(batchId.has_value());
        std::mutex mutex;
        int running = 0;
        int peak = 0;
        BatchObserver observer;
        std::map<int, ChapterPhase> phases;
        observer.onChapter = [&](const ChapterProgress &p) {
            std::lock_guard lock(mutex);
            const ChapterPhase before
                = phases.contains(p.position) ? phases[p.position] : ChapterPhase::Pending;
            if (before != ChapterPhase::Drafting && p.phase == ChapterPhase::Drafting)
                peak = std::max(peak, ++running);
            if (before == ChapterPhase::Drafting && p.phase != ChapterPhase::Drafting)
                --running;
            phases[p.position] = p.phase;
        };
        BatchScheduler scheduler(sim.context(), sim.budget);
        auto report = scheduler.run(*batchId, observer);
        QVERIFY(report.has_value());
        QCOMPARE(report->state, store::BatchState::Done);
        QCOMPARE(report->done, 6);
        QVERIFY(peak >= 2); // drafts overlap…
        QVERIFY(peak <= 3); // …within the concurrency limit
        QVERIFY(!report->providers.empty());
    }

    void killNineThenResume()
    {
        QTemporaryDir dir;
        test::SimSetup setup;
        setup.timeScale = 0.05;
        test::NovelSim sim(dir.path().toStdString(), setup);
        QVERIFY(sim.ready);
        const auto book = sim.makeOutlinedBook(8);
        const QString dbPath = dir.filePath(QStringLiteral("library.db"));
        const QString configPath = dir.filePath(QStringLiteral("routing.json"));
        QVERIFY(sim.config.save(configPath.toStdString()).has_value());
        const QProcessEnvironment env = test::cliEnvironment(QDir(dir.path()));
        const QStringList common{
            QStringLiteral("--db"),       dbPath,
            QStringLiteral("--config"),   configPath,
            QStringLiteral("--base-url"), QString::fromStdString(sim.server->baseUrl()),
            QStringLiteral("generate"),   QString::number(book)};

        QProcess first;
        first.setProcessEnvironment(env);
        first.start(test::cliPath(),
                    common + QStringList{QStringLiteral("--chapters"), QStringLiteral("1-8")});
        QVERIFY(first.waitForStarted());
        // Kill it hard once three chapters are done (mid-batch).
        auto doneItems = [&] {
            auto stmt = sim.db->prepare("SELECT COUNT(*) FROM batch_items WHERE state = 'done'");
            return stmt && *stmt->step() ? stmt->int64(0) : std::int64_t(0);
        };
        QTRY_VERIFY_WITH_TIMEOUT(doneItems() >= 3, 60000);
        QCOMPARE(first.state(), QProcess::Running);
        ::kill(static_cast<pid_t>(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(10000));
        const std::int64_t doneAtKill = doneItems();
        QVERIFY(doneAtKill < 8);

        // Generations of the chapters finished before the kill, to prove they are not redone.
        auto batch = store::BatchStore(*sim.db).unfinished().value();
        QCOMPARE(batch.size(), std::size_t(1));
        std::map<std::int64_t, std::int64_t> maxGenerationBefore;
        for (const store::BatchItem &item : batch.front().items) {
            auto stmt = sim.db->prepare(
                "SELECT COALESCE(MAX(id), 0) FROM generations WHERE chapter_id = ?");
            stmt->bind(1, item.chapterId);
            (void)stmt->step();
            if (item.state == store::BatchItemState::Done)
                maxGenerationBefore[item.chapterId] = stmt->int64(0);
        }

        QProcess second;
        second.setProcessEnvironment(env);
        second.start(test::cliPath(), common + QStringList{QStringLiteral("--resume")});
        QVERIFY(second.waitForFinished(120000));
        QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());
        const QByteArray out = second.readAllStandardOutput();
        QVERIFY(out.contains("Resuming batch"));
        QVERIFY(out.contains("Forecast"));

        const auto finished = store::BatchStore(*sim.db).get(batch.front().id).value();
        QCOMPARE(finished.state, store::BatchState::Done);
        for (const store::BatchItem &item : finished.items) {
            QCOMPARE(item.state, store::BatchItemState::Done);
            auto counts = generationCounts(*sim.db, item.chapterId);
            QCOMPARE((counts[{"draft", "succeeded"}]), 1);
            QCOMPARE((counts[{"summary", "succeeded"}]), 1);
            QCOMPARE((counts[{"global_summary", "succeeded"}]), 1);
            QCOMPARE((counts[{"character_states", "succeeded"}]), 1);
            if (maxGenerationBefore.contains(item.chapterId)) {
                auto stmt = sim.db->prepare(
                    "SELECT COALESCE(MAX(id), 0) FROM generations WHERE chapter_id = ?");
                stmt->bind(1, item.chapterId);
                (void)stmt->step();
                QCOMPARE(stmt->int64(0), maxGenerationBefore[item.chapterId]); // nothing new
            }
        }

        // Why each attempt of chapter 1 went where it went, as the writer asks it.
        QProcess why;
        why.setProcessEnvironment(env);
        why.start(test::cliPath(),
                  {QStringLiteral("--db"), dbPath, QStringLiteral("--json"),
                   QStringLiteral("chapter"), QStringLiteral("routing"), QString::number(book),
                   QStringLiteral("1")});
        QVERIFY(why.waitForFinished(30000));
        QCOMPARE(why.exitCode(), 0);
        const json routing = json::parse(why.readAllStandardOutput().toStdString());
        QVERIFY(!routing["attempts"].empty());
        for (const json &a : routing["attempts"]) {
            QCOMPARE(a["strategy"].get<std::string>(), std::string("adaptive"));
            QVERIFY(!a["order"].empty());
            QVERIFY(!a["reason"].get<std::string>().empty());
        }
    }

    void simulatorAnswersSchemas_data()
    {
        QTest::addColumn<QString>("prose");
        QTest::addColumn<bool>("chinese");
        QTest::newRow("English") << "Outline the chapters now." << false;
        QTest::newRow("Chinese") << "请为以下章节编写大纲，一章都不能少，并承接前文。" << true;
    }

    void simulatorAnswersSchemas()
    {
        QFETCH(QString, prose);
        QFETCH(bool, chinese);
        const std::string prompt = prose.toStdString() + "\n<schema>\n"
            + outlineSchema(7, 11, {"Mara", "Ilse"}).dump(1) + "\n</schema>\n";
        sim::Rng rng(3);
        auto tokens = sim::structuredReply(prompt, rng);
        QVERIFY(tokens.has_value());
        std::string text;
        for (const std::string &t : *tokens)
            text += t;
        auto chunk = parseOutlineChunk(json::parse(text), 7, 11);
        QVERIFY2(chunk.has_value(), chunk ? "" : chunk.error().message.c_str());
        QCOMPARE(chunk->size(), std::size_t(5));
        for (const ChapterPlan &plan : *chunk) {
            QCOMPARE(countText(plan.summary).isMostlyCjk(), chinese);
            for (const std::string &name : plan.characters)
                QVERIFY(name == "Mara" || name == "Ilse");
            // The schema offers beats, so the simulator answers with them.
            QVERIFY(plan.beats.size() >= 2 && plan.beats.size() <= 5);
            for (const BeatPlan &beat : plan.beats) {
                QCOMPARE(countText(beat.text).isMostlyCjk(), chinese);
                QVERIFY(beat.pov == "Mara" || beat.pov == "Ilse");
            }
        }
        sim::Rng none(3);
        QVERIFY(!sim::structuredReply("no schema here", none).has_value());
        QVERIFY(!sim::structuredReply("<schema>{not json</schema>", none).has_value());
    }
};

QTEST_GUILESS_MAIN(TestNovelE2e)
#include "test_novel_e2e.moc"
