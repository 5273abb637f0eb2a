// The Batch dock against an in-process simulator on loopback (time scale 0.01): a batch
// completes and the tree shows it, pause/resume pays nothing twice, a failure says what to do
// and Retry completes it, a batch interrupted by closing the window is offered again, and the
// forecast shows what the routing config's cost-minded stage policies save against speed. The
// Batch and Generate docks run on the window's one runtime, a batch's cap counts only its own
// steps, and an unreadable preset is reported instead of quietly replaced.
#include "novel/batch_scheduler.h"
#include "novel/book_setup.h"
#include "novel/shared_database.h"
#include "sim/sim_server.h"
#include "store/batch_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "support/silent_listener.h"
#include "ui/app_settings.h"
#include "ui/application_setup.h"
#include "ui/autosaver.h"
#include "ui/batch/batch_bridge.h"
#include "ui/batch/batch_chapter_list.h"
#include "ui/batch/batch_panel.h"
#include "ui/chapter_editor.h"
#include "ui/generation/demo_mode.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_messages.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/main_window.h"
#include "ui/routing/app_connection.h"
#include "ui/routing/routing_presets.h"
#include "ui/routing/routing_session.h"
#include "ui/runtime/app_runtime.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItem>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

constexpr int kTimeoutMs = 30000;
constexpr int kChapters = 5;
const QString kKey = QStringLiteral("sk-test-batch-3e9d");

/// A window on a fresh library with one outlined book of five short chapters, its Batch dock
/// pointed at `sim`; without `fixedConnection` it goes where the environment and settings say,
/// with kKey stored in the keychain.
struct Fixture {
    Fixture(sim::SimServer &sim, const QString &path, bool fixedConnection = true)
    {
        if (!fixedConnection)
            secrets.writeKey(kKey, &secrets, [](bool, const QString &) {});
        window = std::make_unique<MainWindow>(&secrets);
        QVERIFY(window->openLibraryFile(path));
        novel::SharedDatabase shared(window->session()->database());
        novel::BookSetupRequest request;
        request.title = "Lamp";
        request.premise = "A lighthouse keeper and a ship that does not exist.";
        request.chapters = kChapters;
        request.chapterTarget = 120;
        auto book = novel::createBook(shared, request);
        QVERIFY(book.has_value());
        bookId = *book;
        novel::StoryBible bible{"A keeper and a ghost ship",
                                {{"Mara", "keeper", "Keeps the light.", "alone"}},
                                {{"place", "Isle", "A rock in the sea."}}};
        QVERIFY(novel::storeBible(shared, bookId, bible, "en").has_value());
        for (int p = 1; p <= kChapters; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Part " + std::to_string(p);
            c.outline = "Mara tends the lamp, part " + std::to_string(p) + ".";
            c.targetLength = 120;
            c.targetUnit = "words";
            auto id = window->session()->chapters().add(bookId, c);
            QVERIFY(id.has_value());
            chapters.push_back(*id);
        }
        window->session()->notifyChanged();
        QVERIFY(window->libraryTree()->selectBook(bookId));
        panel = window->batchPanel();
        QVERIFY(panel);
        if (fixedConnection)
            panel->setConnection(QString::fromStdString(sim.baseUrl()), kKey);
        QCOMPARE(panel->bookId(), bookId);
        ok = true;
    }

    /// Runs `action` and waits for the batch to end; the state it ended in.
    template<typename F> std::optional<store::BatchState> runToEnd(F action)
    {
        QSignalSpy finished(panel, &BatchPanel::batchFinished);
        if (!action())
            return std::nullopt;
        if (!finished.wait(kTimeoutMs) && finished.isEmpty())
            return std::nullopt;
        return finished.takeFirst().at(0).value<store::BatchState>();
    }

    /// Generations of `stage` per chapter, any status.
    std::map<std::int64_t, int> generations(const std::string &stage)
    {
        std::map<std::int64_t, int> out;
        auto stmt = window->session()->database().prepare(
            "SELECT chapter_id, COUNT(*) FROM generations WHERE stage = ? GROUP BY chapter_id");
        stmt->bind(1, stage);
        while (*stmt->step())
            out[stmt->int64(0)] = static_cast<int>(stmt->int64(1));
        return out;
    }

    double attemptCosts()
    {
        auto stmt = window->session()->database().prepare(
            "SELECT COALESCE(SUM(a.cost_usd), 0) FROM attempts a JOIN generations g "
            "ON g.id = a.generation_id WHERE g.book_id = ?");
        stmt->bind(1, bookId);
        (void)stmt->step();
        return stmt->real(0);
    }

    store::Batch storedBatch()
    {
        return store::BatchStore(window->session()->database()).get(panel->batchId()).value();
    }

    MemorySecretStore secrets;
    std::unique_ptr<MainWindow> window;
    BatchPanel *panel = nullptr;
    std::int64_t bookId = 0;
    std::vector<std::int64_t> chapters;
    bool ok = false; ///< the constructor's checks all passed
};

} // namespace

Q_DECLARE_METATYPE(scriptorium::store::BatchState)

class TestBatchPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void batchOfFiveCompletesAndTreeShowsStates();
    void pauseThenResumeDoesNotPayTwice();
    void failedChapterSaysWhatToDoAndRetryCompletesIt();
    void closedWindowOffersResumeOnReopen();
    void discardStopsOfferingTheBatch();
    void dockIsInTheViewMenuWithAShortcut();
    void demoModeRunsBatchesAgainstItsSimulator();
    void environmentBaseUrlWinsOverSettings();
    void closingDuringACatalogFetchDoesNotWait();
    void forecastShowsTheSavingAgainstSpeed();
    void generateAndBatchShareOneRuntime();
    void unreadablePresetIsReported();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::SimServer> m_sim;
};

void TestBatchPanel::initTestCase()
{
    qRegisterMetaType<store::BatchState>();
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    qputenv("XDG_CONFIG_HOME", m_settingsDir.path().toUtf8());
    qunsetenv("OPENROUTER_API_KEY");
    ApplicationSetup::configure(*qApp);
    ApplicationSetup::installTranslators(*qApp, QStringLiteral("en"));
}

void TestBatchPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // These two talk to no simulator or to their own.
    const QByteArray test = QTest::currentTestFunction();
    if (test == "dockIsInTheViewMenuWithAShortcut"
        || test == "demoModeRunsBatchesAgainstItsSimulator")
        return;
    sim::SimOptions options;
    options.market = "default";
    options.timeScale = 0.01;
    options.seed = 11;
    m_sim = std::make_unique<sim::SimServer>(options);
    QVERIFY(m_sim->start().has_value());
}

void TestBatchPanel::cleanup()
{
    m_sim.reset();
    m_dir.reset();
}

void TestBatchPanel::batchOfFiveCompletesAndTreeShowsStates()
{
    Fixture f(*m_sim, m_dir->filePath(QStringLiteral("lib.db")));
    QVERIFY(f.ok);
    // The open chapter has nothing unsaved: it reloads with the drafted text.
    QVERIFY(f.window->openChapter(f.chapters[0]));
    QCOMPARE(f.window->editor()->toPlainText(), QString());
    f.panel->setRange(1, kChapters);
    f.panel->setMode(novel::BatchMode::Parallel);
    f.panel->setConcurrency(kChapters);
    QCOMPARE(f.panel->chapterList()->rows(), kChapters);
    // The forecast arrives from the worker (catalog prices) and follows the fields.
    QTRY_VERIFY_WITH_TIMEOUT(f.panel->forecast().has_value(), kTimeoutMs);
    QCOMPARE(f.panel->forecast()->chapters, kChapters);
    QVERIFY(f.panel->forecast()->costUsd.expected > 0);
    const double fiveChapters = f.panel->forecast()->costUsd.expected;
    f.panel->setRange(1, 2);
    QCOMPARE(f.panel->forecast()->chapters, 2);
    QVERIFY(f.panel->forecast()->costUsd.expected < fiveChapters);
    f.panel->setRange(1, kChapters);

    const auto state = f.runToEnd([&] { return f.panel->start(); });
    QVERIFY2(state == store::BatchState::Done, qPrintable(f.panel->message()));
    for (std::int64_t id : f.chapters) {
        QCOMPARE(f.panel->chapterList()->phase(id), novel::ChapterPhase::Done);
        QCOMPARE(f.panel->chapterList()->progressPercent(id), 100);
        // The library tree shows each chapter generated.
        QStandardItem *item = f.window->libraryTree()->itemForChapter(id);
        QVERIFY(item);
        QCOMPARE(item->toolTip(), LibraryTree::statusText(store::ChapterStatus::Generated));
    }
    const store::Batch batch = f.storedBatch();
    QCOMPARE(batch.state, store::BatchState::Done);
    QVERIFY(f.panel->totalsText().contains(QStringLiteral("Done 5 · failed 0 · remaining 0")));
    QVERIFY(!f.panel->isResumeOffered());
    const auto body = f.window->session()->chapters().get(f.chapters[0])->body;
    QVERIFY(!body.empty());
    QCOMPARE(f.window->editor()->toPlainText(), toQ(body));
}

void TestBatchPanel::pauseThenResumeDoesNotPayTwice()
{
    Fixture f(*m_sim, m_dir->filePath(QStringLiteral("lib.db")));
    QVERIFY(f.ok);
    // Unsaved edits in the open chapter are never replaced by a drafted text.
    QVERIFY(f.window->openChapter(f.chapters[0]));
    f.window->autosaver()->setInterval(3600 * 1000);
    QTest::keyClicks(f.window->editor(), QStringLiteral("My own words"));
    QVERIFY(f.window->autosaver()->isDirty());
    constexpr int kRange = 3;
    f.panel->setRange(1, kRange);
    f.panel->setMode(novel::BatchMode::Sequential);

    QSignalSpy finished(f.panel, &BatchPanel::batchFinished);
    QVERIFY(f.panel->start());
    QVERIFY(f.panel->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(f.panel->chapterList()->count(novel::ChapterPhase::Done) >= 1,
                             kTimeoutMs);
    f.panel->pause();
    QVERIFY(finished.wait(kTimeoutMs) || !finished.isEmpty());
    QCOMPARE(finished.takeFirst().at(0).value<store::BatchState>(), store::BatchState::Paused);
    const int doneBeforeResume = f.panel->chapterList()->count(novel::ChapterPhase::Done);
    QVERIFY(doneBeforeResume >= 1);
    QVERIFY2(doneBeforeResume < kRange, "the pause came too late to test anything");
    QVERIFY(f.panel->isResumeOffered());
    QCOMPARE(f.storedBatch().state, store::BatchState::Paused);
    const double spentAtPause = f.storedBatch().spentUsd;
    QVERIFY(spentAtPause > 0);

    const auto state = f.runToEnd([&] { return f.panel->resume(); });
    QVERIFY2(state == store::BatchState::Done, qPrintable(f.panel->message()));
    QCOMPARE(f.panel->chapterList()->count(novel::ChapterPhase::Done), kRange);
    // Every chapter was drafted and summarized exactly once across both runs, and the batch's
    // spend is exactly what its attempts cost.
    const auto drafts = f.generations("draft");
    const auto summaries = f.generations("summary");
    for (int i = 0; i < kRange; ++i) {
        const std::int64_t id = f.chapters[static_cast<std::size_t>(i)];
        QCOMPARE(drafts.count(id) ? drafts.at(id) : 0, 1);
        QCOMPARE(summaries.count(id) ? summaries.at(id) : 0, 1);
    }
    QCOMPARE(drafts.count(f.chapters.back()), std::size_t(0)); // outside the range
    const store::Batch batch = f.storedBatch();
    QVERIFY(batch.spentUsd > spentAtPause);
    QVERIFY(std::abs(batch.spentUsd - f.attemptCosts()) < 1e-9);
    QVERIFY(f.window->editor()->toPlainText().contains(QStringLiteral("My own words")));
    QVERIFY(f.window->autosaver()->isDirty());
}

void TestBatchPanel::failedChapterSaysWhatToDoAndRetryCompletesIt()
{
    // The first chat request (chapter 1's draft) is refused by moderation: not retried.
    QVERIFY(m_sim
                ->script({{"behaviours",
                           {{{"match", nlohmann::json::object()},
                             {"action", "http_error"},
                             {"status", 403},
                             {"times", 1}}}}})
                .has_value());
    Fixture f(*m_sim, m_dir->filePath(QStringLiteral("lib.db")));
    QVERIFY(f.ok);
    f.panel->setRange(1, 3);
    f.panel->setMode(novel::BatchMode::Sequential);
    auto state = f.runToEnd([&] { return f.panel->start(); });
    QVERIFY2(state == store::BatchState::Failed, qPrintable(f.panel->message()));
    const std::int64_t failed = f.chapters[0];
    QCOMPARE(f.panel->chapterList()->phase(failed), novel::ChapterPhase::Failed);
    QCOMPARE(f.panel->chapterList()->reason(failed),
             generationErrorMessage(Error{ErrorCode::Moderation, {}, {}}));
    QCOMPARE(f.storedBatch().items.front().errorClass, ErrorCode::Moderation);
    QCOMPARE(f.panel->chapterList()->count(novel::ChapterPhase::Done), 2);
    QVERIFY(f.panel->totalsText().contains(QStringLiteral("failed 1")));

    state = f.runToEnd([&] { return f.panel->retryFailed(); });
    QVERIFY2(state == store::BatchState::Done, qPrintable(f.panel->message()));
    QCOMPARE(f.panel->chapterList()->phase(failed), novel::ChapterPhase::Done);
    QCOMPARE(f.panel->chapterList()->reason(failed), QString());
    // Retrying redid only the failed chapter.
    const auto drafts = f.generations("draft");
    QCOMPARE(drafts.at(f.chapters[1]), 1);
    QCOMPARE(drafts.at(f.chapters[2]), 1);
    QCOMPARE(drafts.at(failed), 2);
    QVERIFY(!f.panel->retryFailed());
}

void TestBatchPanel::closedWindowOffersResumeOnReopen()
{
    const QString path = m_dir->filePath(QStringLiteral("lib.db"));
    std::int64_t batchId = 0;
    std::int64_t bookId = 0;
    // Chapter 1's draft waits (with keep-alives) for its first token, so the window closes
    // while it is in flight.
    QVERIFY(m_sim
                ->script({{"behaviours",
                           {{{"match", nlohmann::json::object()},
                             {"action", "slow_first_token"},
                             {"ttft_ms", 10'000'000},
                             {"times", 1}}}}})
                .has_value());
    {
        Fixture f(*m_sim, path);
        QVERIFY(f.ok);
        bookId = f.bookId;
        f.panel->setRange(1, 3);
        f.panel->setMode(novel::BatchMode::Sequential);
        QVERIFY(f.panel->start());
        batchId = f.panel->batchId();
        QTRY_VERIFY_WITH_TIMEOUT(f.panel->chapterList()->phaseLabel(f.chapters[0])
                                     == BatchChapterList::phaseText(novel::ChapterPhase::Drafting),
                                 kTimeoutMs);
        // Closing stops the running chapter at once and keeps the batch resumable.
        QElapsedTimer clock;
        clock.start();
        QVERIFY(f.window->close());
        // The chapter in flight would wait ~3 hours for its first token, and the cut
        // stream's cost check up to 5 s: quitting waits for neither (Router::shutdown()
        // keeps the best-known cost). The bound leaves room for a loaded CI machine.
        QVERIFY2(clock.elapsed() < 4000,
                 qPrintable(QStringLiteral("closing took %1 ms").arg(clock.elapsed())));
        QVERIFY(!f.panel->isRunning());
        auto stored = store::BatchStore(f.window->session()->database()).get(batchId);
        QVERIFY(stored.has_value());
        QCOMPARE(stored->state, store::BatchState::Paused);
    }
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    QVERIFY(window.openLibraryFile(path));
    QVERIFY(window.libraryTree()->selectBook(bookId));
    BatchPanel *panel = window.batchPanel();
    QVERIFY(panel->isResumeOffered());
    QCOMPARE(panel->batchId(), batchId);
    panel->setConnection(QString::fromStdString(m_sim->baseUrl()), kKey);
    QSignalSpy finished(panel, &BatchPanel::batchFinished);
    QVERIFY(panel->resume());
    QVERIFY(!panel->isResumeOffered());
    QVERIFY(finished.wait(kTimeoutMs) || !finished.isEmpty());
    QCOMPARE(finished.takeFirst().at(0).value<store::BatchState>(), store::BatchState::Done);
    QCOMPARE(panel->chapterList()->count(novel::ChapterPhase::Done), 3);
    QVERIFY(!panel->isResumeOffered());
}

void TestBatchPanel::discardStopsOfferingTheBatch()
{
    Fixture f(*m_sim, m_dir->filePath(QStringLiteral("lib.db")));
    QVERIFY(f.ok);
    // A batch stored but never finished, as one left by a killed process.
    novel::SharedDatabase shared(f.window->session()->database());
    auto batchId = novel::BatchScheduler::createBatch(shared, f.bookId, 1, 2,
                                                      novel::BatchMode::Sequential, 1, 0.5);
    QVERIFY(batchId.has_value());
    f.window->session()->notifyChanged(); // the panel re-reads the book's batches
    QVERIFY(f.panel->isResumeOffered());
    QVERIFY(f.panel->discardUnfinished());
    QVERIFY(!f.panel->isResumeOffered());
    auto stored = store::BatchStore(f.window->session()->database()).get(*batchId);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->state, store::BatchState::Cancelled);
    auto unfinished = novel::BatchScheduler::unfinishedBatch(shared, f.bookId);
    QVERIFY(unfinished.has_value());
    QVERIFY(!unfinished->has_value());
    // Nothing was generated for it, and a second discard has nothing to do.
    QVERIFY(f.generations("draft").empty());
    QVERIFY(!f.panel->discardUnfinished());
}

void TestBatchPanel::dockIsInTheViewMenuWithAShortcut()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    auto *toggle = window.findChild<QAction *>(QStringLiteral("actionToggleBatch"));
    QVERIFY(toggle);
    QCOMPARE(toggle->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    QVERIFY(window.shortcutActions().contains(toggle));
    // It sits in the View menu, and no other action has its keys.
    QMenu *view = nullptr;
    for (QAction *menu : window.menuBar()->actions())
        if (menu->menu() && menu->menu()->actions().contains(toggle))
            view = menu->menu();
    QVERIFY(view);
    QVERIFY(
        view->actions().contains(window.findChild<QAction *>(QStringLiteral("actionToggleBible"))));
    for (QAction *action : window.shortcutActions())
        if (action != toggle)
            QVERIFY2(!action->shortcuts().contains(toggle->shortcut()),
                     qPrintable(action->objectName()));
}

void TestBatchPanel::demoModeRunsBatchesAgainstItsSimulator()
{
    // The demo's own simulator and key reach the batch runtime (init()'s simulator is unused:
    // nothing here knows its address).
    DemoMode::Options options;
    options.timeScale = 0.01;
    auto demo = DemoMode::start(options);
    QVERIFY(demo.has_value());
    const QString displayName = QGuiApplication::applicationDisplayName();
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        QVERIFY((*demo)->attach(window).isEmpty());
        BatchPanel *panel = window.batchPanel();
        QVERIFY(panel->bookId() != 0);
        QTRY_VERIFY_WITH_TIMEOUT(panel->forecast().has_value(), kTimeoutMs);
        panel->setRange(1, 1);
        QSignalSpy finished(panel, &BatchPanel::batchFinished);
        QVERIFY(panel->start());
        QVERIFY(finished.wait(kTimeoutMs) || !finished.isEmpty());
        QVERIFY2(finished.takeFirst().at(0).value<store::BatchState>() == store::BatchState::Done,
                 qPrintable(panel->message()));
        QVERIFY(!(*demo)->server().truth().empty());
    }
    QGuiApplication::setApplicationDisplayName(displayName);
}

void TestBatchPanel::environmentBaseUrlWinsOverSettings()
{
    // Issue 14: SCRIPTORIUM_BASE_URL (here the simulator) wins over the settings' base URL
    // (a port nobody listens on), as in the CLI and the Generate dock, with the stored key.
    const QString simUrl = QString::fromStdString(m_sim->baseUrl());
    AppSettings::setBaseUrl(QStringLiteral("http://127.0.0.1:9/api/v1"));
    qputenv(routing::kBaseUrlEnvironmentVariable, simUrl.toUtf8());
    const auto restore = qScopeGuard([] {
        qunsetenv(routing::kBaseUrlEnvironmentVariable);
        QSettings().remove(QStringLiteral("openrouter/baseUrl"));
    });
    Fixture f(*m_sim, m_dir->filePath(QStringLiteral("lib.db")), false);
    QVERIFY(f.ok);
    QCOMPARE(f.panel->connection().baseUrl, simUrl);
    QTRY_COMPARE_WITH_TIMEOUT(f.panel->connection().apiKey, kKey, kTimeoutMs);
    // The forecast's catalog and the run's requests come from the simulator.
    QTRY_VERIFY_WITH_TIMEOUT(f.panel->forecast().has_value(), kTimeoutMs);
    f.panel->setRange(1, 1);
    const std::size_t before = m_sim->truth().size();
    const auto state = f.runToEnd([&] { return f.panel->start(); });
    QVERIFY2(state == store::BatchState::Done, qPrintable(f.panel->message()));
    QVERIFY(m_sim->truth().size() > before); // the run's requests reached the simulator
}

void TestBatchPanel::closingDuringACatalogFetchDoesNotWait()
{
    // A server that takes connections and never answers: the forecast's and the run's catalog
    // fetches both hang on it (for the catalog's 60 s timeout, before the fix).
    testing::SilentListener listener;
    QVERIFY(listener.ok());
    const QString url = QString::fromStdString(listener.baseUrl());

    const QString path = m_dir->filePath(QStringLiteral("hanging.db"));
    std::int64_t batchId = 0;
    {
        Fixture f(*m_sim, path);
        QVERIFY(f.ok);
        f.panel->setConnection(url, kKey); // asks for a forecast from that server
        QTRY_VERIFY_WITH_TIMEOUT(listener.hasWaitingConnection(), kTimeoutMs);
        const int forecastConnections = listener.connectionsReceived();
        f.panel->setRange(1, 2);
        QVERIFY(f.panel->start());
        batchId = f.panel->batchId();
        // The run waits for the same runtime (one per connection), still starting on it.
        QVERIFY(f.panel->isRunning());
        QCOMPARE(listener.connectionsReceived(), forecastConnections);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(f.window->close());
        QVERIFY2(clock.elapsed() < 5000, "closing waited for a catalog fetch");
        QVERIFY(!f.panel->isRunning());
        auto stored = store::BatchStore(f.window->session()->database()).get(batchId);
        QVERIFY(stored.has_value());
        QCOMPARE(stored->state, store::BatchState::Paused); // resumable, nothing spent
        QCOMPARE(stored->spentUsd, 0.0);
    }
}

void TestBatchPanel::forecastShowsTheSavingAgainstSpeed()
{
    Fixture f(*m_sim, m_dir->filePath(QStringLiteral("lib.db")));
    QVERIFY(f.ok);
    f.panel->setRange(1, kChapters);
    // The window's config routes every stage for speed: nothing to compare.
    QTRY_VERIFY_WITH_TIMEOUT(f.panel->forecast().has_value(), kTimeoutMs);
    QVERIFY(!f.panel->forecast()->saving.has_value());
    QVERIFY(!f.panel->forecastText().contains(QStringLiteral("against the speed objective")));

    // Drafts for cost: saving the config (as the routing editor does) re-reads the forecast.
    routing::RoutingConfig config = f.window->routingSession()->config();
    config.stages["draft"].objective = routing::RoutingObjective::Cost;
    f.window->routingSession()->setConfig(config);
    QTRY_VERIFY_WITH_TIMEOUT(f.panel->forecast().has_value() && f.panel->forecast()->saving,
                             kTimeoutMs);
    const novel::ObjectiveSaving &saving = *f.panel->forecast()->saving;
    QVERIFY(saving.costUsd <= saving.speedCostUsd);
    QCOMPARE(saving.stages.front().stage, std::string("draft"));
    const QString text = f.panel->forecastText();
    QVERIFY2(text.contains(QStringLiteral("against the speed objective")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("draft (cost): ")), qPrintable(text));
    QVERIFY2(text.contains(QString::fromStdString(saving.stages.front().endpoint)),
             qPrintable(text));
}

void TestBatchPanel::generateAndBatchShareOneRuntime()
{
    const QString path = m_dir->filePath(QStringLiteral("shared.db"));
    Fixture f(*m_sim, path);
    QVERIFY(f.ok);
    const QString url = QString::fromStdString(m_sim->baseUrl());
    AppRuntime *runtime = AppRuntime::of(f.window.get());
    QVERIFY(runtime);
    // The forecast started the window's runtime for the simulator.
    QTRY_VERIFY_WITH_TIMEOUT(runtime->current() != nullptr, kTimeoutMs);
    const auto *shared = runtime->current()->runtime.get();
    const int starts = runtime->startCount();

    // A single generation through the Generate dock's bridge, on the same connection.
    GenerationBridge *bridge = f.window->generationBridge();
    RoutingSession *routing = f.window->routingSession();
    bridge->configure(url, kKey, f.window->session()->path(), routing->config(),
                      routing->strategy());
    novel::GenerationTask task;
    task.stage = "draft";
    task.bookId = f.bookId;
    task.request.messages = {{"user", "Write one line about the lamp."}};
    task.request.maxTokens = 80;
    QSignalSpy done(bridge, &GenerationBridge::finished);
    QVERIFY(bridge->start(task).has_value());
    QVERIFY(done.wait(kTimeoutMs));
    const qint64 singleRecord = done.at(0).at(2).toLongLong();
    QVERIFY(singleRecord > 0);

    // A capped batch on the same runtime: no runtime of its own.
    f.panel->setRange(1, 2);
    f.panel->setBudget(1.0);
    QCOMPARE(f.runToEnd([&] { return f.panel->start(); }), store::BatchState::Done);
    QCOMPARE(runtime->startCount(), starts);
    QCOMPARE(runtime->current()->runtime.get(), shared);

    // The batch's spending is its own steps' only: the single generation is not in it.
    auto stmt = f.window->session()->database().prepare(
        "SELECT COALESCE(SUM(a.cost_usd), 0) FROM attempts a JOIN generations g "
        "ON g.id = a.generation_id WHERE g.chapter_id IN "
        "(SELECT chapter_id FROM batch_items WHERE batch_id = ?)");
    QVERIFY2(stmt.has_value(),
             stmt ? "" : (stmt.error().message + " " + stmt.error().detail).c_str());
    stmt->bind(1, f.panel->batchId());
    (void)stmt->step();
    const double batchCosts = stmt->real(0);
    auto single = f.window->session()->database().prepare(
        "SELECT COALESCE(SUM(cost_usd), 0) FROM attempts WHERE generation_id = ?");
    QVERIFY2(single.has_value(), single ? "" : single.error().message.c_str());
    single->bind(1, static_cast<std::int64_t>(singleRecord));
    (void)single->step();
    QVERIFY(single->real(0) > 0);
    QVERIFY(batchCosts > 0);
    QVERIFY(qAbs(f.storedBatch().spentUsd - batchCosts) < 1e-9);
}

void TestBatchPanel::unreadablePresetIsReported()
{
    const QString path = m_dir->filePath(QStringLiteral("preset.db"));
    Fixture f(*m_sim, path);
    QVERIFY(f.ok);
    // The book's preset exists in the assignments but its file is not a routing config.
    RoutingPresets presets;
    QVERIFY(presets.save(QStringLiteral("broken"), routing::RoutingConfig::defaults()).has_value());
    QVERIFY(
        presets.assignToBook(f.window->session()->database(), f.bookId, QStringLiteral("broken"))
            .has_value());
    {
        QFile file(QDir(presets.directory()).filePath(QStringLiteral("broken.json")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ not json");
    }
    const auto restore
        = qScopeGuard([&presets] { (void)presets.remove(QStringLiteral("broken")); });
    f.panel->setRange(1, 1);
    QVERIFY(!f.panel->start());
    QVERIFY(!f.panel->isRunning());
    const QString shown = f.panel->findChild<QLabel *>(QStringLiteral("batchMessage"))->text();
    QVERIFY2(shown.contains(QStringLiteral("broken")), qPrintable(shown));
    QVERIFY2(shown.startsWith(QStringLiteral("The routing preset")), qPrintable(shown));
}

QTEST_MAIN(TestBatchPanel)
#include "test_batch_panel.moc"
