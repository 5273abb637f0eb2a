// SseParser: byte-exact framing for any split of the input, and bounded memory.
#include "net/sse_parser.h"

#include <random>
#include <string>
#include <vector>

#include <QTest>

using scriptorium::ErrorCode;
using scriptorium::net::SseEvent;
using scriptorium::net::SseParser;

namespace {

// Everything the parser reported, flattened so two runs compare with ==.
QByteArrayList runParser(const std::vector<std::string> &pieces, SseParser::Limits limits = {})
{
    QByteArrayList out;
    auto bytes = [](std::string_view v) {
        return QByteArray(v.data(), static_cast<qsizetype>(v.size()));
    };
    SseParser parser(limits);
    parser.setEventHandler([&](const SseEvent &e) {
        out << "E[" + bytes(e.type) + "][" + bytes(e.data) + "][" + bytes(e.id) + "]";
    });
    parser.setCommentHandler([&](std::string_view c) { out << "C[" + bytes(c) + "]"; });
    for (const std::string &piece : pieces) {
        if (!parser.feed(piece)) {
            out << "FAIL";
            break;
        }
    }
    return out;
}

} // namespace

class TestSseParser : public QObject {
    Q_OBJECT

private slots:
    void framing_data();
    void framing();
    void everySplitGivesTheSameEvents_data() { framing_data(); }
    void everySplitGivesTheSameEvents();
    void randomSplitsGiveTheSameEvents_data() { framing_data(); }
    void randomSplitsGiveTheSameEvents();
    void utf8CharacterSplitAcrossReads();
    void lineOverLimitIsTooLarge();
    void eventOverLimitIsTooLarge();
    void failedParserStaysFailedUntilReset();
    void memoryStaysBoundedWithoutNewlines();
    void retryField();
};

void TestSseParser::framing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArrayList>("expected");

    QTest::newRow("lf") << QByteArray("data: hello\n\n") << QByteArrayList{"E[][hello][]"};
    QTest::newRow("crlf") << QByteArray("data: hello\r\n\r\n") << QByteArrayList{"E[][hello][]"};
    QTest::newRow("cr") << QByteArray("data: hello\r\r") << QByteArrayList{"E[][hello][]"};
    QTest::newRow("mixed line ends")
        << QByteArray("data: a\r\ndata: b\rdata: c\n\r\n") << QByteArrayList{"E[][a\nb\nc][]"};
    QTest::newRow("no space after colon") << QByteArray("data:x\n\n") << QByteArrayList{"E[][x][]"};
    QTest::newRow("only first space removed")
        << QByteArray("data:  two\n\n") << QByteArrayList{"E[][ two][]"};
    QTest::newRow("multi-line data")
        << QByteArray("data: {\"a\":\ndata: 1}\n\n") << QByteArrayList{"E[][{\"a\":\n1}][]"};
    QTest::newRow("empty data line") << QByteArray("data\n\n") << QByteArrayList{"E[][][]"};
    QTest::newRow("comments and keep-alives")
        << QByteArray(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\r\n\r\ndata: x\n\n")
        << QByteArrayList{"C[ OPENROUTER PROCESSING]", "C[ OPENROUTER PROCESSING]", "E[][x][]"};
    QTest::newRow("done marker passed as data")
        << QByteArray("data: {\"id\":1}\n\ndata: [DONE]\n\n")
        << QByteArrayList{"E[][{\"id\":1}][]", "E[][[DONE]][]"};
    QTest::newRow("event type and id") << QByteArray("event: ping\nid: 7\ndata: p\n\ndata: q\n\n")
                                       << QByteArrayList{"E[ping][p][7]", "E[][q][7]"};
    QTest::newRow("blank lines without data dispatch nothing")
        << QByteArray("\n\n\r\n\revent: x\n\n") << QByteArrayList{};
    QTest::newRow("unterminated event is not dispatched")
        << QByteArray("data: partial\n") << QByteArrayList{};
    QTest::newRow("unknown fields ignored")
        << QByteArray("foo: bar\nretry: 100\ndata: y\n\n") << QByteArrayList{"E[][y][]"};
    QTest::newRow("bom at start") << QByteArray("\xEF\xBB\xBF"
                                                "data: b\n\n")
                                  << QByteArrayList{"E[][b][]"};
    QTest::newRow("utf8 payload") << QByteArray("data: {\"content\":\"第一章 夜\"}\n\n")
                                  << QByteArrayList{"E[][{\"content\":\"第一章 夜\"}][]"};
    QTest::newRow("openrouter stream")
        << QByteArray(": OPENROUTER PROCESSING\n\n"
                      "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                      "data: {\"choices\":[],\"usage\":{\"cost\":0.1}}\n\n"
                      "data: [DONE]\n\n")
        << QByteArrayList{"C[ OPENROUTER PROCESSING]",
                          "E[][{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}][]",
                          "E[][{\"choices\":[],\"usage\":{\"cost\":0.1}}][]", "E[][[DONE]][]"};
}

void TestSseParser::framing()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, expected);
    QCOMPARE(runParser({input.toStdString()}), expected);
}

void TestSseParser::everySplitGivesTheSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, expected);
    const std::string s = input.toStdString();
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
        QCOMPARE(runParser({s.substr(0, cut), s.substr(cut)}), expected);
        for (std::size_t cut2 = cut; cut2 <= s.size(); cut2 += 3)
            QCOMPARE(runParser({s.substr(0, cut), s.substr(cut, cut2 - cut), s.substr(cut2)}),
                     expected);
    }
    std::vector<std::string> bytes;
    for (char c : s)
        bytes.emplace_back(1, c);
    QCOMPARE(runParser(bytes), expected);
}

void TestSseParser::randomSplitsGiveTheSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, expected);
    const std::string s = input.toStdString();
    std::mt19937 rng(42);
    for (int round = 0; round < 200; ++round) {
        std::vector<std::string> pieces;
        std::size_t pos = 0;
        while (pos < s.size()) {
            const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 7)(rng);
            pieces.push_back(s.substr(pos, n));
            pos += n;
        }
        QCOMPARE(runParser(pieces), expected);
    }
}

void TestSseParser::utf8CharacterSplitAcrossReads()
{
    // "夜" is E5 A4 9C: every cut inside it must still yield the whole character.
    const std::string s = "data: \xE5\xA4\x9C\xF0\x9F\x93\x96\n\n";
    const QByteArrayList expected{"E[][夜📖][]"};
    for (std::size_t cut = 6; cut < 13; ++cut)
        QCOMPARE(runParser({s.substr(0, cut), s.substr(cut)}), expected);
}

void TestSseParser::lineOverLimitIsTooLarge()
{
    SseParser parser(SseParser::Limits{.maxLineBytes = 16, .maxEventBytes = 1024});
    QVERIFY(parser.feed("data: short\n\n"));
    const auto status = parser.feed("data: 0123456789abcdef\n");
    QVERIFY(!status);
    QCOMPARE(status.error().code, ErrorCode::TooLarge);

    // The same line split into pieces: the limit applies to the accumulated line.
    SseParser split(SseParser::Limits{.maxLineBytes = 16, .maxEventBytes = 1024});
    QVERIFY(split.feed("data: 01234"));
    const auto second = split.feed("56789abcdef");
    QVERIFY(!second);
    QCOMPARE(second.error().code, ErrorCode::TooLarge);
}

void TestSseParser::eventOverLimitIsTooLarge()
{
    SseParser parser(SseParser::Limits{.maxLineBytes = 64, .maxEventBytes = 20});
    QVERIFY(parser.feed("data: 0123456789\n"));
    const auto status = parser.feed("data: 0123456789\n");
    QVERIFY(!status);
    QCOMPARE(status.error().code, ErrorCode::TooLarge);
}

void TestSseParser::failedParserStaysFailedUntilReset()
{
    SseParser parser(SseParser::Limits{.maxLineBytes = 8, .maxEventBytes = 64});
    QVERIFY(!parser.feed("data: far too long\n"));
    const auto again = parser.feed("data: x\n\n");
    QVERIFY(!again);
    QCOMPARE(again.error().code, ErrorCode::TooLarge);
    parser.reset();
    int events = 0;
    parser.setEventHandler([&](const SseEvent &) { ++events; });
    QVERIFY(parser.feed("data: x\n\n"));
    QCOMPARE(events, 1);
}

void TestSseParser::memoryStaysBoundedWithoutNewlines()
{
    SseParser parser(SseParser::Limits{.maxLineBytes = 4096, .maxEventBytes = 8192});
    const std::string chunk(1000, 'a');
    bool failed = false;
    for (int i = 0; i < 100 && !failed; ++i) {
        failed = !parser.feed(chunk);
        QVERIFY(parser.bufferedBytes() <= 4096);
    }
    QVERIFY(failed);
}

void TestSseParser::retryField()
{
    SseParser parser;
    QVERIFY(parser.feed("retry: 2500\n\n"));
    QCOMPARE(parser.retryMs(), 2500LL);
    QVERIFY(parser.feed("retry: soon\n\n"));
    QCOMPARE(parser.retryMs(), 2500LL);
}

QTEST_APPLESS_MAIN(TestSseParser)

#include "test_sse_parser.moc"
