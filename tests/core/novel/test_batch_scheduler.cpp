// BatchScheduler policies against a scripted generator: pause and resume without redoing
// work, cancel, a failed chapter does not stop the batch, 401/402 do.
#include "novel/batch_scheduler.h"
#include "novel/book_setup.h"
#include "novel/shared_database.h"
#include "scripted_generator.h"
#include "store/batch_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;

class TestBatchScheduler : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<SharedDatabase> m_shared;
    std::unique_ptr<test::ScriptedGenerator> m_generator;
    PromptLibrary m_prompts{std::filesystem::path("/nonexistent-override-dir")};
    std::int64_t m_book = 0;
    std::map<std::int64_t, int> m_positions;
    int m_counter = 0;

    /// Every step answers with plain text; drafts are long enough to need no continuation.
    void answerEverything()
    {
        m_generator->fallback = [](const GenerationTask &task) {
            std::string text = task.stage + " text";
            if (task.stage == "draft")
                for (int i = 0; i < 40; ++i)
                    text += " word";
            return test::ScriptedReply(text, "stop");
        };
    }

    int draftsOf(int position)
    {
        int count = 0;
        for (const GenerationTask &t : m_generator->tasks)
            if (t.stage == "draft" && t.chapterId && m_positions[*t.chapterId] == position)
                ++count;
        return count;
    }

    std::int64_t makeBatch(BatchMode mode, int concurrency = 1)
    {
        return BatchScheduler::createBatch(*m_shared, m_book, 1, 4, mode, concurrency, std::nullopt)
            .value();
    }

    PipelineContext context()
    {
        return PipelineContext{*m_shared, *m_generator, m_prompts, PipelineOptions{},
                               {},        {},           {},        {}};
    }

private slots:
    void init()
    {
        auto db = store::Database::open(
            m_dir.filePath(QStringLiteral("lib%1.db").arg(++m_counter)).toStdString());
        QVERIFY(db.has_value());
        m_db = std::move(*db);
        m_shared = std::make_unique<SharedDatabase>(*m_db);
        m_generator = std::make_unique<test::ScriptedGenerator>();
        m_generator->db = m_shared.get();
        BookSetupRequest request;
        request.title = "B";
        request.premise = "p";
        m_book = createBook(*m_shared, request).value();
        m_positions.clear();
        for (int p = 1; p <= 4; ++p) {
            store::Chapter c;
            c.position = p;
            c.outline = "outline " + std::to_string(p);
            c.targetLength = 30;
            m_positions[store::ChapterStore(*m_db).add(m_book, c).value()] = p;
        }
        answerEverything();
    }

    void cleanup()
    {
        m_generator.reset();
        m_shared.reset();
        m_db.reset();
    }

    void pauseThenResumeDoesNotRedoWork_data()
    {
        QTest::addColumn<bool>("parallel");
        QTest::newRow("sequential") << false;
        QTest::newRow("parallel") << true;
    }

    void pauseThenResumeDoesNotRedoWork()
    {
        QFETCH(bool, parallel);
        const auto batchId = makeBatch(parallel ? BatchMode::Parallel : BatchMode::Sequential);
        {
            // Pause once chapter 2 has finalized.
            PipelineContext ctx = context();
            BatchScheduler *self = nullptr;
            ctx.onStep = [&](const GenerationTask &task, const GenerationOutcome &) {
                if (task.stage == "character_states" && m_positions[*task.chapterId] == 2 && self)
                    self->pause();
            };
            BatchScheduler pausing(ctx);
            self = &pausing;
            auto report = pausing.run(batchId);
            QVERIFY(report.has_value());
            QCOMPARE(report->state, store::BatchState::Paused);
            QVERIFY(report->done >= 2);
            QVERIFY(report->done < 4);
        }
        BatchScheduler resumed(context());
        auto report = resumed.run(batchId);
        QVERIFY(report.has_value());
        QCOMPARE(report->state, store::BatchState::Done);
        QCOMPARE(report->done, 4);
        for (int p = 1; p <= 4; ++p)
            QCOMPARE(draftsOf(p), 1);
    }

    void failedChapterDoesNotStopTheBatch()
    {
        const auto batchId = makeBatch(BatchMode::Sequential);
        auto fallback = m_generator->fallback;
        m_generator->fallback = [&, fallback](const GenerationTask &task) {
            if (task.stage == "draft" && m_positions[*task.chapterId] == 2) {
                test::ScriptedReply reply("", "stop");
                reply.error = ErrorCode::Provider;
                return reply;
            }
            return fallback(task);
        };
        BatchScheduler scheduler(context());
        auto report = scheduler.run(batchId);
        QVERIFY(report.has_value());
        QCOMPARE(report->state, store::BatchState::Failed);
        QCOMPARE(report->done, 3);
        QCOMPARE(report->failed, 1);
        const auto batch = store::BatchStore(*m_db).get(batchId).value();
        QCOMPARE(batch.items[1].state, store::BatchItemState::Failed);
        QCOMPARE(batch.items[1].errorClass, std::optional(ErrorCode::Provider));
        QCOMPARE(draftsOf(3), 1);
        QCOMPARE(draftsOf(4), 1);
    }

    void retryAfterAFinalizeFailureDoesNotDraftAgain()
    {
        const auto batchId = makeBatch(BatchMode::Sequential);
        auto fallback = m_generator->fallback;
        bool failed = false;
        m_generator->fallback = [&, fallback](const GenerationTask &task) {
            if (task.stage == "character_states" && m_positions[*task.chapterId] == 2 && !failed) {
                failed = true;
                test::ScriptedReply reply("", "stop");
                reply.error = ErrorCode::Provider;
                return reply;
            }
            return fallback(task);
        };
        {
            BatchScheduler scheduler(context());
            auto report = scheduler.run(batchId);
            QVERIFY(report.has_value());
            QCOMPARE(report->failed, 1);
            QCOMPARE(store::BatchStore(*m_db).get(batchId).value().items[1].state,
                     store::BatchItemState::Failed);
        }
        BatchScheduler retry(context());
        auto report = retry.run(batchId);
        QVERIFY(report.has_value());
        QCOMPARE(report->state, store::BatchState::Done);
        QCOMPARE(report->done, 4);
        // Chapter 2's draft was stored (and paid for) before finalizing failed: not redone.
        for (int p = 1; p <= 4; ++p)
            QCOMPARE(draftsOf(p), 1);
    }

    void authAndCreditsStopTheBatch_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("401") << int(ErrorCode::Auth);
        QTest::newRow("402") << int(ErrorCode::Credits);
    }

    void authAndCreditsStopTheBatch()
    {
        QFETCH(int, code);
        const auto batchId = makeBatch(BatchMode::Sequential);
        auto fallback = m_generator->fallback;
        m_generator->fallback = [&, fallback](const GenerationTask &task) {
            if (task.stage == "draft" && m_positions[*task.chapterId] == 2) {
                test::ScriptedReply reply("", "stop");
                reply.error = static_cast<ErrorCode>(code);
                return reply;
            }
            return fallback(task);
        };
        BatchScheduler scheduler(context());
        auto report = scheduler.run(batchId);
        QVERIFY(report.has_value());
        QCOMPARE(report->state, store::BatchState::Paused);
        QVERIFY(report->stopReason.has_value());
        QCOMPARE(int(report->stopReason->code), code);
        QCOMPARE(report->done, 1);
        QCOMPARE(draftsOf(3), 0); // nothing after the stop
        // The chapter is not marked failed: it is retried on --resume.
        const auto batch = store::BatchStore(*m_db).get(batchId).value();
        QCOMPARE(batch.items[1].state, store::BatchItemState::Running);
    }

    void cancelStopsEverything()
    {
        const auto batchId = makeBatch(BatchMode::Parallel, 2);
        PipelineContext ctx = context();
        BatchScheduler *self = nullptr;
        ctx.onStep = [&](const GenerationTask &, const GenerationOutcome &) {
            if (self)
                self->cancel();
        };
        BatchScheduler scheduler(ctx);
        self = &scheduler;
        auto report = scheduler.run(batchId);
        QVERIFY(report.has_value());
        QCOMPARE(report->state, store::BatchState::Cancelled);
        QVERIFY(report->done < 4);
        QCOMPARE(store::BatchStore(*m_db).get(batchId)->state, store::BatchState::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestBatchScheduler)
#include "test_batch_scheduler.moc"
