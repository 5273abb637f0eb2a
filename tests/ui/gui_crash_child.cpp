// The window, started by test_gui_crash and killed with SIGKILL while it streams: opens the
// library it is given, makes a book with one chapter, and drafts it against the simulator at
// the given base URL. Prints "streaming" once the draft's first text arrived.
#include "ui/generation/generation_panel.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

using namespace scriptorium;
using namespace scriptorium::ui;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: gui_crash_child LIBRARY BASE_URL\n");
        return 2;
    }
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    if (!window.openLibraryFile(QString::fromLocal8Bit(argv[1])))
        return 3;
    const std::int64_t book = window.newBook(QStringLiteral("Storm")).value_or(0);
    const std::int64_t chapter = window.newChapter(QStringLiteral("One")).value_or(0);
    if (book == 0 || chapter == 0)
        return 4;
    auto stored = window.session()->chapters().get(chapter);
    if (!stored)
        return 4;
    stored->outline = "Mara finds the ledger under the lamp room floor.";
    if (!window.session()->chapters().updateMeta(*stored) || !window.openChapter(chapter))
        return 4;
    window.show();
    GenerationPanel *panel = window.generationPanel();
    panel->setPreviewBeforeSending(false);
    panel->setConnection(QString::fromLocal8Bit(argv[2]), QStringLiteral("sk-or-v1-gui-crash-test"),
                         false);
    panel->setModel(QStringLiteral("meta-llama/llama-3.3-70b-instruct"));
    if (!panel->generate(GenerationMode::Draft)) {
        std::fprintf(stderr, "generate refused: %s\n", panel->message().toUtf8().constData());
        return 5;
    }
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (!panel->draftText().isEmpty()) {
            std::printf("streaming\n");
            std::fflush(stdout);
            poll.stop();
        }
    });
    poll.start(20);
    return app.exec();
}
