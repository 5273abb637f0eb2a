// PipelineRuntime against an in-process simulator on loopback: the catalog reaches the forecast
// basis, the default model comes from the routing config, a bad URL is refused, the budget
// is the Router's cap, and a run (a batch) on a runtime shared with single generations has its
// own cap, config and cancel.
#include "novel/book_setup.h"
#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "sim/sim_server.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "support/silent_listener.h"

#include <QTemporaryDir>

#include <QtTest/QtTest>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace scriptorium;
using namespace scriptorium::novel;

class TestPipelineRuntime : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sim::SimServer> m_sim;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<SharedDatabase> m_shared;

    RoutingSetup setup()
    {
        RoutingSetup s;
        s.baseUrl = m_sim->baseUrl();
        s.apiKey = routing::ApiKey("sk-test-runtime");
        return s;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        sim::SimOptions options;
        options.timeScale = 0.01;
        m_sim = std::make_unique<sim::SimServer>(options);
        QVERIFY(m_sim->start().has_value());
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("lib.db")).toStdString());
        QVERIFY(db.has_value());
        m_db = std::move(*db);
        m_shared = std::make_unique<SharedDatabase>(*m_db);
    }

    void cleanupTestCase()
    {
        m_shared.reset();
        m_db.reset();
        m_sim.reset();
    }

    void defaultModelAndBudget()
    {
        RoutingSetup s = setup();
        s.budgetUsd = 0.25;
        auto runtime = PipelineRuntime::start(*m_shared, s);
        QVERIFY(runtime.has_value());
        QCOMPARE((*runtime)->model(), routing::RoutingConfig::defaults().defaultModel);
        QVERIFY((*runtime)->budget());
        QCOMPARE((*runtime)->budget()->remainingUsd(), std::optional<double>(0.25));
        QCOMPARE((*runtime)->context({}).options.model, (*runtime)->model());
    }

    void runSharesTheRuntimeWithItsOwnCap()
    {
        auto runtime = PipelineRuntime::start(*m_shared, setup()); // unlimited, as the window's
        QVERIFY(runtime.has_value());
        PipelineRuntime &rt = **runtime;
        auto single = [&rt]() -> std::optional<GenerationOutcome> {
            std::mutex mutex;
            std::condition_variable cv;
            std::optional<GenerationOutcome> outcome;
            PipelineRuntime::SingleCallbacks callbacks;
            callbacks.onDone = [&](const GenerationOutcome &o) {
                std::lock_guard lock(mutex);
                outcome = o;
                cv.notify_all();
            };
            GenerationTask task;
            task.stage = "draft";
            task.request.messages = {{"user", "Write a line about a harbour."}};
            task.request.maxTokens = 60;
            if (!rt.startSingle(task, callbacks))
                return std::nullopt;
            std::unique_lock lock(mutex);
            cv.wait_for(lock, std::chrono::seconds(60), [&] { return outcome.has_value(); });
            return outcome;
        };
        const auto first = single();
        QVERIFY(first && first->result.ok());
        const double singleCost = first->result.totalCostUsd();
        QVERIFY(singleCost > 0);
        QCOMPARE(rt.budget()->spentUsd(), singleCost);

        // A batch's run: its own preset (a 1-attempt retry limit) and its own $1 cap.
        routing::RoutingConfig preset = routing::RoutingConfig::defaults();
        preset.retry.maxAttempts = 1;
        auto cap = std::make_shared<routing::Budget>(1.0);
        auto run = rt.openRun(RunRouting{preset, "", cap});
        QCOMPARE(run->model(), preset.defaultModel);
        QCOMPARE(run->budget(), cap);
        PipelineContext context = run->context({});
        QCOMPARE(context.budget, cap);
        QVERIFY(context.routing);
        QCOMPARE(context.routing->retry.maxAttempts, 1);
        GenerationTask step;
        step.stage = "draft";
        step.request.model = run->model();
        step.request.messages = {{"user", "Write a line about a lighthouse."}};
        step.request.maxTokens = 60;
        const GenerationOutcome stepped = runStep(context, step);
        QVERIFY2(stepped.result.ok(),
                 stepped.result.error ? stepped.result.error->message.c_str() : "");
        // Each cap counts its own generations only.
        QCOMPARE(cap->spentUsd(), stepped.result.totalCostUsd());
        QCOMPARE(rt.budget()->spentUsd(), singleCost);

        // Cancelling the run (a batch's cancel) leaves the runtime's single generations alone.
        run->generator().cancelAll();
        const GenerationOutcome refused = runStep(context, step);
        QVERIFY(refused.result.error);
        QCOMPARE(refused.result.error->code, ErrorCode::Cancelled);
        const auto after = single();
        QVERIFY(after && after->result.ok());
    }

    void keyInfoAndModelsUseTheRuntimesCatalog()
    {
        auto runtime = PipelineRuntime::start(*m_shared, setup());
        QVERIFY(runtime.has_value());
        auto key = (*runtime)->keyInfo();
        QVERIFY2(key.has_value(), key ? "" : key.error().message.c_str());
        auto models = (*runtime)->models();
        QVERIFY(models.has_value());
        QVERIFY(!models->empty());
    }

    void badUrlIsRefused()
    {
        RoutingSetup s = setup();
        s.baseUrl = "not a url";
        auto runtime = PipelineRuntime::start(*m_shared, s);
        QVERIFY(!runtime.has_value());
        QCOMPARE(runtime.error().code, ErrorCode::InvalidArgument);
    }

    void catalogPricesReachTheForecast()
    {
        auto runtime = PipelineRuntime::start(*m_shared, setup());
        QVERIFY(runtime.has_value());
        const CatalogBasis basis = (*runtime)->catalogBasis(1000);
        QVERIFY(basis.promptPrice > 0);
        QVERIFY(basis.completionPriceLow <= basis.completionPrice);
        QVERIFY(basis.completionPrice <= basis.completionPriceHigh);
        QCOMPARE(basis.draftCompletionTokens, 1000.0);

        // A book without drafts is forecast from the catalog, scaled by its chapter target.
        BookSetupRequest request;
        request.title = "B";
        request.premise = "p";
        request.chapterTarget = 300;
        const auto book = createBook(*m_shared, request);
        QVERIFY(book.has_value());
        store::Chapter c;
        c.position = 1;
        c.outline = "o";
        c.targetLength = 300;
        QVERIFY(store::ChapterStore(*m_db).add(*book, c).has_value());
        const ForecastProfile profile = (*runtime)->forecastProfile(*book, 1);
        QCOMPARE(profile.basis, std::string("catalog"));
        const auto draft
            = std::ranges::find(profile.stages, std::string("draft"), &StageProfile::stage);
        QVERIFY(draft != profile.stages.end());
        QCOMPARE(draft->completionTokens, 300 * 1.33);
        QVERIFY(draft->costUsd > 0);
        // The default config routes every stage for speed: outlooks, but nothing to save.
        QCOMPARE(profile.objectives.size(), profile.stages.size());
        QVERIFY(!forecastBatch(profile, 3, BatchMode::Sequential, 1).saving.has_value());

        // Drafts for cost: the runtime's config reaches the forecast's objective outlooks.
        RoutingSetup staged = setup();
        staged.config.stages["draft"].objective = routing::RoutingObjective::Cost;
        auto cheap = PipelineRuntime::start(*m_shared, staged);
        QVERIFY(cheap.has_value());
        const ForecastProfile cheapProfile = (*cheap)->forecastProfile(*book, 1);
        const auto outlook = std::ranges::find(cheapProfile.objectives, std::string("draft"),
                                               &ObjectiveOutlook::stage);
        QVERIFY(outlook != cheapProfile.objectives.end());
        QCOMPARE(outlook->objective, routing::RoutingObjective::Cost);
        QVERIFY(outlook->costUsd <= outlook->speedCostUsd);
        QVERIFY(outlook->seconds >= outlook->speedSeconds);
        const BatchForecast f = forecastBatch(cheapProfile, 3, BatchMode::Sequential, 1);
        QVERIFY(f.saving.has_value());
        // Continuations follow the draft's policy.
        QCOMPARE(f.saving->stages.size(), std::size_t(2));
        QCOMPARE(f.saving->stages[0].stage, std::string("draft"));
        QCOMPARE(f.saving->stages[1].stage, std::string("continue"));
        QVERIFY(f.saving->savedUsd() >= 0);
    }

    // A server that takes the connection and never answers: without the stopper, start()
    // would wait for the catalog's 60 s timeout (and a closing window with it).
    void stopEndsAStartWaitingForTheCatalog()
    {
        testing::SilentListener listener;
        QVERIFY(listener.ok());
        RoutingSetup s = setup();
        s.baseUrl = listener.baseUrl();
        s.stopper = std::make_shared<RuntimeStopper>();
        std::optional<Result<std::unique_ptr<PipelineRuntime>>> started;
        std::thread starter([&] { started = PipelineRuntime::start(*m_shared, s); });
        // The catalog request is in flight once its connection waits in the listen queue.
        QVERIFY(listener.hasWaitingConnection(5000));
        const auto stoppedAt = std::chrono::steady_clock::now();
        s.stopper->stop();
        starter.join();
        const auto took = std::chrono::steady_clock::now() - stoppedAt;
        QVERIFY2(
            took < std::chrono::seconds(2),
            qPrintable(QString::number(std::chrono::duration<double, std::milli>(took).count())));
        // It still starts (without the catalog), and its requests fail as cancelled.
        QVERIFY(started.has_value() && started->has_value());
        QVERIFY(s.stopper->stopped());
        const CatalogBasis basis = (**started)->catalogBasis(1000);
        QCOMPARE(basis.promptPrice, 0.0);

        // Stopped before it starts (the server still listening): start() does not wait either.
        RoutingSetup again = s;
        again.stopper = std::make_shared<RuntimeStopper>();
        again.stopper->stop();
        const auto before = std::chrono::steady_clock::now();
        QVERIFY(PipelineRuntime::start(*m_shared, again).has_value());
        QVERIFY(std::chrono::steady_clock::now() - before < std::chrono::seconds(2));
    }

    // The window's Generate (issue 14): one generation through the same runtime, recorded
    // before it is sent, streamed into the library while it runs, recorded like a CLI step.
    void singleGenerationIsDurableWhileItStreams()
    {
        sim::SimOptions options;
        options.timeScale = 0.3; // slow enough to look at the library mid-stream
        sim::SimServer slow(options);
        QVERIFY(slow.start().has_value());
        RoutingSetup s = setup();
        s.baseUrl = slow.baseUrl();
        auto runtime = PipelineRuntime::start(*m_shared, s);
        QVERIFY(runtime.has_value());

        struct Seen {
            std::mutex mutex;
            std::condition_variable cv;
            std::string text;
            std::optional<routing::AttemptRecord> firstToken;
            std::vector<routing::AttemptRecord> finished;
            std::optional<GenerationOutcome> outcome;
        } seen;
        PipelineRuntime::SingleCallbacks callbacks;
        callbacks.progress.onFirstToken = [&](const routing::AttemptRecord &a) {
            std::lock_guard lock(seen.mutex);
            seen.firstToken = a;
        };
        callbacks.progress.onDelta = [&](std::string_view d, bool reasoning) {
            std::lock_guard lock(seen.mutex);
            if (!reasoning)
                seen.text += d;
        };
        callbacks.progress.onAttemptFinished = [&](const routing::AttemptRecord &a) {
            std::lock_guard lock(seen.mutex);
            seen.finished.push_back(a);
        };
        callbacks.onDone = [&](const GenerationOutcome &o) {
            std::lock_guard lock(seen.mutex);
            seen.outcome = o;
            seen.cv.notify_all();
        };
        GenerationTask task;
        task.stage = "draft";
        task.request.model = "deepseek/deepseek-chat"; // not the runtime's: endpoints fetched
        task.request.messages
            = {{"system", "You are a novelist."}, {"user", "Write a long scene at a harbour."}};
        task.request.maxTokens = 600;
        auto ticket = (*runtime)->startSingle(task, callbacks);
        QVERIFY2(ticket.has_value(), ticket ? "" : ticket.error().message.c_str());
        QVERIFY(ticket->recordId > 0);

        // Through the SharedDatabase: the runtime's threads use the same connection.
        auto row = [&](std::int64_t &id, std::string &status, std::string &output) {
            return m_shared->with([&](store::Database &db) {
                auto stmt = db.prepare(
                    "SELECT id, status, output FROM generations ORDER BY id DESC LIMIT 1");
                if (!stmt || !*stmt->step())
                    return false;
                id = stmt->int64(0);
                status = stmt->text(1);
                output = stmt->text(2);
                return true;
            });
        };
        std::int64_t id = 0;
        std::string status, output;
        // Recorded before anything was sent.
        QVERIFY(row(id, status, output));
        QCOMPARE(status, std::string("running"));
        // While it streams, the text reaches the library (what a kill would keep).
        QTRY_VERIFY_WITH_TIMEOUT(
            row(id, status, output) && status == "running" && output.size() > 20, 20000);
        {
            std::unique_lock lock(seen.mutex);
            QVERIFY(seen.cv.wait_for(lock, std::chrono::seconds(60),
                                     [&] { return seen.outcome.has_value(); }));
        }
        const GenerationOutcome &o = *seen.outcome;
        QVERIFY2(o.result.ok(), o.result.error ? o.result.error->message.c_str() : "");
        QCOMPARE(o.recordId, std::optional(id));
        QVERIFY(seen.firstToken.has_value());
        QCOMPARE(seen.text, o.result.text);
        // The record is the CLI's: text, attempts, cost, and StreamMeter's figures — one
        // number per measurement whoever shows it.
        auto stored = m_shared->with(
            [&](store::Database &db) { return store::GenerationStore(db).get(id).value(); });
        QCOMPARE(stored.status, store::GenerationStatus::Succeeded);
        QCOMPARE(stored.output, o.result.text);
        QCOMPARE(stored.costUsd, std::optional(o.result.totalCostUsd()));
        const routing::AttemptRecord *last = o.result.finalAttempt();
        QVERIFY(last != nullptr);
        QCOMPARE(stored.ttftMs, last->ttftMs);
        QCOMPARE(stored.decodeTps, last->decodeTokensPerSecond);
        QCOMPARE(stored.e2eTps, last->e2eTokensPerSecond);
        QCOMPARE(m_shared->with([&](store::Database &db) {
            return store::GenerationStore(db).attempts(id)->size();
        }),
                 o.result.attempts.size());
        QVERIFY(!last->quantization.empty()); // the fetched endpoints named the precision
        // Its reservation was released in the transaction that recorded the cost.
        // (Scoped: a statement left on a row would hold a read snapshot and block writers.)
        const auto held = m_shared->with([](store::Database &db) {
            return db.queryInt("SELECT COUNT(*) FROM budget_reservations");
        });
        QCOMPARE(held.value_or(-1), std::int64_t(0));

        // Cancelled mid-stream: the partial text and its best-known cost are kept.
        {
            std::lock_guard lock(seen.mutex);
            seen.outcome.reset();
        }
        auto second = (*runtime)->startSingle(task, callbacks);
        QVERIFY(second.has_value());
        QTRY_VERIFY2_WITH_TIMEOUT(row(id, status, output) && output.size() > 20,
                                  qPrintable(QStringLiteral("%1 %2 %3")
                                                 .arg(id)
                                                 .arg(QString::fromStdString(status))
                                                 .arg(output.size())),
                                  20000);
        (*runtime)->cancelSingle(second->ticket);
        {
            std::unique_lock lock(seen.mutex);
            QVERIFY(seen.cv.wait_for(lock, std::chrono::seconds(30),
                                     [&] { return seen.outcome.has_value(); }));
        }
        QCOMPARE(seen.outcome->result.error->code, ErrorCode::Cancelled);
        auto cancelled = m_shared->with([&](store::Database &db) {
            return store::GenerationStore(db).get(*seen.outcome->recordId).value();
        });
        QCOMPARE(cancelled.status, store::GenerationStatus::Cancelled);
        QVERIFY(!cancelled.output.empty());
        QVERIFY(cancelled.costUsd.value_or(0) > 0);
    }
};

QTEST_GUILESS_MAIN(TestPipelineRuntime)
#include "test_pipeline_runtime.moc"
