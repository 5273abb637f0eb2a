// DOCX manuscript export (issue 16): standard manuscript format, read back by an independent
// reader (python-docx, Debian's python3-docx) paragraph by paragraph, so the text round-trips
// exactly and the layout is what an editor expects.
#include "novel/book_exporter.h"
#include "novel/docx_writer.h"

#include <filesystem>
#include <string>

#include <zip.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium::novel;
namespace fs = std::filesystem;

namespace {

ExportBook englishBook()
{
    return ExportBook{"",
                      "The Long Road",
                      "en",
                      "Ada Writer",
                      "Two people walk home.",
                      {{"Departure",
                        "She left at dawn.\n\nIt rained & it <poured>.\nShe kept going.\n\n* * "
                        "*\n\nMorning came."},
                       {"", "The river was high."}}};
}

ExportBook chineseBook()
{
    return ExportBook{
        "",   "山河故人",
        "zh", "林晚",
        "",   {{"第一章 风起", "　　风从北方吹来。\n　　他推开了门。\n\n※※※\n\n“到家了。”她说。"}}};
}

std::string entry(const fs::path &path, const char *name)
{
    int error = 0;
    zip_t *zip = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!zip)
        return {};
    std::string data;
    if (zip_file_t *f = zip_fopen(zip, name, 0)) {
        char buffer[4096];
        zip_int64_t n = 0;
        while ((n = zip_fread(f, buffer, sizeof buffer)) > 0)
            data.append(buffer, static_cast<std::size_t>(n));
        zip_fclose(f);
    }
    zip_close(zip);
    return data;
}

/// Every paragraph of the document with its style, as python-docx reads it.
QJsonArray readWithPythonDocx(const fs::path &path, QString *error)
{
    const char *script = R"(
import docx, json, sys
d = docx.Document(sys.argv[1])
out = [{"style": p.style.name, "text": p.text} for p in d.paragraphs]
s = d.sections[0]
print(json.dumps({"paragraphs": out,
                  "margins": [s.top_margin.inches, s.bottom_margin.inches,
                              s.left_margin.inches, s.right_margin.inches],
                  "title_page": s.different_first_page_header_footer,
                  "header": [p.text for p in s.header.paragraphs]}))
)";
    QProcess python;
    python.start(
        QString::fromUtf8(SYSTEM_PYTHON3),
        {QStringLiteral("-c"), QString::fromUtf8(script), QString::fromStdString(path.string())});
    if (!python.waitForFinished(60000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError());
        return {};
    }
    const QJsonObject root = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    QJsonArray all = root.value(QStringLiteral("paragraphs")).toArray();
    all.prepend(root); // [0]: the section facts
    return all;
}

} // namespace

class TestDocxExport : public QObject {
    Q_OBJECT

private slots:
    void paragraphsAndSceneBreaks()
    {
        const auto p = manuscriptParagraphs("  One.  \n\nTwo.\n***\n  #  \n- - -\nThree.\n\n\n");
        const std::vector<std::string> expected{"One.", "Two.", "#", "#", "#", "Three."};
        QCOMPARE(p, expected);
        QCOMPARE(manuscriptParagraphs("　　风起。\n　　雨落。"),
                 (std::vector<std::string>{"风起。", "雨落。"}));
        QCOMPARE(manuscriptParagraphs("A line with # inside."),
                 (std::vector<std::string>{"A line with # inside."}));
    }

    void lengthIsRoundedInTheBooksUnit()
    {
        ExportBook book = englishBook();
        book.chapters = {{"", "one two three"}};
        QCOMPARE(manuscriptLengthLine(book), std::string("about 3 words"));
        std::string body;
        for (int i = 0; i < 12345; ++i)
            body += "word ";
        book.chapters = {{"", body}};
        QCOMPARE(manuscriptLengthLine(book), std::string("about 12,000 words"));
        body.clear();
        for (int i = 0; i < 1260; ++i)
            body += "word ";
        book.chapters = {{"", body}};
        QCOMPARE(manuscriptLengthLine(book), std::string("about 1,300 words"));
        ExportBook zh = chineseBook();
        std::string han;
        for (int i = 0; i < 4321; ++i)
            han += "字";
        zh.chapters = {{"", han}};
        QCOMPARE(manuscriptLengthLine(zh), std::string("约 4,300 字"));
    }

    void manuscriptFormatIsInTheFile()
    {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "book.docx";
        QVERIFY(exportBook(englishBook(), ExportFormat::Docx, out).has_value());
        const std::string styles = entry(out, "word/styles.xml");
        QVERIFY(styles.find("Times New Roman") != std::string::npos);
        QVERIFY(styles.find("w:line=\"480\"") != std::string::npos); // double-spaced
        QVERIFY(styles.find("<w:sz w:val=\"24\"/>") != std::string::npos); // 12 pt
        QVERIFY(styles.find("<w:pageBreakBefore/>") != std::string::npos); // chapters
        const std::string header = entry(out, "word/header1.xml");
        QVERIFY(header.find("Writer / THE LONG ROAD / ") != std::string::npos);
        QVERIFY(header.find("PAGE") != std::string::npos);
        const std::string document = entry(out, "word/document.xml");
        QVERIFY(document.find("w:top=\"1440\"") != std::string::npos);
        QVERIFY(document.find("<w:titlePg/>") != std::string::npos);
        QVERIFY(document.find("It rained &amp; it &lt;poured&gt;.") != std::string::npos);

        const std::string zhStyles = [&] {
            const fs::path zh = fs::path(dir.path().toStdString()) / "zh.docx";
            exportBook(chineseBook(), ExportFormat::Docx, zh).value();
            return entry(zh, "word/styles.xml");
        }();
        QVERIFY(zhStyles.find("w:eastAsia=\"Noto Serif CJK SC\"") != std::string::npos);
        QVERIFY(zhStyles.find("w:firstLineChars=\"200\"") != std::string::npos);
    }

    void anIndependentReaderGetsTheTextBack_data()
    {
        QTest::addColumn<bool>("chinese");
        QTest::newRow("en") << false;
        QTest::newRow("zh") << true;
    }

    void anIndependentReaderGetsTheTextBack()
    {
        QFETCH(bool, chinese);
        const ExportBook book = chinese ? chineseBook() : englishBook();
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "book.docx";
        QVERIFY(exportBook(book, ExportFormat::Docx, out).has_value());
        QString error;
        const QJsonArray read = readWithPythonDocx(out, &error);
        QVERIFY2(!read.isEmpty(), qPrintable(error));

        // What the manuscript must say, paragraph by paragraph.
        QStringList expected{
            QString::fromStdString(book.author), QString::fromStdString(manuscriptLengthLine(book)),
            QString::fromStdString(book.title),
            chinese ? QStringLiteral("作者：林晚") : QStringLiteral("by Ada Writer")};
        QStringList headings;
        for (std::size_t i = 0; i < book.chapters.size(); ++i) {
            const QString heading = book.chapters[i].title.empty()
                ? QStringLiteral("Chapter %1").arg(i + 1)
                : QString::fromStdString(book.chapters[i].title);
            expected << heading;
            headings << heading;
            for (const std::string &p : manuscriptParagraphs(book.chapters[i].body))
                expected << QString::fromStdString(p);
        }
        QStringList got;
        QStringList gotHeadings;
        for (qsizetype i = 1; i < read.size(); ++i) {
            const QJsonObject p = read[i].toObject();
            got << p.value(QStringLiteral("text")).toString();
            if (p.value(QStringLiteral("style")).toString() == QStringLiteral("Heading 1"))
                gotHeadings << p.value(QStringLiteral("text")).toString();
        }
        QCOMPARE(got, expected);
        QCOMPARE(gotHeadings, headings);
        QVERIFY(got.contains(QStringLiteral("#"))); // the scene break

        const QJsonObject section = read[0].toObject();
        for (const QJsonValue margin : section.value(QStringLiteral("margins")).toArray())
            QCOMPARE(margin.toDouble(), 1.0);
        QVERIFY(section.value(QStringLiteral("title_page")).toBool());
        const QString header = section.value(QStringLiteral("header")).toArray().first().toString();
        QVERIFY2(header.startsWith(chinese ? QStringLiteral("林晚 / 山河故人 / ")
                                           : QStringLiteral("Writer / THE LONG ROAD / ")),
                 qPrintable(header));
    }
};

QTEST_GUILESS_MAIN(TestDocxExport)
#include "test_docx_export.moc"
