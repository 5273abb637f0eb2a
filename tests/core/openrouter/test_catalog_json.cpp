// Catalog and account parsers: /models (both shapes), /endpoints, /providers, /key, /credits,
// /generation.
#include "openrouter/catalog_json.h"

#include <QtTest>

#include <cmath>

using namespace scriptorium;
using namespace scriptorium::openrouter;

class TestCatalogJson : public QObject {
    Q_OBJECT

private slots:
    void modelsShapes_data();
    void modelsShapes();
    void endpoints();
    void pricesThatAreNotPrices_data();
    void pricesThatAreNotPrices();
    void providerResponses();
    void quantizationMatching_data();
    void quantizationMatching();
    void providers();
    void key();
    void credits();
    void generation();
    void malformed_data();
    void malformed();
};

void TestCatalogJson::modelsShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("paginated");
    const char *model
        = R"({"id":"openai/gpt-4","canonical_slug":"openai/gpt-4","name":"OpenAI: GPT-4","created":1685232000,"context_length":8191,"architecture":{"modality":"text->text"},"pricing":{"prompt":"0.00003","completion":"0.00006","request":"0","image":"0"},"top_provider":{"context_length":8191,"max_completion_tokens":4096,"is_moderated":true},"supported_parameters":["temperature","top_p","seed"]})";
    QTest::newRow("old shape") << (QByteArray(R"({"data":[)") + model + "]}") << false;
    QTest::newRow("paginated")
        << (QByteArray(R"({"data":[)") + model
            + R"(],"total_count":900,"links":{"next":"/api/v1/models?offset=500&limit=500"}})")
        << true;
}

void TestCatalogJson::modelsShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, paginated);
    const auto list = parseModels(std::string_view(body.constData(), body.size()));
    QVERIFY(list.has_value());
    QCOMPARE(list->models.size(), std::size_t(1));
    const ModelInfo &m = list->models.front();
    QCOMPARE(m.id, std::string("openai/gpt-4"));
    QCOMPARE(m.contextLength, std::int64_t{8191});
    QCOMPARE(m.maxCompletionTokens.value_or(0), std::int64_t{4096});
    QCOMPARE(m.pricing.prompt, 0.00003);
    QCOMPARE(Pricing::perMillion(m.pricing.completion), 60.0);
    QCOMPARE(m.supportedParameters.size(), std::size_t(3));
    QCOMPARE(list->totalCount.has_value(), paginated);
    QCOMPARE(list->nextLink.empty(), !paginated);
}

void TestCatalogJson::endpoints()
{
    const auto eps = parseEndpoints(
        R"({"data":{"id":"deepseek/deepseek-v4.1-flash","name":"DeepSeek V4.1 Flash","created":1,"description":"","architecture":{},"endpoints":[
      {"name":"DeepInfra","model_id":"deepseek/deepseek-v4.1-flash","provider_name":"DeepInfra","tag":"deepinfra/fp8","quantization":"fp8","pricing":{"prompt":"0.00000014","completion":"0.00000028"},"context_length":131072,"max_completion_tokens":16384,"supported_parameters":["tools","temperature"],"status":0,"uptime_last_30m":0.98,"latency_last_30m":{"p50":787,"p75":900,"p90":1000,"p99":2000},"throughput_last_30m":{"p50":95.5}},
      {"name":"Chutes | deepseek","model_id":"deepseek/deepseek-v4.1-flash","provider_name":"Chutes","tag":"chutes","quantization":null,"pricing":{"prompt":"0.0000001","completion":"0.0000002"},"context_length":65536,"max_completion_tokens":null,"status":-2,"uptime_last_30m":null,"latency_last_30m":null}]}})");
    QVERIFY(eps.has_value());
    QCOMPARE(eps->id, std::string("deepseek/deepseek-v4.1-flash"));
    QCOMPARE(eps->endpoints.size(), std::size_t(2));
    const EndpointInfo &a = eps->endpoints[0];
    QCOMPARE(a.providerName, std::string("DeepInfra"));
    QCOMPARE(a.tag, std::string("deepinfra/fp8"));
    QCOMPARE(a.providerSlug(), std::string("deepinfra"));
    QCOMPARE(a.quantization, std::string("fp8"));
    QCOMPARE(a.pricing.prompt, 0.00000014);
    QCOMPARE(a.contextLength, std::int64_t{131072});
    QCOMPARE(a.maxCompletionTokens.value_or(0), std::int64_t{16384});
    QCOMPARE(a.supportedParameters.size(), std::size_t(2));
    QCOMPARE(a.status, 0);
    QCOMPARE(a.uptimeLast30m.value_or(0), 0.98);
    QCOMPARE(a.latencyP50Ms.value_or(0), 787.0);
    QCOMPARE(a.throughputP50.value_or(0), 95.5);
    const EndpointInfo &b = eps->endpoints[1];
    QCOMPARE(b.quantization, std::string("unknown")); // null → "unknown"
    QVERIFY(!b.maxCompletionTokens.has_value());
    QCOMPARE(b.status, -2);
    QVERIFY(!b.latencyP50Ms.has_value());
}

void TestCatalogJson::quantizationMatching_data()
{
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<QString>("served");
    QTest::addColumn<bool>("matches");
    QTest::newRow("fp8=fp8") << "fp8"
                             << "fp8" << true;
    QTest::newRow("fp8 includes mxfp8") << "fp8"
                                        << "mxfp8" << true;
    QTest::newRow("mxfp8 excludes fp8") << "mxfp8"
                                        << "fp8" << false;
    QTest::newRow("fp4 includes nvfp4") << "fp4"
                                        << "nvfp4" << true;
    QTest::newRow("fp8 excludes unknown") << "fp8"
                                          << "unknown" << false;
    QTest::newRow("bf16 excludes fp16") << "bf16"
                                        << "fp16" << false;
}

void TestCatalogJson::quantizationMatching()
{
    QFETCH(QString, wanted);
    QFETCH(QString, served);
    QFETCH(bool, matches);
    QCOMPARE(quantizationMatches(wanted.toStdString(), served.toStdString()), matches);
}

void TestCatalogJson::providers()
{
    const auto list = parseProviders(
        R"({"data":[{"name":"DeepInfra","slug":"deepinfra","privacy_policy_url":"https://deepinfra.com/privacy","terms_of_service_url":null,"status_page_url":null,"headquarters":"US","datacenters":["US"]},{"name":"Together","slug":"together"}]})");
    QVERIFY(list.has_value());
    QCOMPARE(list->size(), std::size_t(2));
    QCOMPARE(list->at(0).name, std::string("DeepInfra"));
    QCOMPARE(list->at(0).slug, std::string("deepinfra"));
    QCOMPARE(list->at(0).headquarters, std::string("US"));
}

void TestCatalogJson::key()
{
    const auto unlimited = parseKey(
        R"({"data":{"label":"sk-or-v1-au7...890","limit":null,"limit_remaining":null,"limit_reset":null,"include_byok_in_limit":false,"usage":12.5,"usage_daily":0.5,"usage_weekly":2,"usage_monthly":12.5,"is_free_tier":false,"rate_limit":{"requests":-1,"interval":"10s"}}})");
    QVERIFY(unlimited.has_value());
    QVERIFY(!unlimited->limit.has_value());
    QCOMPARE(unlimited->usage, 12.5);
    QCOMPARE(unlimited->usageWeekly, 2.0);
    const auto limited = parseKey(
        R"({"data":{"label":"sk-or-v1-x...y","limit":20,"limit_remaining":7.5,"limit_reset":"monthly","usage":12.5,"is_free_tier":true}})");
    QVERIFY(limited.has_value());
    QCOMPARE(limited->limit.value_or(0), 20.0);
    QCOMPARE(limited->limitRemaining.value_or(0), 7.5);
    QCOMPARE(limited->limitReset, std::string("monthly"));
    QVERIFY(limited->isFreeTier);
}

void TestCatalogJson::credits()
{
    const auto c = parseCredits(R"({"data":{"total_credits":100.5,"total_usage":25.75}})");
    QVERIFY(c.has_value());
    QCOMPARE(c->remaining(), 74.75);
}

void TestCatalogJson::generation()
{
    const auto g = parseGeneration(
        R"({"data":{"id":"gen-1","upstream_id":"x","total_cost":0.0012,"cache_discount":null,"upstream_inference_cost":null,"created_at":"2026-01-01T00:00:00Z","model":"deepseek/deepseek-chat","app_id":null,"streamed":true,"cancelled":true,"provider_name":"DeepInfra","latency":1234,"moderation_latency":null,"generation_time":1000,"finish_reason":"stop","native_finish_reason":"stop","tokens_prompt":10,"tokens_completion":20,"native_tokens_prompt":11,"native_tokens_completion":21,"native_tokens_reasoning":0,"usage":0.0012,"is_byok":false}})");
    QVERIFY(g.has_value());
    QCOMPARE(g->totalCost.value_or(0), 0.0012);
    QVERIFY(g->cancelled);
    QVERIFY(g->streamed);
    QCOMPARE(g->providerName, std::string("DeepInfra"));
    QCOMPARE(g->tokensCompletion, std::int64_t{20});
    QCOMPARE(g->nativeTokensCompletion, std::int64_t{21});
    QCOMPARE(g->latencyMs.value_or(0), 1234.0);
}

void TestCatalogJson::malformed_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("models not json") << 0 << QByteArray("<html>");
    QTest::newRow("models data object") << 0 << QByteArray(R"({"data":{}})");
    QTest::newRow("endpoints no list") << 1 << QByteArray(R"({"data":{"id":"x"}})");
    QTest::newRow("providers missing data") << 2 << QByteArray(R"({"error":{"code":401}})");
    QTest::newRow("key data list") << 3 << QByteArray(R"({"data":[]})");
    QTest::newRow("generation empty") << 4 << QByteArray("");
}

void TestCatalogJson::malformed()
{
    QFETCH(int, which);
    QFETCH(QByteArray, body);
    const std::string_view b(body.constData(), body.size());
    auto codeOf = [](const auto &r) {
        return r ? ErrorCode::Internal : r.error().code;
    };
    ErrorCode code = ErrorCode::Internal;
    switch (which) {
    case 0:
        code = codeOf(parseModels(b));
        break;
    case 1:
        code = codeOf(parseEndpoints(b));
        break;
    case 2:
        code = codeOf(parseProviders(b));
        break;
    case 3:
        code = codeOf(parseKey(b));
        break;
    default:
        code = codeOf(parseGeneration(b));
        break;
    }
    QCOMPARE(code, ErrorCode::Parse);
}

void TestCatalogJson::pricesThatAreNotPrices_data()
{
    QTest::addColumn<QString>("pricing");
    QTest::addColumn<bool>("known");
    QTest::addColumn<double>("completion");
    QTest::newRow("strings") << R"({"prompt":"0.0000001","completion":"0.0000002"})" << true
                             << 0.0000002;
    QTest::newRow("numbers") << R"({"prompt":1e-7,"completion":2e-7,"request":"0"})" << true
                             << 2e-7;
    QTest::newRow("free") << R"({"prompt":"0","completion":"0"})" << true << 0.0;
    QTest::newRow("missing completion") << R"({"prompt":"0.0000001"})" << false << 0.0;
    QTest::newRow("no pricing") << "null" << false << 0.0;
    QTest::newRow("router -1") << R"({"prompt":"-1","completion":"-1"})" << false << 0.0;
    QTest::newRow("nan") << R"({"prompt":"0.1","completion":"nan"})" << false << 0.0;
    QTest::newRow("overflow") << R"({"prompt":"0.1","completion":"1e999"})" << false << 0.0;
    QTest::newRow("bad request price")
        << R"({"prompt":"0","completion":"0","request":"-2"})" << false << 0.0;
    QTest::newRow("not a number") << R"({"prompt":"cheap","completion":"0.1"})" << false << 0.1;
}

void TestCatalogJson::pricesThatAreNotPrices()
{
    QFETCH(QString, pricing);
    QFETCH(bool, known);
    QFETCH(double, completion);
    const std::string body
        = R"({"data":{"id":"a/b","endpoints":[{"provider_name":"X","tag":"x/fp8","quantization":"fp8","pricing":)"
        + pricing.toStdString() + "}]}}";
    auto parsed = parseEndpoints(body);
    QVERIFY(parsed.has_value());
    const Pricing &p = parsed->endpoints.at(0).pricing;
    QCOMPARE(p.known, known);
    QCOMPARE(p.completion, completion);
    QVERIFY(std::isfinite(p.prompt) && p.prompt >= 0);
}

void TestCatalogJson::providerResponses()
{
    auto g = parseGeneration(
        R"({"data":{"id":"gen-1","total_cost":0.001,"provider_responses":[)"
        R"({"provider_name":"Fireworks","status":503,"latency":80.5,"endpoint_id":"fireworks/fp8",)"
        R"("model_permaslug":"m/x","is_byok":false},)"
        R"({"provider_name":"Together","status":200,"latency":900,"endpoint_id":"together/turbo"},)"
        R"(7,{"status":"x"}]}})");
    QVERIFY(g.has_value());
    QCOMPARE(g->providerResponses.size(), std::size_t(3)); // the non-object entry is skipped
    QCOMPARE(QString::fromStdString(g->providerResponses[0].endpointId),
             QStringLiteral("fireworks/fp8"));
    QCOMPARE(g->providerResponses[0].status, 503);
    QCOMPARE(*g->providerResponses[0].latencyMs, 80.5);
    QCOMPARE(g->providerResponses[1].status, 200);
    QCOMPARE(g->providerResponses[2].status, 0);
}

QTEST_APPLESS_MAIN(TestCatalogJson)
#include "test_catalog_json.moc"
