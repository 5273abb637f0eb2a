// PipelineRuntime against an in-process simulator on loopback: the catalog reaches the forecast
// basis, the default model comes from the routing config, a bad URL is refused, and the budget
// is the Router's cap.
#include "novel/book_setup.h"
#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "sim/sim_server.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "support/silent_listener.h"

#include <QTemporaryDir>

#include <QtTest/QtTest>
#include <chrono>
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
};

QTEST_GUILESS_MAIN(TestPipelineRuntime)
#include "test_pipeline_runtime.moc"
