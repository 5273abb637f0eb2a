#pragma once

#include "openrouter/catalog_json.h"
#include "openrouter/chat_request.h"
#include "util/clock.h"
#include "util/error.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::routing {

/// Where an attempt's cost came from (DESIGN "Measurements"): the final chunk's usage.cost,
/// OpenRouter's /generation record, or our estimate from catalog prices.
enum class CostSource { None, Usage, Generation, Estimate };

/// Whether the served quantization is known (the request constrained it) or inferred from the
/// catalog (OpenRouter never reports it).
enum class QuantizationSource { Unknown, Exact, Inferred };

std::string_view costSourceName(CostSource source);
std::string_view quantizationSourceName(QuantizationSource source);

/// One try OpenRouter made inside a request before the endpoint that served it (or before
/// giving up): an entry of /generation's `provider_responses`. The client sees none of these
/// in the stream; they are evidence for the adaptive router and rows on the dashboard.
struct InternalAttempt {
    std::string providerName; ///< display name
    std::string endpointTag; ///< "deepinfra/fp8" (the entry's endpoint_id), when given
    int status = 0;
    std::optional<double> latencyMs;

    bool operator==(const InternalAttempt &) const = default;
};

/// Everything recorded about one HTTP attempt of a generation, per DESIGN "Measurements". The
/// store persists these; abandoned and failed attempts are kept with their cost.
struct AttemptRecord {
    int index = 0; ///< 1-based within the generation
    std::string model; ///< requested model
    std::vector<std::string> fallbackModels; ///< the `models` list sent
    std::string servedModel; ///< `model` from the chunks (after OpenRouter's fallback)
    openrouter::ProviderPreferences preferences; ///< the `provider` object sent
    std::string provider; ///< display name of the serving provider ("DeepInfra")
    std::string providerSlug; ///< its routing slug ("deepinfra")
    std::string quantization; ///< what served it ("fp8"), or "unknown"
    QuantizationSource quantizationSource = QuantizationSource::Unknown;
    bool degraded = false; ///< served at a degrade-to precision, not the first choice
    long httpStatus = 0;
    std::optional<ErrorCode> errorClass; ///< empty on success
    std::string errorMessage; ///< for people; redacted
    std::string errorDetail; ///< the provider's raw reason; redacted
    Clock::TimePoint t0{}; ///< just before curl got the transfer
    std::int64_t startedAtUnixMs = 0; ///< wall clock of t0, for storage
    std::optional<double> ttfbMs;
    std::optional<double> ttftMs;
    std::optional<double> e2eMs;
    std::optional<double> decodeTokensPerSecond;
    std::optional<double> e2eTokensPerSecond;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    bool tokensEstimated = false; ///< no usage arrived; counts are estimates
    std::optional<double> costUsd;
    CostSource costSource = CostSource::None;
    std::string finishReason;
    std::string generationId; ///< X-Generation-Id / chunk id
    std::int64_t keepAlives = 0;
    std::int64_t textBytes = 0; ///< bytes of text this attempt delivered
    std::optional<double> retryAfterSeconds; ///< what the server asked for, if anything
    bool abandoned = false; ///< cut off by a watchdog or a cancel
    int maxTokens = 0; ///< the max_tokens sent (smaller than asked when the budget shrank it)
    std::string strategy = "static"; ///< the routing strategy that chose the order
    std::string routingReason; ///< why this order, in one line
    /// OpenRouter's failed tries inside this request, from /generation (when fetched).
    std::vector<InternalAttempt> internalAttempts;
    bool internalAttemptsKnown = false;
};

/// The outcome of one generation: its text (partial text is kept on failure) and every attempt.
struct GenerationResult {
    std::uint64_t generationId = 0;
    std::string text; ///< content, including a continued prefill
    std::string reasoning; ///< reasoning deltas, if the model sent any
    std::vector<AttemptRecord> attempts;
    std::optional<Error> error; ///< empty on success; Cancelled for a user cancel
    bool degraded = false;
    std::string model; ///< the model that served the final text
    std::string provider; ///< of the last attempt that delivered text (or the last one)
    std::string providerSlug;
    std::string quantization;
    QuantizationSource quantizationSource = QuantizationSource::Unknown;
    std::string finishReason;
    std::vector<std::string> stalledProviders; ///< slugs a watchdog cut off (ignored next time)

    /// Sum over attempts (abandoned ones included) of the known or estimated cost.
    double totalCostUsd() const;
    /// The "worst" source among attempts with a cost (Estimate > Generation > Usage).
    CostSource costSource() const;
    /// The attempt that produced the final text, or the last attempt; nullptr when none ran.
    const AttemptRecord *finalAttempt() const;
    bool ok() const { return !error.has_value(); }
};

} // namespace scriptorium::routing
