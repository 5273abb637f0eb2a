#pragma once

#include "net/http_client.h"
#include "openrouter/catalog_json.h"
#include "openrouter/chat_request.h"
#include "routing/api_key.h"
#include "routing/attempt_record.h"
#include "routing/budget.h"
#include "routing/provider_health.h"
#include "routing/reservation_ledger.h"
#include "routing/routing_config.h"
#include "routing/routing_strategy.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::routing {

/// One generation intent: what to ask, and what the caller already knows.
struct GenerationRequest {
    std::string model; ///< empty → the config's default model
    std::string stage; ///< pipeline stage ("draft", "summary", …): selects the stage policy
    std::vector<openrouter::ChatMessage> messages;
    std::optional<int> maxTokens; ///< always send a cap: unset → 1024
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<std::int64_t> seed;
    std::vector<std::string> stop;
    /// The `models` fallback list; nullopt → the config's (truncated to 3, model removed).
    std::optional<std::vector<std::string>> fallbackModels;
    /// The model's endpoints from the catalog, when known: used to degrade before asking
    /// (no fp8 endpoint), to infer the served quantization, for the budget and estimates.
    std::optional<openrouter::ModelEndpoints> endpoints;
    /// The fallback models' endpoints, when known: the budget's worst case covers every model
    /// the request may be served by. Under a spending cap, a fallback model whose prices are
    /// unknown is left out of the request rather than risk the cap.
    std::vector<openrouter::ModelEndpoints> fallbackEndpoints;
    /// Partial text to continue: sent as an assistant prefill; the new text is appended to it.
    std::string prefill;
    /// Provider slugs to leave out (e.g. the one that stalled last time).
    std::vector<std::string> ignoreProviders;
    /// Opt-in: after a stall or mid-stream failure *after* the first token, continue
    /// automatically (prefill + without that provider) within the attempt limit. Off by
    /// default: the Router never retries after the first token on its own.
    bool continueAfterFailure = false;
    /// Overrides the config's user deadline for this generation.
    std::optional<std::chrono::milliseconds> deadline;
    /// Under a spending cap, max_tokens may be shrunk to what is left, down to this many
    /// (prose can be continued later); unset → Options::minAffordableTokens. A reply that is
    /// useless cut short (a JSON document) sets what it needs; = maxTokens never shrinks.
    std::optional<int> minTokens;
    /// The library row this generation is recorded under and the batch it belongs to: each
    /// attempt's reservation is written to Options::ledger under them before it is sent.
    std::optional<std::int64_t> recordId;
    std::optional<std::int64_t> batchId;
    /// This generation's spending cap instead of Options::budget (a batch's own cap on a Router
    /// shared with single generations): its reservations, price ceilings and shrunk max_tokens
    /// are all held against this Budget. Null → Options::budget.
    std::shared_ptr<Budget> budget;
    /// The routing config (a preset) this generation routes by instead of Options::config: its
    /// fallback models, stage policies, retries, watchdogs and deadline. The Router's strategy
    /// still orders the providers. Null → Options::config.
    std::shared_ptr<const RoutingConfig> config;
};

/// Progress callbacks. All run on the network thread and must be cheap; a GUI bridge re-posts
/// them to its own thread as queued signals. onDone runs exactly once per started generation.
struct GenerationCallbacks {
    std::function<void(const AttemptRecord &attempt)> onAttemptStarted;
    std::function<void(const AttemptRecord &attempt)> onFirstToken;
    /// A non-empty content (`reasoning` false) or reasoning (`reasoning` true) delta.
    std::function<void(std::string_view delta, bool reasoning)> onDelta;
    std::function<void(const AttemptRecord &attempt)> onAttemptFinished;
    std::function<void(const GenerationResult &result)> onDone;
};

/// Turns one generation into attempts (DESIGN "Routing rules"): fp8 first, degrade to the
/// configured precisions on a quantization 404 or when the catalog shows no fp8 endpoint
/// (marking the result degraded), at most `retry.maxAttempts` attempts with Retry-After and
/// full-jitter backoff, no retry of deterministic 4xx, none after the first token; watchdogs
/// for connect, first token, idle stall on data events (keep-alives counted apart) and the user
/// deadline; a stalled provider is ignored on the next attempt; cancel from any thread.
///
/// Threading: start(), cancel() and shutdown() are thread-safe; all attempt work and every
/// callback run on the HttpClient's network thread. The HttpClient must outlive the Router;
/// destroying the Router shuts it down (generations in flight are cancelled, their onDone still
/// runs, without waiting for /generation).
class Router {
public:
    using GenerationId = std::uint64_t;

    struct Options {
        std::string baseUrl = "https://openrouter.ai/api/v1";
        RoutingConfig config = RoutingConfig::defaults();
        ApiKey apiKey;
        std::shared_ptr<ProviderHealth> health; ///< created when null
        /// Unlimited when null; a request's own GenerationRequest::budget replaces it.
        std::shared_ptr<Budget> budget;
        /// Where reservations are written before a request is sent (requests that carry a
        /// recordId); none → reservations live only in memory.
        std::shared_ptr<ReservationLedger> ledger;
        /// Under a cap, when the remaining budget cannot pay a request's max_tokens, the
        /// request is sent with the max_tokens it can pay for, down to this floor (a useful
        /// paragraph; the pipeline continues the chapter later); below it the Budget error
        /// stops the generation.
        int minAffordableTokens = 128;
        /// Chooses each attempt's provider order and learns from the outcomes; null sends the
        /// config's own `provider` object unchanged (the static strategy, byte-for-byte).
        std::shared_ptr<RoutingStrategy> strategy;
        /// How long onDone may wait for /generation to fill in costs that usage did not carry
        /// (cancelled or failed attempts); zero skips reconciliation.
        std::chrono::milliseconds reconcileTimeout{5000};
        std::chrono::milliseconds reconcileBackoff{250};
        std::uint64_t jitterSeed = 0; ///< 0 → random
        std::string appTitle = "Scriptorium";
        std::string appUrl = "https://github.com/scriptorium-app/scriptorium";
    };

    Router(net::HttpClient &client, Options options);
    ~Router();
    Router(const Router &) = delete;
    Router &operator=(const Router &) = delete;

    /// Starts a generation. Errors (nothing is sent): InvalidArgument for no messages, an
    /// invalid base URL, Auth for a missing API key, Config for more than 3 fallback models,
    /// Cancelled after shutdown().
    Result<GenerationId> start(GenerationRequest request, GenerationCallbacks callbacks);

    /// Cancels a generation from any thread: the current transfer is removed and its socket
    /// closed within 50 ms; onDone follows with ErrorCode::Cancelled and the partial text.
    void cancel(GenerationId id);

    /// For quit, from any thread: cancels every generation, and no onDone waits for /generation
    /// any more (a cost check can take reconcileTimeout). Each onDone runs promptly with the
    /// best-known costs: usage, /generation where it has already answered, else the estimate
    /// from the tokens seen at the listed price (CostSource::Estimate), so a paid attempt is
    /// not recorded as free. Later start() calls fail with ErrorCode::Cancelled.
    void shutdown();

    /// Rolling per-provider health fed by every attempt.
    std::shared_ptr<ProviderHealth> health() const;
    /// The strategy ordering providers (Options::strategy); null for the static one.
    std::shared_ptr<RoutingStrategy> strategy() const;

    struct Core;

private:
    std::shared_ptr<Core> m_core;
};

/// Builds the follow-up of a generation that ended after its first token: the partial text as
/// prefill and the providers that stalled ignored.
GenerationRequest continuationOf(GenerationRequest original, const GenerationResult &result);

} // namespace scriptorium::routing
