#pragma once

#include "sim/chat_request.h"
#include "sim/market.h"
#include "sim/text_bank.h"
#include "sim/wire.h"

#include <expected>
#include <string>
#include <vector>

namespace scriptorium::sim {

/// One endpoint the router may try, in the order it will try them.
struct Candidate {
    const Model *model = nullptr;
    const Endpoint *endpoint = nullptr;
    std::size_t modelIndex = 0; ///< 0 = the primary model, 1… = `models` fallbacks
    EventEffects effects; ///< the market events in force when the request was routed
};

/// The routing decision for one request: candidates in try order. When `allow_fallbacks` is
/// false only the first candidate of each model is tried (see ChatSession).
struct RoutePlan {
    std::vector<Candidate> candidates;
};

/// OpenRouter's routing semantics over a market (docs/simulator.md "Routing"): validates the
/// model ids, applies the hard filters, then `order`, else `sort`, else inverse-square-price
/// weighted choice among endpoints without an outage in the last 30 simulated seconds; then
/// moves endpoints that miss a `preferred_min_throughput` / `preferred_max_latency` cutoff to
/// the end. Prices, speeds and outages are those in force at `simSeconds` (market events).
/// Answers the HttpError OpenRouter gives when nothing is left (400 invalid id, 404
/// model_deprecated, 404 with an `availability` object). Pure: reads the market, draws from
/// `rng`.
std::expected<RoutePlan, HttpError> routeRequest(const Market &market, const ChatRequest &request,
                                                 double simSeconds, Rng &rng);

/// True when `entry` (a slug, an endpoint tag or a display name, any case) names `endpoint`.
bool providerEntryMatches(const std::string &entry, const Endpoint &endpoint);

/// True when the endpoint's quantization satisfies the list (fp8 ⊇ mxfp8, fp4 ⊇ mxfp4/nvfp4).
bool quantizationMatches(const std::vector<std::string> &wanted, const std::string &quantization);

/// True when the endpoint, under `effects`, meets every cutoff the preferences set: throughput
/// percentiles at least `preferred_min_throughput`, TTFT percentiles (in seconds) at most
/// `preferred_max_latency`, judged on the percentiles GET /endpoints reports.
bool meetsPerformancePreferences(const ProviderPreferences &preferences, const Endpoint &endpoint,
                                 const EventEffects &effects);

} // namespace scriptorium::sim
