// ModelCatalog: TTL cache on disk, stale use when the fetch fails, offline use, pagination and
// the quantization / price queries.
#include "routing/model_catalog.h"

#include "fake_catalog_source.h"
#include "net/http_client.h"
#include "routing/http_catalog_source.h"
#include "support/canned_http_server.h"
#include "util/utf8.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scriptorium;
using namespace scriptorium::routing;
using Certainty = QuantizationGuess::Certainty;

class TestModelCatalog : public QObject {
    Q_OBJECT

private slots:
    void init();
    void fetchesThenServesFromCache();
    void refetchesAfterTtl();
    void staleCacheWhenFetchFails();
    void offlineFromDiskCache();
    void offlineWithoutCache();
    void unknownModelIsNotServedFromStaleCache();
    void paginatedModels();
    void cacheFilesAreJsonAndAtomic();
    void quantizationFor_data();
    void quantizationFor();
    void hasFp8Endpoint();
    void priceFor();
    void keyIsNeverCached();
    void eachOriginHasItsOwnCache();
    void badBodyIsNeitherCachedNorThrown_data();
    void badBodyIsNeitherCachedNorThrown();
    void invalidUtf8OverHttp_data();
    void invalidUtf8OverHttp();

private:
    CatalogOptions options() const
    {
        return {m_dir->path().toStdString(), std::chrono::seconds(3600), [this] {
                    return m_now;
                }};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<test::FakeCatalogSource> m_source;
    std::int64_t m_now = 1'700'000'000;
};

void TestModelCatalog::eachOriginHasItsOwnCache()
{
    // The demo's simulator and OpenRouter must never share a cache: one's catalog would be
    // served as the other's until it expired.
    qputenv("XDG_CACHE_HOME", m_dir->path().toUtf8());
    const auto root = defaultCatalogCacheDir();
    QCOMPARE(catalogCacheDirFor("https://openrouter.ai/api/v1"), root);
    QCOMPARE(catalogCacheDirFor("https://openrouter.ai/api/v1/"), root);
    const auto simulator = catalogCacheDirFor("http://127.0.0.1:40000/api/v1");
    QCOMPARE(simulator, root / "127.0.0.1_40000_api_v1");
    QVERIFY(catalogCacheDirFor("http://127.0.0.1:40001/api/v1") != simulator);

    CatalogOptions simulated = options();
    simulated.cacheDir = simulator;
    QVERIFY(ModelCatalog(m_source, simulated).models().has_value());
    auto real = std::make_shared<test::FakeCatalogSource>();
    test::fillMarket(*real);
    CatalogOptions openRouter = options();
    openRouter.cacheDir = root;
    auto models = ModelCatalog(real, openRouter).models();
    QVERIFY(models.has_value());
    QVERIFY(!models->fromCache);
    QCOMPARE(real->calls["/models"], 1);
    qunsetenv("XDG_CACHE_HOME");
}

void TestModelCatalog::badBodyIsNeitherCachedNorThrown_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    const QByteArray endpoints("/models/qwen/qwen3-32b/endpoints");
    QTest::newRow("providers, invalid UTF-8")
        << QByteArray("/providers")
        << QByteArray("{\"data\":[{\"name\":\"Bad\xff\xfe\",\"slug\":\"b\"}]}");
    QTest::newRow("endpoints, invalid UTF-8")
        << endpoints
        << QByteArray("{\"data\":{\"id\":\"qwen/qwen3-32b\",\"endpoints\":[\xc3\x28]}}");
    QTest::newRow("endpoints, bare invalid bytes") << endpoints << QByteArray("\x80\x81\x82");
    QTest::newRow("providers, not JSON") << QByteArray("/providers") << QByteArray("<html>");
}

void TestModelCatalog::badBodyIsNeitherCachedNorThrown()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    const std::string requestPath = path.toStdString();
    auto ask = [&](ModelCatalog &catalog) -> std::optional<Error> {
        if (requestPath == "/providers") {
            auto r = catalog.providers();
            return r ? std::nullopt : std::optional(r.error());
        }
        auto r = catalog.endpoints("qwen/qwen3-32b");
        return r ? std::nullopt : std::optional(r.error());
    };
    const std::string good = m_source->bodies[requestPath];
    m_source->bodies[requestPath] = body.toStdString();

    // A 200 whose body is not valid UTF-8 or not JSON is an error, never an exception, and
    // nothing is cached from it.
    ModelCatalog catalog(m_source, options());
    auto error = ask(catalog);
    QVERIFY(error.has_value());
    QCOMPARE(error->code, ErrorCode::Parse);
    QVERIFY(!std::filesystem::exists(catalog.cacheFileFor(requestPath)));
    QCOMPARE(m_source->calls[requestPath], 1);
    QVERIFY(ask(catalog).has_value()); // nothing cached in memory either: asked again
    QCOMPARE(m_source->calls[requestPath], 2);

    // With a good answer cached, a bad refresh serves the cache (stale) and keeps it.
    m_source->bodies[requestPath] = good;
    QVERIFY(!ask(catalog).has_value());
    m_now += 7200;
    m_source->bodies[requestPath] = body.toStdString();
    if (requestPath == "/providers") {
        auto r = catalog.providers();
        QVERIFY(r.has_value());
        QVERIFY(r->stale);
        QCOMPARE(r->value.size(), std::size_t(4));
    } else {
        auto r = catalog.endpoints("qwen/qwen3-32b");
        QVERIFY(r.has_value());
        QVERIFY(r->stale);
        QCOMPARE(r->value.endpoints.size(), std::size_t(2));
    }
    ModelCatalog offline(nullptr, options()); // the file still holds the good body
    QVERIFY(!ask(offline).has_value());
}

void TestModelCatalog::invalidUtf8OverHttp_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::newRow("200") << 200 << int(ErrorCode::Parse);
    QTest::newRow("500") << 500 << int(ErrorCode::Provider);
}

void TestModelCatalog::invalidUtf8OverHttp()
{
    // The real source: a server's bytes reach messages that are printed and written as JSON.
    QFETCH(int, status);
    QFETCH(int, code);
    scriptorium::testing::CannedHttpServer server(scriptorium::testing::cannedResponse(
        status, "{\"data\":[{\"name\":\"\xff\xfe\",\"slug\":\"x\"}]}"));
    net::HttpClient client;
    auto source = std::make_shared<HttpCatalogSource>(client, server.baseUrl(), ApiKey("sk-t"));
    ModelCatalog catalog(source, options());
    auto providers = catalog.providers();
    QVERIFY(!providers.has_value());
    QCOMPARE(int(providers.error().code), code);
    QVERIFY(utf8::isValid(providers.error().message));
    QVERIFY(utf8::isValid(providers.error().detail));
    const nlohmann::json printed{{"message", providers.error().message},
                                 {"detail", providers.error().detail}};
    QVERIFY(!printed.dump().empty()); // throws on invalid UTF-8
    QVERIFY(!std::filesystem::exists(catalog.cacheFileFor("/providers")));
}

void TestModelCatalog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_source = std::make_shared<test::FakeCatalogSource>();
    test::fillMarket(*m_source);
    m_now = 1'700'000'000;
}

void TestModelCatalog::fetchesThenServesFromCache()
{
    ModelCatalog catalog(m_source, options());
    auto first = catalog.models();
    QVERIFY(first.has_value());
    QVERIFY(!first->fromCache);
    QVERIFY(!first->stale);
    QCOMPARE(first->value.size(), std::size_t(5));
    QCOMPARE(first->fetchedAt, m_now);
    m_now += 100;
    auto second = catalog.models();
    QVERIFY(second->fromCache);
    QCOMPARE(m_source->calls["/models"], 1);
    // A second catalog (another process) reads the disk cache.
    ModelCatalog other(m_source, options());
    QVERIFY(other.models()->fromCache);
    QCOMPARE(m_source->calls["/models"], 1);
}

void TestModelCatalog::refetchesAfterTtl()
{
    ModelCatalog catalog(m_source, options());
    QVERIFY(catalog.providers().has_value());
    m_now += 3601;
    auto again = catalog.providers();
    QVERIFY(!again->fromCache);
    QCOMPARE(m_source->calls["/providers"], 2);
    QVERIFY(catalog.providers(/*forceRefresh=*/true).has_value());
    QCOMPARE(m_source->calls["/providers"], 3);
}

void TestModelCatalog::staleCacheWhenFetchFails()
{
    ModelCatalog catalog(m_source, options());
    QVERIFY(catalog.endpoints("qwen/qwen3-32b").has_value());
    m_now += 7200;
    m_source->failWith = Error{ErrorCode::Transport, "connection refused", {}};
    auto eps = catalog.endpoints("qwen/qwen3-32b");
    QVERIFY(eps.has_value());
    QVERIFY(eps->stale);
    QVERIFY(eps->fromCache);
    QCOMPARE(eps->value.endpoints.size(), std::size_t(2));
    // Nothing cached for this one: the fetch error comes through.
    auto missing = catalog.endpoints("deepseek/deepseek-chat");
    QVERIFY(!missing.has_value());
    QCOMPARE(missing.error().code, ErrorCode::Transport);
}

void TestModelCatalog::offlineFromDiskCache()
{
    {
        ModelCatalog online(m_source, options());
        QVERIFY(online.models().has_value());
    }
    ModelCatalog offline(nullptr, options());
    auto fresh = offline.models();
    QVERIFY(fresh.has_value());
    QVERIFY(!fresh->stale);
    m_now += 99'999;
    ModelCatalog later(nullptr, options());
    auto old = later.models();
    QVERIFY(old.has_value());
    QVERIFY(old->stale);
    QCOMPARE(old->value.size(), std::size_t(5));
}

void TestModelCatalog::offlineWithoutCache()
{
    ModelCatalog offline(nullptr, options());
    auto r = offline.providers();
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::NotFound);
}

void TestModelCatalog::unknownModelIsNotServedFromStaleCache()
{
    ModelCatalog catalog(m_source, options());
    auto r = catalog.endpoints("grok/grok-beta");
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::ModelNotFound);
    auto notAnId = catalog.endpoints("gpt-4");
    QCOMPARE(notAnId.error().code, ErrorCode::ModelNotFound);
}

void TestModelCatalog::paginatedModels()
{
    m_source->bodies["/models"]
        = R"({"data":[{"id":"a/one"},{"id":"a/two"}],"total_count":3,"links":{"next":"https://openrouter.ai/api/v1/models?offset=2&limit=2"}})";
    m_source->bodies["/models?offset=2&limit=2"]
        = R"({"data":[{"id":"a/three"}],"total_count":3,"links":{"next":null}})";
    ModelCatalog catalog(m_source, options());
    auto list = catalog.models();
    QVERIFY2(list.has_value(), list ? "" : list.error().message.c_str());
    QCOMPARE(list->value.size(), std::size_t(3));
    QCOMPARE(list->value.back().id, std::string("a/three"));
    ModelCatalog offline(nullptr, options()); // the joined list is what was cached
    QCOMPARE(offline.models()->value.size(), std::size_t(3));
}

void TestModelCatalog::cacheFilesAreJsonAndAtomic()
{
    ModelCatalog catalog(m_source, options());
    QVERIFY(catalog.endpoints("meta-llama/llama-3.1-8b-instruct").has_value());
    const auto file = catalog.cacheFileFor(endpointsPath("meta-llama/llama-3.1-8b-instruct"));
    QVERIFY(std::filesystem::exists(file));
    QFile f(QString::fromStdString(file.string()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto doc = nlohmann::json::parse(f.readAll().toStdString());
    const std::int64_t fetchedAt = doc["fetched_at"].get<std::int64_t>();
    QCOMPARE(fetchedAt, m_now);
    QVERIFY(doc["body"].is_string());
    // No temp files left in the cache dir.
    for (const auto &entry : std::filesystem::directory_iterator(m_dir->path().toStdString()))
        QVERIFY2(entry.path().filename().string().front() != '.', entry.path().c_str());
}

void TestModelCatalog::quantizationFor_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<int>("certainty");
    QTest::addColumn<QString>("quantization");
    QTest::newRow("single endpoint") << "meta-llama/llama-3.1-8b-instruct"
                                     << "Together" << int(Certainty::Exact) << "fp8";
    QTest::newRow("two endpoints differ") << "meta-llama/llama-3.1-8b-instruct"
                                          << "DeepInfra" << int(Certainty::Ambiguous) << "";
    QTest::newRow("not serving") << "meta-llama/llama-3.1-8b-instruct"
                                 << "Fireworks" << int(Certainty::Unknown) << "";
    QTest::newRow("declared unknown") << "qwen/qwen3-32b"
                                      << "Novita" << int(Certainty::Unknown) << "";
    QTest::newRow("unknown model") << "x/none"
                                   << "DeepInfra" << int(Certainty::Unknown) << "";
}

void TestModelCatalog::quantizationFor()
{
    QFETCH(QString, model);
    QFETCH(QString, provider);
    QFETCH(int, certainty);
    QFETCH(QString, quantization);
    ModelCatalog catalog(m_source, options());
    const QuantizationGuess g
        = catalog.quantizationFor(model.toStdString(), provider.toStdString());
    QCOMPARE(int(g.certainty), certainty);
    QCOMPARE(QString::fromStdString(g.quantization), quantization);
    if (g.certainty == Certainty::Ambiguous)
        QCOMPARE(g.candidates.size(), std::size_t(2));
}

void TestModelCatalog::hasFp8Endpoint()
{
    ModelCatalog catalog(m_source, options());
    QCOMPARE(catalog.hasFp8Endpoint("meta-llama/llama-3.1-8b-instruct").value(), true);
    QCOMPARE(catalog.hasFp8Endpoint("qwen/qwen3-32b").value(), false);
    QVERIFY(!catalog.hasFp8Endpoint("x/none").has_value());
}

void TestModelCatalog::priceFor()
{
    ModelCatalog catalog(m_source, options());
    // DeepInfra has fp8 and bf16 endpoints: the estimate uses the higher price.
    auto p = catalog.priceFor("meta-llama/llama-3.1-8b-instruct", "DeepInfra");
    QVERIFY(p.has_value());
    QCOMPARE(p->prompt, 0.00000004);
    QCOMPARE(p->completion, 0.00000006);
    // Unknown provider: the model's list price.
    auto list = catalog.priceFor("openai/gpt-4", "Azure");
    QVERIFY(list.has_value());
    QCOMPARE(list->completion, 0.00006);
    QVERIFY(!catalog.priceFor("x/none", "DeepInfra").has_value());
}

void TestModelCatalog::keyIsNeverCached()
{
    ModelCatalog catalog(m_source, options());
    auto k = catalog.key();
    QVERIFY(k.has_value());
    QCOMPARE(k->usage, 1.5);
    QVERIFY(catalog.key().has_value());
    QCOMPARE(m_source->calls["/key"], 2);
    QVERIFY(!std::filesystem::exists(catalog.cacheFileFor("/key")));
    ModelCatalog offline(nullptr, options());
    QCOMPARE(offline.key().error().code, ErrorCode::Unsupported);
}

QTEST_APPLESS_MAIN(TestModelCatalog)
#include "test_model_catalog.moc"
