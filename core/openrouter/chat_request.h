#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace scriptorium::openrouter {

/// One chat message. A final `assistant` message is a prefill that the model continues.
struct ChatMessage {
    std::string role;
    std::string content;

    bool operator==(const ChatMessage &) const = default;
};

/// `provider.max_price`: USD per **million** tokens for prompt and completion, USD per request
/// and per image. (Catalog prices are USD per token; see pricing.h for the conversion.)
struct MaxPrice {
    std::optional<double> prompt;
    std::optional<double> completion;
    std::optional<double> request;
    std::optional<double> image;

    bool empty() const { return !prompt && !completion && !request && !image; }
    bool operator==(const MaxPrice &) const = default;
};

/// `provider.sort`: either a plain string ("throughput") or `{by, partition}`.
struct SortPreference {
    std::string by; ///< "price" | "throughput" | "latency" | "exacto"
    std::string partition; ///< empty → the plain string form; else "model" | "none"

    bool operator==(const SortPreference &) const = default;
};

/// `provider.preferred_min_throughput` (tokens/s) or `provider.preferred_max_latency` (seconds):
/// a soft preference per percentile. OpenRouter accepts a plain number (meaning p50) or an
/// object with any subset of p50/p75/p90/p99; `plain` remembers the number form so a config
/// file round-trips as written.
struct PerformanceThreshold {
    std::optional<double> p50;
    std::optional<double> p75;
    std::optional<double> p90;
    std::optional<double> p99;
    bool plain = false; ///< written as a plain number (only meaningful with p50 alone)

    /// A plain-number threshold (p50).
    static PerformanceThreshold atP50(double value) { return {value, {}, {}, {}, true}; }

    bool empty() const { return !p50 && !p75 && !p90 && !p99; }
    bool operator==(const PerformanceThreshold &) const = default;
};

/// The OpenRouter `provider` routing object. Unset optionals and empty lists are omitted from
/// the JSON, so OpenRouter applies its own defaults.
struct ProviderPreferences {
    std::vector<std::string> order;
    std::optional<bool> allowFallbacks;
    std::optional<bool> requireParameters;
    std::optional<std::string> dataCollection; ///< "allow" | "deny"
    std::optional<bool> zdr;
    std::optional<bool> enforceDistillableText;
    std::vector<std::string> only;
    std::vector<std::string> ignore;
    std::vector<std::string> quantizations;
    std::optional<SortPreference> sort;
    std::optional<PerformanceThreshold> preferredMinThroughput; ///< tokens per second
    std::optional<PerformanceThreshold> preferredMaxLatency; ///< seconds
    std::optional<MaxPrice> maxPrice;

    bool operator==(const ProviderPreferences &) const = default;
};

/// A POST /chat/completions body.
struct ChatRequest {
    std::string model;
    std::vector<std::string> models; ///< fallback models; OpenRouter rejects more than 3
    std::vector<ChatMessage> messages;
    bool stream = true;
    std::optional<int> maxTokens;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<std::int64_t> seed;
    std::vector<std::string> stop; ///< up to 4
    std::optional<ProviderPreferences> provider;

    bool operator==(const ChatRequest &) const = default;
};

/// The maximum length of `models` that OpenRouter accepts.
inline constexpr std::size_t kMaxFallbackModels = 3;

nlohmann::json toJson(const MaxPrice &price);
/// A plain number when `plain` and only p50 is set, else `{p50, p75, p90, p99}` (set ones).
nlohmann::json toJson(const PerformanceThreshold &threshold);
nlohmann::json toJson(const ProviderPreferences &prefs);
nlohmann::json toJson(const ChatRequest &request);

/// The request body as compact JSON text.
std::string serializeChatRequest(const ChatRequest &request);

/// Parses a `max_price` object; values may be numbers or decimal strings (both occur).
/// Errors: Parse when a value is neither or the object is not an object.
Result<MaxPrice> maxPriceFromJson(const nlohmann::json &value);

/// Parses `preferred_min_throughput` / `preferred_max_latency`: a number (p50, `plain`) or an
/// object with any of p50, p75, p90, p99. Values must be finite numbers ≥ 0. Errors: Parse,
/// naming `provider.<field>` (and the percentile) in the message.
Result<PerformanceThreshold> performanceThresholdFromJson(const nlohmann::json &value,
                                                          std::string_view field);

/// Parses a `provider` object (used by the simulator and by the routing config). `sort` may be
/// a string or `{by, partition}`. Errors: Parse, with the offending field in the message.
Result<ProviderPreferences> providerPreferencesFromJson(const nlohmann::json &value);

/// Parses a chat request body (the simulator's side). Errors: Parse.
Result<ChatRequest> chatRequestFromJson(const nlohmann::json &value);

} // namespace scriptorium::openrouter
