#include "novel/json_extract.h"

#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;

class TestJsonExtract : public QObject {
    Q_OBJECT

private slots:
    void extracts_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("expected"); // compact dump of the document
        QTest::newRow("plain") << "{\"a\":1}"
                               << "{\"a\":1}";
        QTest::newRow("fenced") << "```json\n{\"a\": [1, 2]}\n```"
                                << "{\"a\":[1,2]}";
        QTest::newRow("fence without language") << "```\n[1]\n```"
                                                << "[1]";
        QTest::newRow("leading prose")
            << "Here is the outline you asked for:\n\n{\"a\":\"x\"}\nEnjoy!"
            << "{\"a\":\"x\"}";
        QTest::newRow("think block") << "<think>maybe {\"no\": 1}</think>{\"yes\":2}"
                                     << "{\"yes\":2}";
        // Escaped quotes inside strings (written without raw strings: moc misreads them).
        QTest::newRow("brackets in strings") << "{\"t\":\"a } ] { [ b\",\"u\":\"say \\\"hi\\\"\"}"
                                             << "{\"t\":\"a } ] { [ b\",\"u\":\"say \\\"hi\\\"\"}";
        QTest::newRow("stray bracket in prose") << "[draft] the plan: {\"a\":1}"
                                                << "{\"a\":1}";
        QTest::newRow("chinese") << "好的，大纲如下：{\"标题\":\"灯塔\"}"
                                 << "{\"标题\":\"灯塔\"}";
    }

    void extracts()
    {
        QFETCH(QString, reply);
        QFETCH(QString, expected);
        auto doc = extractJson(reply.toStdString());
        QVERIFY2(doc.has_value(), doc ? "" : doc.error().message.c_str());
        QCOMPARE(QString::fromStdString(doc->dump()), expected);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<bool>("truncated");
        QTest::newRow("empty") << ""
                               << "empty" << false;
        QTest::newRow("whitespace") << "  \n\t "
                                    << "empty" << false;
        QTest::newRow("prose only") << "I cannot do that."
                                    << "no json" << false;
        QTest::newRow("truncated object") << "{\"chapters\":[{\"number\":1,\"title\":\"The Ga"
                                          << "truncated" << true;
        QTest::newRow("truncated after fence") << "```json\n{\"a\": [1, 2"
                                               << "truncated" << true;
        QTest::newRow("unclosed think") << "<think>{\"a\":1}"
                                        << "empty" << false;
        QTest::newRow("invalid json") << "{a: 1}"
                                      << "no json" << false;
    }

    void rejects()
    {
        QFETCH(QString, reply);
        QFETCH(QString, detail);
        QFETCH(bool, truncated);
        auto doc = extractJson(reply.toStdString());
        QVERIFY(!doc.has_value());
        QCOMPARE(doc.error().code, ErrorCode::Parse);
        QCOMPARE(QString::fromStdString(doc.error().detail), detail);
        QCOMPARE(looksTruncatedJson(reply.toStdString()), truncated);
    }
};

QTEST_APPLESS_MAIN(TestJsonExtract)
#include "test_json_extract.moc"
