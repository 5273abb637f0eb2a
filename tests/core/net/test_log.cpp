// Logging: registered secrets and Bearer credentials never reach a sink.
#include "util/log.h"

#include <mutex>
#include <string>
#include <vector>

#include <QTest>

namespace slog = scriptorium::log;

class TestLog : public QObject {
    Q_OBJECT

private slots:
    void cleanup();
    void redact_data();
    void redact();
    void everyLineIsRedacted();
    void levelFiltersLines();
    void shortSecretsAreIgnored();
};

void TestLog::cleanup()
{
    slog::setSink({});
    slog::setLevel(slog::Level::Warning);
    slog::unregisterSecret("sk-or-v1-0123456789abcdef");
}

void TestLog::redact_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("secret") << QByteArray("key=sk-or-v1-0123456789abcdef end")
                            << QByteArray("key=*** end");
    QTest::newRow("twice") << QByteArray("sk-or-v1-0123456789abcdefsk-or-v1-0123456789abcdef")
                           << QByteArray("******");
    QTest::newRow("bearer header") << QByteArray("Authorization: Bearer abc.def-ghi")
                                   << QByteArray("Authorization: Bearer ***");
    QTest::newRow("bearer any case") << QByteArray("authorization: bearer xyz123\r\n")
                                     << QByteArray("authorization: bearer ***\r\n");
    QTest::newRow("bearer in json")
        << QByteArray(R"({"h":"Bearer tok"})") << QByteArray(R"({"h":"Bearer ***"})");
    QTest::newRow("plain text") << QByteArray("nothing secret here")
                                << QByteArray("nothing secret here");
}

void TestLog::redact()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    slog::registerSecret("sk-or-v1-0123456789abcdef");
    QCOMPARE(QByteArray::fromStdString(slog::redact(input.toStdString())), expected);
}

void TestLog::everyLineIsRedacted()
{
    std::vector<std::string> lines;
    std::mutex mutex;
    slog::setSink([&](slog::Level, std::string_view line) {
        std::lock_guard lock(mutex);
        lines.emplace_back(line);
    });
    slog::registerSecret("sk-or-v1-0123456789abcdef");
    slog::error("request failed with key sk-or-v1-0123456789abcdef");
    slog::warning("header Authorization: Bearer sk-or-v1-0123456789abcdef");
    QCOMPARE(lines.size(), std::size_t(2));
    for (const std::string &line : lines)
        QVERIFY(line.find("0123456789abcdef") == std::string::npos);
}

void TestLog::levelFiltersLines()
{
    int count = 0;
    slog::setSink([&](slog::Level, std::string_view) { ++count; });
    slog::setLevel(slog::Level::Error);
    slog::warning("dropped");
    slog::error("kept");
    QCOMPARE(count, 1);
}

void TestLog::shortSecretsAreIgnored()
{
    slog::registerSecret("a");
    QCOMPARE(slog::redact("a cat"), std::string("a cat"));
}

QTEST_APPLESS_MAIN(TestLog)

#include "test_log.moc"
