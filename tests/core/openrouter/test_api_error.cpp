// parseApiError(): every error body shape in reference/openrouter-api.md §2 and §8.
#include "openrouter/api_error.h"

#include <QtTest>

using namespace scriptorium;
using namespace scriptorium::openrouter;

class TestApiError : public QObject {
    Q_OBJECT

private slots:
    void classifies_data();
    void classifies();
    void showsRealReason_data();
    void showsRealReason();
    void availability();
    void bodyWithoutCode();
    void notJson();
    void toErrorCarriesRaw();
};

void TestApiError::classifies_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("expected");

    QTest::newRow("401")
        << 401
        << QByteArray(
               R"({"error":{"code":401,"message":"Missing Authentication header"},"user_id":"user_1"})")
        << int(ErrorCode::Auth);
    QTest::newRow("402")
        << 402
        << QByteArray(
               R"({"error":{"code":402,"message":"This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, but can only afford 812.","metadata":{"provider_name":null,"previous_errors":[]}}})")
        << int(ErrorCode::Credits);
    QTest::newRow("403 moderation")
        << 403
        << QByteArray(
               R"({"error":{"code":403,"message":"Input flagged","metadata":{"reasons":["violence"],"flagged_input":"...","provider_name":"OpenAI","model_slug":"openai/gpt-4"}}})")
        << int(ErrorCode::Moderation);
    QTest::newRow("404 no endpoints")
        << 404
        << QByteArray(
               R"({"error":{"code":404,"message":"No endpoints found for meta-llama/llama-3.1-8b-instruct."}})")
        << int(ErrorCode::NoEndpoint);
    QTest::newRow("404 no allowed providers")
        << 404
        << QByteArray(
               R"({"error":{"code":404,"message":"No allowed providers are available for the selected model.","metadata":{"available_providers":["deepinfra"],"requested_providers":["lambda"]}}})")
        << int(ErrorCode::NoEndpoint);
    QTest::newRow("404 constraint")
        << 404
        << QByteArray(
               R"({"error":{"code":404,"message":"No endpoints match your constraints","error_type":"not_found","availability":{"code":"constraint_filtered","retryable":false,"constraint":{"field":"quantization","detail":"fp8"},"excluded_by":["quantization"]}}})")
        << int(ErrorCode::NoEndpoint);
    QTest::newRow("404 deprecated model")
        << 404
        << QByteArray(
               R"({"error":{"message":"x-ai/grok-beta is deprecated","availability":{"code":"model_deprecated","retryable":false}}})")
        << int(ErrorCode::ModelNotFound);
    QTest::newRow("400 invalid model id")
        << 400
        << QByteArray(
               R"({"error":{"code":400,"message":"grok/grok-beta is not a valid model ID"}})")
        << int(ErrorCode::ModelNotFound);
    QTest::newRow("400 model_not_found availability")
        << 400
        << QByteArray(
               R"({"error":{"message":"Model not found","http_status":400,"availability":{"code":"model_not_found","retryable":false}}})")
        << int(ErrorCode::ModelNotFound);
    QTest::newRow("400 bad params")
        << 400
        << QByteArray(
               R"({"error":{"code":400,"message":"'models' array must have 3 items or fewer."}})")
        << int(ErrorCode::InvalidArgument);
    QTest::newRow("429") << 429
                         << QByteArray(R"({"error":{"code":429,"message":"Rate limit exceeded"}})")
                         << int(ErrorCode::RateLimit);
    QTest::newRow("429 capacity")
        << 429
        << QByteArray(
               R"({"error":{"message":"All providers are busy","availability":{"code":"capacity_exhausted","retryable":true,"retry_after":2}}})")
        << int(ErrorCode::RateLimit);
    QTest::newRow("500") << 500
                         << QByteArray(
                                R"({"error":{"code":500,"message":"Internal Server Error"}})")
                         << int(ErrorCode::Provider);
    QTest::newRow("502")
        << 502
        << QByteArray(
               R"({"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"DeepInfra","raw":"upstream connect error"}}})")
        << int(ErrorCode::Provider);
    QTest::newRow("503")
        << 503
        << QByteArray(
               R"({"error":{"code":503,"message":"Service temporarily unavailable","availability":{"code":"temporarily_unavailable","retryable":true}}})")
        << int(ErrorCode::Provider);
    QTest::newRow("504 timeout")
        << 504
        << QByteArray(
               R"({"error":{"code":504,"message":"The operation was aborted","metadata":{"error_type":"timeout"}}})")
        << int(ErrorCode::Provider);
    QTest::newRow("200 with error body")
        << 200
        << QByteArray(
               R"({"error":{"message":"Internal Server Error","code":500},"user_id":"org_1"})")
        << int(ErrorCode::Provider);
    QTest::newRow("200 with 402 in body")
        << 200 << QByteArray(R"({"error":{"message":"Insufficient credits","code":402}})")
        << int(ErrorCode::Credits);
}

void TestApiError::classifies()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, expected);
    const ApiError e = parseApiError(status, std::string_view(body.constData(), body.size()));
    QCOMPARE(int(e.errorClass), expected);
    QCOMPARE(e.httpStatus, status);
    QVERIFY(!e.userMessage().empty());
}

void TestApiError::showsRealReason_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("raw JSON string") << QByteArray(
        R"({"error":{"message":"Provider returned error","code":400,"metadata":{"raw":"{\n  \"error\": {\"message\": \"max_tokens is too large: 100000\", \"type\": \"invalid_request_error\"}}","provider_name":"OpenAI"}},"user_id":"org_2x"})")
                                     << QStringLiteral("[OpenAI] max_tokens is too large: 100000");
    QTest::newRow("raw plain text") << QByteArray(
        R"({"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"meta-llama is temporarily rate-limited upstream","provider_name":"BaseTen","limit_source":"upstream_provider_shared_pool"}}})")
                                    << QStringLiteral("[BaseTen] meta-llama is temporarily "
                                                      "rate-limited upstream");
    QTest::newRow("raw object") << QByteArray(
        R"({"error":{"message":"Provider returned error","code":502,"metadata":{"raw":{"detail":"model overloaded"},"provider_name":"DeepInfra"}}})")
                                << QStringLiteral("[DeepInfra] model overloaded");
    QTest::newRow("no raw") << QByteArray(
        R"({"error":{"message":"Rate limit exceeded","code":429}})")
                            << QStringLiteral("Rate limit exceeded");
}

void TestApiError::showsRealReason()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const ApiError e = parseApiError(502, std::string_view(body.constData(), body.size()));
    QCOMPARE(QString::fromStdString(e.userMessage()), expected);
}

void TestApiError::availability()
{
    const ApiError e = parseApiError(
        404,
        R"({"error":{"code":404,"message":"No endpoints","error_type":"not_found","availability":{"code":"constraint_filtered","retryable":false,"retry_after":3,"requested_models":["m/x"],"constraint":{"field":"quantization","detail":"fp8 requested"},"excluded_by":["quantization","max_price"]}}})");
    QVERIFY(e.availability.has_value());
    QCOMPARE(e.availability->code, std::string("constraint_filtered"));
    QCOMPARE(e.availability->retryable, false);
    QCOMPARE(e.availability->retryAfterSeconds.value_or(0), 3.0);
    QCOMPARE(e.availability->constraintField, std::string("quantization"));
    QCOMPARE(e.availability->excludedBy.size(), std::size_t(2));
    QCOMPARE(e.availability->requestedModels.size(), std::size_t(1));
    QVERIFY(e.isQuantizationConstraint());
    QCOMPARE(e.errorType, std::string("not_found"));

    const ApiError price = parseApiError(
        404,
        R"({"error":{"availability":{"code":"constraint_filtered","excluded_by":"max_price"}}})");
    QVERIFY(!price.isQuantizationConstraint());
    QCOMPARE(price.errorClass, ErrorCode::NoEndpoint);
}

void TestApiError::bodyWithoutCode()
{
    const ApiError e = parseApiError(
        503,
        R"({"error":{"message":"Service temporarily unavailable","error_type":"provider_unavailable","http_status":503}})");
    QCOMPARE(e.code, 0);
    QCOMPARE(e.errorClass, ErrorCode::Provider);
    QCOMPARE(e.errorType, std::string("provider_unavailable"));
}

void TestApiError::notJson()
{
    const ApiError e = parseApiError(502, "<html>Bad gateway</html>");
    QCOMPARE(e.errorClass, ErrorCode::Provider);
    QCOMPARE(e.message, std::string("<html>Bad gateway</html>"));
    const ApiError empty = parseApiError(401, "");
    QCOMPARE(empty.errorClass, ErrorCode::Auth);
    QVERIFY(!empty.userMessage().empty());
}

void TestApiError::toErrorCarriesRaw()
{
    const ApiError e = parseApiError(
        502,
        R"({"error":{"message":"Provider returned error","code":502,"metadata":{"raw":"boom","provider_name":"Together"}}})");
    const Error err = e.toError();
    QCOMPARE(err.code, ErrorCode::Provider);
    QCOMPARE(err.detail, std::string("boom"));
    QVERIFY(err.message.find("[Together] boom") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestApiError)
#include "test_api_error.moc"
