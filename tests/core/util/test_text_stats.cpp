#include "util/text_stats.h"

#include <string>
#include <string_view>

#include <QTest>

using scriptorium::countText;
using scriptorium::TextStats;

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

} // namespace

class TestTextStats : public QObject {
    Q_OBJECT

private slots:
    void counts_data();
    void counts();
    void chineseChapterOf3000Characters();
    void invalidUtf8NeverCrashes_data();
    void invalidUtf8NeverCrashes();
    void mostlyCjk();
    void symbols_data();
    void symbols();
};

void TestTextStats::counts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("words");
    QTest::addColumn<int>("cjk");
    QTest::addColumn<int>("characters");

    QTest::newRow("empty") << QByteArray() << 0 << 0 << 0;
    QTest::newRow("whitespace only") << QByteArray(" \t\r\n\u3000") << 0 << 0 << 0;
    QTest::newRow("english sentence") << QByteArray("The quick brown fox.") << 4 << 0 << 17;
    QTest::newRow("contraction and hyphen")
        << QByteArray("Don't stop a well-known act") << 5 << 0 << 23;
    QTest::newRow("curly apostrophe") << QByteArray("l\u2019amour") << 1 << 0 << 7;
    QTest::newRow("numbers keep their dots")
        << QByteArray("pi is 3.14, not 1,000.") << 5 << 0 << 18;
    QTest::newRow("dash between words separates") << QByteArray("yes--no") << 2 << 0 << 7;
    QTest::newRow("trailing hyphen") << QByteArray("pre- and post-") << 3 << 0 << 12;
    QTest::newRow("chinese") << QByteArray("\u4ed6\u8d70\u8fdb\u4e86\u623f\u95f4\u3002") << 0 << 6
                             << 7;
    QTest::newRow("chinese with full-width punctuation") << QByteArray(
        "\u201c\u4f60\u597d\uff01\u201d\u5979\u8bf4\uff0c\u201c\u518d\u89c1\u3002\u201d")
                                                         << 0 << 6 << 13;
    QTest::newRow("mixed chinese and latin")
        << QByteArray("\u674e\u660e\u6253\u5f00\u4e86 iPhone 15\uff0c\u770b\u4e86\u770b") << 2 << 8
        << 17;
    QTest::newRow("full-width latin is one word")
        << QByteArray("\uff21\uff22\uff23 \uff11\uff12\uff13") << 2 << 0 << 6;
    QTest::newRow("japanese kana")
        << QByteArray("\u3053\u3093\u306b\u3061\u306f\u30c6\u30b9\u30c8") << 0 << 8 << 8;
    QTest::newRow("korean hangul") << QByteArray("\uc548\ub155 \ud558\uc138\uc694") << 0 << 5 << 5;
    QTest::newRow("emoji are characters, not words")
        << QByteArray("Good \U0001F600 day \U0001F44D\U0001F3FD") << 2 << 0 << 9;
    QTest::newRow("zwj emoji sequence")
        << QByteArray("\U0001F468\u200D\U0001F469\u200D\U0001F467") << 0 << 0 << 3;
    QTest::newRow("combining accent stays in word") << QByteArray("cafe\u0301 noir") << 2 << 0 << 8;
    QTest::newRow("cyrillic and greek")
        << QByteArray("\u041f\u0440\u0438\u0432\u0435\u0442 \u03ba\u03cc\u03c3\u03bc\u03b5") << 2
        << 0 << 11;
    QTest::newRow("markdown heading") << QByteArray("# Chapter 12: The End") << 4 << 0 << 17;
    QTest::newRow("chinese heading")
        << QByteArray("\u7b2c\u5341\u4e8c\u7ae0 \u5f52\u6765") << 0 << 6 << 6;
    QTest::newRow("cjk extension b") << QByteArray("\U00020000\U0002A6D6") << 0 << 2 << 2;
}

void TestTextStats::counts()
{
    QFETCH(QByteArray, text);
    QFETCH(int, words);
    QFETCH(int, cjk);
    QFETCH(int, characters);

    const TextStats stats = countText(view(text));
    QCOMPARE(stats.latinWords, static_cast<std::size_t>(words));
    QCOMPARE(stats.cjkCharacters, static_cast<std::size_t>(cjk));
    QCOMPARE(stats.characters, static_cast<std::size_t>(characters));
    QCOMPARE(stats.length(), static_cast<std::size_t>(words + cjk));
    QVERIFY(stats.isValidUtf8());
}

void TestTextStats::chineseChapterOf3000Characters()
{
    // 3000 Han characters are 9000 bytes of UTF-8; the writer's count must be 3000.
    const QByteArray sentence("\u5979\u63a8\u5f00\u95e8\uff0c\u98ce\u5439\u8fdb\u6765\u3002");
    QByteArray chapter;
    while (countText(view(chapter)).cjkCharacters < 3000)
        chapter += sentence;
    const TextStats stats = countText(view(chapter));
    QCOMPARE(stats.cjkCharacters, std::size_t{3000});
    QCOMPARE(chapter.size(), qsizetype{(3000 + 750) * 3});
    QCOMPARE(stats.length(), std::size_t{3000});
    QCOMPARE(stats.latinWords, std::size_t{0});
}

void TestTextStats::invalidUtf8NeverCrashes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("invalid");
    QTest::addColumn<int>("length");

    QTest::newRow("lone continuation") << QByteArray("abc \x80 def") << 1 << 2;
    QTest::newRow("truncated at end") << QByteArray("word \xe4\xbd") << 1 << 1;
    QTest::newRow("overlong slash") << QByteArray("a\xc0\xaf"
                                                  "b")
                                    << 2 << 2;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80x") << 3 << 1;
    QTest::newRow("above max") << QByteArray("\xf4\x90\x80\x80") << 4 << 0;
    QTest::newRow("invalid byte splits word") << QByteArray("ab\xffkd") << 1 << 2;
    QTest::newRow("chinese around garbage") << QByteArray("\u4e2d\xfe\u6587") << 1 << 2;
    QTest::newRow("all 0xff") << QByteArray(64, '\xff') << 64 << 0;
}

void TestTextStats::invalidUtf8NeverCrashes()
{
    QFETCH(QByteArray, text);
    QFETCH(int, invalid);
    QFETCH(int, length);

    const TextStats stats = countText(view(text));
    QCOMPARE(stats.invalidSequences, static_cast<std::size_t>(invalid));
    QCOMPARE(stats.length(), static_cast<std::size_t>(length));
    QVERIFY(!stats.isValidUtf8());
}

void TestTextStats::mostlyCjk()
{
    QVERIFY(countText("\u4ed6\u8bf4 OK").isMostlyCjk());
    QVERIFY(!countText("He said \u597d").isMostlyCjk());
    QVERIFY(!countText("").isMostlyCjk());
}

void TestTextStats::symbols_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("symbols");

    QTest::newRow("none") << QByteArray("well-known don't 3.14") << 0;
    QTest::newRow("trailing comma and bang") << QByteArray("Hello, world!") << 2;
    QTest::newRow("dash pair") << QByteArray("yes--no") << 2;
    QTest::newRow("dot between words") << QByteArray("end.Start") << 1;
    QTest::newRow("chinese punctuation") << QByteArray("\u4f60\u597d\uff01\u201c") << 2;
    QTest::newRow("lone hyphen") << QByteArray(" - ") << 1;
    QTest::newRow("joiner at end of text") << QByteArray("pre-") << 1;
}

void TestTextStats::symbols()
{
    QFETCH(QByteArray, text);
    QFETCH(int, symbols);
    QCOMPARE(countText(view(text)).symbols, static_cast<std::size_t>(symbols));
}

QTEST_APPLESS_MAIN(TestTextStats)
#include "test_text_stats.moc"
