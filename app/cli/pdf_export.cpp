#include "pdf_export.h"

#include "ui/print/pdf_book.h"

#include <QGuiApplication>
#include <QString>

namespace scriptorium::cli {

Status exportPdf(const novel::ExportBook &book, const std::filesystem::path &out)
{
    // The CLI runs where there is no display (a server, CI, a cron job): the offscreen
    // platform has the fonts and needs none.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "scriptorium-cli";
    char *argv[] = {name, nullptr};
    QGuiApplication app(argc, argv);
    return ui::writePdfBook(book, QString::fromStdString(out.string()));
}

} // namespace scriptorium::cli
