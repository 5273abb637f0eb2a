#include "novel/book_exporter.h"
#include "novel/manuscript_import.h"
#include "util/atomic_file.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>

using scriptorium::ErrorCode;
using namespace scriptorium::novel;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(ExportFormat)

namespace {

constexpr int kChildErrorBase = 100;

std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int entriesIn(const fs::path &dir)
{
    return static_cast<int>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

ExportBook englishBook()
{
    return ExportBook{
        "",
        "The Long Road",
        "en",
        "A. Writer",
        "Two people walk home.",
        {{"Departure", "She left at dawn.\n\nIt rained & it <poured>.\nShe kept going."},
         {"Chapter 2: The River", "The river was high."},
         {"Arrival", "The city was loud.\n\n\"Home,\" she said."}}};
}

ExportBook chineseBook()
{
    return ExportBook{"",
                      "山河故人",
                      "zh",
                      "李四",
                      "两个人走回家。",
                      {{"第一章 风起", "　　风从北方吹来。\n\n　　他推开了门。"},
                       {"夜雨", "夜里下起了雨。"},
                       {"第一百零三回 归来", "他回来了。\n\n“到家了。”她说。"}}};
}

// Runs `job` in a child process (so privilege drops and resource limits stay there) and
// returns its exit status: 0 for success, kChildErrorBase + error code otherwise.
template<typename Job> int runInChild(Job job)
{
    const pid_t pid = fork();
    if (pid == 0) {
        const scriptorium::Status status = job();
        _exit(status ? 0 : kChildErrorBase + static_cast<int>(status.error().code));
    }
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

} // namespace

class TestBookExporter : public QObject {
    Q_OBJECT

private slots:
    void formatNames_data();
    void formatNames();
    void markdownLayout();
    void plainTextLayout();
    void roundTrip_data();
    void roundTrip();
    void replacesExistingFileKeepingMode();
    void rejectsBadTargets();
    void readOnlyDirectoryKeepsOldFile();
    void failedWriteKeepsOldFile();
};

void TestBookExporter::formatNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<ExportFormat>("format");
    QTest::newRow("md") << QByteArray("md") << true << ExportFormat::Markdown;
    QTest::newRow("markdown") << QByteArray("Markdown") << true << ExportFormat::Markdown;
    QTest::newRow("txt") << QByteArray("txt") << true << ExportFormat::PlainText;
    QTest::newRow("epub upper") << QByteArray("EPUB") << true << ExportFormat::Epub;
    QTest::newRow("pdf") << QByteArray("pdf") << false << ExportFormat::Markdown;
    QTest::newRow("empty") << QByteArray() << false << ExportFormat::Markdown;
}

void TestBookExporter::formatNames()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, valid);
    QFETCH(ExportFormat, format);
    const auto result = exportFormatFromName(name.toStdString());
    QCOMPARE(result.has_value(), valid);
    if (valid)
        QCOMPARE(*result, format);
    else
        QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
}

void TestBookExporter::markdownLayout()
{
    ExportBook book = englishBook();
    book.chapters.push_back({"", ""});
    const std::string md = renderMarkdown(book);
    QVERIFY(md.starts_with("# The Long Road\n\n## Departure\n\nShe left at dawn.\n\n"));
    QVERIFY(md.find("\n## Chapter 2: The River\n\nThe river was high.\n\n") != std::string::npos);
    QVERIFY(md.ends_with("\n## Chapter 4\n\n")); // an untitled chapter gets a number
}

void TestBookExporter::plainTextLayout()
{
    const std::string txt = renderPlainText(chineseBook());
    // CJK characters are two columns wide, so the underline spans the title on screen.
    QVERIFY(txt.starts_with("山河故人\n========\n\n第一章 风起\n-----------\n\n"));
}

void TestBookExporter::roundTrip_data()
{
    QTest::addColumn<bool>("chinese");
    QTest::addColumn<ExportFormat>("format");
    QTest::newRow("english markdown") << false << ExportFormat::Markdown;
    QTest::newRow("english text") << false << ExportFormat::PlainText;
    QTest::newRow("chinese markdown") << true << ExportFormat::Markdown;
    QTest::newRow("chinese text") << true << ExportFormat::PlainText;
}

void TestBookExporter::roundTrip()
{
    QFETCH(bool, chinese);
    QFETCH(ExportFormat, format);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ExportBook book = chinese ? chineseBook() : englishBook();
    const fs::path out = fs::path(dir.path().toStdString())
        / (format == ExportFormat::Markdown ? "book.md" : "book.txt");

    const auto status = exportBook(book, format, out);
    QVERIFY2(status.has_value(), status ? "" : status.error().message.c_str());
    const auto imported = importManuscriptFile(out);
    QVERIFY2(imported.has_value(), imported ? "" : imported.error().message.c_str());

    QCOMPARE(imported->title, book.title);
    QCOMPARE(imported->language, book.language);
    QVERIFY(imported->warnings.empty());
    QCOMPARE(imported->chapters.size(), book.chapters.size());
    for (std::size_t i = 0; i < book.chapters.size(); ++i) {
        QCOMPARE(imported->chapters[i].title, book.chapters[i].title);
        QCOMPARE(imported->chapters[i].body, book.chapters[i].body);
    }
}

void TestBookExporter::replacesExistingFileKeepingMode()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path out = fs::path(dir.path().toStdString()) / "book.md";
    std::ofstream(out) << "old";
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write);

    QVERIFY(exportBook(englishBook(), ExportFormat::Markdown, out).has_value());
    QCOMPARE(readFile(out), renderMarkdown(englishBook()));
    QCOMPARE(fs::status(out).permissions() & fs::perms::all,
             fs::perms::owner_read | fs::perms::owner_write);
    QCOMPARE(entriesIn(out.parent_path()), 1); // no temporary file left behind
}

void TestBookExporter::rejectsBadTargets()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path root = dir.path().toStdString();

    const auto intoFolder = exportBook(englishBook(), ExportFormat::PlainText, root);
    QVERIFY(!intoFolder);
    QCOMPARE(intoFolder.error().code, ErrorCode::InvalidArgument);

    const auto noFolder
        = exportBook(englishBook(), ExportFormat::PlainText, root / "missing" / "b.txt");
    QVERIFY(!noFolder);
    QCOMPARE(noFolder.error().code, ErrorCode::NotFound);
    QCOMPARE(entriesIn(root), 0);
}

void TestBookExporter::readOnlyDirectoryKeepsOldFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path root = dir.path().toStdString();
    const fs::path locked = root / "locked";
    fs::create_directory(locked);
    const fs::path out = locked / "book.epub";
    std::ofstream(out) << "old export";
    fs::permissions(root, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    fs::permissions(locked,
                    fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_exec
                        | fs::perms::others_exec);

    // root ignores permission bits, so the child drops to an unprivileged user first.
    const int code = runInChild([&] {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(1);
        return exportBook(englishBook(), ExportFormat::Epub, out);
    });
    fs::permissions(locked, fs::perms::owner_all);

    QCOMPARE(code, kChildErrorBase + static_cast<int>(ErrorCode::ReadOnly));
    QCOMPARE(readFile(out), std::string("old export"));
    QCOMPARE(entriesIn(locked), 1);
}

void TestBookExporter::failedWriteKeepsOldFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path out = fs::path(dir.path().toStdString()) / "book.txt";
    std::ofstream(out) << "old text";

    ExportBook big = englishBook();
    big.chapters.front().body = std::string(256 * 1024, 'x');
    // A file size limit makes write() fail half way, as a full disk would.
    const int code = runInChild([&] {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{64 * 1024, 64 * 1024};
        setrlimit(RLIMIT_FSIZE, &limit);
        return exportBook(big, ExportFormat::PlainText, out);
    });

    QCOMPARE(code, kChildErrorBase + static_cast<int>(ErrorCode::TooLarge));
    QCOMPARE(readFile(out), std::string("old text"));
    QCOMPARE(entriesIn(out.parent_path()), 1);
}

QTEST_APPLESS_MAIN(TestBookExporter)
#include "test_book_exporter.moc"
