#include "novel_runtime.h"

#include "cli_context.h"
#include "library_command.h"
#include "net/http_client.h"
#include "routing/api_key.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "routing/routing_config.h"
#include "store/book_store.h"
#include "store/stats.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <pthread.h>

namespace scriptorium::cli {

namespace {

constexpr const char *kOpenRouterUrl = "https://openrouter.ai/api/v1";

std::string lower(std::string text)
{
    std::ranges::transform(text, text.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

Result<routing::RoutingConfig> loadRoutingConfig(const GlobalOptions &options)
{
    std::filesystem::path path = options.config;
    std::error_code ec;
    if (path.empty()) {
        path = routing::defaultRoutingConfigPath();
        if (!std::filesystem::exists(path, ec))
            return routing::RoutingConfig::defaults();
    }
    auto config = routing::RoutingConfig::load(path);
    if (!config)
        return fail(ErrorCode::Config, config.error().message, config.error().detail);
    return config;
}

} // namespace

NovelRuntime::~NovelRuntime()
{
    // The Router must go before the client it uses; the library last.
    m_generator.reset();
    m_router.reset();
    m_client.reset();
}

Result<std::unique_ptr<NovelRuntime>> NovelRuntime::open(const GlobalOptions &options)
{
    auto db = openLibrary(options);
    if (!db)
        return fail(db.error());
    std::unique_ptr<NovelRuntime> runtime(new NovelRuntime());
    runtime->m_db = std::move(*db);
    runtime->m_shared = std::make_unique<novel::SharedDatabase>(*runtime->m_db);
    return runtime;
}

Status NovelRuntime::startRouting(const GlobalOptions &options, const std::string &model,
                                  std::optional<double> budgetUsd, const std::string &apiKey)
{
    auto config = loadRoutingConfig(options);
    if (!config)
        return fail(config.error());
    routing::ApiKey key;
    if (!apiKey.empty()) {
        key.set(apiKey);
    } else {
        auto fromEnv = routing::ApiKey::fromEnvironment();
        if (!fromEnv)
            return fail(fromEnv.error());
        key = *fromEnv;
    }
    std::string baseUrl = options.baseUrl;
    if (baseUrl.empty()) {
        const char *env = std::getenv("SCRIPTORIUM_BASE_URL");
        baseUrl = env && *env ? env : kOpenRouterUrl;
    }
    if (auto ok = net::HttpClient::checkUrl(baseUrl); !ok)
        return fail(ok.error());
    m_model = model.empty() ? config->defaultModel : model;
    m_client = std::make_unique<net::HttpClient>();
    m_budget = std::make_shared<routing::Budget>(budgetUsd);

    // The catalog of another server (the simulator) is cached apart from OpenRouter's.
    routing::CatalogOptions catalogOptions;
    if (baseUrl != kOpenRouterUrl)
        catalogOptions.cacheDir = std::filesystem::temp_directory_path()
            / ("scriptorium-catalog-" + std::to_string(std::hash<std::string>{}(baseUrl)));
    {
        auto source = std::make_shared<routing::HttpCatalogSource>(*m_client, baseUrl, key);
        routing::ModelCatalog catalog(source, catalogOptions);
        if (auto endpoints = catalog.endpoints(m_model); endpoints)
            m_endpoints = endpoints->value;
    }

    routing::Router::Options routerOptions;
    routerOptions.baseUrl = baseUrl;
    routerOptions.config = *config;
    routerOptions.apiKey = key;
    routerOptions.budget = m_budget;
    m_router = std::make_unique<routing::Router>(*m_client, routerOptions);
    m_generator = std::make_unique<novel::RouterTextGenerator>(*m_router, m_shared.get());
    if (m_endpoints)
        m_generator->setEndpoints(m_model, *m_endpoints);
    return {};
}

novel::PipelineContext NovelRuntime::context(novel::PipelineOptions options)
{
    options.model = m_model;
    return novel::PipelineContext{*m_shared, *m_generator, m_prompts, std::move(options), {}};
}

novel::CatalogBasis NovelRuntime::catalogBasis(double draftTokens)
{
    novel::CatalogBasis basis;
    basis.draftCompletionTokens = draftTokens;
    basis.finalizePromptTokens = draftTokens + 600;
    std::vector<double> prompt;
    std::vector<double> completion;
    std::vector<double> latency;
    std::vector<double> throughput;
    if (m_endpoints) {
        for (const openrouter::EndpointInfo &e : m_endpoints->endpoints) {
            if (e.quantization != "fp8" && e.quantization != "mxfp8")
                continue;
            prompt.push_back(e.pricing.prompt);
            completion.push_back(e.pricing.completion);
            if (e.latencyP50Ms)
                latency.push_back(*e.latencyP50Ms / 1000.0);
            if (e.throughputP50)
                throughput.push_back(*e.throughputP50);
        }
        if (prompt.empty())
            for (const openrouter::EndpointInfo &e : m_endpoints->endpoints) {
                prompt.push_back(e.pricing.prompt);
                completion.push_back(e.pricing.completion);
            }
    }
    auto median = [](std::vector<double> v) {
        std::ranges::sort(v);
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    if (!prompt.empty()) {
        basis.promptPriceLow = *std::ranges::min_element(prompt);
        basis.promptPriceHigh = *std::ranges::max_element(prompt);
        basis.promptPrice = median(prompt);
        basis.completionPriceLow = *std::ranges::min_element(completion);
        basis.completionPriceHigh = *std::ranges::max_element(completion);
        basis.completionPrice = median(completion);
    }
    if (!latency.empty())
        basis.ttftSeconds = median(latency);
    if (!throughput.empty())
        basis.tokensPerSecond = median(throughput);
    // Measured speed beats the catalog's: the library's stats over the last 30 days.
    store::StatsQuery query;
    query.untilMs = store::nowMs();
    query.sinceMs = query.untilMs - 30LL * 24 * 3600 * 1000;
    if (auto stats = store::queryProviderStats(*m_db, query); stats && stats->total.requests > 0) {
        if (stats->total.ttftP50Ms)
            basis.ttftSeconds = *stats->total.ttftP50Ms / 1000.0;
        if (stats->total.decodeTpsP50)
            basis.tokensPerSecond = *stats->total.decodeTpsP50;
        else if (stats->total.e2eTpsP50)
            basis.tokensPerSecond = *stats->total.e2eTpsP50;
    }
    return basis;
}

InterruptWatcher::InterruptWatcher(std::function<void()> first, std::function<void()> second)
{
    sigemptyset(&m_set);
    sigaddset(&m_set, SIGINT);
    sigaddset(&m_set, SIGTERM);
    sigaddset(&m_set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &m_set, &m_old);
    m_thread = std::thread([this, first = std::move(first), second = std::move(second)] {
        int count = 0;
        for (;;) {
            int sig = 0;
            if (sigwait(&m_set, &sig) != 0 || sig == SIGUSR1)
                return;
            (++count == 1 ? first : second)();
        }
    });
}

InterruptWatcher::~InterruptWatcher()
{
    pthread_kill(m_thread.native_handle(), SIGUSR1);
    m_thread.join();
    pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
}

Result<std::int64_t> resolveBook(store::Database &db, const std::string &book)
{
    if (!book.empty()
        && std::ranges::all_of(book, [](unsigned char c) { return std::isdigit(c); })) {
        const std::int64_t id = std::stoll(book);
        if (auto found = store::BookStore(db).get(id); found)
            return id;
    }
    auto books = store::BookStore(db).list();
    if (!books)
        return fail(books.error());
    for (const store::BookSummary &b : *books)
        if (lower(b.book.title) == lower(book))
            return b.book.id;
    return fail(ErrorCode::NotFound,
                "There is no book \"" + book + "\"; run 'scriptorium-cli book list' to see them.");
}

} // namespace scriptorium::cli
