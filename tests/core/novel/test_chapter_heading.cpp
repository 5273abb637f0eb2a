#include "novel/chapter_heading.h"

#include <string_view>

#include <QTest>

using scriptorium::novel::classifyHeadingLine;
using scriptorium::novel::HeadingRole;
using scriptorium::novel::untitledChapterHeading;

Q_DECLARE_METATYPE(HeadingRole)

class TestChapterHeading : public QObject {
    Q_OBJECT

private slots:
    void classify_data();
    void classify();
    void untitledHeading_data();
    void untitledHeading();
};

void TestChapterHeading::classify_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<HeadingRole>("role");

    const auto chapter = HeadingRole::Chapter;
    const auto part = HeadingRole::Part;
    const auto none = HeadingRole::None;

    QTest::newRow("chapter digits") << QByteArray("Chapter 12") << chapter;
    QTest::newRow("chapter with colon title") << QByteArray("Chapter 12: The Storm") << chapter;
    QTest::newRow("chapter with dash title") << QByteArray("Chapter 3 - Home") << chapter;
    QTest::newRow("chapter with spaced title") << QByteArray("Chapter 3 The Return") << chapter;
    QTest::newRow("upper-case roman") << QByteArray("CHAPTER XII") << chapter;
    QTest::newRow("roman with full stop") << QByteArray("CHAPTER XIII.") << chapter;
    QTest::newRow("number word") << QByteArray("Chapter One") << chapter;
    QTest::newRow("compound number words") << QByteArray("Chapter Twenty-Three") << chapter;
    QTest::newRow("indented") << QByteArray("   Chapter 4   ") << chapter;
    QTest::newRow("prologue") << QByteArray("Prologue") << chapter;
    QTest::newRow("epilogue with title") << QByteArray("Epilogue: Ten Years Later") << chapter;
    QTest::newRow("part") << QByteArray("Part Two") << part;
    QTest::newRow("book roman") << QByteArray("BOOK III") << part;
    QTest::newRow("sentence about a chapter") << QByteArray("Chapter 3 was the best.") << none;
    QTest::newRow("sentence without full stop") << QByteArray("Chapter 3 was the best") << none;
    QTest::newRow("chapter without number") << QByteArray("Chapters") << none;
    QTest::newRow("chapter and prose") << QByteArray("Chapter and verse, she said") << none;
    QTest::newRow("prologue in a sentence") << QByteArray("Prologue aside, it starts well") << none;
    QTest::newRow("part of a sentence") << QByteArray("Part of the plan") << none;
    QTest::newRow("very long line") << (QByteArray("Chapter 1: ") + QByteArray(200, 'A')) << none;

    QTest::newRow("chinese number") << QByteArray("第十二章 风起") << chapter;
    QTest::newRow("arabic number") << QByteArray("第12章") << chapter;
    QTest::newRow("full-width digits") << QByteArray("第１２章　归来") << chapter;
    QTest::newRow("hui") << QByteArray("第一百零三回 宝玉挨打") << chapter;
    QTest::newRow("title without space") << QByteArray("第一章风起云涌") << chapter;
    QTest::newRow("colon separator") << QByteArray("第二章：夜雨") << chapter;
    QTest::newRow("ideographic space indent") << QByteArray("　　第三章 雪") << chapter;
    QTest::newRow("juan is a part") << QByteArray("第一卷 少年") << part;
    QTest::newRow("bu is a part") << QByteArray("第二部") << part;
    QTest::newRow("xuzhang") << QByteArray("序章") << chapter;
    QTest::newRow("xuzhang with title") << QByteArray("序章 开端") << chapter;
    QTest::newRow("xiezi") << QByteArray("楔子") << chapter;
    QTest::newRow("weisheng") << QByteArray("尾声") << chapter;
    QTest::newRow("fanwai numbered") << QByteArray("番外一 旧事") << chapter;
    QTest::newRow("fanwai colon") << QByteArray("番外：重逢") << chapter;
    QTest::newRow("xu alone") << QByteArray("序") << chapter;
    QTest::newRow("chinese sentence") << QByteArray("第一章就这样结束了。") << none;
    QTest::newRow("chinese clause") << QByteArray("第一章写完了，他松了口气") << none;
    QTest::newRow("di without marker") << QByteArray("第一次见面") << none;
    QTest::newRow("xu in a word") << QByteArray("序列号丢了") << none;
    QTest::newRow("weisheng in a sentence") << QByteArray("尾声来临时他走了") << none;
    QTest::newRow("plain chinese") << QByteArray("他走进了房间。") << none;
    QTest::newRow("empty") << QByteArray() << none;
    QTest::newRow("blank") << QByteArray("  \t ") << none;
}

void TestChapterHeading::classify()
{
    QFETCH(QByteArray, line);
    QFETCH(HeadingRole, role);
    QCOMPARE(classifyHeadingLine(
                 std::string_view(line.constData(), static_cast<std::size_t>(line.size()))),
             role);
}

void TestChapterHeading::untitledHeading_data()
{
    QTest::addColumn<int>("number");
    QTest::addColumn<QByteArray>("language");
    QTest::addColumn<QString>("heading");

    QTest::newRow("english") << 12 << QByteArray("en") << QStringLiteral("Chapter 12");
    QTest::newRow("chinese") << 12 << QByteArray("zh") << QStringLiteral("第12章");
    QTest::newRow("traditional chinese") << 3 << QByteArray("zh-Hant") << QStringLiteral("第3章");
    QTest::newRow("no language") << 1 << QByteArray() << QStringLiteral("Chapter 1");
}

void TestChapterHeading::untitledHeading()
{
    QFETCH(int, number);
    QFETCH(QByteArray, language);
    QFETCH(QString, heading);
    const std::string text
        = untitledChapterHeading(static_cast<std::size_t>(number), language.toStdString());
    QCOMPARE(QString::fromStdString(text), heading);
    // What the exporters write for an untitled chapter is recognised when imported again.
    QCOMPARE(classifyHeadingLine(text), HeadingRole::Chapter);
}

QTEST_APPLESS_MAIN(TestChapterHeading)
#include "test_chapter_heading.moc"
