// Generation benchmark and screenshot tool (built, never run by ctest). Run it under Xvfb:
//   xvfb-run -s "-screen 0 1400x900x24" build/<dir>/bench/generation_bench
//   xvfb-run -s "-screen 0 1400x900x24" build/<dir>/bench/generation_bench --screenshots DIR
// Measures the GUI event loop's latency (how late a 5 ms timer fires) while 8 generations
// stream in parallel from the embedded simulator through the GenerationBridge into 8 visible
// text panes, and while one streams into the real window's generation dock. With
// --screenshots it saves the demo window with a generation in progress in English and Chinese
// (docs/screenshots/generation-{en,zh_CN}.png).
#include "event_loop_probe.h"
#include "sim/sim_server.h"
#include "store/database.h"
#include "ui/application_setup.h"
#include "ui/generation/demo_mode.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_panel.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

using bench::EventLoopProbe;

int parallelStreams(double timeScale)
{
    sim::SimOptions options;
    options.timeScale = timeScale;
    options.seed = 3;
    sim::SimServer sim(options);
    if (!sim.start()) {
        std::fprintf(stderr, "simulator did not start\n");
        return 1;
    }
    QWidget window;
    auto *grid = new QGridLayout(&window);
    QList<QPlainTextEdit *> panes;
    for (int i = 0; i < 8; ++i) {
        auto *pane = new QPlainTextEdit(&window);
        pane->setReadOnly(true);
        grid->addWidget(pane, i / 4, i % 4);
        panes << pane;
    }
    window.resize(1400, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;

    // The bridge's runtime records into a library, as the window's does.
    QTemporaryDir libraryDir;
    const QString library = libraryDir.filePath(QStringLiteral("bench.db"));
    if (!store::Database::open(library.toStdString())) {
        std::fprintf(stderr, "library could not be created\n");
        return 1;
    }
    GenerationBridge bridge;
    bridge.configure(QString::fromStdString(sim.baseUrl()), QStringLiteral("sk-bench"), library);
    QHash<quint64, QPlainTextEdit *> paneOf;
    int done = 0;
    int failed = 0;
    qint64 bytes = 0;
    QObject::connect(&bridge, &GenerationBridge::delta, [&](quint64 id, const QByteArray &utf8) {
        bytes += utf8.size();
        QTextCursor cursor(paneOf.value(id)->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(QString::fromUtf8(utf8));
    });
    QObject::connect(
        &bridge, &GenerationBridge::finished,
        [&](quint64, const routing::GenerationResult &result, qint64, const QString &) {
            ++done;
            failed += result.ok() ? 0 : 1;
        });
    EventLoopProbe probe;
    probe.start();
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < 8; ++i) {
        novel::GenerationTask task;
        task.stage = "draft";
        task.request.model = i % 2 ? "meta-llama/llama-3.3-70b-instruct" : "deepseek/deepseek-chat";
        task.request.messages = {{"user", "Write chapter " + std::to_string(i + 1) + "."}};
        task.request.maxTokens = 800;
        auto id = bridge.start(task);
        if (!id) {
            std::fprintf(stderr, "start failed: %s\n", id.error().message.c_str());
            return 1;
        }
        paneOf.insert(*id, panes[i]);
    }
    const bool finished = QTest::qWaitFor([&] { return done == 8; }, 300000);
    probe.stop();
    std::printf("8 parallel streams (time scale %.2f): %d finished, %d failed, %lld bytes in "
                "%.1f s\n",
                timeScale, done, failed, static_cast<long long>(bytes),
                double(wall.elapsed()) / 1000.0);
    probe.report("  8 streams");
    return finished && failed == 0 ? 0 : 2;
}

bool screenshot(const QString &language, const QString &directory)
{
    ApplicationSetup::installTranslators(*qApp, language);
    DemoMode::Options options;
    options.timeScale = 0.5;
    options.chinese = language.startsWith(QLatin1String("zh"));
    auto demo = DemoMode::start(options);
    if (!demo)
        return false;
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    if (!(*demo)->attach(window).isEmpty())
        return false;
    window.resize(1400, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    GenerationPanel *panel = window.generationPanel();
    panel->setPreviewBeforeSending(false);
    panel->setModel(QStringLiteral("meta-llama/llama-3.3-70b-instruct"));
    if (!panel->generate(GenerationMode::Draft))
        return false;
    EventLoopProbe probe;
    probe.start();
    (void)QTest::qWaitFor([&] { return panel->draftText().size() > 700 || !panel->isRunning(); },
                          120000);
    probe.stop();
    probe.report(qPrintable(QStringLiteral("  window stream (%1)").arg(language)));
    QTest::qWait(100);
    const QString file = directory + QStringLiteral("/generation-%1.png").arg(language);
    const bool saved = window.grab().save(file);
    std::printf("%s %s\n", saved ? "saved" : "FAILED", qPrintable(file));
    panel->stop();
    (void)QTest::qWaitFor([&] { return !panel->isRunning(); }, 10000);
    window.close();
    return saved;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    ApplicationSetup::configure(app);
    const QStringList args = app.arguments();
    if (const qsizetype at = args.indexOf(QStringLiteral("--screenshots"));
        at >= 0 && at + 1 < args.size()) {
        QDir().mkpath(args.at(at + 1));
        // English first: a later Chinese translator takes precedence over it.
        const bool ok = screenshot(QStringLiteral("en"), args.at(at + 1))
            && screenshot(QStringLiteral("zh_CN"), args.at(at + 1));
        return ok ? 0 : 1;
    }
    ApplicationSetup::installTranslators(app, QStringLiteral("en"));
    return parallelStreams(args.contains(QStringLiteral("--fast")) ? 0.2 : 1.0);
}
