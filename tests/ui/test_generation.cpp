// Generation in the writer, against an in-process simulator on loopback (time scale 0.02).
#include "sim/sim_server.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/revision_store.h"
#include "ui/app_settings.h"
#include "ui/application_setup.h"
#include "ui/chapter_editor.h"
#include "ui/generation/demo_mode.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_messages.h"
#include "ui/generation/generation_panel.h"
#include "ui/generation/prompt_preview_dialog.h"
#include "ui/generation/sample_book.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/routing/app_connection.h"
#include "ui/routing/routing_presets.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

sim::SimOptions simOptions(const std::string &market)
{
    sim::SimOptions options;
    options.market = market;
    options.timeScale = 0.02;
    options.seed = 7;
    return options;
}

DemoMode::Options demoOptions()
{
    DemoMode::Options options;
    options.timeScale = 0.02;
    return options;
}

constexpr int kTimeoutMs = 30000;
const QString kKey = QStringLiteral("sk-test-gui2-secret-7f3a9c");

/// A window on a fresh library with one book and one chapter ("Old body."), generating
/// against `sim` without the prompt preview. Without `fixedConnection` the panel is not
/// pointed anywhere: it goes where the environment and settings say, with kKey stored in the
/// keychain.
struct Fixture {
    explicit Fixture(sim::SimServer &sim, const QString &dir, const QString &model = {},
                     bool fixedConnection = true)
    {
        if (!fixedConnection)
            secrets.writeKey(kKey, &secrets, [](bool, const QString &) {});
        window = std::make_unique<MainWindow>(&secrets);
        QVERIFY(window->openLibraryFile(dir + QStringLiteral("/lib.db")));
        bookId = window->newBook(QStringLiteral("Storm")).value_or(0);
        QVERIFY(bookId != 0);
        chapterId = window->newChapter(QStringLiteral("One")).value_or(0);
        QVERIFY(chapterId != 0);
        auto chapter = window->session()->chapters().get(chapterId);
        QVERIFY(chapter.has_value());
        chapter->outline = "Mara finds the ledger under the lamp room floor.";
        QVERIFY(window->session()->chapters().updateMeta(*chapter).has_value());
        QVERIFY(window->session()
                    ->chapters()
                    .replaceBody(chapterId, "Old body.", store::BodySource::Writer)
                    .has_value());
        QVERIFY(window->openChapter(chapterId));
        panel = window->generationPanel();
        QVERIFY(panel);
        panel->setPreviewBeforeSending(false);
        if (fixedConnection)
            panel->setConnection(QString::fromStdString(sim.baseUrl()), kKey, false);
        panel->setModel(model.isEmpty() ? QStringLiteral("meta-llama/llama-3.3-70b-instruct")
                                        : model);
        ok = true;
    }

    bool runToEnd(GenerationMode mode = GenerationMode::Draft)
    {
        if (!panel->generate(mode))
            return false;
        QSignalSpy done(panel, &GenerationPanel::generationFinished);
        return done.wait(kTimeoutMs) || !done.isEmpty();
    }

    MemorySecretStore secrets;
    std::unique_ptr<MainWindow> window;
    GenerationPanel *panel = nullptr;
    std::int64_t bookId = 0;
    std::int64_t chapterId = 0;
    bool ok = false; ///< the constructor's checks all passed
};

} // namespace

class TestGeneration : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void draftAndAcceptKeepsOldBodyAsRevision();
    void stopKeepsPartialDraft();
    void rewriteSelectionReplacesOnlyTheSelection();
    void creditsErrorSaysWhatToDo();
    void degradedPrecisionIsShown();
    void errorMessages_data();
    void errorMessages();
    void bridgeOnlyPostsToTheGuiThread();
    void promptPreviewCountsBlocksAndCost();
    void keyNeverStored();
    void environmentBaseUrlWinsOverSettings();
    void demoModeOpensSampleBookAsSimulation();
    void demoModeGeneratesWithAModelTheSimulatorServes();
    void chineseSampleBook();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::SimServer> m_sim;
};

void TestGeneration::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    // Presets live under the config location; keep them in the temp dir too.
    qputenv("XDG_CONFIG_HOME", m_settingsDir.path().toUtf8());
    qunsetenv("OPENROUTER_API_KEY");
    ApplicationSetup::configure(*qApp);
    ApplicationSetup::installTranslators(*qApp, QStringLiteral("en"));
}

void TestGeneration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A simulator stopped right after start without serving anything can hang in its
    // shutdown (seen here; reported): start one only for the tests that talk to it.
    const QByteArray test = QTest::currentTestFunction();
    if (test == "errorMessages" || test == "chineseSampleBook")
        return;
    const bool degraded = qstrcmp(QTest::currentTestFunction(), "degradedPrecisionIsShown") == 0;
    m_sim = std::make_unique<sim::SimServer>(simOptions(degraded ? "degraded" : "default"));
    QVERIFY(m_sim->start().has_value());
}

void TestGeneration::cleanup()
{
    m_sim.reset();
    m_dir.reset();
}

void TestGeneration::draftAndAcceptKeepsOldBodyAsRevision()
{
    Fixture f(*m_sim, m_dir->path());
    QVERIFY(f.ok);
    QVERIFY(f.runToEnd());
    QVERIFY2(f.panel->lastResult() && f.panel->lastResult()->ok(), qPrintable(f.panel->message()));
    const QString draft = f.panel->draftText();
    QVERIFY(!draft.isEmpty());
    QCOMPARE(f.panel->draftPane()->toPlainText(), draft);
    // The status bar showed provider, precision, TTFT, speed and cost.
    const QString status = f.panel->statusText();
    QVERIFY2(status.contains(QStringLiteral("fp8")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("TTFT")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("$")), qPrintable(status));
    QVERIFY(f.window->statusBar()->isAncestorOf(f.panel->statusWidget()));

    const std::int64_t record = f.panel->recordId();
    QVERIFY(f.panel->accept());
    auto chapter = f.window->session()->chapters().get(f.chapterId);
    QVERIFY(chapter.has_value());
    QCOMPARE(QString::fromStdString(chapter->body), draft);
    QCOMPARE(chapter->status, store::ChapterStatus::Generated);
    QCOMPARE(f.window->editor()->toPlainText(), draft);
    auto revisions = f.window->session()->revisions().list(f.chapterId);
    QVERIFY(revisions.has_value());
    QCOMPARE(revisions->size(), std::size_t(1));
    auto old = f.window->session()->revisions().get(revisions->front().id);
    QVERIFY(old.has_value());
    QCOMPARE(old->body, std::string("Old body."));
    // The generation is recorded like the CLI's, with its attempts.
    auto stored = store::GenerationStore(f.window->session()->database()).get(record);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->status, store::GenerationStatus::Succeeded);
    QCOMPARE(stored->stage, std::string("draft"));
    QVERIFY(!stored->provider.empty());
}

void TestGeneration::stopKeepsPartialDraft()
{
    // Twelve tokens, then silence for a long (real) time: Stop must end it at once.
    QVERIFY(m_sim
                ->script({{"behaviours",
                           {{{"match", nlohmann::json::object()},
                             {"action", "stall"},
                             {"after_tokens", 12},
                             {"duration_ms", 5'000'000},
                             {"times", 0}}}}})
                .has_value());
    Fixture f(*m_sim, m_dir->path());
    QVERIFY(f.ok);
    QVERIFY(f.panel->generate(GenerationMode::Draft));
    QTRY_VERIFY_WITH_TIMEOUT(f.panel->draftText().size() > 5, kTimeoutMs);
    QVERIFY(f.panel->isRunning());
    QSignalSpy done(f.panel, &GenerationPanel::generationFinished);
    QElapsedTimer stopClock;
    stopClock.start();
    f.panel->stop();
    // The writer gets the partial draft at once, not after the Router's cost reconciliation.
    QCOMPARE(done.count(), 1);
    QVERIFY(!f.panel->isRunning());
    QVERIFY(stopClock.elapsed() < 1000);
    const std::int64_t record = f.panel->recordId();
    // The final result arrives later and is recorded as cancelled.
    QTRY_VERIFY_WITH_TIMEOUT(f.panel->lastResult().has_value(), kTimeoutMs);
    QCOMPARE(f.panel->lastResult()->error->code, ErrorCode::Cancelled);
    auto stored = store::GenerationStore(f.window->session()->database()).get(record);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->status, store::GenerationStatus::Cancelled);
    const QString partial = f.panel->draftText();
    QVERIFY(!partial.isEmpty());
    QCOMPARE(f.panel->draftPane()->toPlainText(), partial);
    QVERIFY(f.panel->hasDraft());
    // The partial draft can still be accepted.
    QVERIFY(f.panel->accept());
    QCOMPARE(QString::fromStdString(f.window->session()->chapters().get(f.chapterId)->body),
             partial);
}

void TestGeneration::rewriteSelectionReplacesOnlyTheSelection()
{
    Fixture f(*m_sim, m_dir->path());
    QVERIFY(f.ok);
    QVERIFY(f.window->session()
                ->chapters()
                .replaceBody(f.chapterId, "Keep this. Rewrite me. Keep that.",
                             store::BodySource::Writer)
                .has_value());
    QVERIFY(f.window->openChapter(f.chapterId));
    QTextCursor cursor = f.window->editor()->textCursor();
    cursor.setPosition(11);
    cursor.setPosition(22, QTextCursor::KeepAnchor);
    QCOMPARE(cursor.selectedText(), QStringLiteral("Rewrite me."));
    f.window->editor()->setTextCursor(cursor);
    auto job = f.panel->prepare(GenerationMode::Rewrite);
    QVERIFY(job.has_value());
    QVERIFY(job->user.find("Rewrite me.") != std::string::npos);
    QVERIFY(f.runToEnd(GenerationMode::Rewrite));
    QVERIFY(f.panel->accept());
    const QString body
        = QString::fromStdString(f.window->session()->chapters().get(f.chapterId)->body);
    QVERIFY(body.startsWith(QStringLiteral("Keep this. ")));
    QVERIFY(body.endsWith(QStringLiteral(" Keep that.")));
    QVERIFY(!body.contains(QStringLiteral("Rewrite me.")));
    // Without a selection there is nothing to rewrite.
    QVERIFY(f.window->openChapter(f.chapterId));
    auto none = f.panel->prepare(GenerationMode::Expand);
    QVERIFY(!none.has_value());
    QCOMPARE(none.error().code, ErrorCode::InvalidArgument);
}

void TestGeneration::creditsErrorSaysWhatToDo()
{
    QVERIFY(m_sim
                ->script({{"behaviours",
                           {{{"match", nlohmann::json::object()},
                             {"action", "http_error"},
                             {"status", 402},
                             {"times", 0}}}}})
                .has_value());
    Fixture f(*m_sim, m_dir->path());
    QVERIFY(f.ok);
    QVERIFY(f.runToEnd());
    QVERIFY(f.panel->lastResult().has_value());
    QVERIFY(f.panel->lastResult()->error.has_value());
    QCOMPARE(f.panel->lastResult()->error->code, ErrorCode::Credits);
    QCOMPARE(f.panel->message(), generationErrorMessage(Error{ErrorCode::Credits, {}, {}}));
    QVERIFY(!f.panel->hasDraft());
    // The chapter is untouched.
    QCOMPARE(f.window->session()->chapters().get(f.chapterId)->body, std::string("Old body."));
}

void TestGeneration::degradedPrecisionIsShown()
{
    // init() started the degraded market for this test.
    // The default config's fallback models are not in the degraded market: a preset without.
    routing::RoutingConfig config = routing::RoutingConfig::defaults();
    config.models.clear();
    QVERIFY(RoutingPresets().save(QStringLiteral("no-fallbacks"), config).has_value());
    // qwen3-32b has no fp8 endpoint in the degraded market.
    Fixture f(*m_sim, m_dir->path(), QStringLiteral("qwen/qwen3-32b"));
    QVERIFY(f.ok);
    auto *preset = f.panel->findChild<QComboBox *>(QStringLiteral("generationPreset"));
    QVERIFY(preset);
    QVERIFY(preset->findData(QStringLiteral("no-fallbacks")) > 0);
    preset->setCurrentIndex(preset->findData(QStringLiteral("no-fallbacks")));
    QVERIFY(f.runToEnd());
    const auto &result = f.panel->lastResult();
    QVERIFY(result.has_value());
    QVERIFY2(result->ok(),
             result->error ? (result->error->message + " / " + result->error->detail).c_str() : "");
    QVERIFY(result->degraded);
    QVERIFY(result->quantization != "fp8");
    QVERIFY(f.panel->message().startsWith(degradedNotice(*result)));
    QVERIFY(!degradedNotice(*result).isEmpty());
    const QString label
        = precisionLabel(QString::fromStdString(result->quantization), result->degraded);
    QVERIFY2(f.panel->statusText().contains(label), qPrintable(f.panel->statusText()));
}

void TestGeneration::errorMessages_data()
{
    QTest::addColumn<int>("code");
    for (ErrorCode code :
         {ErrorCode::Auth, ErrorCode::Credits, ErrorCode::Budget, ErrorCode::RateLimit,
          ErrorCode::NoEndpoint, ErrorCode::ModelNotFound, ErrorCode::Moderation,
          ErrorCode::TooLarge, ErrorCode::MidStream, ErrorCode::Timeout, ErrorCode::Transport,
          ErrorCode::Provider, ErrorCode::Cancelled, ErrorCode::Config, ErrorCode::Internal})
        QTest::newRow(std::string(errorCodeName(code)).c_str()) << int(code);
}

void TestGeneration::errorMessages()
{
    QFETCH(int, code);
    const QString message = generationErrorMessage(Error{ErrorCode(code), {}, {}});
    QVERIFY(!message.isEmpty());
    // Each class has its own advice, except the generic fallback.
    if (ErrorCode(code) != ErrorCode::Internal) {
        for (ErrorCode other : {ErrorCode::Auth, ErrorCode::Credits, ErrorCode::NoEndpoint}) {
            if (other != ErrorCode(code))
                QVERIFY(message != generationErrorMessage(Error{other, {}, {}}));
        }
    }
}

void TestGeneration::bridgeOnlyPostsToTheGuiThread()
{
    Fixture f(*m_sim, m_dir->path());
    QVERIFY(f.ok);
    GenerationBridge *bridge = f.window->generationBridge();
    int offThread = 0;
    int deltas = 0;
    connect(bridge, &GenerationBridge::delta, this, [&](quint64, const QByteArray &) {
        ++deltas;
        if (QThread::currentThread() != qApp->thread())
            ++offThread;
    });
    connect(bridge, &GenerationBridge::finished, this,
            [&](quint64, const routing::GenerationResult &, qint64, const QString &) {
                if (QThread::currentThread() != qApp->thread())
                    ++offThread;
            });
    // The event loop keeps ticking while the stream runs: the longest gap between 5 ms ticks.
    QElapsedTimer sinceTick;
    qint64 worstGap = 0;
    QTimer ticker;
    ticker.setInterval(5);
    connect(&ticker, &QTimer::timeout, this, [&] {
        if (sinceTick.isValid())
            worstGap = std::max(worstGap, sinceTick.elapsed());
        sinceTick.restart();
    });
    ticker.start();
    QVERIFY(f.runToEnd());
    ticker.stop();
    QVERIFY(deltas > 0);
    QCOMPARE(offThread, 0);
    // Generous for sanitizer builds on a loaded machine; the bench measures the real p99.
    QVERIFY2(worstGap < 500, qPrintable(QString::number(worstGap)));
}

void TestGeneration::promptPreviewCountsBlocksAndCost()
{
    Fixture f(*m_sim, m_dir->path());
    QVERIFY(f.ok);
    auto job = f.panel->prepare(GenerationMode::Draft);
    QVERIFY(job.has_value());
    QVERIFY(!job->blocks.empty());
    QVERIFY(job->promptTokens > 0);
    PromptPreviewDialog dialog(*job, ModelPrice{1e-6, 2e-6});
    QVERIFY(dialog.estimatedCost().has_value());
    QCOMPARE(*dialog.estimatedCost(),
             estimateCost(job->promptTokens, job->maxTokens, ModelPrice{1e-6, 2e-6}));
    const std::size_t before = dialog.job().promptTokens;
    dialog.userEdit()->appendPlainText(QStringLiteral("Add a storm at the end of the chapter, "
                                                      "with thunder and rain and wind."));
    QVERIFY(dialog.job().promptTokens > before);
    QVERIFY(dialog.job().user.find("storm at the end") != std::string::npos);
    // The edited prompt is what is sent.
    QVERIFY(f.panel->start(dialog.job()));
    QSignalSpy done(f.panel, &GenerationPanel::generationFinished);
    QVERIFY(done.wait(kTimeoutMs) || !done.isEmpty());
    const auto truth = m_sim->truth();
    QVERIFY(!truth.empty());
    PromptPreviewDialog unknown(*job, std::nullopt);
    QVERIFY(!unknown.estimatedCost().has_value());
}

void TestGeneration::keyNeverStored()
{
    {
        Fixture f(*m_sim, m_dir->path());
        QVERIFY(f.ok);
        QVERIFY(f.runToEnd());
        QVERIFY(f.panel->accept());
        f.window->close();
    }
    QSettings().sync();
    for (const QString &path :
         {QString(m_dir->path() + QStringLiteral("/lib.db")), QSettings().fileName()}) {
        QFile file(path);
        if (!file.exists())
            continue;
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(kKey.toUtf8()), qPrintable(path));
    }
}

void TestGeneration::environmentBaseUrlWinsOverSettings()
{
    // Issue 14: SCRIPTORIUM_BASE_URL (here the simulator) wins over the settings' base URL
    // (a port nobody listens on), as in the CLI, with the key from the keychain.
    const QString simUrl = QString::fromStdString(m_sim->baseUrl());
    AppSettings::setBaseUrl(QStringLiteral("http://127.0.0.1:9/api/v1"));
    qputenv(routing::kBaseUrlEnvironmentVariable, simUrl.toUtf8());
    const auto restore = qScopeGuard([] {
        qunsetenv(routing::kBaseUrlEnvironmentVariable);
        QSettings().remove(QStringLiteral("openrouter/baseUrl"));
    });
    Fixture f(*m_sim, m_dir->path(), {}, false);
    QVERIFY(f.ok);
    const AppConnection::Resolved resolved = f.panel->connection()->current();
    QCOMPARE(resolved.baseUrl, simUrl);
    QCOMPARE(resolved.baseUrlOrigin, routing::ConnectionOrigin::Environment);
    QTRY_COMPARE_WITH_TIMEOUT(f.panel->connection()->current().apiKey, kKey, kTimeoutMs);
    QCOMPARE(f.panel->connection()->current().apiKeyOrigin, routing::ConnectionOrigin::Stored);
    const std::size_t before = m_sim->truth().size();
    QVERIFY(f.runToEnd());
    QVERIFY2(f.panel->lastResult() && f.panel->lastResult()->ok(), qPrintable(f.panel->message()));
    QCOMPARE(f.window->generationBridge()->baseUrl(), simUrl);
    QVERIFY(m_sim->truth().size() > before); // the request reached the simulator
}

void TestGeneration::demoModeOpensSampleBookAsSimulation()
{
    auto demo = DemoMode::start(demoOptions());
    QVERIFY(demo.has_value());
    const QString displayName = QGuiApplication::applicationDisplayName();
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        QVERIFY((*demo)->attach(window).isEmpty());
        QVERIFY(window.windowTitle().contains(QGuiApplication::applicationDisplayName()));
        QVERIFY(QGuiApplication::applicationDisplayName() != displayName);
        QVERIFY(window.generationPanel()->isSimulation());
        QVERIFY(window.generationPanel()->statusText().contains(QStringLiteral("SIMULATION")));
        auto books = window.session()->books().list();
        QVERIFY(books.has_value());
        QCOMPARE(books->size(), std::size_t(1));
        QCOMPARE(books->front().chapters, std::int64_t(4));
        QVERIFY(window.openChapterId() != 0);
    }
    QGuiApplication::setApplicationDisplayName(displayName);
}

void TestGeneration::demoModeGeneratesWithAModelTheSimulatorServes()
{
    // A model the simulator's market does not list (as a writer's saved setting may be):
    // the demo must still generate, on a model the simulator serves, and say it switched.
    const QString unknown = QStringLiteral("example/not-in-the-demo-market");
    QSettings().setValue(QStringLiteral("generation/model"), unknown);
    auto demo = DemoMode::start(demoOptions());
    QVERIFY(demo.has_value());
    const QString displayName = QGuiApplication::applicationDisplayName();
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        QVERIFY((*demo)->attach(window).isEmpty());
        GenerationPanel *panel = window.generationPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->model() != unknown, kTimeoutMs);
        QVERIFY2(panel->message().contains(unknown), qPrintable(panel->message()));
        // The catalog arrived with its prices: the prompt preview can price the request
        // (issue 14: it said "the price of this model is unknown" in the demo).
        QVERIFY(window.generationBridge()->price(panel->model()).has_value());
        panel->setPreviewBeforeSending(false);
        QSignalSpy done(panel, &GenerationPanel::generationFinished);
        QVERIFY(panel->generate(GenerationMode::Draft));
        QVERIFY(done.wait(kTimeoutMs) || !done.isEmpty());
        QVERIFY2(panel->lastResult() && panel->lastResult()->ok(), qPrintable(panel->message()));
        QVERIFY(!panel->draftText().isEmpty());
    }
    QSettings().remove(QStringLiteral("generation/model"));
    QGuiApplication::setApplicationDisplayName(displayName);
}

void TestGeneration::chineseSampleBook()
{
    auto db
        = store::Database::open(QString(m_dir->path() + QStringLiteral("/zh.db")).toStdString());
    QVERIFY(db.has_value());
    auto bookId = createSampleBook(**db, true);
    QVERIFY(bookId.has_value());
    auto chapter = store::ChapterStore(**db).getAt(*bookId, 1);
    QVERIFY(chapter.has_value());
    QCOMPARE(chapter->targetUnit, std::string("characters"));
    QVERIFY(QString::fromStdString(chapter->outline).contains(QStringLiteral("林澜")));
}

QTEST_MAIN(TestGeneration)
#include "test_generation.moc"
