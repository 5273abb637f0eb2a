#include "ui/export_dialog.h"

#include "novel/book_exporter.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "ui/error_messages.h"
#include "ui/print/pdf_book.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace scriptorium::ui {

namespace {

/// The combo box's value for the print-ready PDF, which Qt writes (ui/print/pdf_book.h); the other
/// values are novel::ExportFormat.
constexpr int kPdf = 100;

Status exportBookFile(const QString &libraryPath, std::int64_t bookId, int format,
                      const QString &outPath)
{
    store::OpenOptions options;
    options.create = false;
    options.checkIntegrity = false;
    auto db = store::Database::open(std::filesystem::path(libraryPath.toStdString()), options);
    if (!db)
        return fail(db.error());
    store::BookStore books(**db);
    store::ChapterStore chapters(**db);
    auto book = books.get(bookId);
    if (!book)
        return fail(book.error());
    auto list = chapters.list(bookId);
    if (!list)
        return fail(list.error());
    novel::ExportBook out;
    out.identifier = "scriptorium-book-" + std::to_string(bookId);
    out.title = book->title;
    out.language = book->language;
    out.author = book->author;
    out.premise = book->premise;
    for (const store::ChapterListItem &item : *list) {
        auto chapter = chapters.get(item.id);
        if (!chapter)
            return fail(chapter.error());
        out.chapters.push_back({chapter->title, chapter->body});
    }
    if (format == kPdf)
        return writePdfBook(out, outPath);
    return novel::exportBook(out, novel::ExportFormat(format),
                             std::filesystem::path(outPath.toStdString()));
}

const char *extensionFor(int format)
{
    if (format == kPdf)
        return "pdf";
    switch (novel::ExportFormat(format)) {
    case novel::ExportFormat::Markdown:
        return "md";
    case novel::ExportFormat::PlainText:
        return "txt";
    case novel::ExportFormat::Epub:
        return "epub";
    case novel::ExportFormat::Docx:
        return "docx";
    }
    return "txt";
}

} // namespace

ExportDialog::ExportDialog(const QString &libraryPath, std::int64_t bookId,
                           const QString &bookTitle, QWidget *parent)
    : QDialog(parent)
    , m_library(libraryPath)
    , m_bookId(bookId)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export “%1”").arg(bookTitle));
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("EPUB e-book"), int(novel::ExportFormat::Epub));
    m_format->addItem(tr("Word manuscript (standard manuscript format)"),
                      int(novel::ExportFormat::Docx));
    m_format->addItem(tr("PDF, ready to print (A5 book pages)"), kPdf);
    m_format->addItem(tr("Markdown"), int(novel::ExportFormat::Markdown));
    m_format->addItem(tr("Plain text"), int(novel::ExportFormat::PlainText));
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    QString base = bookTitle;
    base.replace(QRegularExpression(QStringLiteral(R"([/\\:*?"<>|])")), QStringLiteral("_"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    m_path->setText(
        QDir(dir.isEmpty() ? QDir::homePath() : dir).filePath(base + QStringLiteral(".epub")));
    auto *browseButton = new QPushButton(tr("Browse…"), this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("exportMessage"));
    m_message->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Save as:"), pathRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_export = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(560, height());
}

void ExportDialog::formatChanged()
{
    const QFileInfo info(m_path->text());
    m_path->setText(
        info.dir().filePath(info.completeBaseName() + QLatin1Char('.')
                            + QLatin1String(extensionFor(m_format->currentData().toInt()))));
}

void ExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), m_path->text());
    if (!path.isEmpty())
        m_path->setText(path);
}

void ExportDialog::startExport()
{
    const QString out = m_path->text().trimmed();
    if (out.isEmpty()) {
        m_message->setText(tr("Choose where to save the file."));
        return;
    }
    m_export->setEnabled(false);
    m_message->setText(tr("Exporting…"));
    m_message->setToolTip({});
    auto *watcher = new QFutureWatcher<Status>(this);
    connect(watcher, &QFutureWatcher<Status>::finished, this, [this, watcher, out] {
        watcher->deleteLater();
        const Status exported = watcher->result();
        m_export->setEnabled(true);
        if (exported) {
            m_message->setText(tr("Exported to %1").arg(QDir::toNativeSeparators(out)));
            m_message->setToolTip({});
            emit exportFinished(true, {});
            return;
        }
        const QString message
            = tr("The book was not exported to %1. %2")
                  .arg(QDir::toNativeSeparators(out), errorText(exported.error()));
        m_message->setText(message);
        m_message->setToolTip(errorDetail(exported.error()));
        emit exportFinished(false, message);
    });
    watcher->setFuture(QtConcurrent::run(exportBookFile, m_library, m_bookId,
                                         m_format->currentData().toInt(), out));
}

} // namespace scriptorium::ui
