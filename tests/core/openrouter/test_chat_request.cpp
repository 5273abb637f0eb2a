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
    void seedRequestBytes();
    void omitsUnset();
    void fullRequestRoundTrip();
    void maxPriceNumberOrString_data();
    void maxPriceNumberOrString();
    void sortForms_data();
    void sortForms();
    void performanceThresholds_data();
    void performanceThresholds();
    void thresholdsAreSent();
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

void TestChatRequest::seedRequestBytes()
{
    // With the newer provider fields unset, the body is byte-for-byte what phase 1 sent
    // (nlohmann sorts keys).
    ChatRequest r;
    r.model = "meta-llama/llama-3.1-8b-instruct";
    r.messages = {{"user", "Hi"}};
    r.maxTokens = 16;
    ProviderPreferences p;
    p.order = {"deepinfra", "together", "fireworks"};
    p.allowFallbacks = true;
    p.sort = SortPreference{"throughput", {}};
    p.quantizations = {"fp8"};
    r.provider = p;
    QCOMPARE(serializeChatRequest(r),
             std::string(R"({"max_tokens":16,"messages":[{"content":"Hi","role":"user"}],)"
                         R"("model":"meta-llama/llama-3.1-8b-instruct","provider":{)"
                         R"("allow_fallbacks":true,"order":["deepinfra","together","fireworks"],)"
                         R"("quantizations":["fp8"],"sort":"throughput"},"stream":true})"));
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
    ProviderPreferences emptyThresholds;
    emptyThresholds.preferredMinThroughput = PerformanceThreshold{};
    emptyThresholds.preferredMaxLatency = PerformanceThreshold{};
    QCOMPARE(toJson(emptyThresholds), json::object());
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
    p.enforceDistillableText = false;
    p.sort = SortPreference{"price", "none"};
    p.preferredMinThroughput = PerformanceThreshold::atP50(40);
    p.preferredMaxLatency = PerformanceThreshold{1.5, std::nullopt, 4.0, std::nullopt, false};
    p.maxPrice = MaxPrice{1.0, 2.0, std::nullopt, std::nullopt};
    r.provider = p;

    const json j = toJson(r);
    QCOMPARE(j["messages"].back()["role"], json("assistant")); // prefill stays last
    QCOMPARE(j["provider"]["sort"], json::parse(R"({"by":"price","partition":"none"})"));
    QCOMPARE(j["provider"]["max_price"], json::parse(R"({"prompt":1.0,"completion":2.0})"));
    QCOMPARE(j["provider"]["enforce_distillable_text"], json(false));
    QCOMPARE(j["provider"]["preferred_min_throughput"], json(40.0));
    QCOMPARE(j["provider"]["preferred_max_latency"], json::parse(R"({"p50":1.5,"p90":4.0})"));
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

void TestChatRequest::performanceThresholds_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<double>("p50"); // -1: unset
    QTest::addColumn<double>("p75");
    QTest::addColumn<double>("p90");
    QTest::addColumn<double>("p99");
    QTest::addColumn<bool>("plain");
    QTest::newRow("number") << QByteArray("30") << 30.0 << -1.0 << -1.0 << -1.0 << true;
    QTest::newRow("fraction") << QByteArray("2.5") << 2.5 << -1.0 << -1.0 << -1.0 << true;
    QTest::newRow("zero") << QByteArray("0") << 0.0 << -1.0 << -1.0 << -1.0 << true;
    QTest::newRow("p50 object") << QByteArray(R"({"p50":30})") << 30.0 << -1.0 << -1.0 << -1.0
                                << false;
    QTest::newRow("subset") << QByteArray(R"({"p75":20,"p99":5})") << -1.0 << 20.0 << -1.0 << 5.0
                            << false;
    QTest::newRow("all") << QByteArray(R"({"p50":1,"p75":2,"p90":3,"p99":4})") << 1.0 << 2.0 << 3.0
                         << 4.0 << false;
    QTest::newRow("empty object") << QByteArray("{}") << -1.0 << -1.0 << -1.0 << -1.0 << false;
}

void TestChatRequest::performanceThresholds()
{
    QFETCH(QByteArray, json);
    QFETCH(double, p50);
    QFETCH(double, p75);
    QFETCH(double, p90);
    QFETCH(double, p99);
    QFETCH(bool, plain);
    const nlohmann::json value = nlohmann::json::parse(json.toStdString());
    for (const char *field : {"preferred_min_throughput", "preferred_max_latency"}) {
        const auto prefs = providerPreferencesFromJson({{field, value}});
        QVERIFY2(prefs.has_value(), prefs ? field : prefs.error().message.c_str());
        const auto &slot = std::string_view(field) == "preferred_min_throughput"
            ? prefs->preferredMinThroughput
            : prefs->preferredMaxLatency;
        QVERIFY(slot.has_value());
        QCOMPARE(slot->p50.value_or(-1), p50);
        QCOMPARE(slot->p75.value_or(-1), p75);
        QCOMPARE(slot->p90.value_or(-1), p90);
        QCOMPARE(slot->p99.value_or(-1), p99);
        QCOMPARE(slot->plain, plain);
        // Round trip: the same form comes back (an empty object is omitted, like max_price).
        const nlohmann::json out = toJson(*prefs);
        if (slot->empty())
            QVERIFY(!out.contains(field));
        else
            QCOMPARE(out[field], value);
        QVERIFY(*providerPreferencesFromJson(out) == *prefs || slot->empty());
    }
}

void TestChatRequest::thresholdsAreSent()
{
    ProviderPreferences p;
    p.quantizations = {"fp8"};
    p.enforceDistillableText = true;
    p.preferredMinThroughput = PerformanceThreshold{50, std::nullopt, 20, std::nullopt, false};
    p.preferredMaxLatency = PerformanceThreshold::atP50(2);
    ChatRequest r;
    r.model = "m/x";
    r.messages = {{"user", "hi"}};
    r.provider = p;
    const std::string body = serializeChatRequest(r);
    QVERIFY2(body.find(R"("enforce_distillable_text":true)") != std::string::npos, body.c_str());
    QVERIFY2(body.find(R"("preferred_max_latency":2.0)") != std::string::npos, body.c_str());
    QVERIFY2(body.find(R"("preferred_min_throughput":{"p50":50.0,"p90":20.0})")
                 != std::string::npos,
             body.c_str());
    // The simulator parses what the client sends.
    const auto back = chatRequestFromJson(nlohmann::json::parse(body));
    QVERIFY(back.has_value());
    QVERIFY(back->provider == p);
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
    QTest::newRow("distillable string") << QByteArray(R"({"enforce_distillable_text":"yes"})");
    QTest::newRow("throughput string") << QByteArray(R"({"preferred_min_throughput":"30"})");
    QTest::newRow("throughput negative") << QByteArray(R"({"preferred_min_throughput":-1})");
    QTest::newRow("throughput bool") << QByteArray(R"({"preferred_min_throughput":true})");
    QTest::newRow("throughput list") << QByteArray(R"({"preferred_min_throughput":[30]})");
    QTest::newRow("latency percentile string")
        << QByteArray(R"({"preferred_max_latency":{"p90":"3"}})");
    QTest::newRow("latency percentile negative")
        << QByteArray(R"({"preferred_max_latency":{"p50":-0.5}})");
    QTest::newRow("latency unknown percentile")
        << QByteArray(R"({"preferred_max_latency":{"p95":3}})");
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
