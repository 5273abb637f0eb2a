#pragma once

// Internal to the Router (router.cpp, router_outcome.cpp): the state of one generation and its
// current attempt, and the shared core the network-thread callbacks hold on to. Everything here
// is touched only on the network thread, except Core::live (under Core::mutex),
// Generation::cancelRequested and Core::stopping (atomic).

#include "net/http_client.h"
#include "net/sse_parser.h"
#include "openrouter/api_error.h"
#include "openrouter/stream_chunk.h"
#include "routing/cost_reconciler.h"
#include "routing/router.h"
#include "routing/routing_config_providers.h"
#include "routing/stream_meter.h"

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <random>

namespace scriptorium::routing {

inline constexpr std::size_t kMaxErrorBody = 64u << 10;
inline constexpr std::size_t kMaxJsonBody = 8u << 20;
inline constexpr int kDefaultMaxTokens = 1024;

/// The error with its message and detail passed through log::redact().
Error redacted(Error error);

/// The message for an attempt stopped by a watchdog or a cancel.
std::string describeAbort(ErrorCode reason);

struct Attempt {
    AttemptRecord record;
    std::vector<std::string> quantizations; // the step's constraint
    net::HttpClient::TransferId transfer = 0;
    bool running = false;
    StreamMeter meter;
    net::SseParser parser;
    bool eventStream = true;
    std::string body; // error body or a non-stream JSON body
    std::optional<openrouter::ApiError> streamError;
    std::optional<Error> parseError;
    bool sawDone = false;
    std::optional<openrouter::Usage> usage;
    std::optional<ErrorCode> abortReason;
    std::string text;
    net::HttpClient::TimerId watchdog = 0;
    double reservedUsd = 0;
    std::optional<std::int64_t> reservationId; // the ledger's row, while it may be unsettled
    bool identified = false; // the ledger knows OpenRouter's id of the request
    bool reasoningSeen = false; // reasoning tokens arrived: paid for, so the attempt started
    std::size_t reasoningBytes = 0;
    std::string strategy; // the strategy's name and reason, for the record
    std::string reason;
};

struct Generation {
    Router::GenerationId id = 0;
    GenerationRequest request;
    GenerationCallbacks callbacks;
    /// The config (the request's own, else the Router's) with the request's stage policy
    /// applied (provider, precisions, objective, retries, watchdogs).
    RoutingConfig config;
    /// The stage's routing settings for the strategy, when the stage has a policy.
    std::optional<StrategySettings> stageSettings;
    std::vector<std::vector<std::string>> steps;
    std::size_t step = 0;
    std::vector<std::string> excluded; // slugs
    std::vector<std::string> fallbacks;
    int attempts = 0;
    int retries = 0;
    std::unique_ptr<Attempt> current;
    GenerationResult result;
    Clock::TimePoint deadline{};
    bool hasDeadline = false;
    std::atomic<bool> cancelRequested{false};
    bool finished = false;
    net::HttpClient::TimerId retryTimer = 0;
    std::string prefill; // text to continue, grows with continuations
    int pendingReconciles = 0;
    /// Attempts (by index into result.attempts) whose observation waits for /generation's
    /// provider_responses: OpenRouter fell back inside them.
    std::vector<std::size_t> pendingObservations;
    /// What each finished attempt reserved from the budget (aligned with result.attempts):
    /// released in deliver(), once the attempt's real cost is known.
    std::vector<double> reservations;
    net::HttpClient::TimerId reconcileTimer = 0;
};

struct Router::Core : std::enable_shared_from_this<Router::Core> {
    net::HttpClient &client;
    Options options;
    std::mt19937_64 rng; // network thread only
    ProviderNames names;
    CostReconciler reconciler;
    mutable std::mutex mutex;
    std::map<GenerationId, std::shared_ptr<Generation>> live;
    GenerationId nextId = 1;
    /// Router::shutdown(): no new generation starts (set under `mutex`), and none waits for
    /// /generation any more.
    std::atomic<bool> stopping{false};
    /// Per model: no attempt starts before this (network thread only). A 429 sets it for every
    /// generation of this Router, so a batch's workers back off together instead of each
    /// burning its attempts on the same rate limit.
    std::map<std::string, Clock::TimePoint> rateLimitedUntil;
    /// Per model: billed ÷ listed cost of its last attempts with a known bill (guarded by
    /// `mutex`); the budget's worst case is scaled by the largest.
    std::map<std::string, std::deque<double>> billedRatios;

    Core(net::HttpClient &c, Options o)
        : client(c)
        , options(std::move(o))
        , rng(options.jitterSeed ? options.jitterSeed : std::random_device{}())
        , reconciler(c, options.baseUrl, options.apiKey,
                     CostReconciler::Options{.firstDelay = std::chrono::milliseconds(0),
                                             .backoff = options.reconcileBackoff,
                                             .maxBackoff = std::chrono::milliseconds(2000),
                                             .maxTries = 8})
    {
    }

    /// The Budget a generation is held to: its request's own, else the Router's (may be null).
    Budget *budgetOf(const Generation &g) const
    {
        return g.request.budget ? g.request.budget.get() : options.budget.get();
    }

    const std::vector<openrouter::EndpointInfo> &endpointsOf(const Generation &g) const
    {
        static const std::vector<openrouter::EndpointInfo> kNone;
        return g.request.endpoints ? g.request.endpoints->endpoints : kNone;
    }

    void beginAttempt(const std::shared_ptr<Generation> &g);
    void onData(const std::shared_ptr<Generation> &g, std::string_view bytes, Clock::TimePoint at);
    void onEvent(const std::shared_ptr<Generation> &g, std::string_view data, Clock::TimePoint at);
    void onComplete(const std::shared_ptr<Generation> &g, const net::TransferResult &result);
    void armWatchdog(const std::shared_ptr<Generation> &g);
    void abortAttempt(Generation &g, ErrorCode reason);
    void decideNext(const std::shared_ptr<Generation> &g, Attempt &attempt);
    void finish(const std::shared_ptr<Generation> &g, std::optional<Error> error);
    void deliver(const std::shared_ptr<Generation> &g);
    /// Asks the strategy for this attempt's order; may move the generation to a degrade step.
    void applyStrategy(Generation &g, Attempt &attempt, openrouter::ProviderPreferences &prefs);
    /// Reserves the attempt's worst case, shrinking max_tokens to what the budget can pay for
    /// (down to Options::minAffordableTokens). Errors: Budget (no bound under a cap, or too
    /// little left).
    Status reserveBudget(Generation &g, Attempt &attempt, openrouter::ChatRequest &chat);
    /// Writes the attempt's reservation to Options::ledger (when the request has a recordId).
    /// Errors: the ledger's; the reservation is released and nothing is sent.
    Status writeReservation(Generation &g, Attempt &attempt);
    /// Tells the ledger OpenRouter's id of the attempt's request, once.
    void identifyReservation(Attempt &attempt);
    /// The highest ratio of billed to listed cost this Router has seen for `model` (0: none).
    double billedRatio(const std::string &model) const;
    /// Learns from a finished attempt with a known cost how its bill compares with the list.
    void noteBilledRatio(const Generation &g, const AttemptRecord &attempt);
};

} // namespace scriptorium::routing
