#include "util/token_estimate.h"

#include <string>

#include <QTest>

using scriptorium::estimateTokens;
using scriptorium::KeepEnd;
using scriptorium::truncateToTokens;

class TestTokenEstimate : public QObject {
    Q_OBJECT

private slots:
    void estimates_data();
    void estimates();
    void truncateKeepsHeadWithinBudget();
    void truncateKeepsTailAtSentenceBoundary();
    void truncateNeverSplitsUtf8();
};

void TestTokenEstimate::estimates_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("tokens");

    QTest::newRow("empty") << QByteArray() << 0;
    QTest::newRow("three words") << QByteArray("one two three") << 4;
    QTest::newRow("words and punctuation") << QByteArray("Hello, world!") << 5;
    QTest::newRow("chinese characters") << QByteArray("\u4ed6\u63a8\u5f00\u95e8\u3002") << 5;
    QTest::newRow("mixed") << QByteArray("\u674e\u660e\u8bf4 OK") << 5;
}

void TestTokenEstimate::estimates()
{
    QFETCH(QByteArray, text);
    QFETCH(int, tokens);
    QCOMPARE(estimateTokens(text.toStdString()), static_cast<std::size_t>(tokens));
}

void TestTokenEstimate::truncateKeepsHeadWithinBudget()
{
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "word" + std::to_string(i) + " ";
    const std::string cut = truncateToTokens(text, 40, KeepEnd::Head);
    QVERIFY(estimateTokens(cut) <= 40);
    QVERIFY(estimateTokens(cut) >= 30);
    QVERIFY(text.starts_with(cut));
    QCOMPARE(truncateToTokens("short", 40, KeepEnd::Head), std::string("short"));
    QVERIFY(truncateToTokens(text, 0, KeepEnd::Head).empty());
}

void TestTokenEstimate::truncateKeepsTailAtSentenceBoundary()
{
    std::string text;
    for (int i = 0; i < 50; ++i)
        text += "\u4ed6\u5728\u7b2c" + std::to_string(i) + "\u6b21\u63a8\u5f00\u95e8\u3002";
    const std::string cut = truncateToTokens(text, 60, KeepEnd::Tail);
    QVERIFY(estimateTokens(cut) <= 60);
    QVERIFY(text.ends_with(cut));
    // The cut starts right after a full stop, at the beginning of a sentence.
    QVERIFY(cut.starts_with("\u4ed6\u5728\u7b2c"));
}

void TestTokenEstimate::truncateNeverSplitsUtf8()
{
    const std::string text(300, 'x');
    std::string chinese;
    for (int i = 0; i < 100; ++i)
        chinese += "\u6587";
    for (std::size_t budget = 1; budget < 100; budget += 7) {
        const std::string head = truncateToTokens(chinese, budget, KeepEnd::Head);
        const std::string tail = truncateToTokens(chinese, budget, KeepEnd::Tail);
        QCOMPARE(head.size() % 3, std::size_t{0});
        QCOMPARE(tail.size() % 3, std::size_t{0});
        QCOMPARE(estimateTokens(head), budget);
    }
}

QTEST_APPLESS_MAIN(TestTokenEstimate)
#include "test_token_estimate.moc"
