#include "ui/application_setup.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    scriptorium::ui::ApplicationSetup::configure(app);
    scriptorium::ui::ApplicationSetup::installTranslators(
        app, scriptorium::ui::ApplicationSetup::configuredLanguage());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Write novels with language models."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    scriptorium::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
