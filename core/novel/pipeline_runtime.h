#pragma once

#include "novel/batch_forecast.h"
#include "novel/pipeline_context.h"
#include "novel/prompt_template.h"
#include "novel/text_generator.h"
#include "openrouter/catalog_json.h"
#include "routing/adaptive_strategy.h"
#include "routing/api_key.h"
#include "routing/budget.h"
#include "routing/router.h"
#include "routing/routing_config.h"
#include "util/result.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::net {
class HttpClient;
}

namespace scriptorium::routing {
class ModelCatalog;
}

namespace scriptorium::novel {

class SharedDatabase;

/// Stops a PipelineRuntime's network from another thread, also while start() is still
/// fetching the catalog: the owner of a closing window must not wait for a server that never
/// answers. stop() shuts the runtime's HTTP client down (see net::HttpClient::shutdown()), so
/// start() returns at once (without the catalog) and every request after it fails as
/// Cancelled. Shared between the thread that starts the runtime and the one that stops it.
class RuntimeStopper {
public:
    void stop();
    bool stopped() const;

private:
    friend class PipelineRuntime;
    void attach(net::HttpClient *client); ///< shuts it down at once when already stopped
    void detach();

    mutable std::mutex m_mutex;
    net::HttpClient *m_client = nullptr;
    bool m_stopped = false;
};

/// What the routing core of a pipeline run is built from.
struct RoutingSetup {
    std::string baseUrl; ///< OpenRouter's or the simulator's `/api/v1` URL
    routing::ApiKey apiKey;
    routing::RoutingConfig config = routing::RoutingConfig::defaults();
    std::string model; ///< empty → config.defaultModel
    /// The spending cap (what is left of a batch's budget); empty → unlimited.
    std::optional<double> budgetUsd;
    /// Lets another thread stop the runtime's network; none → only destruction stops it.
    std::shared_ptr<RuntimeStopper> stopper;
    /// The strategy that orders each request's providers, when the caller keeps one across
    /// runs (the window does, so its dashboard shows what it learns); none → built from
    /// `config` (adaptive: new estimates primed from the library's recent attempts).
    std::shared_ptr<routing::RoutingStrategy> strategy;
};

class PipelineRuntime;

/// What one run of pipeline steps on a shared runtime routes by (a batch: its preset, its
/// model and its spending cap).
struct RunRouting {
    routing::RoutingConfig config = routing::RoutingConfig::defaults();
    std::string model; ///< empty → config.defaultModel
    /// The run's cap, held on every step's request; null → an unlimited Budget of its own
    /// (BatchScheduler restarts it with the batch's cap).
    std::shared_ptr<routing::Budget> budget;
};

/// One run of pipeline steps (a batch) on a PipelineRuntime shared with other callers (the
/// window's single generations, other runs): its own routing config and model, its own Budget
/// and its own generator over the runtime's Router, so cancelling it (generator().cancelAll())
/// cancels only its steps and its cap counts only its spending. Borrows the runtime, which
/// must outlive it. context() and generator() are thread-safe; forecastProfile() blocks on
/// the library.
class PipelineRun {
public:
    PipelineContext context(PipelineOptions options);
    TextGenerator &generator() { return *m_generator; }
    const std::shared_ptr<routing::Budget> &budget() const { return m_budget; }
    const std::string &model() const { return m_model; }
    /// PipelineRuntime::forecastProfile() for this run's model and config.
    ForecastProfile forecastProfile(std::int64_t bookId, int firstPosition);

private:
    friend class PipelineRuntime;
    explicit PipelineRun(PipelineRuntime &runtime)
        : m_runtime(runtime)
    {
    }

    PipelineRuntime &m_runtime;
    std::unique_ptr<RouterTextGenerator> m_generator;
    std::shared_ptr<const routing::RoutingConfig> m_config;
    std::shared_ptr<routing::Budget> m_budget;
    std::string m_model;
    std::optional<openrouter::ModelEndpoints> m_endpoints;
};

/// The routing core wired for the novel pipeline, shared by the CLI's novel commands and the
/// GUI (one per connection and library: single generations, batches, the dashboard's balance
/// and the routing editor's catalog): an HTTP client (its network thread), the model catalog,
/// the Router with a Budget, the model's catalog endpoints and a RouterTextGenerator recording
/// into the library. Borrows the SharedDatabase, which must outlive it. Members are destroyed
/// in order: the generator and the Router before the catalog and the client.
///
/// Threading: start(), openRun(), models(), keyInfo() and catalogBasis() block on the network
/// (the catalog) and on the library; call them off any GUI thread. context(), generator() and
/// catalog() are thread-safe once started.
class PipelineRuntime {
public:
    ~PipelineRuntime();
    PipelineRuntime(const PipelineRuntime &) = delete;
    PipelineRuntime &operator=(const PipelineRuntime &) = delete;

    /// Starts the client and the Router and fetches the model's and its fallbacks' endpoints
    /// (a failure to fetch them is not an error: requests then go out without them, as
    /// OpenRouter allows). Before the Router exists it settles what a crashed run left in the
    /// library (recoverInterrupted(): orphaned reservations, generations left running).
    /// Errors: InvalidArgument for a bad base URL.
    static Result<std::unique_ptr<PipelineRuntime>> start(SharedDatabase &db, RoutingSetup setup);

    PipelineContext context(PipelineOptions options);
    TextGenerator &generator() { return *m_generator; }
    const std::shared_ptr<routing::Budget> &budget() const { return m_budget; }
    const std::string &model() const { return m_model; }
    /// The strategy ordering each request's providers; null for the static strategy.
    const std::shared_ptr<routing::RoutingStrategy> &strategy() const { return m_strategy; }

    /// A single generation's progress (the window's Generate): the Router's callbacks, on the
    /// network thread (keep them cheap; a GUI re-posts them), and `onDone` once the generation
    /// is recorded in the library.
    struct SingleCallbacks {
        routing::GenerationCallbacks progress; ///< its onDone is not called: see `onDone`
        std::function<void(const GenerationOutcome &outcome)> onDone;
    };
    using Ticket = std::uint64_t;
    struct SingleStarted {
        Ticket ticket = 0;
        std::int64_t recordId = 0; ///< the library row, written before anything was sent
    };

    /// Starts one generation without blocking: records its row (Running) before anything is
    /// sent, streams the text into that row as it arrives (store::StreamingTextWriter, at most
    /// a quarter second behind, so a killed process keeps it), attaches the model's endpoints
    /// from this runtime's catalog (fetched on the network thread the first time a model is
    /// asked for), and records the attempts, costs and StreamMeter figures when it ends —
    /// the same rows the CLI and the batch write. Thread-safe. Errors: the library's when the
    /// row cannot be written; later failures arrive in `onDone`'s result.
    Result<SingleStarted> startSingle(GenerationTask task, SingleCallbacks callbacks);
    /// Cancels a single generation from any thread; `onDone` follows with Cancelled.
    void cancelSingle(Ticket ticket);

    /// For quit: cancels every generation (steps and single ones) without waiting for cost
    /// checks (Router::shutdown(): a cut attempt keeps its best-known cost), and waits up to
    /// two seconds for the single generations to be recorded. Idempotent; the destructor
    /// calls it.
    void shutdown();

    /// A run of pipeline steps with its own routing config, model and Budget on this runtime's
    /// client, Router and strategy (see PipelineRun). Fetches the model's and its fallbacks'
    /// endpoints through this runtime's catalog (blocking; a failed fetch is not an error).
    std::unique_ptr<PipelineRun> openRun(RunRouting choice);

    /// The server's model list with prices (the catalog cache when fresh). Blocks on the
    /// network: call it off any GUI thread. Errors: the catalog's.
    Result<std::vector<openrouter::ModelInfo>> models();
    /// The API key's limits and usage (/key, never cached): the balance the dashboard shows.
    /// Blocks on the network: call it off any GUI thread. Errors: the catalog's (Auth for a
    /// rejected key).
    Result<openrouter::KeyInfo> keyInfo();
    /// This runtime's catalog over its client (thread-safe; its queries block on the network).
    routing::ModelCatalog &catalog() { return *m_catalog; }

    /// Catalog prices for the model (over its fp8 endpoints when it has any) and the
    /// providers' measured speed from the library's stats (else the catalog's figures).
    CatalogBasis catalogBasis(double draftTokens);
    /// What a batch of `bookId` starting at chapter `firstPosition` is forecast from: the
    /// book's history when it has drafted chapters, else the catalog basis for the first
    /// chapter's target length; with each stage's objective outlook (objectiveOutlooks():
    /// the routing config's stage policies over the model's catalog endpoints), so the
    /// forecast shows what a cost or balanced objective saves against speed.
    ForecastProfile forecastProfile(std::int64_t bookId, int firstPosition);

private:
    friend class PipelineRun;
    CatalogBasis catalogBasisFor(const std::optional<openrouter::ModelEndpoints> &endpoints,
                                 double draftTokens);
    ForecastProfile forecastProfileFor(const std::optional<openrouter::ModelEndpoints> &endpoints,
                                       const routing::RoutingConfig &config,
                                       const std::string &model, std::int64_t bookId,
                                       int firstPosition);
    /// A model's endpoints, remembered per model (blocking fetch through the catalog the first
    /// time); none when the catalog cannot say.
    std::optional<openrouter::ModelEndpoints> endpointsFor(const std::string &model);

    /// What /generation says each request was billed (blocking; unknown ids are missing).
    std::map<std::string, openrouter::GenerationInfo>
    billedGenerations(const std::string &baseUrl, const routing::ApiKey &apiKey,
                      const std::vector<std::string> &ids);

    explicit PipelineRuntime(SharedDatabase &db)
        : m_db(db)
    {
    }

    SharedDatabase &m_db;
    PromptLibrary m_prompts{PromptLibrary::defaultOverrideDir()};
    std::shared_ptr<RuntimeStopper> m_stopper;
    std::unique_ptr<net::HttpClient> m_client;
    std::shared_ptr<routing::ModelCatalog> m_catalog;
    std::shared_ptr<routing::Budget> m_budget;
    std::shared_ptr<routing::RoutingStrategy> m_strategy;
    std::unique_ptr<routing::Router> m_router;
    std::unique_ptr<RouterTextGenerator> m_generator;
    std::optional<openrouter::ModelEndpoints> m_endpoints;
    std::vector<openrouter::ModelEndpoints> m_fallbackEndpoints;
    std::string m_baseUrl;
    routing::ApiKey m_apiKey;
    struct Single;
    void launchSingle(const std::shared_ptr<Single> &single);
    void finishSingle(const std::shared_ptr<Single> &single,
                      const routing::GenerationResult &result);
    /// Single generations in flight and the endpoints known per model (guarded by m_mutex).
    std::mutex m_mutex;
    std::map<Ticket, std::shared_ptr<Single>> m_singles;
    std::condition_variable m_singlesDone;
    std::map<std::string, std::optional<openrouter::ModelEndpoints>> m_modelEndpoints;
    Ticket m_lastTicket = 0;
    std::string m_model;
    routing::RoutingConfig m_config; ///< the Router's, for the forecast's stage policies
};

} // namespace scriptorium::novel
