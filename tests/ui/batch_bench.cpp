// Batch dock benchmark (built, never run by ctest). Run it under Xvfb:
//   xvfb-run -a -s "-screen 0 1400x900x24" build/<dir>/bench/batch_bench [--fast]
// Measures the GUI event loop's latency (how late a 5 ms timer fires) in the real window while
// the Batch dock runs a parallel batch of 8 chapters (concurrency 8) against the embedded
// simulator at time scale 1 (--fast: 0.2): 8 streams whose progress reaches the GUI through
// the bridge's coalescing, the chapter list and the library tree. It measures while all 8
// drafts stream at once, and over the whole drafting phase (finalize passes overlap its end),
// then cancels the batch.
#include "event_loop_probe.h"
#include "novel/book_setup.h"
#include "novel/shared_database.h"
#include "sim/sim_server.h"
#include "store/chapter_store.h"
#include "ui/application_setup.h"
#include "ui/batch/batch_bridge.h"
#include "ui/batch/batch_chapter_list.h"
#include "ui/batch/batch_panel.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

constexpr int kChapters = 8;

using bench::EventLoopProbe;

int parallelBatch(double timeScale)
{
    sim::SimOptions options;
    options.timeScale = timeScale;
    options.seed = 5;
    sim::SimServer sim(options);
    if (!sim.start()) {
        std::fprintf(stderr, "simulator did not start\n");
        return 1;
    }
    QTemporaryDir dir;
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    if (!window.openLibraryFile(dir.filePath(QStringLiteral("bench.db"))))
        return 1;
    std::int64_t bookId = 0;
    {
        novel::SharedDatabase shared(window.session()->database());
        novel::BookSetupRequest request;
        request.title = "Bench";
        request.premise = "A lighthouse keeper and a ship that does not exist.";
        request.chapters = kChapters;
        request.chapterTarget = 3000;
        bookId = novel::createBook(shared, request).value();
        for (int p = 1; p <= kChapters; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Part " + std::to_string(p);
            c.outline = "Mara tends the lamp, part " + std::to_string(p) + ".";
            c.targetLength = 3000;
            c.targetUnit = "words";
            (void)window.session()->chapters().add(bookId, c);
        }
    }
    window.session()->notifyChanged();
    window.libraryTree()->selectBook(bookId);
    window.resize(1400, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("batchDock")))
        dock->raise();

    BatchPanel *panel = window.batchPanel();
    panel->setConnection(QString::fromStdString(sim.baseUrl()), QStringLiteral("sk-bench"));
    panel->setRange(1, kChapters);
    panel->setMode(novel::BatchMode::Parallel);
    panel->setConcurrency(kChapters);
    int updates = 0;
    QObject::connect(window.batchBridge(), &BatchBridge::chaptersProgressed, &window,
                     [&](const QList<novel::ChapterProgress> &) { ++updates; });

    EventLoopProbe idle;
    idle.start();
    QTest::qWait(2000);
    idle.stop();
    idle.report("  idle window");

    if (!panel->start()) {
        std::fprintf(stderr, "start failed: %s\n", qPrintable(panel->message()));
        return 1;
    }
    BatchChapterList *list = panel->chapterList();
    auto drafting = [&] {
        return list->count(novel::ChapterPhase::Drafting);
    };
    // Measure while all 8 stream at once: from the 8th stream's start to the first draft's end.
    if (!QTest::qWaitFor([&] { return drafting() == kChapters; }, 120000)) {
        std::fprintf(stderr, "the 8 drafts did not all start: %s\n", qPrintable(panel->message()));
        return 2;
    }
    EventLoopProbe probe;
    EventLoopProbe phase;
    probe.start();
    phase.start();
    QElapsedTimer wall;
    wall.start();
    const int updatesBefore = updates;
    (void)QTest::qWaitFor([&] { return drafting() < kChapters || !panel->isRunning(); }, 300000);
    probe.stop();
    const double seconds = double(wall.elapsed()) / 1000.0;
    std::printf("parallel batch of %d chapters, concurrency %d (time scale %.2f): %.1f s with all "
                "%d streaming, %d coalesced updates (%.1f/s)\n",
                kChapters, kChapters, timeScale, seconds, kChapters, updates - updatesBefore,
                double(updates - updatesBefore) / std::max(0.001, seconds));
    probe.report("  batch of 8 streams");
    const auto drafted = [&] {
        return list->count(novel::ChapterPhase::Pending) + drafting() == 0 || !panel->isRunning();
    };
    (void)QTest::qWaitFor(drafted, 600000);
    phase.stop();
    std::printf("drafting phase: %.1f s, %d coalesced updates in all\n",
                double(wall.elapsed()) / 1000.0, updates - updatesBefore);
    phase.report("  whole drafting phase");

    panel->cancel();
    const bool stopped = QTest::qWaitFor([&] { return !panel->isRunning(); }, 60000);
    window.close();
    return stopped ? 0 : 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    qputenv("XDG_CONFIG_HOME", settingsDir.path().toUtf8());
    ApplicationSetup::configure(app);
    ApplicationSetup::installTranslators(app, QStringLiteral("en"));
    return parallelBatch(app.arguments().contains(QStringLiteral("--fast")) ? 0.2 : 1.0);
}
