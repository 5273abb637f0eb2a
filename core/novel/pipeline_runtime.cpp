#include "novel/pipeline_runtime.h"

#include "net/http_client.h"
#include "novel/chapter_pipeline.h"
#include "novel/length_unit.h"
#include "novel/library_ledger.h"
#include "novel/objective_forecast.h"
#include "novel/shared_database.h"
#include "routing/cost_reconciler.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "store/routing_history.h"
#include "store/stats.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <vector>

namespace scriptorium::novel {

namespace {

double median(std::vector<double> values)
{
    std::ranges::sort(values);
    return values.empty() ? 0.0 : values[values.size() / 2];
}

} // namespace

void RuntimeStopper::stop()
{
    std::lock_guard lock(m_mutex);
    m_stopped = true;
    if (m_client)
        m_client->shutdown();
}

bool RuntimeStopper::stopped() const
{
    std::lock_guard lock(m_mutex);
    return m_stopped;
}

void RuntimeStopper::attach(net::HttpClient *client)
{
    std::lock_guard lock(m_mutex);
    m_client = client;
    if (m_stopped)
        client->shutdown();
}

void RuntimeStopper::detach()
{
    std::lock_guard lock(m_mutex);
    m_client = nullptr;
}

PipelineRuntime::~PipelineRuntime()
{
    shutdown(); // what is in flight ends and is recorded while the network still runs
    // The Router must go before the client it uses; the stopper must not reach a client that
    // is gone.
    m_generator.reset();
    m_router.reset();
    m_catalog.reset();
    if (m_stopper)
        m_stopper->detach();
    m_client.reset();
}

Result<std::unique_ptr<PipelineRuntime>> PipelineRuntime::start(SharedDatabase &db,
                                                                RoutingSetup setup)
{
    if (auto ok = net::HttpClient::checkUrl(setup.baseUrl); !ok)
        return fail(ok.error());
    std::unique_ptr<PipelineRuntime> runtime(new PipelineRuntime(db));
    runtime->m_model = setup.model.empty() ? setup.config.defaultModel : setup.model;
    runtime->m_client = std::make_unique<net::HttpClient>();
    runtime->m_stopper = std::move(setup.stopper);
    if (runtime->m_stopper)
        runtime->m_stopper->attach(runtime->m_client.get());
    runtime->m_budget = std::make_shared<routing::Budget>(setup.budgetUsd);
    runtime->m_baseUrl = setup.baseUrl;
    runtime->m_apiKey = setup.apiKey;

    // The catalog of another server (the simulator) is cached apart from OpenRouter's.
    routing::CatalogOptions catalogOptions;
    catalogOptions.cacheDir = routing::catalogCacheDirFor(setup.baseUrl);
    runtime->m_catalog = std::make_shared<routing::ModelCatalog>(
        std::make_shared<routing::HttpCatalogSource>(*runtime->m_client, setup.baseUrl,
                                                     setup.apiKey),
        catalogOptions);
    {
        routing::ModelCatalog &catalog = *runtime->m_catalog;
        if (auto endpoints = catalog.endpoints(runtime->m_model); endpoints)
            runtime->m_endpoints = endpoints->value;
        if (runtime->m_endpoints)
            runtime->m_modelEndpoints[runtime->m_model] = runtime->m_endpoints;
        // The fallback models' prices too: under a cap the Router prices every model a
        // request may be served by, and leaves out the ones it cannot price.
        for (const std::string &fallback : setup.config.models) {
            if (fallback == runtime->m_model)
                continue;
            if (auto endpoints = catalog.endpoints(fallback); endpoints)
                runtime->m_fallbackEndpoints.push_back(endpoints->value);
        }
    }

    // What a crashed run left in flight: booked at what OpenRouter billed (or its worst
    // case) before any budget is computed from the library. A library that cannot be swept
    // now is swept by a later start; the reservations keep counting as spent meanwhile.
    (void)recoverInterrupted(db, [&](const std::vector<std::string> &ids) {
        return runtime->billedGenerations(setup.baseUrl, setup.apiKey, ids);
    });

    // The adaptive strategy learns from every attempt, starting from the library's recent
    // ones so it keeps what it learnt across runs.
    runtime->m_strategy = std::move(setup.strategy);
    if (!runtime->m_strategy && setup.config.routing.strategy == routing::StrategyKind::Adaptive) {
        const routing::StrategySettings settings = routing::strategySettingsFor(setup.config);
        auto estimates = std::make_shared<routing::EndpointEstimates>(Clock::real(), settings);
        // History only sharpens the estimates: a library that cannot be read leaves them to
        // the catalog's figures.
        (void)db.with([&](store::Database &d) {
            return store::primeEstimatesFromHistory(d, *estimates, settings.historyDays,
                                                    store::nowMs());
        });
        runtime->m_strategy = routing::makeRoutingStrategy(setup.config, estimates);
    }
    runtime->m_config = setup.config;
    routing::Router::Options routerOptions;
    routerOptions.baseUrl = setup.baseUrl;
    routerOptions.config = std::move(setup.config);
    routerOptions.apiKey = setup.apiKey;
    routerOptions.budget = runtime->m_budget;
    routerOptions.ledger = std::make_shared<LibraryLedger>(db);
    routerOptions.strategy = runtime->m_strategy;
    runtime->m_router = std::make_unique<routing::Router>(*runtime->m_client, routerOptions);
    runtime->m_generator = std::make_unique<RouterTextGenerator>(*runtime->m_router, &db);
    if (runtime->m_endpoints)
        runtime->m_generator->setEndpoints(runtime->m_model, *runtime->m_endpoints);
    runtime->m_generator->setFallbackEndpoints(runtime->m_fallbackEndpoints);
    return runtime;
}

std::map<std::string, openrouter::GenerationInfo>
PipelineRuntime::billedGenerations(const std::string &baseUrl, const routing::ApiKey &apiKey,
                                   const std::vector<std::string> &ids)
{
    struct Pending {
        std::mutex mutex;
        std::condition_variable done;
        std::size_t left = 0;
        std::map<std::string, openrouter::GenerationInfo> billed;
    };
    auto pending = std::make_shared<Pending>();
    pending->left = ids.size();
    routing::CostReconciler reconciler(*m_client, baseUrl, apiKey);
    for (const std::string &id : ids) {
        reconciler.reconcile(id, [pending, id](Result<openrouter::GenerationInfo> info) {
            std::lock_guard lock(pending->mutex);
            if (info)
                pending->billed[id] = std::move(*info);
            --pending->left;
            pending->done.notify_all();
        });
    }
    // The reconciler gives up on its own after its last 404; the wait is only a backstop
    // against a server that never answers.
    std::unique_lock lock(pending->mutex);
    pending->done.wait_for(lock, std::chrono::seconds(30), [&] { return pending->left == 0; });
    return pending->billed;
}

PipelineContext PipelineRuntime::context(PipelineOptions options)
{
    options.model = m_model;
    return PipelineContext{m_db, *m_generator, m_prompts, std::move(options), {}, {}, {}, {}};
}

CatalogBasis PipelineRuntime::catalogBasis(double draftTokens)
{
    return catalogBasisFor(m_endpoints, draftTokens);
}

CatalogBasis
PipelineRuntime::catalogBasisFor(const std::optional<openrouter::ModelEndpoints> &endpoints,
                                 double draftTokens)
{
    CatalogBasis basis;
    basis.draftCompletionTokens = draftTokens;
    basis.finalizePromptTokens = draftTokens + 600;
    std::vector<double> prompt;
    std::vector<double> completion;
    std::vector<double> latency;
    std::vector<double> throughput;
    if (endpoints) {
        for (const openrouter::EndpointInfo &e : endpoints->endpoints) {
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
            for (const openrouter::EndpointInfo &e : endpoints->endpoints) {
                prompt.push_back(e.pricing.prompt);
                completion.push_back(e.pricing.completion);
            }
    }
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
    auto stats = m_db.with([&](store::Database &d) { return store::queryProviderStats(d, query); });
    if (stats && stats->total.requests > 0) {
        if (stats->total.ttftP50Ms)
            basis.ttftSeconds = *stats->total.ttftP50Ms / 1000.0;
        if (stats->total.decodeTpsP50)
            basis.tokensPerSecond = *stats->total.decodeTpsP50;
        else if (stats->total.e2eTpsP50)
            basis.tokensPerSecond = *stats->total.e2eTpsP50;
    }
    return basis;
}

ForecastProfile PipelineRuntime::forecastProfile(std::int64_t bookId, int firstPosition)
{
    return forecastProfileFor(m_endpoints, m_config, m_model, bookId, firstPosition);
}

ForecastProfile
PipelineRuntime::forecastProfileFor(const std::optional<openrouter::ModelEndpoints> &endpoints,
                                    const routing::RoutingConfig &config, const std::string &model,
                                    std::int64_t bookId, int firstPosition)
{
    ForecastProfile profile;
    if (auto history = profileFromHistory(m_db, bookId)) {
        profile = std::move(*history);
    } else {
        auto context = loadChapterContext(m_db, bookId, firstPosition, true, 0);
        const LengthUnit unit = context ? lengthUnitFor(context->language) : LengthUnit::Words;
        const double target
            = static_cast<double>(context ? context->targetLength : defaultChapterTarget(unit));
        profile = profileFromCatalog(catalogBasisFor(endpoints, target * tokensPerUnit(unit)));
    }
    if (endpoints)
        profile.objectives = objectiveOutlooks(profile, config, model, endpoints->endpoints);
    return profile;
}

} // namespace scriptorium::novel
