#include "store/database.h"
#include "ui/app_settings.h"
#include "ui/application_setup.h"
#include "ui/error_messages.h"
#include "ui/first_run_dialog.h"
#include "ui/generation/demo_mode.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"
#include "util/process_hardening.h"

#include <memory>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

using namespace scriptorium;

namespace {

/// The library to open: the command line's, else the most recent one that still exists,
/// else the default library in the user's data directory (created on first use).
QString libraryToOpen(const QCommandLineParser &parser)
{
    if (!parser.positionalArguments().isEmpty())
        return parser.positionalArguments().first();
    for (const QString &recent : ui::AppSettings::recentLibraries()) {
        if (QFileInfo::exists(recent))
            return recent;
    }
    const auto path = store::defaultLibraryPath();
    QDir().mkpath(QString::fromStdString(path.parent_path().string()));
    return QString::fromStdString(path.string());
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything reads the API key: a crash must not write it into a core file.
    if (auto hardened = disableCoreDumps(); !hardened)
        qWarning("scriptorium: %s", hardened.error().message.c_str());

    QApplication app(argc, argv);
    ui::ApplicationSetup::configure(app);
    const QString language
        = ui::ApplicationSetup::installTranslators(app, ui::ApplicationSetup::configuredLanguage());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Write novels with language models."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("library"),
                                 QApplication::translate("main", "Library file to open."),
                                 QStringLiteral("[library]"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main",
                                "Try Scriptorium offline: a simulated OpenRouter on "
                                "this computer and a sample book (nothing is kept)."));
    parser.addOption(demoOption);
    parser.process(app);
    bool demo = parser.isSet(demoOption);

    ui::KeychainSecretStore secrets;
    if (ui::ApplicationSetup::needsFirstRunDialog(demo)) {
        ui::FirstRunDialog firstRun(&secrets);
        firstRun.exec();
        demo = firstRun.choice() == ui::FirstRunDialog::Choice::Demo;
    }

    // Declared before the window, so the simulator outlives it (destroyed in reverse order).
    std::unique_ptr<ui::DemoMode> demoMode;
    if (demo) {
        ui::DemoMode::Options options;
        options.chinese = language.startsWith(QLatin1String("zh"));
        auto started = ui::DemoMode::start(options);
        if (!started) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Demo not started"),
                                  QApplication::translate("main",
                                                          "The offline demo could not "
                                                          "start: %1")
                                      .arg(ui::errorText(started.error())));
            return 1;
        }
        demoMode = std::move(*started);
    }

    ui::MainWindow window(&secrets);
    if (demoMode) {
        if (const QString error = demoMode->attach(window); !error.isEmpty()) {
            QMessageBox::critical(&window, QApplication::translate("main", "Demo not started"),
                                  error);
            return 1;
        }
        window.show();
        return QApplication::exec();
    }
    const QString library = libraryToOpen(parser);
    if (Status opened = window.openLibraryFile(library); !opened) {
        QMessageBox::warning(&window, QApplication::translate("main", "Library not opened"),
                             ui::libraryOpenErrorText(library, opened.error()));
    } else if (auto books = window.session()->books().list(); books && books->empty()) {
        // A first library starts with a book and a chapter, so the writer can type at once.
        window.newBook(QApplication::translate("main", "My first novel"));
        window.newChapter(QApplication::translate("main", "Chapter One"));
    }
    window.show();
    return QApplication::exec();
}
