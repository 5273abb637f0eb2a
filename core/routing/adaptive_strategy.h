#pragma once

#include "routing/endpoint_estimates.h"
#include "routing/routing_config.h"
#include "routing/routing_strategy.h"
#include "routing/strategy_settings.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace scriptorium::routing {

/// What ranking compares for one endpoint (from the estimates, or from a forecast).
struct EndpointOutlook {
    std::string tag;
    std::string quantization;
    double ttftMs = 0;
    double decodeTokensPerSecond = 1;
    double failureProbability = 0; ///< before the first token
    double midStreamFailureProbability = 0;
    double failureLatencyMs = 0; ///< what a failure before the first token costs in time
    double promptPricePerToken = 0; ///< as billed (catalog price × learned ratio)
    double completionPricePerToken = 0;
    /// Its texts have clearly more quality findings than its peers' (judgeQuality()).
    bool writesWorse = false;
    double findingsPer10k = 0; ///< for the reason line, when writesWorse
    double peerFindingsPer10k = 0;
};

/// One ranked endpoint and the figures behind its place.
struct RankedEndpoint {
    EndpointOutlook outlook;
    double expectedMs = 0; ///< time to finish the request, failure risk included
    double expectedUsd = 0;
    bool meetsFloor = true; ///< decode speed at least the writer's floor (objective cost)
};

/// Ranks endpoints for an objective, best first. Expected time = (1 − p)·(TTFT + n/speed +
/// q·(n/speed)) + p·(failure latency + the best other endpoint's time), where p and q are the
/// failure probabilities before and after the first token: a failure before the first token
/// costs the time OpenRouter spends before falling back. Expected cost = prompt × price + n ×
/// price, over (1 − p) (a failed attempt is retried at a price). `cost` ranks endpoints that
/// meet `minThroughput` first, cheapest first; `balanced` adds time and cost, each relative
/// to its best. Whatever the objective, endpoints that write worse (EndpointOutlook::
/// writesWorse) come after every other one: their text would be regenerated or mended, which
/// costs the writer more than the time or money the ranking weighs, and they stay in the order
/// as fallbacks. Pure; deterministic for equal inputs (ties keep the input order).
std::vector<RankedEndpoint> rankEndpoints(const std::vector<EndpointOutlook> &endpoints,
                                          RoutingObjective objective, std::int64_t promptTokens,
                                          std::int64_t completionTokens,
                                          std::optional<double> minThroughput);

/// One decision, kept for "why did chapter 12 go there?" and the dashboard.
struct DecisionLogEntry {
    Clock::TimePoint at{};
    std::string model;
    RoutingDecision decision;
};

/// One of OpenRouter's failed tries inside a request, as /generation reported it.
struct FallbackLogEntry {
    Clock::TimePoint at{};
    std::string model;
    InternalAttempt attempt;
    std::string servedBy; ///< the provider slug that finally served the request
};

/// The adaptive strategy (issue 12): per request it ranks the catalog's endpoints of the
/// step's precision by the objective from EndpointEstimates, sends the ranking as pinned
/// endpoint tags with fallbacks allowed, ignores endpoints cooling down (one half-open probe
/// lets each back), and lets a bounded share of requests put an under-sampled endpoint first.
/// fp8 stays first: with PrecisionPolicy::Fp8First only the step's precision is ranked, and
/// the next step is asked for only when no endpoint of this one is usable. An endpoint is
/// explored only while it has fewer than kUnderSampled recent observations and, at the
/// optimistic end of its estimate (one-sided 95 %, the uncertainty narrowing with each
/// observation), it could beat the current best: exploring an endpoint known to be slow
/// would only add slow requests to the tail.
///
/// Quality (issue 15): observeQuality() feeds the local checks' findings per endpoint into the
/// estimates; an endpoint whose finding rate is clearly above its peers' for the same model
/// (judgeQuality()) is ranked after the others, never explored, and named in the reason. The
/// writer's `forbiddenPrecisions` are never ordered and are removed from `quantizations`.
///
/// Thread-safe. The estimates are shared with whoever shows them (the dashboard).
class AdaptiveStrategy final : public RoutingStrategy {
public:
    AdaptiveStrategy(std::shared_ptr<EndpointEstimates> estimates,
                     std::uint64_t seed = std::random_device{}());

    std::string_view name() const override { return "adaptive"; }
    RoutingDecision decide(const DecisionInput &input) override;
    void observe(const AttemptRecord &attempt,
                 const std::vector<openrouter::EndpointInfo> &endpoints) override;
    void observeQuality(const QualityObservation &observation) override;

    const std::shared_ptr<EndpointEstimates> &estimates() const { return m_estimates; }
    /// The last decisions, newest last (at most kDecisionLogSize).
    std::vector<DecisionLogEntry> recentDecisions() const;
    /// OpenRouter's internal fallbacks seen lately, newest last (at most kDecisionLogSize).
    std::vector<FallbackLogEntry> recentFallbacks() const;
    static constexpr std::size_t kDecisionLogSize = 64;
    /// Endpoints with fewer decayed observations than this may be explored.
    static constexpr double kUnderSampled = 3.0;

private:
    std::shared_ptr<EndpointEstimates> m_estimates;
    mutable std::mutex m_mutex; // guards m_rng and m_log
    std::mt19937_64 m_rng;
    std::deque<DecisionLogEntry> m_log;
    std::deque<FallbackLogEntry> m_fallbacks;
};

/// The config's `routing` settings, with the cost objective's speed floor defaulting to the
/// config's `provider.preferred_min_throughput` (its p50) when `routing.min_throughput` is
/// not set.
StrategySettings strategySettingsFor(const RoutingConfig &config);

/// The strategy the config asks for: null for `static` (the Router then sends the config's
/// own `provider` object, byte-for-byte), else an AdaptiveStrategy over `estimates` (created
/// from the config with the real clock when null).
std::shared_ptr<RoutingStrategy> makeRoutingStrategy(const RoutingConfig &config,
                                                     std::shared_ptr<EndpointEstimates> estimates
                                                     = nullptr);

/// The precision an endpoint tag pins: the catalog's for that tag ("together/turbo" serves
/// fp8), else a precision suffix ("deepinfra/fp8"), else "" (a bare provider slug).
std::string tagPrecision(std::string_view tag, const std::vector<openrouter::EndpointInfo> &all);

/// The observations one finished attempt gives about its endpoints: the serving endpoint's
/// outcome, timings and price ratio, and a failure for each endpoint OpenRouter tried before
/// it inside the request (from /generation's provider_responses when the Router fetched them,
/// else inferred from the order: endpoints ranked before the one that served were skipped).
std::vector<EndpointObservation>
observationsFrom(const AttemptRecord &attempt,
                 const std::vector<openrouter::EndpointInfo> &endpoints, Clock::TimePoint at);

} // namespace scriptorium::routing
