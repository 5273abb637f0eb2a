#pragma once

#include "sim/wire.h"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

/// A soft performance preference (`preferred_min_throughput`, `preferred_max_latency`): a
/// number means p50; the object form sets any of the percentiles, and every one set must be met.
struct PerformanceCutoff {
    std::optional<double> p50;
    std::optional<double> p75;
    std::optional<double> p90;
    std::optional<double> p99;
};

/// The `provider` routing object of a request, validated.
struct ProviderPreferences {
    std::vector<std::string> order;
    std::vector<std::string> only;
    std::vector<std::string> ignore;
    std::vector<std::string> quantizations;
    bool allowFallbacks = true;
    bool requireParameters = false;
    bool denyDataCollection = false;
    bool zdr = false;
    std::string sortBy; ///< "", "price", "throughput", "latency"
    std::string partition = "model"; ///< "model" or "none"
    std::optional<double> maxPromptPerMillion;
    std::optional<double> maxCompletionPerMillion;
    std::optional<PerformanceCutoff> preferredMinThroughput; ///< tokens per second
    std::optional<PerformanceCutoff> preferredMaxLatency; ///< seconds to the first token
    bool enforceDistillableText = false;
};

/// A validated POST /chat/completions body.
struct ChatRequest {
    std::vector<std::string> models; ///< the primary first, then the `models` fallbacks
    bool stream = false;
    std::optional<std::int64_t> maxTokens;
    std::vector<std::string> stop;
    std::vector<std::string> usedParameters; ///< parameters present, for require_parameters
    std::string promptText; ///< all message contents, joined
    std::int64_t promptTokens = 0;
    ProviderPreferences provider;
    nlohmann::json providerJson; ///< the `provider` object as received (null when absent)
};

/// Validates a request body. Answers the 400 OpenRouter gives for malformed JSON, wrong types,
/// empty messages, or a `models` list longer than 3. `defaultModel` stands in for a missing
/// `model`.
std::expected<ChatRequest, HttpError> parseChatRequest(const std::string &body,
                                                       const std::string &defaultModel);

} // namespace scriptorium::sim
