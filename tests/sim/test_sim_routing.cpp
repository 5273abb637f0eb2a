// Routing semantics of the simulator: filters, order, sort, weighting, failover, fallbacks.

#include "sim/chat_request.h"
#include "sim/market.h"
#include "sim/router.h"
#include "sim/sim_server.h"
#include "sim_test_client.h"
#include "sim_test_market.h"

#include <fstream>
#include <map>

#include <QTemporaryDir>
#include <QtTest>

using namespace scriptorium;
using namespace scriptorium::sim;
using nlohmann::json;

namespace {

const char *kSmall = "meta-llama/llama-3.1-8b-instruct";
const char *kLarge = "meta-llama/llama-3.3-70b-instruct";

json withProvider(json body, json provider)
{
    body["provider"] = std::move(provider);
    return body;
}

} // namespace

class TestSimRouting : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<SimServer>(SimOptions{"default", 0.01, 7, {}, 0});
        QVERIFY(m_server->start().has_value());
        const std::string path = m_dir.filePath(QStringLiteral("test.json")).toStdString();
        std::ofstream(path) << simtest::kTestMarket;
        m_test = std::make_unique<SimServer>(SimOptions{path, 0.01, 7, {}, 0});
        QVERIFY(m_test->start().has_value());
    }
    void init()
    {
        m_server->reset();
        m_test->reset();
    }

    void servedEndpoint_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("expectedTag");
        auto row = [](const char *name, const char *model, json provider, const char *tag) {
            QTest::newRow(name) << QString::fromUtf8(model)
                                << QString::fromStdString(provider.dump())
                                << QString::fromUtf8(tag);
        };
        row("only slug", kSmall, {{"only", {"novita"}}}, "novita/fp8");
        row("ignore", kSmall, {{"ignore", {"deepinfra", "novita", "together", "fireworks"}}},
            "chutes/fp4");
        row("quantization bf16", kSmall, {{"quantizations", {"bf16"}}}, "fireworks/bf16");
        row("fp8 includes mxfp8", "test/weights", {{"quantizations", {"fp8"}}, {"sort", "price"}},
            "alpha/mxfp8");
        row("max_price per million", kSmall,
            {{"max_price", {{"prompt", 0.02}, {"completion", "0.03"}}}, {"sort", "throughput"}},
            "deepinfra/fp8");
        row("max_tokens over endpoint limit", kLarge, {{"order", {"novita", "gmicloud"}}},
            "gmicloud/fp8");
        row("data_collection deny", kSmall, {{"data_collection", "deny"}, {"sort", "price"}},
            "deepinfra/fp8");
        row("zdr", kSmall, {{"zdr", true}, {"only", {"deepinfra", "novita", "chutes"}}},
            "deepinfra/fp8");
        row("order slug", kLarge, {{"order", {"fireworks", "deepinfra"}}}, "fireworks/fp8");
        row("order tag", kLarge, {{"order", {"deepinfra/bf16"}}}, "deepinfra/bf16");
        row("order display name", kLarge, {{"order", {"GMICloud"}}}, "gmicloud/fp8");
        row("sort price", kLarge, {{"sort", "price"}}, "deepinfra/fp4");
        row("sort throughput", kLarge, {{"sort", "throughput"}}, "fireworks/fp8");
        row("sort latency", kLarge, {{"sort", "latency"}}, "fireworks/fp8");
        row("sort object", kLarge, {{"sort", {{"by", "price"}, {"partition", "model"}}}},
            "deepinfra/fp4");
        row("quantization and only", kLarge, {{"only", {"deepinfra"}}, {"quantizations", {"fp8"}}},
            "deepinfra/fp8");
        row("outage endpoint comes last", "test/outage", json::object(), "delta/fp8");
    }
    void servedEndpoint()
    {
        QFETCH(QString, model);
        QFETCH(QString, provider);
        QFETCH(QString, expectedTag);
        const bool test = model.startsWith(QStringLiteral("test/"));
        SimServer &server = test ? *m_test : *m_server;
        json body
            = withProvider(simtest::chat(model.toStdString()), json::parse(provider.toStdString()));
        if (QString::fromUtf8(QTest::currentDataTag())
            == QStringLiteral("max_tokens over endpoint limit"))
            body["max_tokens"] = 9000; // novita caps at 8192
        const simtest::Reply reply = simtest::post(server.port(), body);
        QCOMPARE(reply.status, 200);
        const auto truth = server.truth();
        QVERIFY(!truth.empty());
        QCOMPARE(QString::fromStdString(truth.back()["endpoint_tag"].get<std::string>()),
                 expectedTag);
        QCOMPARE(reply.json()["provider"], truth.back()["provider"]);
        QCOMPARE(truth.back()["provider_request"], json::parse(provider.toStdString()));
    }

    void nothingLeftIs404_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("excludedBy");
        QTest::addColumn<QString>("code");
        auto row = [](const char *name, const char *model, json provider, const char *by,
                      const char *code) {
            QTest::newRow(name) << QString::fromUtf8(model)
                                << QString::fromStdString(provider.dump()) << QString::fromUtf8(by)
                                << QString::fromUtf8(code);
        };
        row("quantization", "openai/gpt-4", {{"quantizations", {"fp8"}}}, "quantization",
            "constraint_filtered");
        row("max_price", kSmall, {{"max_price", {{"prompt", 0.001}, {"completion", 0.001}}}},
            "max_price", "constraint_filtered");
        row("require_parameters", "openai/gpt-4", {{"require_parameters", true}},
            "require_parameters", "constraint_filtered");
        row("only unknown", kSmall, {{"only", {"lambda"}}}, "allowed_providers",
            "constraint_filtered");
        row("data_collection", kSmall,
            {{"only", {"novita", "chutes"}}, {"data_collection", "deny"}}, "data_policy:training",
            "privacy_restricted");
        row("zdr", kSmall, {{"only", {"novita"}}, {"zdr", true}}, "data_policy:zdr",
            "privacy_restricted");
        row("max_tokens", "openai/gpt-4", json::object(), "context_length", "constraint_filtered");
    }
    void nothingLeftIs404()
    {
        QFETCH(QString, model);
        QFETCH(QString, provider);
        QFETCH(QString, excludedBy);
        QFETCH(QString, code);
        json body
            = withProvider(simtest::chat(model.toStdString()), json::parse(provider.toStdString()));
        if (excludedBy == QStringLiteral("require_parameters"))
            body["top_k"] = 40; // gpt-4 endpoints do not list top_k
        if (excludedBy == QStringLiteral("context_length"))
            body["max_tokens"] = 5000; // gpt-4 endpoint caps at 4096
        const simtest::Reply reply = simtest::post(m_server->port(), body);
        QCOMPARE(reply.status, 404);
        const json error = reply.json()["error"];
        QCOMPARE(error["code"].get<int>(), 404);
        QCOMPARE(QString::fromStdString(error["availability"]["code"].get<std::string>()), code);
        const auto by = error["availability"]["excluded_by"];
        QVERIFY(std::ranges::find(by, json(excludedBy.toStdString())) != by.end());
        QCOMPARE(error["availability"]["retryable"].get<bool>(), false);
    }

    void inverseSquarePriceWeighting()
    {
        auto market = loadMarket(m_dir.filePath(QStringLiteral("test.json")).toStdString());
        QVERIFY(market.has_value());
        auto request = parseChatRequest(simtest::chat("test/weights").dump(), "");
        QVERIFY(request.has_value());
        std::map<std::string, int> first;
        const int draws = 6000;
        for (int i = 0; i < draws; ++i) {
            Rng rng(mixSeed(3, "draw", static_cast<std::uint64_t>(i)));
            auto plan = routeRequest(*market, *request, 100.0, rng);
            QVERIFY(plan.has_value());
            QCOMPARE(plan->candidates.size(), std::size_t{3});
            ++first[plan->candidates.front().endpoint->providerSlug];
        }
        // Prices 1 : 2 : 3 → weights 1 : 1/4 : 1/9 → shares 36/49, 9/49, 4/49.
        QVERIFY(std::abs(first["alpha"] / double(draws) - 36.0 / 49) < 0.03);
        QVERIFY(std::abs(first["beta"] / double(draws) - 9.0 / 49) < 0.03);
        QVERIFY(std::abs(first["gamma"] / double(draws) - 4.0 / 49) < 0.02);
    }

    void outageExcludedFromLoadBalancing()
    {
        auto market = loadMarket(m_dir.filePath(QStringLiteral("test.json")).toStdString());
        QVERIFY(market.has_value());
        auto request = parseChatRequest(simtest::chat("test/outage").dump(), "");
        for (int i = 0; i < 200; ++i) {
            Rng rng(static_cast<std::uint64_t>(i));
            auto plan = routeRequest(*market, *request, 50.0, rng);
            QVERIFY(plan.has_value());
            QCOMPARE(plan->candidates.front().endpoint->providerSlug, std::string("delta"));
        }
        // Ordered first explicitly, the down endpoint fails and OpenRouter fails over.
        json body = withProvider(simtest::chat("test/outage"), {{"order", {"alpha"}}});
        const simtest::Reply reply = simtest::post(m_test->port(), body);
        QCOMPARE(reply.status, 200);
        const auto truth = m_test->truth();
        QCOMPARE(truth.size(), std::size_t{2});
        QCOMPARE(truth[0]["outcome"], json("http_error"));
        QCOMPARE(truth[0]["provider_slug"], json("alpha"));
        QCOMPARE(truth[1]["provider_slug"], json("delta"));
        QCOMPARE(truth[0]["generation_id"], truth[1]["generation_id"]);
        QCOMPARE(truth[1]["attempt"], json(1));
    }

    void allowFallbacksFalseReturnsUpstreamError()
    {
        QVERIFY(m_server
                    ->script({{"behaviours",
                               {{{"match", {{"provider", "fireworks"}}},
                                 {"action", "http_error"},
                                 {"status", 502},
                                 {"scope", "attempt"},
                                 {"raw", "{\"error\":\"overloaded\"}"},
                                 {"times", 2}}}}})
                    .has_value());
        json strict = withProvider(simtest::chat(kLarge),
                                   {{"order", {"fireworks"}}, {"allow_fallbacks", false}});
        const simtest::Reply failed = simtest::post(m_server->port(), strict);
        QCOMPARE(failed.status, 502);
        QCOMPARE(failed.json()["error"]["message"], json("Provider returned error"));
        QCOMPARE(failed.json()["error"]["metadata"]["provider_name"], json("Fireworks"));
        QVERIFY(failed.json()["error"]["metadata"]["raw"].is_string());

        json lenient = withProvider(simtest::chat(kLarge), {{"order", {"fireworks", "together"}}});
        const simtest::Reply ok = simtest::post(m_server->port(), lenient);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json()["provider"], json("Together"));
        const auto truth = m_server->truth();
        QCOMPARE(truth.size(), std::size_t{3});
        QCOMPARE(truth[1]["outcome"], json("http_error"));
        QCOMPARE(truth[2]["outcome"], json("ok"));
    }

    void modelsFallbackList()
    {
        json body = simtest::chat("x-ai/grok-beta");
        body["models"] = {kSmall};
        simtest::Reply reply = simtest::post(m_server->port(), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["model"], json(kSmall));

        // The primary's providers all fail: the next model answers.
        QVERIFY(m_server
                    ->script({{"match", {{"model", kLarge}}},
                              {"action", "http_error"},
                              {"status", 503},
                              {"scope", "attempt"},
                              {"times", 8}})
                    .has_value());
        body = simtest::chat(kLarge);
        body["models"] = {kSmall};
        reply = simtest::post(m_server->port(), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["model"], json(kSmall));

        body["models"] = {kSmall, "qwen/qwen3-32b", "qwen/qwen3-14b", "deepseek/deepseek-chat"};
        reply = simtest::post(m_server->port(), body);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json()["error"]["code"], json(400));
    }

    void partitionNoneSortsAcrossModels()
    {
        json body = withProvider(simtest::chat("openai/gpt-4"),
                                 {{"sort", {{"by", "price"}, {"partition", "none"}}}});
        body["models"] = {kSmall};
        simtest::Reply reply = simtest::post(m_server->port(), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["model"], json(kSmall));
        body["provider"]["sort"]["partition"] = "model";
        reply = simtest::post(m_server->port(), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["model"], json("openai/gpt-4"));
    }

    void modelIds()
    {
        simtest::Reply reply = simtest::post(m_server->port(), simtest::chat("grok/grok-beta"));
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json()["error"]["availability"]["code"], json("model_not_found"));
        for (const char *gone : {"x-ai/grok-beta", "google/gemini-2.0-flash-exp"}) {
            reply = simtest::post(m_server->port(), simtest::chat(gone));
            QCOMPARE(reply.status, 404);
            QCOMPARE(reply.json()["error"]["availability"]["code"], json("model_deprecated"));
        }
        reply = simtest::post(m_server->port(), simtest::chat(std::string(kLarge) + ":nitro"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["provider"], json("Fireworks"));
    }

    void quantizationMatching()
    {
        QVERIFY(quantizationMatches({"fp8"}, "mxfp8"));
        QVERIFY(quantizationMatches({"fp4"}, "nvfp4"));
        QVERIFY(!quantizationMatches({"fp8"}, "unknown"));
        QVERIFY(!quantizationMatches({"mxfp8"}, "fp8"));
        QVERIFY(quantizationMatches({"FP8"}, "fp8"));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SimServer> m_server;
    std::unique_ptr<SimServer> m_test;
};

QTEST_GUILESS_MAIN(TestSimRouting)
#include "test_sim_routing.moc"
