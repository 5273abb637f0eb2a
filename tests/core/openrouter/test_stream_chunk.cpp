// decodeChunk() and parseChatResponse() against real-shaped payloads from the reference.
#include "openrouter/stream_chunk.h"

#include "openrouter/chunk_scanner.h"

#include <random>

#include <QtTest>

using namespace scriptorium;
using namespace scriptorium::openrouter;

class TestStreamChunk : public QObject {
    Q_OBJECT

private slots:
    void decodesContentDelta();
    void decodesReasoningDelta();
    void doneSentinel_data();
    void doneSentinel();
    void usageChunk_data();
    void usageChunk();
    void midStreamError_data();
    void midStreamError();
    void rejectsGarbage_data();
    void rejectsGarbage();
    void scannerMatchesParser_data();
    void scannerMatchesParser();
    void scannerMatchesParserOnMutations();
    void chatResponse();
    void chatResponseWithLeadingWhitespace();
    void chatResponse200WithError();
    void chatResponseChoiceError();
};

namespace {

/// Both decoders must agree on everything a caller can see.
bool sameEvent(const Result<ChunkEvent> &a, const Result<ChunkEvent> &b, QByteArray &why)
{
    if (a.has_value() != b.has_value()) {
        why = "one failed";
        return false;
    }
    if (!a)
        return a.error().code == b.error().code;
    const bool same = a->done == b->done && a->id == b->id && a->provider == b->provider
        && a->model == b->model && a->content == b->content && a->reasoning == b->reasoning
        && a->finishReason == b->finishReason && a->nativeFinishReason == b->nativeFinishReason
        && a->usage.has_value() == b->usage.has_value()
        && a->error.has_value() == b->error.has_value();
    if (!same)
        why = QByteArray("fields differ: content '") + a->content.c_str() + "' vs '"
            + b->content.c_str() + "'";
    return same;
}

const char *const kCommonChunk
    = R"({"id":"gen-1739458867-kUKFjpDGCEBBvK6V46PX","provider":"DeepInfra","model":"meta-llama/llama-3.1-8b-instruct","object":"chat.completion.chunk","created":1739458867,"choices":[{"index":0,"delta":{"role":"assistant","content":" the \"quick\" \u00e9\ud83d\ude00 brown\n"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}],"system_fingerprint":"fp_72ed7ab54c"})";

} // namespace

void TestStreamChunk::decodesContentDelta()
{
    const auto ev = decodeChunk(
        R"({"id":"gen-1739458867-kUKFjpDGCEBBvK6V46PX","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1739458867,"choices":[{"index":0,"delta":{"role":"assistant","content":"Once upon"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}],"system_fingerprint":"fp_72ed7ab54c"})");
    QVERIFY(ev.has_value());
    QVERIFY(!ev->done);
    QCOMPARE(ev->id, std::string("gen-1739458867-kUKFjpDGCEBBvK6V46PX"));
    QCOMPARE(ev->provider, std::string("OpenAI"));
    QCOMPARE(ev->model, std::string("openai/gpt-4o-mini"));
    QCOMPARE(ev->content, std::string("Once upon"));
    QVERIFY(ev->hasText());
    QVERIFY(!ev->finishReason.has_value());
    QVERIFY(!ev->usage.has_value());
    QVERIFY(!ev->error.has_value());
}

void TestStreamChunk::decodesReasoningDelta()
{
    const auto ev = decodeChunk(
        R"({"id":"gen-1","provider":"DeepInfra","model":"deepseek/deepseek-r1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning":"思考"},"finish_reason":null}]})");
    QVERIFY(ev.has_value());
    QCOMPARE(ev->reasoning, std::string("思考"));
    QVERIFY(ev->content.empty());
    QVERIFY(ev->hasText());
}

void TestStreamChunk::doneSentinel_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("plain") << QByteArray("[DONE]");
    QTest::newRow("leading space") << QByteArray(" [DONE]");
    QTest::newRow("trailing CR") << QByteArray("[DONE]\r");
}

void TestStreamChunk::doneSentinel()
{
    QFETCH(QByteArray, payload);
    const auto ev = decodeChunk(std::string_view(payload.constData(), payload.size()));
    QVERIFY(ev.has_value());
    QVERIFY(ev->done);
}

void TestStreamChunk::usageChunk_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("finish");
    // Documented form: a separate chunk with empty choices.
    QTest::newRow("choices empty") << QByteArray(
        R"({"id":"gen-2","provider":"Together","model":"meta-llama/llama-3.3-70b-instruct","choices":[],"usage":{"prompt_tokens":29,"completion_tokens":33,"total_tokens":62,"cost":0.00002415,"is_byok":false,"prompt_tokens_details":{"cached_tokens":4},"cost_details":{"upstream_inference_cost":null},"completion_tokens_details":{"reasoning_tokens":7}}})")
                                   << QString();
    // Observed form: the last content chunk carries finish_reason and usage.
    QTest::newRow("with finish") << QByteArray(
        R"({"id":"gen-2","provider":"Together","model":"meta-llama/llama-3.3-70b-instruct","choices":[{"index":0,"delta":{"content":"","role":"assistant"},"finish_reason":"length","native_finish_reason":"length"}],"usage":{"prompt_tokens":29,"completion_tokens":33,"total_tokens":62,"cost":"0.00002415","prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":7}}})")
                                 << QStringLiteral("length");
}

void TestStreamChunk::usageChunk()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, finish);
    const auto ev = decodeChunk(std::string_view(payload.constData(), payload.size()));
    QVERIFY(ev.has_value());
    QVERIFY(ev->usage.has_value());
    QCOMPARE(ev->usage->promptTokens, std::int64_t{29});
    QCOMPARE(ev->usage->completionTokens, std::int64_t{33});
    QCOMPARE(ev->usage->totalTokens, std::int64_t{62});
    QCOMPARE(ev->usage->cachedTokens, std::int64_t{4});
    QCOMPARE(ev->usage->reasoningTokens, std::int64_t{7});
    QVERIFY(ev->usage->cost.has_value());
    QCOMPARE(*ev->usage->cost, 0.00002415);
    QVERIFY(!ev->usage->upstreamInferenceCost.has_value());
    QCOMPARE(QString::fromStdString(ev->finishReason.value_or("")), finish);
    QVERIFY(!ev->hasText());
}

void TestStreamChunk::midStreamError_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("expectedClass");
    QTest::addColumn<int>("numericCode");
    QTest::addColumn<QString>("codeText");
    QTest::newRow("numeric 429") << QByteArray(
        R"({"id":"gen-abc123","object":"chat.completion.chunk","created":1234567890,"model":"openai/gpt-4o","provider":"OpenAI","error":{"code":429,"message":"Rate limit exceeded","metadata":{"error_type":"rate_limit_exceeded"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})")
                                 << int(ErrorCode::RateLimit) << 429 << QString();
    QTest::newRow("string code") << QByteArray(
        R"({"id":"gen-abc123","object":"chat.completion.chunk","created":1234567890,"model":"openai/gpt-4o","provider":"OpenAI","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})")
                                 << int(ErrorCode::Provider) << 0 << QStringLiteral("server_error");
    QTest::newRow("502 with raw") << QByteArray(
        R"({"id":"gen-x","provider":"DeepInfra","model":"m/x","error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"DeepInfra","raw":"{\"error\":{\"message\":\"CUDA out of memory\"}}"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})")
                                  << int(ErrorCode::Provider) << 502 << QString();
}

void TestStreamChunk::midStreamError()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, expectedClass);
    QFETCH(int, numericCode);
    QFETCH(QString, codeText);
    const auto ev = decodeChunk(std::string_view(payload.constData(), payload.size()));
    QVERIFY(ev.has_value());
    QVERIFY(ev->error.has_value());
    QCOMPARE(int(ev->error->errorClass), expectedClass);
    QCOMPARE(ev->error->code, numericCode);
    QCOMPARE(QString::fromStdString(ev->error->codeText), codeText);
    QCOMPARE(ev->finishReason.value_or(""), std::string("error"));
    QVERIFY(!ev->error->providerName.empty());
}

void TestStreamChunk::rejectsGarbage_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("keep-alive text") << QByteArray("OPENROUTER PROCESSING");
    QTest::newRow("truncated") << QByteArray(R"({"id":"gen-1","choices":[)");
    QTest::newRow("array") << QByteArray("[1,2]");
}

void TestStreamChunk::rejectsGarbage()
{
    QFETCH(QByteArray, payload);
    const auto ev = decodeChunk(std::string_view(payload.constData(), payload.size()));
    QVERIFY(!ev.has_value());
    QCOMPARE(ev.error().code, ErrorCode::Parse);
}

void TestStreamChunk::scannerMatchesParser_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("common") << QByteArray(kCommonChunk);
    QTest::newRow("escapes") << QByteArray(
        R"({"choices":[{"delta":{"content":"a\tb\\c\/d\u4e2d"}}]})");
    QTest::newRow("raw utf8") << QByteArray(R"({"choices":[{"delta":{"content":"中文 — ok"}}]})");
    QTest::newRow("finish") << QByteArray(
        R"({"id":"g","choices":[{"index":0,"delta":{},"finish_reason":"stop","native_finish_reason":"eos"}]})");
    QTest::newRow("nulls") << QByteArray(
        R"({"id":null,"provider":null,"choices":null,"usage":null,"error":null})");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("two choices") << QByteArray(
        R"({"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]})");
    QTest::newRow("duplicate content")
        << QByteArray(R"({"choices":[{"delta":{"content":"a","content":"b"}}]})");
    QTest::newRow("duplicate id") << QByteArray(R"({"id":"a","id":"b"})");
    QTest::newRow("numbers") << QByteArray(
        R"({"x":[0,-1,1.5e3,2E-2,-0.0],"choices":[{"delta":{"content":"n"}}]})");
    QTest::newRow("bad number") << QByteArray(R"({"x":01,"choices":[]})");
    QTest::newRow("bad exponent") << QByteArray(R"({"x":1e+,"choices":[]})");
    QTest::newRow("lone low surrogate")
        << QByteArray(R"({"choices":[{"delta":{"content":"\udc00"}}]})");
    QTest::newRow("high surrogate alone")
        << QByteArray(R"({"choices":[{"delta":{"content":"\ud83dx"}}]})");
    QTest::newRow("bad escape") << QByteArray(R"({"choices":[{"delta":{"content":"\q"}}]})");
    QTest::newRow("control char") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\x01"
                                                "b\"}}]}");
    QTest::newRow("invalid utf8") << QByteArray(
        "{\"choices\":[{\"delta\":{\"content\":\"a\xff\"}}]}");
    QTest::newRow("trailing garbage") << QByteArray(R"({"id":"a"} x)");
    QTest::newRow("content number") << QByteArray(R"({"choices":[{"delta":{"content":5}}]})");
    QTest::newRow("escaped key") << QByteArray(R"({"i\u0064":"x","choices":[]})");
    QTest::newRow("deep nesting") << QByteArray(
        R"({"a":[[[[{"b":[{"c":{}}]}]]]],"choices":[{"delta":{"reasoning":"r"}}]})");
    QTest::newRow("usage goes to parser")
        << QByteArray(R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}})");
    QTest::newRow("error goes to parser") << QByteArray(
        R"({"error":{"code":"server_error","message":"x"},"choices":[{"delta":{"content":""},"finish_reason":"error"}]})");
}

void TestStreamChunk::scannerMatchesParser()
{
    QFETCH(QByteArray, payload);
    const std::string_view data(payload.constData(), payload.size());
    QByteArray why;
    QVERIFY2(sameEvent(decodeChunk(data), detail::decodeChunkWithParser(data), why),
             why.constData());
}

void TestStreamChunk::scannerMatchesParserOnMutations()
{
    // Random single-byte edits, deletions and truncations of real chunks: the fast path must
    // never accept something the parser reads differently.
    const std::vector<std::string> seeds = {
        kCommonChunk,
        R"({"id":"gen-2","provider":"Together","choices":[{"index":0,"delta":{"content":"","role":"assistant"},"finish_reason":"length","native_finish_reason":"length"}]})",
        R"({"choices":[{"delta":{"reasoning":"\u4e2d\n"}}],"x":[1,2.5,-3e2,true,false,null,{"y":"z"}]})"};
    const std::string alphabet = "{}[]\":,\\u0123456789abcdefnrtl-+.eE \xc3\xa9\xff";
    std::mt19937 rng(20261129);
    int checked = 0;
    for (int i = 0; i < 8000; ++i) {
        std::string s = seeds[rng() % seeds.size()];
        const int edits = 1 + int(rng() % 3);
        for (int e = 0; e < edits && !s.empty(); ++e) {
            const std::size_t pos = rng() % s.size();
            switch (rng() % 3) {
            case 0:
                s[pos] = alphabet[rng() % alphabet.size()];
                break;
            case 1:
                s.erase(pos, 1);
                break;
            default:
                s.resize(pos);
                break;
            }
        }
        QByteArray why;
        if (!sameEvent(decodeChunk(s), detail::decodeChunkWithParser(s), why))
            QFAIL(qPrintable(QString::fromLatin1(why) + QStringLiteral(" for ")
                             + QString::fromUtf8(s.data(), qsizetype(s.size()))));
        ++checked;
    }
    QCOMPARE(checked, 8000);
}

void TestStreamChunk::chatResponse()
{
    const auto r = parseChatResponse(
        R"({"id":"gen-1764926476-a","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion","created":1764926476,"choices":[{"logprobs":null,"finish_reason":"stop","native_finish_reason":"stop","index":0,"message":{"role":"assistant","content":"The end.","refusal":null,"reasoning":null}}],"system_fingerprint":"fp_aa07c96156","usage":{"prompt_tokens":29,"completion_tokens":33,"total_tokens":62,"cost":0.00002415,"is_byok":false,"cost_details":{"upstream_inference_cost":null,"upstream_inference_prompt_cost":0.00000435,"upstream_inference_completions_cost":0.0000198}}})");
    QVERIFY(r.has_value());
    QCOMPARE(r->content, std::string("The end."));
    QCOMPARE(r->provider, std::string("OpenAI"));
    QCOMPARE(r->finishReason.value_or(""), std::string("stop"));
    QVERIFY(r->usage.has_value());
    QCOMPARE(r->usage->completionTokens, std::int64_t{33});
}

void TestStreamChunk::chatResponseWithLeadingWhitespace()
{
    const auto r = parseChatResponse(
        "\n\n   "
        "\r\n{\"id\":\"gen-2\",\"provider\":\"Fireworks\",\"model\":\"m/"
        "x\",\"choices\":[{\"index\":0,"
        "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}");
    QVERIFY(r.has_value());
    QCOMPARE(r->content, std::string("hi"));
}

void TestStreamChunk::chatResponse200WithError()
{
    const auto r = parseChatResponse(
        R"({"error":{"message":"Internal Server Error","code":500},"user_id":"org_123"})");
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::Provider);
}

void TestStreamChunk::chatResponseChoiceError()
{
    const auto r = parseChatResponse(
        R"({"id":"gen-3","provider":"Novita","model":"m/x","choices":[{"index":0,"message":{"role":"assistant","content":"partial"},"finish_reason":"error","error":{"code":502,"message":"Upstream died","metadata":{"error_type":"provider_unavailable"}}}]})");
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::Provider);
    QCOMPARE(r.error().detail, std::string("partial"));
}

QTEST_APPLESS_MAIN(TestStreamChunk)
#include "test_stream_chunk.moc"
