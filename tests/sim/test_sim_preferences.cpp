// Soft performance preferences (provider.preferred_min_throughput / preferred_max_latency,
// judged with the market events in force) and provider.enforce_distillable_text.

#include "sim/chat_request.h"
#include "sim/market.h"
#include "sim/router.h"
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

json prefsBody(const json &provider)
{
    json body = simtest::chat("test/prefs");
    body["provider"] = provider;
    return body;
}

} // namespace

class TestSimPreferences : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const std::string path = m_dir.filePath(QStringLiteral("events.json")).toStdString();
        std::ofstream(path) << simtest::kEventMarket;
        m_server = std::make_unique<SimServer>(SimOptions{path, 0.01, 9, {}, 0});
        QVERIFY(m_server->start().has_value());
        auto market = parseMarket(simtest::kEventMarket);
        QVERIFY(market.has_value());
        m_market = std::make_unique<Market>(std::move(*market));
    }
    void init() { m_server->reset(); }

    // test/prefs by price: alpha (30 tok/s, 2 s TTFT), beta (80 × 0.5 = 40 tok/s under its
    // event, 0.5 s), gamma (150 tok/s, 0.2 s).
    void candidateOrder_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, json cutoffs, const char *order) {
            json provider = {{"sort", "price"}};
            provider.update(cutoffs);
            QTest::newRow(name) << QString::fromStdString(provider.dump())
                                << QString::fromUtf8(order);
        };
        row("no preference", json::object(), "alpha beta gamma");
        row("throughput number is p50 with events", {{"preferred_min_throughput", 50}},
            "gamma alpha beta");
        row("throughput met by beta", {{"preferred_min_throughput", 35}}, "beta gamma alpha");
        row("throughput p90 object", {{"preferred_min_throughput", {{"p90", 35}}}},
            "gamma alpha beta");
        row("throughput p50 object",
            {{"preferred_min_throughput", {{"p50", 35}, {"p75", nullptr}}}}, "beta gamma alpha");
        row("latency number in seconds", {{"preferred_max_latency", 1}}, "beta gamma alpha");
        row("latency p99 object", {{"preferred_max_latency", {{"p99", 0.6}}}}, "gamma alpha beta");
        row("both cutoffs", {{"preferred_max_latency", 1}, {"preferred_min_throughput", 100}},
            "gamma alpha beta");
        row("nobody meets it: order kept", {{"preferred_min_throughput", 1000}},
            "alpha beta gamma");
    }
    void candidateOrder()
    {
        QFETCH(QString, provider);
        QFETCH(QString, expected);
        auto request = parseChatRequest(prefsBody(json::parse(provider.toStdString())).dump(), "");
        QVERIFY(request.has_value());
        Rng rng(1);
        auto plan = routeRequest(*m_market, *request, 5.0, rng);
        QVERIFY(plan.has_value());
        QStringList order;
        for (const Candidate &c : plan->candidates)
            order << QString::fromStdString(c.endpoint->providerSlug);
        QCOMPARE(order.join(u' '), expected);

        // The simulator serves the first candidate: preferences never exclude one.
        const simtest::Reply reply
            = simtest::post(port(), prefsBody(json::parse(provider.toStdString())));
        QCOMPARE(reply.status, 200);
        QCOMPARE(
            QString::fromStdString(m_server->truth().back()["provider_slug"].get<std::string>()),
            order.front());
    }

    void preferencesApplyAfterOrderAndLoadBalancing()
    {
        json provider = {{"order", {"alpha", "beta", "gamma"}}, {"preferred_max_latency", 1}};
        simtest::Reply reply = simtest::post(port(), prefsBody(provider));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["provider"], json("Beta"));
        // Load balancing (no order, no sort): the slow endpoints still go last.
        for (int i = 0; i < 20; ++i) {
            json body = prefsBody({{"preferred_min_throughput", 100}});
            body["messages"][0]["content"] = "Scene " + std::to_string(i);
            reply = simtest::post(port(), body);
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.json()["provider"], json("Gamma"));
        }
    }

    void badPreferenceTypes_data()
    {
        QTest::addColumn<QByteArray>("provider");
        QTest::newRow("throughput string") << QByteArray(R"({"preferred_min_throughput":"fast"})");
        QTest::newRow("throughput array") << QByteArray(R"({"preferred_min_throughput":[50]})");
        QTest::newRow("unknown percentile")
            << QByteArray(R"({"preferred_min_throughput":{"p42":1}})");
        QTest::newRow("percentile string")
            << QByteArray(R"({"preferred_max_latency":{"p50":"1"}})");
        QTest::newRow("latency bool") << QByteArray(R"({"preferred_max_latency":true})");
        QTest::newRow("distillable string") << QByteArray(R"({"enforce_distillable_text":"yes"})");
    }
    void badPreferenceTypes()
    {
        QFETCH(QByteArray, provider);
        const simtest::Reply reply
            = simtest::post(port(), prefsBody(json::parse(provider.toStdString())));
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json()["error"]["code"], json(400));
        QCOMPARE(reply.json()["error"]["metadata"]["error_type"], json("invalid_request"));
    }

    void nullPreferencesAreAccepted()
    {
        const json provider = {{"preferred_min_throughput", nullptr},
                               {"preferred_max_latency", {{"p50", nullptr}}},
                               {"enforce_distillable_text", nullptr}};
        QCOMPARE(simtest::post(port(), prefsBody(provider)).status, 200);
    }

    void enforceDistillableText()
    {
        json body = simtest::chat("test/secret");
        body["provider"] = {{"enforce_distillable_text", true}};
        simtest::Reply reply = simtest::post(port(), body);
        QCOMPARE(reply.status, 404);
        const json availability = reply.json()["error"]["availability"];
        QCOMPARE(availability["code"], json("constraint_filtered"));
        QVERIFY(std::ranges::find(availability["excluded_by"], json("distillable_text"))
                != availability["excluded_by"].end());

        body["provider"]["enforce_distillable_text"] = false;
        QCOMPARE(simtest::post(port(), body).status, 200);
        // A distillable model (the default) is unaffected.
        body = prefsBody({{"enforce_distillable_text", true}});
        QCOMPARE(simtest::post(port(), body).status, 200);
        // A fallback model that allows distillation serves instead.
        body = simtest::chat("test/secret");
        body["models"] = {"test/prefs"};
        body["provider"] = {{"enforce_distillable_text", true}};
        reply = simtest::post(port(), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()["model"], json("test/prefs"));
    }

    void sortUsesPricesAndSpeedsInForce()
    {
        // test/slow: alpha 100 × 0.5 = 50 tok/s under its events, beta 80 tok/s.
        json body = simtest::chat("test/slow");
        body["provider"] = {{"sort", "throughput"}};
        QCOMPARE(simtest::post(port(), body).json()["provider"], json("Beta"));
        body["provider"] = {{"sort", "latency"}}; // alpha 600 ms, beta 300 ms
        QCOMPARE(simtest::post(port(), body).json()["provider"], json("Beta"));
        // test/price: alpha costs 2 × 0.000001 while its event lasts; beta 0.0000015.
        body = simtest::chat("test/price");
        body["provider"] = {{"sort", "price"}};
        QCOMPARE(simtest::post(port(), body).json()["provider"], json("Beta"));
        // max_price filters on the price in force too ($1.8 per million).
        body["provider"] = {{"max_price", {{"prompt", 1.8}, {"completion", 1.8}}}};
        QCOMPARE(simtest::post(port(), body).json()["provider"], json("Beta"));
    }

private:
    int port() const { return m_server->port(); }

    QTemporaryDir m_dir;
    std::unique_ptr<SimServer> m_server;
    std::unique_ptr<Market> m_market;
};

QTEST_GUILESS_MAIN(TestSimPreferences)
#include "test_sim_preferences.moc"
