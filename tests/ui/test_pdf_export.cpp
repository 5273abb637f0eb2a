// The print-ready PDF export (issue 16 part 3) read back by an independent reader (poppler's
// pdftotext, pdfinfo, pdffonts): the text round-trips exactly for an English and a Chinese
// book (with 一, 雨 and 见, whose glyphs Noto CJK shares with radicals), pages are A5 with every
// chapter on a new page, the fonts are embedded, a failed write says what to do and leaves the old
// file, and the Export dialog offers it.
#include "novel/book_exporter.h"
#include "novel/docx_writer.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "ui/export_dialog.h"
#include "ui/print/pdf_book.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

novel::ExportBook englishBook()
{
    novel::ExportBook book;
    book.title = "The Lamp Room";
    book.author = "Mara Quill";
    book.language = "en";
    book.chapters.push_back(
        {"Arrival",
         "Rain fell on the harbour, and the bells of the fishing boats were still.\n\n"
         "Mara climbed the ninety-nine steps to the lamp and counted every one of them twice, "
         "as her father had taught her, because the sea forgives nothing counted once.\n\n"
         "* * *\n\n"
         "By morning the ledger was gone."});
    book.chapters.push_back({"", "She found the boat empty. “Where did they go?” she asked."});
    return book;
}

novel::ExportBook chineseBook()
{
    novel::ExportBook book;
    book.title = "灯塔";
    book.author = "林雨";
    book.language = "zh";
    book.chapters.push_back(
        {"第一章 到来",
         "雨落在港口上，渔船的钟声都停了。\n玛拉数着台阶登上灯室，每一级都数了两遍。"
         "\n\n***\n\n天亮时，账本不见了。"});
    book.chapters.push_back({"第二章 空船", "她发现那条船是空的。“他们去哪儿了？”她问。"});
    return book;
}

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// What a reader gets back, without white space and page numbers (a line of digits).
QString readBack(const QString &pdf)
{
    const QString text
        = run(QStringLiteral("pdftotext"),
              {QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdf, QStringLiteral("-")});
    QString out;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        static const QRegularExpression number(QStringLiteral("^\\s*\\d+\\s*$"));
        if (!number.match(line).hasMatch())
            out += line;
    }
    return out.remove(QRegularExpression(QStringLiteral("[\\s\\x{3000}\\f]")));
}

/// The book's text in reading order, without white space: title, author, then per chapter its
/// heading and paragraphs, scene breaks as "***".
QString expected(const novel::ExportBook &book, const QStringList &headings)
{
    QString out = QString::fromStdString(book.title) + QString::fromStdString(book.author);
    for (std::size_t i = 0; i < book.chapters.size(); ++i) {
        out += headings[static_cast<qsizetype>(i)];
        for (const std::string &p : novel::manuscriptParagraphs(book.chapters[i].body))
            out += p == "#" ? QStringLiteral("***") : QString::fromStdString(p);
    }
    return out.remove(QRegularExpression(QStringLiteral("[\\s\\x{3000}]")));
}

} // namespace

class TestPdfExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
                 "pdftotext is missing: run packaging/setup.sh (poppler-utils)");
        QVERIFY(m_dir.isValid());
    }

    void englishTextReadsBackExactly()
    {
        const QString path = m_dir.filePath(QStringLiteral("lamp.pdf"));
        QVERIFY(writePdfBook(englishBook(), path).has_value());
        QCOMPARE(readBack(path),
                 expected(englishBook(), {QStringLiteral("Arrival"), QStringLiteral("Chapter 2")}));
        const QString info = run(QStringLiteral("pdfinfo"), {path});
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Title:\\s+The Lamp Room\n"))),
                 qPrintable(info));
        // A5 (148 × 210 mm = 419.53 × 595.28 pt); a title page and a page per chapter.
        QVERIFY2(info.contains(QStringLiteral("(A5)")), qPrintable(info));
        const auto pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
        QVERIFY(pages.hasMatch());
        QVERIFY2(pages.captured(1).toInt() == 3, qPrintable(info));
    }

    void chineseTextReadsBackWithItsFontEmbedded()
    {
        const QString path = m_dir.filePath(QStringLiteral("dengta.pdf"));
        QVERIFY(writePdfBook(chineseBook(), path).has_value());
        // Exactly: Qt names some glyphs by the radicals that share them (⼀ for 一, ⻅ for 见);
        // the export maps them back to the book's characters.
        const QString back = readBack(path);
        const QString want
            = expected(chineseBook(), {QStringLiteral("第一章到来"), QStringLiteral("第二章空船")});
        qsizetype at = 0;
        while (at < back.size() && at < want.size() && back[at] == want[at])
            ++at;
        QVERIFY2(back == want,
                 qPrintable(QStringLiteral("differs at %1: …%2 vs …%3")
                                .arg(at)
                                .arg(back.mid(at, 12), want.mid(at, 12))));
        const QString fonts = run(QStringLiteral("pdffonts"), {path});
        QVERIFY2(fonts.contains(QStringLiteral("CJK")), qPrintable(fonts));
        for (const QString &line : fonts.split(QLatin1Char('\n')).mid(2)) {
            if (line.trimmed().isEmpty())
                continue;
            // Columns: name type encoding emb sub uni object ID; every font embedded.
            const QStringList columns = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            QVERIFY2(columns.size() >= 7, qPrintable(line));
            QCOMPARE(columns[columns.size() - 5], QStringLiteral("yes"));
        }
    }

    void failedWriteSaysWhatToDoAndKeepsTheOldFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("missing-folder/lamp.pdf"));
        const Status written = writePdfBook(englishBook(), path);
        QVERIFY(!written.has_value());
        QVERIFY(written.error().code == ErrorCode::Io
                || written.error().code == ErrorCode::ReadOnly);
        QVERIFY(QString::fromStdString(written.error().message).contains(QStringLiteral("folder")));
        QVERIFY(!QFile::exists(path));
    }

    void theCliWritesTheSamePdfWithoutADisplay()
    {
        // `scriptorium-cli book export --format pdf` writes the window's PDF on a machine with
        // no display: the library's book, read back exactly.
        const QString dbPath = m_dir.filePath(QStringLiteral("cli.db"));
        const novel::ExportBook book = englishBook();
        std::int64_t bookId = 0;
        {
            auto db = store::Database::open(dbPath.toStdString());
            QVERIFY(db.has_value());
            store::Book row;
            row.title = book.title;
            row.language = book.language;
            row.author = book.author;
            auto id = store::BookStore(**db).create(row);
            QVERIFY(id.has_value());
            bookId = *id;
            store::ChapterStore chapters(**db);
            for (const novel::ExportChapter &c : book.chapters) {
                store::Chapter chapter;
                chapter.title = c.title;
                chapter.body = c.body;
                QVERIFY(chapters.add(bookId, chapter).has_value());
            }
        }
        const QString out = m_dir.filePath(QStringLiteral("cli.pdf"));
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        cli.setProcessEnvironment(env);
        cli.start(qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
                      + QStringLiteral("/app/cli/scriptorium-cli"),
                  {QStringLiteral("--db"), dbPath, QStringLiteral("book"), QStringLiteral("export"),
                   QString::number(bookId), QStringLiteral("--format"), QStringLiteral("PDF"),
                   QStringLiteral("--out"), out});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QVERIFY2(cli.readAllStandardOutput().contains("2 chapters"), "no summary printed");
        QCOMPARE(readBack(out),
                 expected(book, {QStringLiteral("Arrival"), QStringLiteral("Chapter 2")}));
    }

    void theExportDialogWritesIt()
    {
        ExportDialog dialog(QString(), 0, QStringLiteral("Lamp"));
        const int pdf = dialog.formatBox()->findText(QStringLiteral("PDF"), Qt::MatchStartsWith);
        QVERIFY(pdf >= 0);
        dialog.formatBox()->setCurrentIndex(pdf);
        QVERIFY2(dialog.pathField()->text().endsWith(QStringLiteral(".pdf")),
                 qPrintable(dialog.pathField()->text()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestPdfExport)
#include "test_pdf_export.moc"
