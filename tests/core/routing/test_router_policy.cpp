// Pure parts of routing: retry classes, backoff, Retry-After, quantization inference, cost
// estimates, the stream meter's definitions, the budget and provider health.
#include "routing/budget.h"
#include "routing/provider_health.h"
#include "routing/router_policy.h"
#include "routing/stream_meter.h"

#include <QTest>

#include <limits>

using namespace std::chrono_literals;
using scriptorium::ErrorCode;
using scriptorium::ManualClock;
using scriptorium::openrouter::EndpointInfo;
using namespace scriptorium::routing;

namespace {

EndpointInfo endpoint(std::string provider, std::string quantization, double prompt = 1e-7,
                      double completion = 2e-7)
{
    EndpointInfo e;
    e.providerName = std::move(provider);
    e.quantization = std::move(quantization);
    e.tag = QString::fromStdString(e.providerName).toLower().toStdString() + "/" + e.quantization;
    e.pricing.prompt = prompt;
    e.pricing.completion = completion;
    return e;
}

} // namespace

class TestRouterPolicy : public QObject {
    Q_OBJECT

private slots:
    void retryable_data();
    void retryable();
    void backoffIsFullJitterAndCapped();
    void retryAfter_data();
    void retryAfter();
    void servedQuantization_data();
    void servedQuantization();
    void worstCaseUsesDearestAllowedEndpoint();
    void meterDefinitions();
    void decodeRateNeedsHalfSecondAndEightTokens();
    void keepAlivesAreNotTokens();
    void budgetReservesAndSettles();
    void priceBoundRefusesWhatIsNotAPrice();
    void affordableTokensFitTheBudget();
    void healthWindowAndCancelledIgnored();
};

void TestRouterPolicy::retryable_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<bool>("retry");
    QTest::newRow("429") << ErrorCode::RateLimit << true;
    QTest::newRow("5xx") << ErrorCode::Provider << true;
    QTest::newRow("transport") << ErrorCode::Transport << true;
    QTest::newRow("first token") << ErrorCode::FirstTokenTimeout << true;
    QTest::newRow("stall") << ErrorCode::IdleStall << true;
    QTest::newRow("401") << ErrorCode::Auth << false;
    QTest::newRow("402") << ErrorCode::Credits << false;
    QTest::newRow("403") << ErrorCode::Moderation << false;
    QTest::newRow("404") << ErrorCode::NoEndpoint << false;
    QTest::newRow("400 model") << ErrorCode::ModelNotFound << false;
    QTest::newRow("budget") << ErrorCode::Budget << false;
    QTest::newRow("cancel") << ErrorCode::Cancelled << false;
    QTest::newRow("mid-stream") << ErrorCode::MidStream << false;
}

void TestRouterPolicy::retryable()
{
    QFETCH(ErrorCode, code);
    QFETCH(bool, retry);
    QCOMPARE(isRetryable(code), retry);
}

void TestRouterPolicy::backoffIsFullJitterAndCapped()
{
    std::mt19937_64 rng(1);
    for (int retry = 0; retry < 10; ++retry) {
        const auto ceiling = std::min<long long>(4000, 250LL << retry);
        long long maxSeen = 0;
        for (int i = 0; i < 200; ++i) {
            const long long d = backoffDelay(retry, 250ms, 4000ms, rng).count();
            QVERIFY(d >= 0 && d <= ceiling);
            maxSeen = std::max(maxSeen, d);
        }
        QVERIFY(maxSeen > ceiling / 2); // spread over the whole range
    }
}

void TestRouterPolicy::retryAfter_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<double>("seconds");
    QTest::newRow("integer") << QByteArray("2") << 2.0;
    QTest::newRow("spaces") << QByteArray(" 1 ") << 1.0;
    QTest::newRow("fraction") << QByteArray("0.5") << 0.5;
    QTest::newRow("http date") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << -1.0;
    QTest::newRow("negative") << QByteArray("-3") << -1.0;
    // Absurd values are no answer, long ones are clamped: a batch cannot be parked for days.
    QTest::newRow("inf") << QByteArray("inf") << -1.0;
    QTest::newRow("nan") << QByteArray("nan") << -1.0;
    QTest::newRow("1e300") << QByteArray("1e300") << -1.0;
    QTest::newRow("1e400") << QByteArray("1e400") << -1.0;
    QTest::newRow("a day") << QByteArray("86400") << -1.0;
    QTest::newRow("ten minutes") << QByteArray("600") << kMaxRetryAfterSeconds;
}

void TestRouterPolicy::retryAfter()
{
    QFETCH(QByteArray, header);
    QFETCH(double, seconds);
    QCOMPARE(parseRetryAfter(header.toStdString()).value_or(-1.0), seconds);
}

void TestRouterPolicy::servedQuantization_data()
{
    QTest::addColumn<QStringList>("constrained");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("quantization");
    QTest::addColumn<int>("source");
    QTest::addColumn<QStringList>("order");
    QTest::newRow("single constraint is exact")
        << QStringList{QStringLiteral("fp8")} << QStringLiteral("DeepInfra")
        << QStringLiteral("fp8") << int(QuantizationSource::Exact) << QStringList{};
    QTest::newRow("two allowed, catalog leaves one")
        << QStringList{QStringLiteral("fp16"), QStringLiteral("bf16")} << QStringLiteral("Chutes")
        << QStringLiteral("bf16") << int(QuantizationSource::Exact) << QStringList{};
    QTest::newRow("unconstrained, one endpoint: inferred")
        << QStringList{} << QStringLiteral("Chutes") << QStringLiteral("bf16")
        << int(QuantizationSource::Inferred) << QStringList{};
    QTest::newRow("unconstrained, several endpoints: inferred")
        << QStringList{} << QStringLiteral("DeepInfra") << QStringLiteral("fp4")
        << int(QuantizationSource::Inferred) << QStringList{};
    QTest::newRow("unknown provider")
        << QStringList{} << QStringLiteral("Nobody") << QStringLiteral("unknown")
        << int(QuantizationSource::Unknown) << QStringList{};
    QTest::newRow("several allowed: the least precise, not the first by name")
        << QStringList{QStringLiteral("fp8"), QStringLiteral("fp4"), QStringLiteral("bf16")}
        << QStringLiteral("DeepInfra") << QStringLiteral("fp4") << int(QuantizationSource::Inferred)
        << QStringList{QStringLiteral("deepinfra")};
    QTest::newRow("several allowed: the endpoint the order named")
        << QStringList{QStringLiteral("fp8"), QStringLiteral("fp4"), QStringLiteral("bf16")}
        << QStringLiteral("DeepInfra") << QStringLiteral("bf16")
        << int(QuantizationSource::Inferred)
        << QStringList{QStringLiteral("chutes/bf16"), QStringLiteral("deepinfra/bf16"),
                       QStringLiteral("deepinfra/fp4")};
}

void TestRouterPolicy::servedQuantization()
{
    QFETCH(QStringList, constrained);
    QFETCH(QString, provider);
    QFETCH(QString, quantization);
    QFETCH(int, source);
    QFETCH(QStringList, order);
    const std::vector<EndpointInfo> endpoints{
        endpoint("DeepInfra", "bf16"), endpoint("DeepInfra", "fp8"), endpoint("DeepInfra", "fp4"),
        endpoint("Chutes", "bf16")};
    std::vector<std::string> list;
    for (const QString &q : constrained)
        list.push_back(q.toStdString());
    std::vector<std::string> tags;
    for (const QString &t : order)
        tags.push_back(t.toStdString());
    const auto [q, s]
        = scriptorium::routing::servedQuantization(list, provider.toStdString(), endpoints, tags);
    QCOMPARE(QString::fromStdString(q), quantization);
    QCOMPARE(int(s), source);
}

void TestRouterPolicy::worstCaseUsesDearestAllowedEndpoint()
{
    const std::vector<EndpointInfo> endpoints{endpoint("A", "fp8", 1e-6, 2e-6),
                                              endpoint("B", "fp8", 3e-6, 1e-6),
                                              endpoint("C", "bf16", 9e-6, 9e-6)};
    const auto worst = worstCaseCostUsd(1000, 500, {"fp8"}, endpoints, std::nullopt);
    QVERIFY(worst.has_value());
    QCOMPARE(*worst, 1000 * 3e-6 + 500 * 2e-6);
    scriptorium::openrouter::MaxPrice maxPrice;
    maxPrice.prompt = 1.0; // per million
    maxPrice.completion = 2.0;
    QCOMPARE(worstCaseCostUsd(1'000'000, 1'000'000, {"fp8"}, {}, maxPrice).value_or(0), 3.0);
    QVERIFY(!worstCaseCostUsd(1, 1, {"fp8"}, {}, std::nullopt).has_value());
    QCOMPARE(estimateCostUsd(100, 10, "A", endpoints).value_or(0), 100 * 1e-6 + 10 * 2e-6);
}

void TestRouterPolicy::meterDefinitions()
{
    ManualClock clock;
    StreamMeter meter;
    const auto t0 = clock.now();
    meter.start(t0);
    clock.advance(20ms);
    meter.keepAlive(clock.now()); // TTFB = first byte, even a comment
    clock.advance(80ms);
    meter.dataEvent(clock.now(), false); // role-only chunk: not a token
    clock.advance(100ms);
    meter.dataEvent(clock.now(), true); // first token at 200 ms
    for (int i = 0; i < 19; ++i) {
        clock.advance(50ms);
        meter.dataEvent(clock.now(), true);
    }
    clock.advance(50ms); // end at 200 + 950 + 50 = 1200 ms
    const StreamMetrics m = meter.finish(clock.now(), 20);
    QCOMPARE(m.ttfbMs.value(), 20.0);
    QCOMPARE(m.ttftMs.value(), 200.0);
    QCOMPARE(m.e2eMs.value(), 1200.0);
    QCOMPARE(m.decodeTokensPerSecond.value(), 19 / 0.95);
    QCOMPARE(m.e2eTokensPerSecond.value(), 20 / 1.2);
    QCOMPARE(m.keepAlives, std::int64_t(1));
    QCOMPARE(m.textDeltas, std::int64_t(20));
}

void TestRouterPolicy::decodeRateNeedsHalfSecondAndEightTokens()
{
    ManualClock clock;
    StreamMeter meter;
    meter.start(clock.now());
    meter.dataEvent(clock.now(), true);
    clock.advance(400ms);
    meter.dataEvent(clock.now(), true);
    QVERIFY(!meter.finish(clock.now(), 100).decodeTokensPerSecond.has_value()); // < 0.5 s
    clock.advance(200ms);
    meter.dataEvent(clock.now(), true);
    QVERIFY(!meter.finish(clock.now(), 7).decodeTokensPerSecond.has_value()); // < 8 tokens
    QVERIFY(meter.finish(clock.now(), 8).decodeTokensPerSecond.has_value());
}

void TestRouterPolicy::keepAlivesAreNotTokens()
{
    ManualClock clock;
    StreamMeter meter;
    meter.start(clock.now());
    for (int i = 0; i < 5; ++i) {
        clock.advance(100ms);
        meter.keepAlive(clock.now());
    }
    QVERIFY(!meter.hasFirstToken());
    QCOMPARE(meter.lastDataEvent(), meter.t0()); // the idle watchdog does not see keep-alives
    QVERIFY(!meter.finish(clock.now(), 0).ttftMs.has_value());
}

void TestRouterPolicy::budgetReservesAndSettles()
{
    Budget budget(1.0);
    QVERIFY(budget.reserve(0.6));
    const auto second = budget.reserve(0.6);
    QVERIFY(!second);
    QCOMPARE(second.error().code, ErrorCode::Budget);
    budget.settle(0.6, 0.1);
    QCOMPARE(budget.spentUsd(), 0.1);
    QVERIFY(budget.reserve(0.6));
    QVERIFY(Budget().reserve(1e9)); // unlimited
}

void TestRouterPolicy::healthWindowAndCancelledIgnored()
{
    ManualClock clock;
    ProviderHealth health(clock, std::chrono::seconds(60), 0.5);
    health.record("deepinfra", std::nullopt, 100.0, 50.0, 40.0);
    health.record("deepinfra", ErrorCode::Provider, std::nullopt, std::nullopt, std::nullopt);
    health.record("deepinfra", ErrorCode::Cancelled, std::nullopt, std::nullopt, std::nullopt);
    health.record("deepinfra", std::nullopt, 200.0, 50.0, 40.0);
    auto s = health.snapshot("deepinfra");
    QVERIFY(s.has_value());
    QCOMPARE(s->attempts, 3);
    QCOMPARE(s->errors, 1);
    QCOMPARE(s->ttftMs.value(), 150.0);
    clock.advance(std::chrono::seconds(61));
    s = health.snapshot("deepinfra");
    QCOMPARE(s->attempts, 0);
    QCOMPARE(s->errorRate(), 0.0);
}

QTEST_APPLESS_MAIN(TestRouterPolicy)

#include "test_router_policy.moc"

void TestRouterPolicy::priceBoundRefusesWhatIsNotAPrice()
{
    const std::vector<EndpointInfo> fine{endpoint("A", "fp8", 1e-7, 2e-7),
                                         endpoint("B", "fp8", 3e-7, 1e-7)};
    const auto bound = priceBound({"fp8"}, fine, std::nullopt);
    QVERIFY(bound);
    QCOMPARE(bound->prompt, 3e-7);
    QCOMPARE(bound->completion, 2e-7);
    for (double bad : {-1.0, std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity()}) {
        std::vector<EndpointInfo> withBad = fine;
        withBad.push_back(endpoint("C", "fp8", 1e-7, bad));
        QVERIFY(!priceBound({"fp8"}, withBad, std::nullopt));
        QVERIFY(!worstCaseCostUsd(100, 100, {"fp8"}, withBad, std::nullopt));
    }
    // A bad price at another precision does not matter.
    std::vector<EndpointInfo> otherPrecision = fine;
    otherPrecision.push_back(endpoint("C", "bf16", -1.0, -1.0));
    QVERIFY(priceBound({"fp8"}, otherPrecision, std::nullopt));
    // No catalog: only a complete, valid max_price bounds it.
    scriptorium::openrouter::MaxPrice max;
    max.prompt = 1.0;
    QVERIFY(!priceBound({"fp8"}, {}, max));
    max.completion = 2.0;
    QCOMPARE(priceBound({"fp8"}, {}, max)->completion, 2e-6);
    max.completion = std::numeric_limits<double>::infinity();
    QVERIFY(!priceBound({"fp8"}, {}, max));
}

void TestRouterPolicy::affordableTokensFitTheBudget()
{
    const PriceBound bound{1e-6, 2e-6, 0.0};
    // 1000 prompt tokens cost $0.001; $0.002 left pays 500 completion tokens.
    QCOMPARE(affordableMaxTokens(0.002, 1000, bound), std::int64_t(500));
    const double worst = 1000 * 1e-6 + 500 * 2e-6;
    QVERIFY(worst <= 0.002 + 1e-15);
    QCOMPARE(affordableMaxTokens(0.0009, 1000, bound), std::int64_t(0)); // not even the prompt
    QCOMPARE(affordableMaxTokens(0.0, 0, bound), std::int64_t(0));
}
