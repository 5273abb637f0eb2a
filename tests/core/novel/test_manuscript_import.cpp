#include "novel/manuscript_import.h"
#include "novel/text_encoding.h"

#include <fstream>
#include <string>
#include <string_view>

#include <QTemporaryDir>
#include <QTest>

using scriptorium::ErrorCode;
using scriptorium::novel::convertEncoding;
using scriptorium::novel::ImportedManuscript;
using scriptorium::novel::importManuscript;
using scriptorium::novel::importManuscriptFile;

Q_DECLARE_METATYPE(ErrorCode)

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

QByteArray bytesOf(const std::string &text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

QByteArray toGb18030(const QByteArray &utf8)
{
    auto converted = convertEncoding(view(utf8), "UTF-8", "GB18030");
    if (!converted)
        qFatal("iconv cannot produce GB18030: %s", converted.error().message.c_str());
    return bytesOf(*converted);
}

QByteArrayList chapterTitles(const ImportedManuscript &m)
{
    QByteArrayList titles;
    for (const auto &chapter : m.chapters)
        titles << bytesOf(chapter.title);
    return titles;
}

const QByteArray kChineseNovel = "《山河故人》\n作者：李四\n\n"
                                 "第一章 风起\n\n　　风从北方吹来。\n\n　　他推开了门。\n\n"
                                 "第12章 夜雨\n\n夜里下起了雨。\n\n"
                                 "第一百零三回 归来\n\n他回来了。\n";

} // namespace

class TestManuscriptImport : public QObject {
    Q_OBJECT

private slots:
    void splits_data();
    void splits();
    void gb18030IsDetected();
    void rejects_data();
    void rejects();
    void partHeadingsStayInTheText();
    void fileErrors();
    void readsFileFromDisk();
};

void TestManuscriptImport::splits_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("fileName");
    QTest::addColumn<QByteArray>("title");
    QTest::addColumn<QByteArray>("language");
    QTest::addColumn<QByteArrayList>("titles");
    QTest::addColumn<QByteArray>("firstBody");
    QTest::addColumn<int>("warnings");

    QTest::newRow("markdown title and ## chapters")
        << QByteArray("# The Long Road\n\n## Departure\n\nShe left at dawn.\n\nIt rained.\n\n"
                      "## Arrival\n\nThe city was loud.\n")
        << QByteArray("road.md") << QByteArray("The Long Road") << QByteArray("en")
        << QByteArrayList{"Departure", "Arrival"} << QByteArray("She left at dawn.\n\nIt rained.")
        << 0;
    QTest::newRow("markdown # chapters take the file name")
        << QByteArray("# Chapter 1\n\nOne.\n\n# Chapter 2\n\nTwo.\n")
        << QByteArray("/tmp/my novel.md") << QByteArray("my novel") << QByteArray("en")
        << QByteArrayList{"Chapter 1", "Chapter 2"} << QByteArray("One.") << 0;
    QTest::newRow("parts above chapters")
        << QByteArray("# Part One\n\n## Chapter 1\n\nA.\n\n## Chapter 2\n\nB.\n\n# Part Two\n\n"
                      "## Chapter 3\n\nC.\n")
        << QByteArray("p.md") << QByteArray("p") << QByteArray("en")
        << QByteArrayList{"Chapter 1", "Chapter 2", "Chapter 3"} << QByteArray("A.") << 2;
    QTest::newRow("scene headings stay inside chapters")
        << QByteArray(
               "## Chapter 1\n\n### Morning\n\nA.\n\n### Night\n\nB.\n\n## Chapter 2\n\nC.\n")
        << QByteArray("s.md") << QByteArray("s") << QByteArray("en")
        << QByteArrayList{"Chapter 1", "Chapter 2"}
        << QByteArray("### Morning\n\nA.\n\n### Night\n\nB.") << 0;
    QTest::newRow("setext headings") << QByteArray(
        "The Book\n========\n\nFirst Light\n-----------\n\nA.\n\nLast Light\n----------\n\nB.\n")
                                     << QByteArray("b.txt") << QByteArray("The Book")
                                     << QByteArray("en")
                                     << QByteArrayList{"First Light", "Last Light"}
                                     << QByteArray("A.") << 0;
    QTest::newRow("code fence hides hashes")
        << QByteArray("# Chapter 1\n\n```\n# not a heading\n```\n\n# Chapter 2\n\nB.\n")
        << QByteArray("c.md") << QByteArray("c") << QByteArray("en")
        << QByteArrayList{"Chapter 1", "Chapter 2"} << QByteArray("```\n# not a heading\n```") << 0;
    QTest::newRow("plain text chapters with preface")
        << QByteArray("This is a long preface that explains why the story was written and who it "
                      "is for, and it goes on for quite a while.\n\nChapter 1\n\nOne.\n\n"
                      "Chapter 2: The Storm\n\nTwo.\n")
        << QByteArray("story.txt") << QByteArray("story") << QByteArray("en")
        << QByteArrayList{"Preface", "Chapter 1", "Chapter 2: The Storm"}
        << QByteArray("This is a long preface that explains why the story was written and who it "
                      "is for, and it goes on for quite a while.")
        << 0;
    QTest::newRow("gutenberg style with prologue and epilogue")
        << QByteArray(
               "by A. Writer\n\nPROLOGUE\n\nP.\n\nCHAPTER I.\n\nOne.\n\nCHAPTER II.\n\nTwo.\n\n"
               "EPILOGUE\n\nE.\n")
        << QByteArray("g.txt") << QByteArray("g") << QByteArray("en")
        << QByteArrayList{"PROLOGUE", "CHAPTER I.", "CHAPTER II.", "EPILOGUE"} << QByteArray("P.")
        << 1;
    QTest::newRow("number words") << QByteArray("Chapter One\n\nA.\n\nChapter Twenty-Three\n\nB.\n")
                                  << QByteArray("w.txt") << QByteArray("w") << QByteArray("en")
                                  << QByteArrayList{"Chapter One", "Chapter Twenty-Three"}
                                  << QByteArray("A.") << 0;
    QTest::newRow("prose mentioning chapters does not split")
        << QByteArray("Chapter 1\n\nChapter 3 was the best.\nChapter and verse, she said\n")
        << QByteArray("x.txt") << QByteArray("x") << QByteArray("en") << QByteArrayList{"Chapter 1"}
        << QByteArray("Chapter 3 was the best.\nChapter and verse, she said") << 0;
    QTest::newRow("crlf and bom") << QByteArray(
        "\xEF\xBB\xBF# Book\r\n\r\n## One\r\n\r\nLine one\r\nline two\r\n\r\n## Two\r\n\r\nEnd\r\n")
                                  << QByteArray("crlf.md") << QByteArray("Book") << QByteArray("en")
                                  << QByteArrayList{"One", "Two"}
                                  << QByteArray("Line one\nline two") << 0;
    QTest::newRow("old mac line ends")
        << QByteArray("Chapter 1\r\rA.\r\rChapter 2\r\rB.\r") << QByteArray("cr.txt")
        << QByteArray("cr") << QByteArray("en") << QByteArrayList{"Chapter 1", "Chapter 2"}
        << QByteArray("A.") << 0;
    QTest::newRow("no headings is one chapter")
        << QByteArray("Just a few paragraphs.\n\nNothing else.\n") << QByteArray("notes.txt")
        << QByteArray("notes") << QByteArray("en") << QByteArrayList{"notes"}
        << QByteArray("Just a few paragraphs.\n\nNothing else.") << 1;

    QTest::newRow("chinese plain text")
        << kChineseNovel << QByteArray("shanhe.txt") << QByteArray("山河故人") << QByteArray("zh")
        << QByteArrayList{"第一章 风起", "第12章 夜雨", "第一百零三回 归来"}
        << QByteArray("　　风从北方吹来。\n\n　　他推开了门。") << 1;
    QTest::newRow("chinese special headings")
        << QByteArray(
               "楔子\n\n很久以前。\n\n序章 开端\n\n开始。\n\n第一章\n\n正文。\n\n尾声\n\n结束。\n\n"
               "番外一 旧事\n\n往事。\n")
        << QByteArray("特别.txt") << QByteArray("特别") << QByteArray("zh")
        << QByteArrayList{"楔子", "序章 开端", "第一章", "尾声", "番外一 旧事"}
        << QByteArray("很久以前。") << 0;
    QTest::newRow("chinese markdown")
        << QByteArray("# 长夜\n\n## 第一章 灯火\n\n灯亮了。\n\n## 第二章 黎明\n\n天亮了。\n")
        << QByteArray("n.md") << QByteArray("长夜") << QByteArray("zh")
        << QByteArrayList{"第一章 灯火", "第二章 黎明"} << QByteArray("灯亮了。") << 0;
    QTest::newRow("chinese heading without space after hashes")
        << QByteArray("#第一章 起\n\n甲。\n\n#第二章 承\n\n乙。\n") << QByteArray("h.md")
        << QByteArray("h") << QByteArray("zh") << QByteArrayList{"第一章 起", "第二章 承"}
        << QByteArray("甲。") << 0;
    QTest::newRow("chinese table of contents is left out")
        << QByteArray(
               "目录\n第一章 起\n第二章 承\n第三章 转\n\n第一章 起\n\n甲。\n\n第二章 承\n\n乙。\n\n"
               "第三章 转\n\n丙。\n")
        << QByteArray("toc.txt") << QByteArray("toc") << QByteArray("zh")
        << QByteArrayList{"第一章 起", "第二章 承", "第三章 转"} << QByteArray("甲。") << 2;
    QTest::newRow("chinese prose does not split")
        << QByteArray("第一章\n\n第一章就这样结束了。\n第一次见面时他笑了。\n")
        << QByteArray("p.txt") << QByteArray("p") << QByteArray("zh") << QByteArrayList{"第一章"}
        << QByteArray("第一章就这样结束了。\n第一次见面时他笑了。") << 0;
}

void TestManuscriptImport::splits()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, fileName);
    QFETCH(QByteArray, title);
    QFETCH(QByteArray, language);
    QFETCH(QByteArrayList, titles);
    QFETCH(QByteArray, firstBody);
    QFETCH(int, warnings);

    const auto result = importManuscript(view(input), view(fileName));
    QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
    QCOMPARE(bytesOf(result->title), title);
    QCOMPARE(bytesOf(result->language), language);
    QCOMPARE(bytesOf(result->sourceEncoding), QByteArray("UTF-8"));
    QCOMPARE(chapterTitles(*result), titles);
    QCOMPARE(bytesOf(result->chapters.front().body), firstBody);
    QCOMPARE(static_cast<int>(result->warnings.size()), warnings);
}

void TestManuscriptImport::gb18030IsDetected()
{
    const QByteArray gb = toGb18030(kChineseNovel);
    QVERIFY(gb != kChineseNovel);
    const auto result = importManuscript(view(gb), "gb.txt");
    QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
    QCOMPARE(bytesOf(result->sourceEncoding), QByteArray("GB18030"));
    QCOMPARE(bytesOf(result->title), QByteArray("山河故人"));
    QCOMPARE(bytesOf(result->language), QByteArray("zh"));
    QCOMPARE(chapterTitles(*result),
             (QByteArrayList{"第一章 风起", "第12章 夜雨", "第一百零三回 归来"}));
    QCOMPARE(bytesOf(result->chapters[1].body), QByteArray("夜里下起了雨。"));

    // A character outside GBK (U+20000, four bytes in GB18030) survives too.
    const QByteArray rare = toGb18030("第一章 𠀀\n\n𠀀字。\n");
    const auto rareResult = importManuscript(view(rare), "rare.txt");
    QVERIFY(rareResult.has_value());
    QCOMPARE(bytesOf(rareResult->chapters.front().body), QByteArray("𠀀字。"));
}

void TestManuscriptImport::rejects_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ErrorCode>("code");

    QTest::newRow("empty") << QByteArray() << ErrorCode::Parse;
    QTest::newRow("only white space") << QByteArray(" \n\r\n\t ") << ErrorCode::Parse;
    QTest::newRow("only a bom") << QByteArray("\xEF\xBB\xBF") << ErrorCode::Parse;
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png.append(QByteArray("\x00\x00\x00\x0dIHDR", 8));
    QTest::newRow("binary with nul bytes") << png << ErrorCode::Parse;
    QByteArray controls;
    for (int i = 0; i < 200; ++i)
        controls.append("ab\x01\x02\x03\x1b");
    QTest::newRow("control characters") << controls << ErrorCode::Parse;
    QTest::newRow("utf-16") << QByteArray("\xFF\xFE\x43\x00\x68\x00", 6) << ErrorCode::Parse;
    QTest::newRow("latin-1") << QByteArray(
        "Chapter 1\n\nCaf\xe9 au lait, na\xefve r\xe9sum\xe9\n\xff\n")
                             << ErrorCode::Parse;
    QTest::newRow("truncated utf-8 in latin text")
        << QByteArray("Chapter 1\n\nHe said \xe4\xb8 and left \xc3.\n") << ErrorCode::Parse;
    QTest::newRow("line over 1 MiB")
        << (QByteArray("Chapter 1\n\n") + QByteArray((1 << 20) + 1, 'a')) << ErrorCode::TooLarge;
    QTest::newRow("file over 64 MiB") << QByteArray((64 << 20) + 1, '\n') << ErrorCode::TooLarge;
}

void TestManuscriptImport::rejects()
{
    QFETCH(QByteArray, input);
    QFETCH(ErrorCode, code);
    const auto result = importManuscript(view(input), "bad.txt");
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, code);
    QVERIFY(!result.error().message.empty());
}

void TestManuscriptImport::partHeadingsStayInTheText()
{
    const QByteArray text
        = "第一卷 少年\n\n第一章 出发\n\n甲。\n\n第二卷 青年\n\n第二章 远行\n\n乙。\n";
    const auto result = importManuscript(view(text), "juan.txt");
    QVERIFY(result.has_value());
    QCOMPARE(chapterTitles(*result), (QByteArrayList{"第一章 出发", "第二章 远行"}));
    // Later volume lines stay in the text of the chapter before them; the first one, before
    // any chapter, is named in a warning.
    QCOMPARE(bytesOf(result->chapters[0].body), QByteArray("甲。\n\n第二卷 青年"));
    QCOMPARE(result->warnings.size(), std::size_t{2}); // part headings + skipped short preface
}

void TestManuscriptImport::fileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path root = dir.path().toStdString();

    auto missing = importManuscriptFile(root / "missing.md");
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);

    auto folder = importManuscriptFile(root);
    QVERIFY(!folder);
    QCOMPARE(folder.error().code, ErrorCode::InvalidArgument);

    const std::filesystem::path big = root / "big.txt";
    std::ofstream(big).put('x');
    std::filesystem::resize_file(big, (64 << 20) + 1); // sparse: checked before it is read
    auto tooBig = importManuscriptFile(big);
    QVERIFY(!tooBig);
    QCOMPARE(tooBig.error().code, ErrorCode::TooLarge);
}

void TestManuscriptImport::readsFileFromDisk()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "故事.txt";
    const QByteArray gb = toGb18030(kChineseNovel);
    std::ofstream(file, std::ios::binary).write(gb.constData(), gb.size());

    const auto result = importManuscriptFile(file);
    QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
    QCOMPARE(bytesOf(result->sourceEncoding), QByteArray("GB18030"));
    QCOMPARE(result->chapters.size(), std::size_t{3});
    QCOMPARE(bytesOf(result->chapters[2].body), QByteArray("他回来了。"));
}

QTEST_APPLESS_MAIN(TestManuscriptImport)
#include "test_manuscript_import.moc"
