#include "util/utf8.h"

#include <string>

#include <QTest>

namespace utf8 = scriptorium::utf8;

class TestUtf8 : public QObject {
    Q_OBJECT

private slots:
    void decode_data();
    void decode();
    void incompleteTail_data();
    void incompleteTail();
    void roundTripEveryScalarValue();
    void sanitizeReplacesInvalid();
};

void TestUtf8::decode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<uint>("codePoint");
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("valid");

    QTest::newRow("ascii") << QByteArray("A") << 0x41U << 1 << true;
    QTest::newRow("two bytes") << QByteArray("\xc3\xa9") << 0xE9U << 2 << true;
    QTest::newRow("three bytes") << QByteArray("\xe4\xb8\xad") << 0x4E2DU << 3 << true;
    QTest::newRow("four bytes") << QByteArray("\xf0\x9f\x98\x80") << 0x1F600U << 4 << true;
    QTest::newRow("overlong two") << QByteArray("\xc1\xbf") << 0xFFFDU << 1 << false;
    QTest::newRow("overlong three") << QByteArray("\xe0\x80\x80") << 0xFFFDU << 1 << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xb0\x80") << 0xFFFDU << 1 << false;
    QTest::newRow("truncated three") << QByteArray("\xe4\xb8") << 0xFFFDU << 2 << false;
    QTest::newRow("bad continuation") << QByteArray("\xe4\x41\x42") << 0xFFFDU << 1 << false;
    QTest::newRow("f5 lead") << QByteArray("\xf5\x80\x80\x80") << 0xFFFDU << 1 << false;
}

void TestUtf8::decode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(uint, codePoint);
    QFETCH(int, length);
    QFETCH(bool, valid);

    const utf8::Decoded d
        = utf8::decode({bytes.constData(), static_cast<std::size_t>(bytes.size())});
    QCOMPARE(static_cast<uint>(d.codePoint), codePoint);
    QCOMPARE(d.length, static_cast<std::size_t>(length));
    QCOMPARE(d.valid, valid);
}

void TestUtf8::incompleteTail_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("tail");

    QTest::newRow("complete") << QByteArray("ab\xe4\xb8\xad") << 0;
    QTest::newRow("one of three") << QByteArray("ab\xe4") << 1;
    QTest::newRow("two of three") << QByteArray("ab\xe4\xb8") << 2;
    QTest::newRow("three of four") << QByteArray("\xf0\x9f\x98") << 3;
    QTest::newRow("invalid prefix is not kept") << QByteArray("\xe0\x80") << 0;
    QTest::newRow("ascii end") << QByteArray("abc") << 0;
    QTest::newRow("empty") << QByteArray() << 0;
}

void TestUtf8::incompleteTail()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, tail);
    QCOMPARE(
        utf8::incompleteTailLength({bytes.constData(), static_cast<std::size_t>(bytes.size())}),
        static_cast<std::size_t>(tail));
}

void TestUtf8::roundTripEveryScalarValue()
{
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        std::string encoded;
        utf8::append(encoded, cp);
        const utf8::Decoded d = utf8::decode(encoded);
        if (!d.valid || d.codePoint != cp || d.length != encoded.size())
            QFAIL(qPrintable(
                QStringLiteral("round trip failed at U+%1").arg(static_cast<uint>(cp), 0, 16)));
    }
}

void TestUtf8::sanitizeReplacesInvalid()
{
    QCOMPARE(QByteArray::fromStdString(utf8::sanitize("a\xff"
                                                      "b")),
             QByteArray("a\xef\xbf\xbd"
                        "b"));
    QVERIFY(utf8::isValid(utf8::sanitize("\xe4\xb8")));
    QVERIFY(!utf8::isValid("\xe4\xb8"));
}

QTEST_APPLESS_MAIN(TestUtf8)
#include "test_utf8.moc"
