// The simulator's catalogue, key, credits, generation endpoints, bad requests, determinism and
// the openrouter-sim executable.

#include "sim/sim_server.h"
#include "sim_test_client.h"
#include "sim_test_market.h"

#include <fstream>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace scriptorium;
using namespace scriptorium::sim;
using nlohmann::json;

class TestSimApi : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<SimServer>(SimOptions{"default", 0.01, 1, {}, 0});
        QVERIFY(m_server->start().has_value());
        QVERIFY(m_server->baseUrl().starts_with("http://127.0.0.1:"));
        QVERIFY(m_server->baseUrl().ends_with("/api/v1"));
    }
    void init() { m_server->reset(); }

    void models()
    {
        const simtest::Reply reply = simtest::get(port(), "/api/v1/models");
        QCOMPARE(reply.status, 200);
        const json data = reply.json()["data"];
        QVERIFY(data.size() >= 8);
        bool sawLlama8b = false;
        for (const json &m : data) {
            QVERIFY(m["pricing"]["prompt"].is_string());
            QVERIFY(m.contains("supported_voices"));
            QVERIFY(m["supported_voices"].is_null() || m["supported_voices"].is_array());
            QVERIFY(m["id"] != "grok/grok-beta" && m["id"] != "x-ai/grok-beta");
            sawLlama8b = sawLlama8b || m["id"] == "meta-llama/llama-3.1-8b-instruct";
        }
        QVERIFY(sawLlama8b);
    }

    void endpoints()
    {
        simtest::Reply reply
            = simtest::get(port(), "/api/v1/models/meta-llama/llama-3.3-70b-instruct/endpoints");
        QCOMPARE(reply.status, 200);
        const json eps = reply.json()["data"]["endpoints"];
        QVERIFY(eps.size() >= 5);
        std::set<std::string> quants;
        for (const json &e : eps) {
            quants.insert(e["quantization"].get<std::string>());
            QVERIFY(e["tag"].is_string());
            QVERIFY(e["pricing"]["completion"].is_string());
            QVERIFY(e["provider_name"] != "Lambda");
            // The default market's Llama endpoints list tools and tool_choice.
            const json &toolChoice = e["supports_tool_choice"];
            for (const char *mode : {"auto", "function", "none", "required"})
                QCOMPARE(toolChoice[mode], json(true));
        }
        QVERIFY(quants.contains("fp8") && quants.contains("bf16") && quants.contains("fp4"));
        reply = simtest::get(port(), "/api/v1/models/nobody/nothing/endpoints");
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.json()["error"]["code"], json(404));

        // Endpoints without tools say so.
        const std::string path = m_dir.filePath(QStringLiteral("tools.json")).toStdString();
        std::ofstream(path) << simtest::kTestMarket;
        SimServer server(SimOptions{path, 0.01, 1, {}, 0});
        QVERIFY(server.start().has_value());
        const json plain = simtest::get(server.port(), "/api/v1/models/test/weights/endpoints")
                               .json()["data"]["endpoints"][0]["supports_tool_choice"];
        QCOMPARE(
            plain,
            json({{"auto", false}, {"function", false}, {"none", false}, {"required", false}}));
    }

    void providers()
    {
        const simtest::Reply reply = simtest::get(port(), "/api/v1/providers");
        QCOMPARE(reply.status, 200);
        bool deepinfra = false;
        const json data = reply.json()["data"];
        for (const json &p : data) {
            QVERIFY(p["slug"] != "lambda");
            deepinfra = deepinfra || (p["name"] == "DeepInfra" && p["slug"] == "deepinfra");
        }
        QVERIFY(deepinfra);
    }

    void keysAndCredits()
    {
        for (const char *path : {"/api/v1/key", "/api/v1/auth/key"}) {
            const simtest::Reply reply = simtest::get(port(), path);
            QCOMPARE(reply.status, 200);
            const json data = reply.json()["data"];
            QVERIFY(data["limit"].is_null());
            QCOMPARE(data["is_management_key"], json(false));
            QVERIFY(data["allowed_data_regions"].is_null()
                    || data["allowed_data_regions"].is_array());
            for (const char *field :
                 {"usage", "usage_daily", "usage_weekly", "usage_monthly", "byok_usage",
                  "byok_usage_daily", "byok_usage_weekly", "byok_usage_monthly"})
                QVERIFY2(data[field].is_number(), field);
            for (const char *field : {"limit", "remaining", "used"})
                QVERIFY2(data["free_model_daily_requests"][field].is_number_integer(), field);
            for (const char *field : {"organization_id", "workspace_id"}) {
                QVERIFY2(data.contains(field), field);
                QVERIFY(data[field].is_null() || data[field].is_string());
            }
        }
        QCOMPARE(simtest::get(port(), "/api/v1/key", "").status, 401);
        QCOMPARE(simtest::get(port(), "/api/v1/key", "sk-sim-revoked").status, 401);
        QCOMPARE(simtest::get(port(), "/api/v1/credits").status, 403);
        const simtest::Reply credits = simtest::get(port(), "/api/v1/credits", "sk-sim-management");
        QCOMPARE(credits.status, 200);
        QCOMPARE(credits.json()["data"]["total_credits"], json(100.0));
    }

    void authErrorsOnCompletions()
    {
        const json body = simtest::chat("meta-llama/llama-3.1-8b-instruct");
        QCOMPARE(simtest::post(port(), body, "").status, 401);
        const simtest::Reply revoked = simtest::post(port(), body, "sk-sim-revoked");
        QCOMPARE(revoked.status, 401);
        QCOMPARE(revoked.json()["error"]["code"], json(401));
    }

    void creditLimit402()
    {
        // gpt-4 at $60/M completion: 1000 tokens would cost $0.06 > the $0.05 limit.
        json body = simtest::chat("openai/gpt-4", "Hello", false, 1000);
        simtest::Reply reply = simtest::post(port(), body, "sk-sim-limited");
        QCOMPARE(reply.status, 402);
        body["max_tokens"] = 600;
        int spentOut = 0;
        for (int i = 0; i < 10 && spentOut == 0; ++i) {
            reply = simtest::post(port(), body, "sk-sim-limited");
            if (reply.status == 402)
                spentOut = i;
            else
                QCOMPARE(reply.status, 200);
        }
        QVERIFY(spentOut > 0);
        const simtest::Reply key = simtest::get(port(), "/api/v1/key", "sk-sim-limited");
        QVERIFY(key.json()["data"]["usage"].get<double>() > 0.0);
    }

    void generationRecordAppearsAfterDelay()
    {
        const std::string path = m_dir.filePath(QStringLiteral("test.json")).toStdString();
        std::ofstream(path) << simtest::kTestMarket; // record delay 40 s × 0.01 = 400 ms
        SimServer server(SimOptions{path, 0.01, 1, {}, 0});
        QVERIFY(server.start().has_value());
        const simtest::Reply reply = simtest::post(server.port(), simtest::chat("test/weights"));
        QCOMPARE(reply.status, 200);
        const std::string id = reply.json()["id"].get<std::string>();
        QCOMPARE(reply.header("X-Generation-Id"), id);
        QCOMPARE(simtest::get(server.port(), "/api/v1/generation?id=" + id).status, 404);
        QTRY_COMPARE_WITH_TIMEOUT(simtest::get(server.port(), "/api/v1/generation?id=" + id).status,
                                  200, 5000);
        const json data = simtest::get(server.port(), "/api/v1/generation?id=" + id).json()["data"];
        QCOMPARE(data["id"], json(id));
        QCOMPARE(data["cancelled"], json(false));
        QCOMPARE(data["tokens_completion"], reply.json()["usage"]["completion_tokens"]);
        QCOMPARE(data["total_cost"], reply.json()["usage"]["cost"]);
        QCOMPARE(data["provider_responses"].size(), std::size_t{1});
        const json response = data["provider_responses"][0];
        QCOMPARE(response["status"], json(200));
        QCOMPARE(response["provider_name"], reply.json()["provider"]);
        QVERIFY(response["endpoint_id"].is_string());
        QVERIFY(response["latency"].is_number());
        QVERIFY(!response.contains("routed_service_tier")
                || response["routed_service_tier"].is_string());
        const json usage = reply.json()["usage"];
        for (const char *field :
             {"cached_tokens", "cache_write_tokens", "audio_tokens", "video_tokens"})
            QVERIFY2(usage["prompt_tokens_details"][field].is_number_integer(), field);
        for (const char *field : {"reasoning_tokens", "audio_tokens", "image_tokens"})
            QVERIFY2(usage["completion_tokens_details"][field].is_number_integer(), field);
        QCOMPARE(simtest::get(server.port(), "/api/v1/generation?id=gen-unknown").status, 404);
    }

    void badRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("malformed json") << QByteArray("{\"model\": ") << 400;
        QTest::newRow("not an object") << QByteArray("[1,2]") << 400;
        QTest::newRow("no messages") << QByteArray(R"({"model":"openai/gpt-4"})") << 400;
        QTest::newRow("empty messages")
            << QByteArray(R"({"model":"openai/gpt-4","messages":[]})") << 400;
        QTest::newRow("messages wrong type")
            << QByteArray(R"({"model":"openai/gpt-4","messages":"hi"})") << 400;
        QTest::newRow("model wrong type")
            << QByteArray(R"({"model":42,"messages":[{"role":"user","content":"hi"}]})") << 400;
        QTest::newRow("stream wrong type")
            << QByteArray(R"({"messages":[{"role":"user","content":"hi"}],"stream":"yes"})") << 400;
        QTest::newRow("max_tokens wrong type")
            << QByteArray(R"({"messages":[{"role":"user","content":"hi"}],"max_tokens":"9"})")
            << 400;
        QTest::newRow("provider wrong type")
            << QByteArray(R"({"messages":[{"role":"user","content":"hi"}],"provider":[]})") << 400;
        QTest::newRow("sort unknown") << QByteArray(
            R"({"messages":[{"role":"user","content":"hi"}],"provider":{"sort":"x"}})")
                                      << 400;
        QTest::newRow("unknown model") << QByteArray(
            R"({"model":"nobody/nothing","messages":[{"role":"user","content":"hi"}]})")
                                       << 400;
        QTest::newRow("too many stops") << QByteArray(
            R"({"messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e"]})")
                                        << 400;
        QTest::newRow("ignored legacy fields") << QByteArray(
            R"({"messages":[{"role":"user","content":"hi"}],"usage":{"include":true},)"
            R"("transforms":["middle-out"],"stream_options":{"include_usage":true},)"
            R"("route":"fallback","max_tokens":5})")
                                               << 200;
        QTest::newRow("ten megabytes") << QByteArray(10 * 1024 * 1024, 'x') << 413;
    }
    void badRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const simtest::Reply reply
            = simtest::send(port(), "POST", "/api/v1/chat/completions", body.toStdString());
        QCOMPARE(reply.status, status);
        const json answer = reply.json();
        QVERIFY(!answer.is_discarded());
        if (status != 200)
            QCOMPARE(answer["error"]["code"], json(status));
        // The server is still healthy afterwards.
        QCOMPARE(simtest::get(port(), "/api/v1/providers").status, 200);
    }

    void determinismUnderSeed()
    {
        auto run = [](std::uint64_t seed) {
            SimServer server(SimOptions{"default", 0.001, seed, {}, 0});
            if (!server.start())
                return json();
            json out = json::array();
            for (int i = 0; i < 6; ++i) {
                const json reply
                    = simtest::post(server.port(),
                                    simtest::chat("meta-llama/llama-3.3-70b-instruct",
                                                  "Chapter " + std::to_string(i % 3), false, 300))
                          .json();
                out.push_back({reply["provider"], reply["choices"][0]["message"]["content"],
                               reply["usage"]["completion_tokens"], reply["usage"]["cost"]});
            }
            return out;
        };
        const json a = run(11);
        const json b = run(11);
        const json c = run(12);
        QVERIFY(a.is_array() && a.size() == 6);
        QCOMPARE(a, b);
        QVERIFY(a != c);
    }

    void truthLogFile()
    {
        const std::string log = m_dir.filePath(QStringLiteral("truth.jsonl")).toStdString();
        {
            SimServer server(SimOptions{"default", 0.01, 1, log, 0});
            QVERIFY(server.start().has_value());
            QCOMPARE(simtest::post(server.port(), simtest::chat("qwen/qwen3-32b")).status, 200);
            QCOMPARE(simtest::get(server.port(), "/_sim/truth").json().size(), std::size_t{1});
        }
        std::ifstream in(log);
        std::string line;
        QVERIFY(static_cast<bool>(std::getline(in, line)));
        const json record = json::parse(line);
        for (const char *field :
             {"generation_id", "attempt", "model", "provider", "provider_slug", "endpoint_tag",
              "quantization", "outcome", "http_status", "t_request_ms", "t_first_byte_ms",
              "t_first_token_ms", "t_last_token_ms", "t_end_ms", "prompt_tokens",
              "completion_tokens", "cost_usd", "finish_reason", "provider_request"})
            QVERIFY2(record.contains(field), field);
        QVERIFY(record["t_first_token_ms"].get<double>() >= record["t_request_ms"].get<double>());
    }

    void scriptEndpointRejectsUnknownActions()
    {
        simtest::Reply reply = simtest::send(port(), "POST", "/_sim/script",
                                             R"({"behaviours":[{"action":"explode"}]})");
        QCOMPARE(reply.status, 400);
        reply = simtest::send(port(), "POST", "/_sim/script",
                              R"({"behaviours":[{"action":"abrupt_close","after_tokens":2}]})");
        QCOMPARE(reply.status, 200);
        QCOMPARE(simtest::send(port(), "POST", "/_sim/reset", "{}").status, 200);
        QCOMPARE(simtest::post(port(), simtest::chat("qwen/qwen3-14b")).status, 200);
    }

    void controlEndpointsCheckTheHost_data()
    {
        // "{port}" stands for the simulator's port.
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        const QByteArray truth("/_sim/truth");
        QTest::newRow("127.0.0.1:port")
            << QByteArray("127.0.0.1:{port}") << QByteArray("GET") << truth << 200;
        QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1") << QByteArray("GET") << truth << 200;
        QTest::newRow("localhost:port") << QByteArray("localhost:{port}") << QByteArray("GET")
                                        << QByteArray("/_sim/stats") << 200;
        QTest::newRow("LocalHost") << QByteArray("LocalHost") << QByteArray("GET") << truth << 200;
        QTest::newRow("[::1]:port")
            << QByteArray("[::1]:{port}") << QByteArray("GET") << truth << 200;
        QTest::newRow("[::1]") << QByteArray("[::1]") << QByteArray("GET") << truth << 200;
        QTest::newRow("rebound name, truth")
            << QByteArray("evil.example:{port}") << QByteArray("GET") << truth << 403;
        QTest::newRow("rebound name, stats")
            << QByteArray("evil.example") << QByteArray("GET") << QByteArray("/_sim/stats") << 403;
        QTest::newRow("rebound name, forecast")
            << QByteArray("evil.example") << QByteArray("GET")
            << QByteArray("/_sim/forecast?model=meta-llama/llama-3.3-70b-instruct") << 403;
        QTest::newRow("rebound name, script") << QByteArray("evil.example") << QByteArray("POST")
                                              << QByteArray("/_sim/script") << 403;
        QTest::newRow("rebound name, reset")
            << QByteArray("evil.example") << QByteArray("POST") << QByteArray("/_sim/reset") << 403;
        QTest::newRow("lookalike 127.0.0.1.evil")
            << QByteArray("127.0.0.1.evil.example:{port}") << QByteArray("GET") << truth << 403;
        QTest::newRow("lookalike localhost.evil")
            << QByteArray("localhost.evil.example") << QByteArray("GET") << truth << 403;
        QTest::newRow("other loopback address")
            << QByteArray("127.0.0.2:{port}") << QByteArray("GET") << truth << 403;
        QTest::newRow("port not a number")
            << QByteArray("127.0.0.1:80@evil.example") << QByteArray("GET") << truth << 403;
        QTest::newRow("empty") << QByteArray("") << QByteArray("GET") << truth << 403;
    }

    void controlEndpointsCheckTheHost()
    {
        // A web page that rebinds its own name to 127.0.0.1 reaches the simulator with its own
        // name in Host: the control endpoints must not answer it (no DNS rebinding).
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        host.replace("{port}", QByteArray::number(port()));
        httplib::Client client("127.0.0.1", port());
        httplib::Request request;
        request.method = method.toStdString();
        request.path = path.toStdString();
        request.set_header("Host", host.toStdString());
        if (method == "POST") {
            request.set_header("Content-Type", "application/json");
            request.body = "{}";
        }
        auto result = client.send(request);
        QVERIFY(result);
        QCOMPARE(result->status, status);
        if (status == 403) {
            const json body = json::parse(result->body, nullptr, false);
            QCOMPARE(body["error"]["code"], json(403));
            QVERIFY(body["error"]["message"].is_string());
        }
    }

    void rejectedScriptIsNotQueued()
    {
        httplib::Client client("127.0.0.1", port());
        httplib::Headers headers{{"Host", "evil.example"}};
        auto result = client.Post("/_sim/script", headers,
                                  R"({"behaviours":[{"action":"abrupt_close","after_tokens":2}]})",
                                  "application/json");
        QVERIFY(result);
        QCOMPARE(result->status, 403);
        // Had the script been queued, this request would be cut off after two tokens.
        const simtest::Reply reply = simtest::post(port(), simtest::chat("qwen/qwen3-14b"));
        QVERIFY(!reply.transportError);
        QCOMPARE(reply.status, 200);
    }

    void executable()
    {
        const QString exe = qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
            + QStringLiteral("/core/sim/openrouter-sim");
        QProcess process;
        process.start(exe,
                      {QStringLiteral("--port"), QStringLiteral("0"),
                       QStringLiteral("--time-scale"), QStringLiteral("0.01"),
                       QStringLiteral("--seed"), QStringLiteral("5")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const auto match
            = QRegularExpression(
                  QStringLiteral("^openrouter-sim listening on http://127\\.0\\.0\\.1:(\\d+)$"))
                  .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        const int simPort = match.captured(1).toInt();
        QVERIFY(simPort > 0);
        QCOMPARE(simtest::get(simPort, "/api/v1/models").status, 200);
        process.terminate();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
    }

private:
    int port() const { return m_server->port(); }

    QTemporaryDir m_dir;
    std::unique_ptr<SimServer> m_server;
};

QTEST_GUILESS_MAIN(TestSimApi)
#include "test_sim_api.moc"
