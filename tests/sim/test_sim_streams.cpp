// Stream shapes and every fault the simulator can script.

#include "sim/sim_server.h"
#include "sim/text_bank.h"
#include "sim_test_client.h"

#include <atomic>
#include <chrono>

#include <QtTest>

using namespace scriptorium;
using namespace scriptorium::sim;
using nlohmann::json;

namespace {

const char *kModel = "meta-llama/llama-3.3-70b-instruct";

} // namespace

class TestSimStreams : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<SimServer>(SimOptions{"default", 0.01, 3, {}, 0});
        QVERIFY(m_server->start().has_value());
    }
    void init() { m_server->reset(); }

    void streamShape()
    {
        const simtest::Reply reply = simtest::post(port(), simtest::chat(kModel, "Go.", true, 30));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.header("Content-Type").starts_with("text/event-stream"));
        const simtest::Sse sse = simtest::parseSse(reply.body);
        QVERIFY(sse.comments >= 1);
        QVERIFY(reply.body.starts_with(": OPENROUTER PROCESSING\n\n"));
        QVERIFY(sse.done);
        QVERIFY(sse.events.size() >= 3);
        const json &first = sse.events.front();
        QVERIFY(first["id"].get<std::string>().starts_with("gen-"));
        QVERIFY(first["provider"].is_string());
        QCOMPARE(first["model"], json(kModel));
        QCOMPARE(first["choices"][0]["delta"]["role"], json("assistant"));
        const json &usage = sse.events.back();
        QVERIFY(usage["choices"].empty());
        QCOMPARE(usage["usage"]["completion_tokens"], json(30));
        QCOMPARE(sse.events[sse.events.size() - 2]["choices"][0]["finish_reason"], json("length"));
        QCOMPARE(countTokens(sse.text), std::size_t{30});
        const auto truth = m_server->truth();
        QCOMPARE(truth.size(), std::size_t{1});
        QCOMPARE(truth[0]["completion_tokens"], json(30));
        QCOMPARE(truth[0]["cost_usd"], usage["usage"]["cost"]);
        QCOMPARE(truth[0]["prompt_tokens"], usage["usage"]["prompt_tokens"]);
        QVERIFY(truth[0]["t_first_byte_ms"].get<double>()
                <= truth[0]["t_first_token_ms"].get<double>());
    }

    void naturalStopAndStopSequences()
    {
        json body = simtest::chat(kModel, "Go.", false, 2000);
        simtest::Reply reply = simtest::post(port(), body);
        QCOMPARE(reply.json()["choices"][0]["finish_reason"], json("stop"));
        const std::string text = reply.json()["choices"][0]["message"]["content"];
        QVERIFY(text.find(" the ") != std::string::npos);
        body["stop"] = {" the "};
        reply = simtest::post(port(), body);
        const std::string cut = reply.json()["choices"][0]["message"]["content"];
        QCOMPARE(reply.json()["choices"][0]["finish_reason"], json("stop"));
        QVERIFY(cut.find(" the ") == std::string::npos);
        QVERIFY(cut.size() < text.size());
    }

    void chineseForChinesePrompts()
    {
        const simtest::Reply reply
            = simtest::post(port(), simtest::chat(kModel, "请写一段关于雨夜的故事。", false, 50));
        const std::string text = reply.json()["choices"][0]["message"]["content"];
        QVERIFY(isMostlyChinese(text));
        QCOMPARE(countTokens(text), std::size_t{50});
        QCOMPARE(reply.json()["usage"]["prompt_tokens"].get<std::size_t>(),
                 countTokens("请写一段关于雨夜的故事。\n"));
        const simtest::Reply english
            = simtest::post(port(), simtest::chat(kModel, "A rainy night.", false, 50));
        QVERIFY(!isMostlyChinese(
            english.json()["choices"][0]["message"]["content"].get<std::string>()));
    }

    void httpErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("retryAfter");
        QTest::newRow("429") << 429 << 2;
        QTest::newRow("402") << 402 << -1;
        QTest::newRow("401") << 401 << -1;
        QTest::newRow("502") << 502 << -1;
        QTest::newRow("503") << 503 << 5;
    }
    void httpErrors()
    {
        QFETCH(int, status);
        QFETCH(int, retryAfter);
        json behaviour
            = {{"action", "http_error"}, {"status", status}, {"raw", "upstream said no"}};
        if (retryAfter > 0)
            behaviour["retry_after"] = retryAfter;
        QVERIFY(m_server->script({{"behaviours", {behaviour}}}).has_value());
        for (bool stream : {true, false}) {
            if (!stream)
                QVERIFY(m_server->script(behaviour).has_value());
            const simtest::Reply reply
                = simtest::post(port(), simtest::chat(kModel, "Go.", stream));
            QCOMPARE(reply.status, status);
            const json error = reply.json()["error"];
            QCOMPARE(error["code"], json(status));
            QVERIFY(error["metadata"]["provider_name"].is_string());
            QCOMPARE(error["metadata"]["raw"], json("upstream said no"));
            if (retryAfter > 0)
                QCOMPARE(reply.header("Retry-After"), std::to_string(retryAfter));
        }
        // The script is used up: the next request succeeds.
        QCOMPARE(simtest::post(port(), simtest::chat(kModel)).status, 200);
        QCOMPARE(m_server->truth().front()["outcome"], json("http_error"));
    }

    void midStreamError_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("numeric") << QStringLiteral("502");
        QTest::newRow("string") << QStringLiteral("\"server_error\"");
    }
    void midStreamError()
    {
        QFETCH(QString, code);
        const json codeJson = json::parse(code.toStdString());
        QVERIFY(
            m_server
                ->script({{"action", "mid_stream_error"}, {"after_tokens", 5}, {"code", codeJson}})
                .has_value());
        const simtest::Reply reply = simtest::post(port(), simtest::chat(kModel, "Go.", true, 50));
        QCOMPARE(reply.status, 200);
        const simtest::Sse sse = simtest::parseSse(reply.body);
        QVERIFY(!sse.done);
        const json &last = sse.events.back();
        QCOMPARE(last["error"]["code"], codeJson);
        QCOMPARE(last["choices"][0]["finish_reason"], json("error"));
        QCOMPARE(countTokens(sse.text), std::size_t{5});
        QCOMPARE(m_server->truth().back()["outcome"], json("mid_stream_error"));

        QVERIFY(
            m_server->script({{"action", "mid_stream_error"}, {"after_tokens", 3}}).has_value());
        const simtest::Reply plain = simtest::post(port(), simtest::chat(kModel, "Go.", false, 50));
        QCOMPARE(plain.status, 200);
        QCOMPARE(plain.json()["choices"][0]["finish_reason"], json("error"));
        QVERIFY(plain.json()["choices"][0]["error"]["code"].is_number());
    }

    void abruptClose()
    {
        QVERIFY(m_server->script({{"action", "abrupt_close"}, {"after_tokens", 4}, {"times", 2}})
                    .has_value());
        simtest::Reply reply = simtest::post(port(), simtest::chat(kModel, "Go.", true, 50));
        QVERIFY(reply.transportError || !simtest::parseSse(reply.body).done);
        reply = simtest::post(port(), simtest::chat(kModel, "Go.", false, 50));
        QVERIFY(reply.transportError);
        QTRY_COMPARE(m_server->truth().size(), std::size_t{2});
        QCOMPARE(m_server->truth()[0]["outcome"], json("abrupt_close"));
    }

    void stall()
    {
        // 50 s simulated = 0.5 s real; the client gives up after 0.2 s without bytes.
        QVERIFY(m_server->script({{"action", "stall"}, {"after_tokens", 3}, {"duration_ms", 50000}})
                    .has_value());
        const auto started = std::chrono::steady_clock::now();
        const simtest::Reply reply
            = simtest::post(port(), simtest::chat(kModel, "Go.", true, 50), "k", 200);
        QVERIFY(reply.transportError);
        QVERIFY(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(150));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->truth().size(), std::size_t{1}, 5000);
        QCOMPARE(m_server->truth()[0]["outcome"], json("stall"));
        QCOMPARE(m_server->truth()[0]["completion_tokens"], json(3));

        // A stall before the first token sends no keep-alive either.
        QVERIFY(m_server->script({{"action", "stall"}, {"duration_ms", 50000}}).has_value());
        const simtest::Reply silent
            = simtest::post(port(), simtest::chat(kModel, "Go.", true, 50), "k", 200);
        QVERIFY(silent.transportError);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->truth().size(), std::size_t{2}, 5000);
        QCOMPARE(m_server->truth()[1]["t_first_byte_ms"], json());
    }

    void errorBody200()
    {
        QVERIFY(m_server->script({{"action", "error_body_200"}}).has_value());
        const simtest::Reply reply = simtest::post(port(), simtest::chat(kModel));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["error"]["code"], json(500));
        QVERIFY(!reply.json().contains("choices"));
    }

    void leadingWhitespaceAndSlowFirstToken()
    {
        QVERIFY(m_server->script({{"action", "leading_whitespace"}}).has_value());
        QVERIFY(m_server->script({{"action", "slow_first_token"}, {"ttft_ms", 3000}}).has_value());
        simtest::Reply reply = simtest::post(port(), simtest::chat(kModel));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.body.starts_with("\n"));
        QVERIFY(!reply.json().is_discarded());
        reply = simtest::post(port(), simtest::chat(kModel, "Go.", true));
        const simtest::Sse sse = simtest::parseSse(reply.body);
        QVERIFY(sse.comments >= 5); // 3 s of waiting, a keep-alive every 0.3 s (× 0.01)
        const json t = m_server->truth().back();
        QVERIFY(t["t_first_token_ms"].get<double>() - t["t_request_ms"].get<double>() >= 25.0);
    }

    void scriptMatchesProvider()
    {
        QVERIFY(m_server
                    ->script({{"match", {{"provider", "together"}, {"model", kModel}}},
                              {"action", "http_error"},
                              {"status", 429},
                              {"retry_after", 1}})
                    .has_value());
        json body = simtest::chat(kModel);
        body["provider"] = {{"order", {"deepinfra/fp8"}}};
        QCOMPARE(simtest::post(port(), body).status, 200); // not matched: deepinfra served
        body["provider"] = {{"order", {"together"}}};
        QCOMPARE(simtest::post(port(), body).status, 429);
    }

    void cancelledAfterHangUp()
    {
        SimServer slow(SimOptions{"default", 0.2, 3, {}, 0});
        QVERIFY(slow.start().has_value());
        std::atomic<int> chunks = 0;
        const simtest::Reply reply = simtest::send(
            slow.port(), "POST", "/api/v1/chat/completions",
            simtest::chat(kModel, "Go.", true, 400).dump(), "k", 10000,
            [&](const char *data, std::size_t length) {
                return std::string_view(data, length).find("\"content\"") == std::string_view::npos
                    || ++chunks < 2;
            });
        QVERIFY(reply.transportError);
        QTRY_COMPARE_WITH_TIMEOUT(slow.truth().size(), std::size_t{1}, 10000);
        const json t = slow.truth()[0];
        QCOMPARE(t["outcome"], json("cancelled"));
        QVERIFY(t["completion_tokens"].get<int>() < 400);
        const std::string id = t["generation_id"];
        QTRY_COMPARE_WITH_TIMEOUT(simtest::get(slow.port(), "/api/v1/generation?id=" + id).status,
                                  200, 5000);
        const json record = simtest::get(slow.port(), "/api/v1/generation?id=" + id).json()["data"];
        QCOMPARE(record["cancelled"], json(true));
        QCOMPARE(record["streamed"], json(true));
    }

private:
    int port() const { return m_server->port(); }

    std::unique_ptr<SimServer> m_server;
};

QTEST_GUILESS_MAIN(TestSimStreams)
#include "test_sim_streams.moc"
