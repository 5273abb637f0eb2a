#pragma once

// Pure decisions of the Router, kept apart so tests can table-drive them.

#include "openrouter/catalog_json.h"
#include "openrouter/chat_request.h"
#include "routing/attempt_record.h"
#include "util/error.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::routing {

/// True for error classes worth another attempt before the first token: rate limits, provider
/// failures, transport failures and watchdogs. Deterministic 4xx (auth, credits, moderation, no
/// endpoint, invalid model or request) and budget/config errors are never retried.
bool isRetryable(ErrorCode code);

/// Full-jitter exponential backoff: uniform in [0, min(cap, base × 2^retry)].
std::chrono::milliseconds backoffDelay(int retry, std::chrono::milliseconds base,
                                       std::chrono::milliseconds cap, std::mt19937_64 &rng);

/// The longest wait a server may ask for: a larger Retry-After is clamped to this, so a bogus
/// or hostile value cannot park a batch for days.
inline constexpr double kMaxRetryAfterSeconds = 300.0;

/// Parses a Retry-After header value in seconds (delta-seconds form; HTTP dates are ignored).
/// Non-finite, negative and absurd values (inf, nan, 1e300) are rejected; the rest is clamped
/// to kMaxRetryAfterSeconds.
std::optional<double> parseRetryAfter(std::string_view value);

/// The same rule for a number that arrived in JSON (`availability.retry_after`).
std::optional<double> sanitizeRetryAfter(std::optional<double> seconds);

/// True when some endpoint satisfies one of `quantizations` (empty list: any endpoint).
bool anyEndpointServes(const std::vector<openrouter::EndpointInfo> &endpoints,
                       const std::vector<std::string> &quantizations);

/// Which quantization served an attempt answered by `providerName` (display name) when the
/// request sent `constrained` (the step's quantizations list) and the provider order `order`:
/// Exact for a single constrained value, or when the catalog leaves one candidate; Inferred
/// otherwise — the first endpoint tag of this provider in `order` that the constraint allows
/// (what OpenRouter was asked to try), else the least precise candidate (the pessimistic
/// guess); Unknown when nothing is known.
std::pair<std::string, QuantizationSource>
servedQuantization(const std::vector<std::string> &constrained, std::string_view providerName,
                   const std::vector<openrouter::EndpointInfo> &endpoints,
                   const std::vector<std::string> &order = {});

/// A conservative prompt token count from the message text (bytes / 3 + overhead); used for
/// the budget check before usage is known.
std::int64_t estimatePromptTokens(const std::vector<openrouter::ChatMessage> &messages);

/// The dearest prices an attempt may be billed at: the highest prompt, completion and request
/// price over the endpoints the step allows, else `max_price` (per million → per token);
/// nullopt when nothing bounds them (no catalog and no complete max_price, or a price that is
/// not a finite number ≥ 0).
struct PriceBound {
    double prompt = 0; ///< USD per token
    double completion = 0;
    double request = 0; ///< USD per request
};
std::optional<PriceBound> priceBound(const std::vector<std::string> &quantizations,
                                     const std::vector<openrouter::EndpointInfo> &endpoints,
                                     const std::optional<openrouter::MaxPrice> &maxPrice);

/// Whether OpenRouter may route to an endpoint at `pricing` under `maxPrice` (USD/M).
bool withinMaxPrice(const openrouter::Pricing &pricing, const openrouter::MaxPrice &maxPrice);

/// The price ceilings a request could set as provider.max_price, cheapest first: each admits
/// the allowed endpoints up to the next one by completion price (and every endpoint cheaper in
/// both prices). Empty when a price is unknown or per-request prices are involved.
std::vector<PriceBound> priceCeilings(const std::vector<std::string> &quantizations,
                                      const std::vector<openrouter::EndpointInfo> &endpoints,
                                      const std::optional<openrouter::MaxPrice> &maxPrice);

/// The worst-case cost of an attempt: prompt tokens × highest prompt price + max tokens ×
/// highest completion price over endpoints the step allows (see priceBound()); nullopt when
/// nothing bounds it.
std::optional<double> worstCaseCostUsd(std::int64_t promptTokens, std::int64_t maxTokens,
                                       const std::vector<std::string> &quantizations,
                                       const std::vector<openrouter::EndpointInfo> &endpoints,
                                       const std::optional<openrouter::MaxPrice> &maxPrice);

/// The largest max_tokens whose worst case fits in `availableUsd` at `bound`; 0 when not even
/// the prompt fits.
std::int64_t affordableMaxTokens(double availableUsd, std::int64_t promptTokens,
                                 const PriceBound &bound);

/// An estimate from catalog prices of the serving provider's endpoint(s) (highest price when
/// ambiguous; the dearest endpoint when the provider is unknown). nullopt without prices.
std::optional<double> estimateCostUsd(std::int64_t promptTokens, std::int64_t completionTokens,
                                      std::string_view providerName,
                                      const std::vector<openrouter::EndpointInfo> &endpoints);

} // namespace scriptorium::routing
