// The chat request and `provider` object JSON, both directions.
#include "openrouter/chat_request.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scriptorium;
using namespace scriptorium::openrouter;
using nlohmann::json;

class TestChatRequest : public QObject {
    Q_OBJECT

private slots:
    void seedRequest();
    void omitsUnset();
    void fullRequestRoundTrip();
    void maxPriceNumberOrString_data();
    void maxPriceNumberOrString();
    void sortForms_data();
    void sortForms();
    void rejectsBadProvider_data();
    void rejectsBadProvider();
};

void TestChatRequest::seedRequest()
{
    // The seed's example request (seed/README.md point 6).
    ChatRequest r;
    r.model = "meta-llama/llama-3.1-8b-instruct";
    r.messages = {{"user", "Write the opening line."}};
    r.maxTokens = 1024;
    ProviderPreferences p;
    p.order = {"lambda", "deepinfra", "together", "fireworks"};
    p.allowFallbacks = true;
    p.sort = SortPreference{"throughput", {}};
    p.quantizations = {"fp8"};
    r.provider = p;
    const json j = json::parse(serializeChatRequest(r));
    QCOMPARE(j["model"], json("meta-llama/llama-3.1-8b-instruct"));
    QCOMPARE(j["stream"], json(true));
    QCOMPARE(j["max_tokens"], json(1024));
    QCOMPARE(j["provider"], json::parse(R"({"order":["lambda","deepinfra","together","fireworks"],
                              "allow_fallbacks":true,"sort":"throughput","quantizations":["fp8"]})"));
    QCOMPARE(j["messages"],
             json::parse(R"([{"role":"user","content":"Write the opening line."}])"));
}

void TestChatRequest::omitsUnset()
{
    ChatRequest r;
    r.model = "m/x";
    r.messages = {{"user", "hi"}};
    const json j = toJson(r);
    for (const char *key :
         {"models", "max_tokens", "temperature", "top_p", "seed", "stop", "provider"})
        QVERIFY2(!j.contains(key), key);
    QCOMPARE(toJson(ProviderPreferences{}), json::object());
}

void TestChatRequest::fullRequestRoundTrip()
{
    ChatRequest r;
    r.model = "deepseek/deepseek-chat";
    r.models = {"qwen/qwen3-32b", "meta-llama/llama-3.3-70b-instruct"};
    r.messages
        = {{"system", "You are a novelist."}, {"user", "Chapter 7"}, {"assistant", "It was"}};
    r.stream = true;
    r.maxTokens = 2048;
    r.temperature = 0.8;
    r.topP = 0.95;
    r.seed = 42;
    r.stop = {"\n\n###"};
    ProviderPreferences p;
    p.order = {"deepinfra/fp8", "together"};
    p.allowFallbacks = false;
    p.requireParameters = true;
    p.dataCollection = "deny";
    p.zdr = true;
    p.only = {"deepinfra", "together"};
    p.ignore = {"novita"};
    p.quantizations = {"fp8", "mxfp8"};
    p.sort = SortPreference{"price", "none"};
    p.maxPrice = MaxPrice{1.0, 2.0, std::nullopt, std::nullopt};
    r.provider = p;

    const json j = toJson(r);
    QCOMPARE(j["messages"].back()["role"], json("assistant")); // prefill stays last
    QCOMPARE(j["provider"]["sort"], json::parse(R"({"by":"price","partition":"none"})"));
    QCOMPARE(j["provider"]["max_price"], json::parse(R"({"prompt":1.0,"completion":2.0})"));
    const auto back = chatRequestFromJson(j);
    QVERIFY(back.has_value());
    QVERIFY(*back == r);
}

void TestChatRequest::maxPriceNumberOrString_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<double>("prompt");
    QTest::addColumn<double>("completion");
    QTest::newRow("numbers") << QByteArray(R"({"prompt":1,"completion":2.5})") << 1.0 << 2.5;
    QTest::newRow("strings") << QByteArray(R"({"prompt":"1","completion":"2.5"})") << 1.0 << 2.5;
    QTest::newRow("mixed") << QByteArray(R"({"prompt":"0.2","completion":0.8})") << 0.2 << 0.8;
}

void TestChatRequest::maxPriceNumberOrString()
{
    QFETCH(QByteArray, json);
    QFETCH(double, prompt);
    QFETCH(double, completion);
    const auto price = maxPriceFromJson(nlohmann::json::parse(json.toStdString()));
    QVERIFY(price.has_value());
    QCOMPARE(price->prompt.value_or(-1), prompt);
    QCOMPARE(price->completion.value_or(-1), completion);
}

void TestChatRequest::sortForms_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("by");
    QTest::addColumn<QString>("partition");
    QTest::newRow("string") << QByteArray(R"({"sort":"throughput"})")
                            << QStringLiteral("throughput") << QString();
    QTest::newRow("object") << QByteArray(R"({"sort":{"by":"latency","partition":"none"}})")
                            << QStringLiteral("latency") << QStringLiteral("none");
    QTest::newRow("object default partition") << QByteArray(R"({"sort":{"by":"price"}})")
                                              << QStringLiteral("price") << QStringLiteral("model");
}

void TestChatRequest::sortForms()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, by);
    QFETCH(QString, partition);
    const auto prefs = providerPreferencesFromJson(nlohmann::json::parse(json.toStdString()));
    QVERIFY(prefs.has_value());
    QVERIFY(prefs->sort.has_value());
    QCOMPARE(QString::fromStdString(prefs->sort->by), by);
    QCOMPARE(QString::fromStdString(prefs->sort->partition), partition);
}

void TestChatRequest::rejectsBadProvider_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("order not list") << QByteArray(R"({"order":"deepinfra"})");
    QTest::newRow("order item number") << QByteArray(R"({"order":["deepinfra",3]})");
    QTest::newRow("allow_fallbacks string") << QByteArray(R"({"allow_fallbacks":"yes"})");
    QTest::newRow("sort number") << QByteArray(R"({"sort":1})");
    QTest::newRow("max_price garbage") << QByteArray(R"({"max_price":{"prompt":"cheap"}})");
    QTest::newRow("not object") << QByteArray(R"(["fp8"])");
}

void TestChatRequest::rejectsBadProvider()
{
    QFETCH(QByteArray, json);
    const auto prefs = providerPreferencesFromJson(nlohmann::json::parse(json.toStdString()));
    QVERIFY(!prefs.has_value());
    QCOMPARE(prefs.error().code, ErrorCode::Parse);
}

QTEST_APPLESS_MAIN(TestChatRequest)
#include "test_chat_request.moc"
