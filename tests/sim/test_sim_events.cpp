// Dynamic markets: every kind of event, the simulated clock and its reset, the forecast
// endpoint, validation of the "events" array, and the shipped dynamic markets.

#include "sim/market.h"
#include "sim/sim_server.h"
#include "sim_event_market.h"
#include "sim_test_client.h"

#include <fstream>

#include <QTemporaryDir>
#include <QtTest>

using namespace scriptorium;
using namespace scriptorium::sim;
using nlohmann::json;

namespace {

json ordered(const std::string &model, std::vector<std::string> order, int maxTokens = 5)
{
    json body = simtest::chat(model, "Write a scene.", false, maxTokens);
    body["provider"] = {{"order", std::move(order)}};
    return body;
}

// A market text: the events test market with `events` in place of its own.
std::string withEvents(const json &events)
{
    json market = json::parse(simtest::kEventMarket);
    market["events"] = events;
    return market.dump();
}

} // namespace

class TestSimEvents : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const std::string path = m_dir.filePath(QStringLiteral("events.json")).toStdString();
        std::ofstream(path) << simtest::kEventMarket;
        m_server = std::make_unique<SimServer>(SimOptions{path, 0.01, 5, {}, 0});
        QVERIFY(m_server->start().has_value());
    }
    void init() { m_server->reset(); }

    void throughputAndTtftFactorsCompose()
    {
        const simtest::Reply reply = simtest::post(port(), ordered("test/slow", {"alpha"}));
        QCOMPARE(reply.status, 200);
        const json truth = m_server->truth().back();
        QCOMPARE(truth["provider_slug"], json("alpha"));
        QCOMPARE(truth["planned_tokens_per_s"].get<double>(), 50.0); // 100 × 0.5
        // 200 ms × 2 × 1.5, in real milliseconds at time scale 0.01.
        QVERIFY(std::abs(truth["planned_ttft_ms"].get<double>() - 600.0 * 0.01) < 1e-6);
        QCOMPARE(truth["events"], json({simtest::kSlowThroughput, simtest::kSlowTtft}));
        QCOMPARE(truth["effects"]["throughput_factor"], json(0.5));
        QCOMPARE(truth["effects"]["ttft_factor"], json(3.0));
        QCOMPARE(truth["effects"]["price_factor"], json(1.0));
        QCOMPARE(truth["effects"]["error_rate"], json(0.0));
        QCOMPARE(truth["effects"]["outage"], json(false));

        // The other endpoint of the model is untouched.
        QCOMPARE(simtest::post(port(), ordered("test/slow", {"beta"})).status, 200);
        const json beta = m_server->truth().back();
        QCOMPARE(beta["planned_tokens_per_s"].get<double>(), 80.0);
        QCOMPARE(beta["events"], json::array());
        QCOMPARE(beta["effects"]["ttft_factor"], json(1.0));
    }

    void outageFailsOverInsideTheRequest()
    {
        const simtest::Reply reply = simtest::post(port(), ordered("test/outage", {"alpha"}));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["provider"], json("Beta"));
        const auto truth = m_server->truth();
        QCOMPARE(truth.size(), std::size_t{2});
        QCOMPARE(truth[0]["outcome"], json("http_error"));
        QCOMPARE(truth[0]["http_status"], json(503));
        QCOMPARE(truth[0]["endpoint_tag"], json("alpha/fp8"));
        QCOMPARE(truth[0]["events"], json({simtest::kOutage}));
        QCOMPARE(truth[0]["effects"]["outage"], json(true));
        QCOMPARE(truth[1]["outcome"], json("ok"));
        QCOMPARE(truth[1]["attempt"], json(1));
        // The client waited for the failed attempt.
        QVERIFY(truth[1]["t_request_ms"].get<double>() > truth[0]["t_request_ms"].get<double>());

        // /generation lists both attempts with their real status.
        const std::string id = reply.json()["id"].get<std::string>();
        QTRY_COMPARE_WITH_TIMEOUT(simtest::get(port(), "/api/v1/generation?id=" + id).status, 200,
                                  5000);
        const json responses = simtest::get(port(), "/api/v1/generation?id=" + id)
                                   .json()["data"]["provider_responses"];
        QCOMPARE(responses.size(), std::size_t{2});
        QCOMPARE(responses[0]["provider_name"], json("Alpha"));
        QCOMPARE(responses[0]["status"], json(503));
        QCOMPARE(responses[0]["endpoint_id"], json("alpha/fp8"));
        QCOMPARE(responses[1]["provider_name"], json("Beta"));
        QCOMPARE(responses[1]["status"], json(200));
        QCOMPARE(responses[1]["endpoint_id"], json("beta/fp8"));
        for (const json &r : responses) {
            QVERIFY(r["latency"].is_number() && r["latency"].get<double>() >= 0);
            QVERIFY(r["id"].is_string());
            QCOMPARE(r["model_permaslug"], json("test/outage"));
            QCOMPARE(r["is_byok"], json(false));
            QVERIFY(!r.contains("routed_service_tier") || r["routed_service_tier"].is_string());
        }
        QVERIFY(responses[0]["id"] != responses[1]["id"]);

        // Without fallbacks the client gets the provider's error.
        json strict = ordered("test/outage", {"alpha"});
        strict["provider"]["allow_fallbacks"] = false;
        const simtest::Reply failed = simtest::post(port(), strict);
        QCOMPARE(failed.status, 503);
        QCOMPARE(failed.json()["error"]["metadata"]["provider_name"], json("Alpha"));
    }

    void outageCountsAsRecentlyDown()
    {
        auto market = parseMarket(simtest::kEventMarket);
        QVERIFY(market.has_value());
        const Model &model = *market->findModel("test/outage");
        QVERIFY(market->inOutage(model, model.endpoints[0], 10.0));
        QVERIFY(market->recentlyDown(model, model.endpoints[0], 10.0));
        QVERIFY(!market->recentlyDown(model, model.endpoints[1], 10.0));
        // Load balancing puts the down endpoint last although it is the cheapest.
        for (int i = 0; i < 50; ++i) {
            const simtest::Reply reply
                = simtest::post(port(), simtest::chat("test/outage", "Scene " + std::to_string(i)));
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.json()["provider"], json("Beta"));
        }
        QCOMPARE(m_server->truth().size(), std::size_t{50}); // no failed attempt at all

        // A window that ended less than 30 simulated seconds ago still counts.
        auto windowed = parseMarket(withEvents(json::array({{{"provider", "alpha"},
                                                             {"model", "test/outage"},
                                                             {"outage", true},
                                                             {"until_s", 60}}})));
        QVERIFY(windowed.has_value());
        const Model &m = *windowed->findModel("test/outage");
        QVERIFY(!windowed->inOutage(m, m.endpoints[0], 70.0));
        QVERIFY(windowed->recentlyDown(m, m.endpoints[0], 70.0));
        QVERIFY(!windowed->recentlyDown(m, m.endpoints[0], 95.0));
    }

    void errorRateShareOverManyRequests()
    {
        const int requests = 300;
        for (int i = 0; i < requests; ++i)
            QCOMPARE(simtest::post(port(), ordered("test/errors", {"alpha"}, 1)).status, 200);
        int alpha = 0;
        int failed502 = 0;
        int failed500 = 0;
        for (const json &t : m_server->truth()) {
            if (t["provider_slug"] != "alpha")
                continue;
            ++alpha;
            QVERIFY(std::abs(t["effects"]["error_rate"].get<double>() - 0.44) < 1e-12);
            if (t["outcome"] == "http_error")
                (t["http_status"] == 502 ? failed502 : failed500) += 1;
        }
        QCOMPARE(alpha, requests);
        // 1 − (1 − 0.3)(1 − 0.2) = 0.44 in all: 0.30 with 502, 0.14 with 500 (±4σ).
        QVERIFY2(std::abs((failed502 + failed500) / double(requests) - 0.44) < 0.12,
                 qPrintable(QString::number(failed502 + failed500)));
        QVERIFY(std::abs(failed502 / double(requests) - 0.30) < 0.11);
        QVERIFY(std::abs(failed500 / double(requests) - 0.14) < 0.08);
    }

    void errorRateIsDeterministicForASeed()
    {
        auto run = [this] {
            m_server->reset();
            json outcomes = json::array();
            for (int i = 0; i < 20; ++i)
                simtest::post(port(), ordered("test/errors", {"alpha"}, 1));
            for (const json &t : m_server->truth())
                outcomes.push_back({t["provider_slug"], t["http_status"]});
            return outcomes;
        };
        QCOMPARE(run(), run());
    }

    void priceFactorInCatalogAndBill()
    {
        const simtest::Reply reply = simtest::post(port(), ordered("test/price", {"alpha"}));
        QCOMPARE(reply.status, 200);
        const json usage = reply.json()["usage"];
        const double tokens
            = usage["prompt_tokens"].get<double>() + usage["completion_tokens"].get<double>();
        QVERIFY(std::abs(usage["cost"].get<double>() - tokens * 0.000002) < 1e-12);
        const json truth = m_server->truth().back();
        QCOMPARE(truth["cost_usd"], usage["cost"]);
        QCOMPARE(truth["effects"]["price_factor"], json(2.0));
        QCOMPARE(truth["events"], json({simtest::kPrice}));
        const std::string id = reply.json()["id"].get<std::string>();
        QTRY_COMPARE_WITH_TIMEOUT(simtest::get(port(), "/api/v1/generation?id=" + id).status, 200,
                                  5000);
        QCOMPARE(simtest::get(port(), "/api/v1/generation?id=" + id).json()["data"]["total_cost"],
                 usage["cost"]);
        QCOMPARE(simtest::get(port(), "/api/v1/key").json()["data"]["usage"], usage["cost"]);

        QCOMPARE(alphaPromptPrice("test/price"), json("0.000002"));
        QCOMPARE(modelPromptPrice("test/price"), json("0.0000015")); // beta is cheapest now

        // After until_s the catalog and the bill are back to the market's price.
        QTRY_VERIFY_WITH_TIMEOUT(simNow() >= 101, 5000);
        QCOMPARE(alphaPromptPrice("test/price"), json("0.000001"));
        QCOMPARE(modelPromptPrice("test/price"), json("0.000001"));
        const json after = simtest::post(port(), ordered("test/price", {"alpha"})).json()["usage"];
        const double afterTokens
            = after["prompt_tokens"].get<double>() + after["completion_tokens"].get<double>();
        QVERIFY(std::abs(after["cost"].get<double>() - afterTokens * 0.000001) < 1e-12);
        QCOMPARE(m_server->truth().back()["events"], json::array());
    }

    void windowEndsAndResetRestartsTheClock()
    {
        QCOMPARE(simtest::post(port(), ordered("test/window", {"alpha"})).status, 200);
        QCOMPARE(m_server->truth().back()["events"], json({simtest::kWindow}));
        QCOMPARE(m_server->truth().back()["effects"]["ttft_factor"], json(4.0));

        QTRY_VERIFY_WITH_TIMEOUT(simNow() >= 101, 5000);
        QCOMPARE(simtest::post(port(), ordered("test/window", {"alpha"})).status, 200);
        QCOMPARE(m_server->truth().back()["events"], json::array());
        QCOMPARE(m_server->truth().back()["effects"]["ttft_factor"], json(1.0));

        // POST /_sim/reset restarts the simulated clock: the window is in force again.
        QCOMPARE(simtest::send(port(), "POST", "/_sim/reset", "{}").status, 200);
        QVERIFY(simNow() < 100);
        QCOMPARE(simtest::post(port(), ordered("test/window", {"alpha"})).status, 200);
        QCOMPARE(m_server->truth().size(), std::size_t{1});
        QCOMPARE(m_server->truth().back()["events"], json({simtest::kWindow}));

        // So does SimServer::reset().
        QTRY_VERIFY_WITH_TIMEOUT(simNow() >= 101, 5000);
        m_server->reset();
        QVERIFY(simNow() < 100);
    }

    void forecastIsMediansTimesFactors()
    {
        const simtest::Reply reply = simtest::get(port(), "/_sim/forecast?model=test/forecast");
        QCOMPARE(reply.status, 200);
        const json f = reply.json();
        QCOMPARE(f["model"], json("test/forecast"));
        QVERIFY(f["sim_seconds"].is_number_float() && f["sim_seconds"].get<double>() >= 0);
        QCOMPARE(f["endpoints"].size(), std::size_t{2});
        const json alpha = f["endpoints"][0];
        QCOMPARE(alpha["provider"], json("alpha"));
        QCOMPARE(alpha["provider_name"], json("Alpha"));
        QCOMPARE(alpha["tag"], json("alpha/fp8"));
        QCOMPARE(alpha["quantization"], json("fp8"));
        QCOMPARE(alpha["ttft_ms"], json(400.0));
        QCOMPARE(alpha["throughput_tps"], json(50.0));
        QVERIFY(std::abs(alpha["failure_probability"].get<double>() - 0.2) < 1e-12);
        QCOMPARE(alpha["mid_stream_failure_probability"], json(0.0));
        QVERIFY(std::abs(alpha["prompt_price"].get<double>() - 0.000003) < 1e-15);
        QVERIFY(std::abs(alpha["completion_price"].get<double>() - 0.000006) < 1e-15);
        QCOMPARE(alpha["events"], json({simtest::kForecast}));
        const json beta = f["endpoints"][1];
        QCOMPARE(beta["ttft_ms"], json(300.0));
        QCOMPARE(beta["throughput_tps"], json(80.0));
        QVERIFY(std::abs(beta["failure_probability"].get<double>() - 0.15) < 1e-12);
        QVERIFY(std::abs(beta["mid_stream_failure_probability"].get<double>() - 0.04) < 1e-12);
        QCOMPARE(beta["prompt_price"], json(0.000002));
        QCOMPARE(beta["events"], json::array());
        for (const json &e : f["endpoints"]) {
            QCOMPARE(e.size(), std::size_t{12});
            for (const char *key :
                 {"provider", "provider_name", "tag", "quantization", "ttft_ms", "throughput_tps",
                  "failure_probability", "mid_stream_failure_probability", "failure_latency_ms",
                  "prompt_price", "completion_price", "events"})
                QVERIFY2(e.contains(key), key);
        }

        const json outage = simtest::get(port(), "/_sim/forecast?model=test/outage").json();
        QCOMPARE(outage["endpoints"][0]["failure_probability"], json(1.0));
        QCOMPARE(outage["endpoints"][1]["failure_probability"], json(0.0));

        const simtest::Reply missing = simtest::get(port(), "/_sim/forecast");
        QCOMPARE(missing.status, 400);
        QCOMPARE(missing.json()["error"]["code"], json(400));
        const simtest::Reply unknown = simtest::get(port(), "/_sim/forecast?model=nobody/nothing");
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.json()["error"]["code"], json(404));
    }

    void endpointsReflectEvents()
    {
        const json eps = simtest::get(port(), "/api/v1/models/test/outage/endpoints")
                             .json()["data"]["endpoints"];
        QCOMPARE(eps[0]["status"], json(-2));
        QCOMPARE(eps[0]["uptime_last_30m"], json(0.0));
        const json slow = simtest::get(port(), "/api/v1/models/test/slow/endpoints")
                              .json()["data"]["endpoints"];
        QCOMPARE(slow[0]["latency_last_30m"]["p50"], json(600.0));
        QCOMPARE(slow[0]["throughput_last_30m"]["p50"], json(50.0));
        const json errors = simtest::get(port(), "/api/v1/models/test/errors/endpoints")
                                .json()["data"]["endpoints"];
        QVERIFY(std::abs(errors[0]["uptime_last_30m"].get<double>() - 56.0) < 1e-9);
    }

    void truthLogCarriesEvents()
    {
        const std::string log = m_dir.filePath(QStringLiteral("truth.jsonl")).toStdString();
        {
            SimServer server(SimOptions{m_dir.filePath(QStringLiteral("events.json")).toStdString(),
                                        0.01, 1, log, 0});
            QVERIFY(server.start().has_value());
            QCOMPARE(simtest::post(server.port(), ordered("test/slow", {"alpha"})).status, 200);
            QCOMPARE(simtest::get(server.port(), "/_sim/truth").json()[0]["events"],
                     json({simtest::kSlowThroughput, simtest::kSlowTtft}));
        }
        std::ifstream in(log);
        std::string line;
        QVERIFY(static_cast<bool>(std::getline(in, line)));
        const json record = json::parse(line);
        QCOMPARE(record["events"], json({simtest::kSlowThroughput, simtest::kSlowTtft}));
        QCOMPARE(record["effects"]["ttft_factor"], json(3.0));
    }

    void failureLatencyHoldsTheRequest()
    {
        // A hanging upstream: the outage is reported only after latency_ms (simulated).
        const std::string path = m_dir.filePath(QStringLiteral("latency.json")).toStdString();
        std::ofstream(path) << withEvents({{{"provider", "alpha"},
                                            {"model", "test/outage"},
                                            {"outage", true},
                                            {"status", 504},
                                            {"latency_ms", 3000}}});
        SimServer server(SimOptions{path, 0.02, 5, {}, 0});
        QVERIFY(server.start().has_value());
        const simtest::Reply reply
            = simtest::post(server.port(), ordered("test/outage", {"alpha"}));
        QCOMPARE(reply.status, 200);
        const auto truth = server.truth();
        QCOMPARE(truth.size(), std::size_t{2});
        QCOMPARE(truth[0]["http_status"], json(504));
        // 3000 simulated ms at time scale 0.02 = 60 real ms before the fallback starts.
        const double waited
            = truth[0]["t_end_ms"].get<double>() - truth[0]["t_request_ms"].get<double>();
        QVERIFY2(waited >= 59.0 && waited < 120.0, qPrintable(QString::number(waited)));
        const json forecast
            = simtest::get(server.port(), "/_sim/forecast?model=test/outage").json();
        QCOMPARE(forecast["endpoints"][0]["failure_latency_ms"].get<double>(), 3000.0);
        QCOMPARE(forecast["endpoints"][1]["failure_latency_ms"].get<double>(), 300.0 * 0.25);
    }

    void validation_data()
    {
        QTest::addColumn<QString>("events");
        QTest::addColumn<QString>("path");
        auto row = [](const char *name, json events, const char *path) {
            QTest::newRow(name) << QString::fromStdString(events.dump()) << QString::fromUtf8(path);
        };
        const json ok = {{"provider", "alpha"}, {"outage", true}};
        row("not an array", json::object(), "/events");
        row("event not an object", {5}, "/events/0");
        row("missing provider", {{{"throughput_factor", 0.5}}}, "/events/0/provider");
        row("provider wrong type", {{{"provider", 3}, {"outage", true}}}, "/events/0/provider");
        row("unknown provider", {{{"provider", "lambda"}, {"outage", true}}}, "/events/0/provider");
        row("unknown model", {{{"provider", "alpha"}, {"model", "x/y"}, {"outage", true}}},
            "/events/0/model");
        row("model wrong type", {{{"provider", "alpha"}, {"model", 1}, {"outage", true}}},
            "/events/0/model");
        row("typo", {{{"provider", "alpha"}, {"throughput_facter", 0.5}}},
            "/events/0/throughput_facter");
        row("zero throughput factor", {ok, {{"provider", "alpha"}, {"throughput_factor", 0}}},
            "/events/1/throughput_factor");
        row("negative ttft factor", {{{"provider", "alpha"}, {"ttft_factor", -2}}},
            "/events/0/ttft_factor");
        row("price factor string", {{{"provider", "alpha"}, {"price_factor", "2"}}},
            "/events/0/price_factor");
        row("error_rate above 1", {{{"provider", "alpha"}, {"error_rate", 1.5}}},
            "/events/0/error_rate");
        row("error_rate negative", {{{"provider", "alpha"}, {"error_rate", -0.1}}},
            "/events/0/error_rate");
        row("status 302", {{{"provider", "alpha"}, {"outage", true}, {"status", 302}}},
            "/events/0/status");
        row("status fraction", {{{"provider", "alpha"}, {"outage", true}, {"status", 503.5}}},
            "/events/0/status");
        row("status string", {{{"provider", "alpha"}, {"error_rate", 0.1}, {"status", "502"}}},
            "/events/0/status");
        row("status without a failure",
            {{{"provider", "alpha"}, {"ttft_factor", 2}, {"status", 503}}}, "/events/0/status");
        row("until before from",
            {{{"provider", "alpha"}, {"outage", true}, {"from_s", 50}, {"until_s", 50}}},
            "/events/0/until_s");
        row("negative from", {{{"provider", "alpha"}, {"outage", true}, {"from_s", -1}}},
            "/events/0/from_s");
        row("from wrong type", {{{"provider", "alpha"}, {"outage", true}, {"from_s", "0"}}},
            "/events/0/from_s");
        row("outage wrong type", {{{"provider", "alpha"}, {"outage", "yes"}}}, "/events/0/outage");
        row("no effect", {{{"provider", "alpha"}}}, "/events/0");
        row("only a factor of 1", {{{"provider", "alpha"}, {"ttft_factor", 1}}}, "/events/0");
        row("outage false", {{{"provider", "alpha"}, {"outage", false}}}, "/events/0");
        row("latency without a failure",
            {{{"provider", "alpha"}, {"ttft_factor", 2}, {"latency_ms", 500}}},
            "/events/0/latency_ms");
        row("latency zero", {{{"provider", "alpha"}, {"outage", true}, {"latency_ms", 0}}},
            "/events/0/latency_ms");
        row("latency string", {{{"provider", "alpha"}, {"outage", true}, {"latency_ms", "5"}}},
            "/events/0/latency_ms");
        row("matches no endpoint",
            {{{"provider", "alpha"}, {"quantization", "fp4"}, {"outage", true}}}, "/events/0");
    }
    void validation()
    {
        QFETCH(QString, events);
        QFETCH(QString, path);
        const auto market = parseMarket(withEvents(json::parse(events.toStdString())));
        QVERIFY(!market.has_value());
        QCOMPARE(market.error().code, ErrorCode::Config);
        QVERIFY2(QString::fromStdString(market.error().message).startsWith(path + u':'),
                 market.error().message.c_str());
    }

    void validEventsParse()
    {
        auto market = parseMarket(simtest::kEventMarket);
        QVERIFY2(market.has_value(), market ? "" : market.error().message.c_str());
        QCOMPARE(market->events.size(), std::size_t{9});
        QCOMPARE(market->events[simtest::kOutage].status, 0);
        QVERIFY(std::isinf(market->events[simtest::kOutage].untilS));
        QCOMPARE(market->events[simtest::kWindow].untilS, 100.0);
        QVERIFY(!market->findModel("test/secret")->distillable);
    }

    void shippedDynamicMarkets_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("slow-first") << QStringLiteral("slow-first");
        QTest::newRow("outage-recovery") << QStringLiteral("outage-recovery");
        QTest::newRow("price-change") << QStringLiteral("price-change");
    }
    void shippedDynamicMarkets()
    {
        QFETCH(QString, name);
        const auto names = embeddedMarketNames();
        QVERIFY(std::ranges::find(names, name.toStdString()) != names.end());
        auto market = loadMarket(name.toStdString());
        QVERIFY2(market.has_value(), market ? "" : market.error().message.c_str());
        QCOMPARE(QString::fromStdString(market->name), name);
        QVERIFY(!market->events.empty());
        const std::string llama = "meta-llama/llama-3.3-70b-instruct";
        for (const MarketEvent &e : market->events) {
            QCOMPARE(e.model, llama);
            QVERIFY(e.fromS < 400); // inside a benchmark's span
        }
        // Same models and endpoints as the default market.
        auto base = loadMarket("default");
        QVERIFY(base.has_value());
        QCOMPARE(market->models.size(), base->models.size());
        QCOMPARE(market->findModel(llama)->endpoints.size(),
                 base->findModel(llama)->endpoints.size());
    }

    void slowFirstMarketSlowsDeepInfra()
    {
        SimServer server(SimOptions{"slow-first", 0.01, 1, {}, 0});
        QVERIFY(server.start().has_value());
        const json f
            = simtest::get(server.port(), "/_sim/forecast?model=meta-llama/llama-3.3-70b-instruct")
                  .json();
        for (const json &e : f["endpoints"]) {
            if (e["tag"] == "deepinfra/fp8") {
                QVERIFY(std::abs(e["throughput_tps"].get<double>() - 85 * 0.3) < 1e-9);
                QVERIFY(std::abs(e["ttft_ms"].get<double>() - 420 * 3) < 1e-9);
            }
        }
        QCOMPARE(loadMarket("no-such-market").error().code, ErrorCode::NotFound);
    }

private:
    int port() const { return m_server->port(); }
    double simNow() const
    {
        return simtest::get(port(), "/_sim/forecast?model=test/window")
            .json()["sim_seconds"]
            .get<double>();
    }
    json alphaPromptPrice(const std::string &model) const
    {
        return simtest::get(port(), "/api/v1/models/" + model + "/endpoints")
            .json()["data"]["endpoints"][0]["pricing"]["prompt"];
    }
    json modelPromptPrice(const std::string &model) const
    {
        const json models = simtest::get(port(), "/api/v1/models").json();
        for (const json &m : models["data"])
            if (m["id"] == model)
                return m["pricing"]["prompt"];
        return {};
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SimServer> m_server;
};

QTEST_GUILESS_MAIN(TestSimEvents)
#include "test_sim_events.moc"
