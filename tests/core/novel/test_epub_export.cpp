#include "novel/book_exporter.h"
#include "novel/epub_writer.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <zip.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium::novel;
namespace fs = std::filesystem;

namespace {

ExportBook englishBook()
{
    return ExportBook{
        "",
        "The Long Road",
        "en",
        "A. Writer",
        "Two people walk home & talk.",
        {{"Departure", "She left at dawn.\n\nIt rained & it <poured>.\nShe kept going."},
         {"Chapter 2: \"The River\"", "The river was high.\x01"},
         {"", ""}}};
}

ExportBook chineseBook()
{
    return ExportBook{"3b241101-e2bb-4255-8caf-4136c566a962",
                      "山河故人",
                      "zh",
                      "",
                      "两个人走回家。",
                      {{"第一章 风起", "　　风从北方吹来。\n\n　　他推开了门。"},
                       {"第二章 夜雨", "夜里下起了雨。"},
                       {"番外 旧事", "他回来了。\n\n“到家了。”她说。"}}};
}

// The archive's entries, read back with libzip.
struct Archive {
    QStringList names;
    std::map<std::string, std::string> files;
    bool mimetypeStored = false;
};

Archive readArchive(const fs::path &path)
{
    Archive archive;
    int error = 0;
    zip_t *zip = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!zip)
        return archive;
    for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
        zip_stat_t st;
        zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st);
        archive.names << QString::fromUtf8(st.name);
        if (std::string(st.name) == "mimetype")
            archive.mimetypeStored = st.comp_method == ZIP_CM_STORE;
        std::string data(st.size, '\0');
        zip_file_t *file = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
        zip_fread(file, data.data(), data.size());
        zip_fclose(file);
        archive.files[st.name] = data;
    }
    zip_close(zip);
    return archive;
}

bool contains(const std::string &haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string::npos;
}

// Runs epubcheck; returns its report, empty when the file is valid without warnings.
QString epubcheckProblems(const fs::path &file)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(
        qEnvironmentVariable("JAVA", QStringLiteral("java")),
        // A short run: the quick JIT tier and a serial GC halve the start-up time.
        {QStringLiteral("-XX:TieredStopAtLevel=1"), QStringLiteral("-XX:+UseSerialGC"),
         QStringLiteral("-jar"),
         qEnvironmentVariable("EPUBCHECK_JAR", QStringLiteral("/usr/share/java/epubcheck.jar")),
         QString::fromStdString(file.string())});
    if (!process.waitForFinished(240'000))
        return QStringLiteral("epubcheck did not finish");
    const QString output = QString::fromUtf8(process.readAll());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0
        || output.contains(QLatin1String("WARNING")) || output.contains(QLatin1String("ERROR"))
        || output.contains(QLatin1String("FATAL")))
        return output;
    return {};
}

} // namespace

class TestEpubExport : public QObject {
    Q_OBJECT

private slots:
    void containerLayout();
    void chineseMetadataAndText();
    void englishPassesEpubcheck();
    void chinesePassesEpubcheck();
    void escapesXml();
};

void TestEpubExport::containerLayout()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path out = fs::path(dir.path().toStdString()) / "book.epub";
    QVERIFY(exportBook(englishBook(), ExportFormat::Epub, out).has_value());

    // The first local header must be "mimetype", stored, without extra field (OCF 3.0 §4.3).
    std::ifstream in(out, std::ios::binary);
    const std::string head(std::istreambuf_iterator<char>(in), {});
    QVERIFY(head.starts_with(std::string("PK\x03\x04", 4)));
    QCOMPARE(head.substr(30, 8), std::string("mimetype"));
    QCOMPARE(head.substr(26, 4), std::string("\x08\x00\x00\x00", 4)); // name length 8, extra 0
    QCOMPARE(head.substr(38, 20), std::string("application/epub+zip"));

    const Archive archive = readArchive(out);
    QCOMPARE(archive.names.value(0), QStringLiteral("mimetype"));
    QVERIFY(archive.mimetypeStored);
    for (const char *name :
         {"META-INF/container.xml", "OEBPS/content.opf", "OEBPS/nav.xhtml", "OEBPS/toc.ncx",
          "OEBPS/style.css", "OEBPS/chapter-0001.xhtml", "OEBPS/chapter-0003.xhtml"})
        QVERIFY2(archive.names.contains(QString::fromUtf8(name)), name);

    const std::string &opf = archive.files.at("OEBPS/content.opf");
    QVERIFY(contains(opf, "<dc:identifier id=\"book-id\">urn:uuid:"));
    QVERIFY(contains(opf, "<dc:language>en</dc:language>"));
    QVERIFY(contains(opf, "<dc:creator>A. Writer</dc:creator>"));
    QVERIFY(contains(opf, "<meta property=\"dcterms:modified\">20"));
    QVERIFY(contains(archive.files.at("OEBPS/nav.xhtml"), ">Chapter 3</a>")); // untitled chapter
}

void TestEpubExport::chineseMetadataAndText()
{
    const auto epub = buildEpub(chineseBook(), std::chrono::system_clock::time_point{});
    QVERIFY(epub.has_value());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path out = fs::path(dir.path().toStdString()) / "书.epub";
    std::ofstream(out, std::ios::binary) << *epub;

    const Archive archive = readArchive(out);
    const std::string &opf = archive.files.at("OEBPS/content.opf");
    QVERIFY(contains(
        opf, "<dc:identifier id=\"book-id\">urn:uuid:3b241101-e2bb-4255-8caf-4136c566a962<"));
    QVERIFY(contains(opf, "<dc:title>山河故人</dc:title>"));
    QVERIFY(contains(opf, "<dc:language>zh-CN</dc:language>"));
    QVERIFY(contains(opf, "<dc:creator>佚名</dc:creator>"));
    QVERIFY(contains(opf, "<meta property=\"dcterms:modified\">1970-01-01T00:00:00Z</meta>"));
    QVERIFY(contains(archive.files.at("OEBPS/nav.xhtml"),
                     "<a href=\"chapter-0002.xhtml\">第二章 夜雨</a>"));
    QVERIFY(contains(archive.files.at("OEBPS/toc.ncx"), "<text>番外 旧事</text>"));
    QVERIFY(contains(archive.files.at("OEBPS/toc.ncx"),
                     "content=\"urn:uuid:3b241101-e2bb-4255-8caf-4136c566a962\""));
    const std::string &chapter = archive.files.at("OEBPS/chapter-0001.xhtml");
    QVERIFY(contains(chapter, "xml:lang=\"zh-CN\""));
    QVERIFY(contains(chapter, "<p>　　风从北方吹来。</p>\n<p>　　他推开了门。</p>"));
    QVERIFY(contains(archive.files.at("OEBPS/style.css"), "Noto Serif CJK SC"));
}

void TestEpubExport::englishPassesEpubcheck()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path out = fs::path(dir.path().toStdString()) / "long-road.epub";
    QVERIFY(exportBook(englishBook(), ExportFormat::Epub, out).has_value());
    const QString problems = epubcheckProblems(out);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestEpubExport::chinesePassesEpubcheck()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path out = fs::path(dir.path().toStdString()) / "山河故人.epub";
    QVERIFY(exportBook(chineseBook(), ExportFormat::Epub, out).has_value());
    const QString problems = epubcheckProblems(out);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestEpubExport::escapesXml()
{
    QCOMPARE(escapeXml("a & b <c> \"d\""), std::string("a &amp; b &lt;c&gt; &quot;d&quot;"));
    QCOMPARE(escapeXml("bell\x07 tab\t"), std::string("bell tab\t")); // not allowed in XML 1.0
    QCOMPARE(escapeXml("bad \xff byte"), std::string("bad \xEF\xBF\xBD byte"));
    QCOMPARE(escapeXml("中文"), std::string("中文"));
    QCOMPARE(epubLanguage("zh"), std::string("zh-CN"));
    QCOMPARE(epubLanguage(""), std::string("en"));
    QCOMPARE(epubLanguage("zh-TW"), std::string("zh-TW"));
    QCOMPARE(epubLanguage("<bad>"), std::string("en"));
}

QTEST_GUILESS_MAIN(TestEpubExport)
#include "test_epub_export.moc"
