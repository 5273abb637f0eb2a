#pragma once

// Wire types and parsers for OpenRouter's catalog and account endpoints: /models,
// /models/{author}/{slug}/endpoints, /providers, /key, /credits and /generation.
// All parsers are pure functions over the body text; thread-safe.

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::openrouter {

/// Catalog prices in **USD per token** (the wire sends decimal strings). `max_price` in a
/// request is USD per *million* tokens: use perMillion() to compare.
struct Pricing {
    double prompt = 0;
    double completion = 0;
    double request = 0;
    double image = 0;
    /// False when the prompt or completion price was missing, or any price was not a finite
    /// number ≥ 0: the parser keeps such a price out (0 here) and nothing may be bounded by it
    /// (a spending cap refuses to trust it).
    bool known = true;

    static constexpr double perMillion(double perToken) { return perToken * 1'000'000.0; }
};

struct ModelInfo {
    std::string id;
    std::string canonicalSlug;
    std::string name;
    std::int64_t created = 0;
    std::int64_t contextLength = 0;
    std::optional<std::int64_t> maxCompletionTokens; ///< top_provider.max_completion_tokens
    Pricing pricing;
    std::vector<std::string> supportedParameters;
    std::string expirationDate;
};

/// GET /models: the paginated shape ({data, total_count, links.next}) or the old {data}.
struct ModelList {
    std::vector<ModelInfo> models;
    std::optional<std::int64_t> totalCount;
    std::string nextLink; ///< empty when this is the last page
};

/// One provider endpoint of a model.
struct EndpointInfo {
    std::string name;
    std::string modelId;
    std::string providerName; ///< display name, as in chunks' `provider`
    std::string tag; ///< routing slug, e.g. "deepinfra/fp8"
    std::string quantization; ///< "fp8", "bf16", …; null on the wire → "unknown"
    Pricing pricing;
    std::int64_t contextLength = 0;
    std::optional<std::int64_t> maxCompletionTokens;
    std::optional<std::int64_t> maxPromptTokens;
    std::vector<std::string> supportedParameters;
    int status = 0; ///< 0 healthy; negative values are degraded states
    std::optional<double> uptimeLast30m;
    std::optional<double> latencyP50Ms;
    std::optional<double> throughputP50;

    /// The provider part of `tag` ("deepinfra" for "deepinfra/fp8").
    std::string providerSlug() const;
};

/// GET /models/{author}/{slug}/endpoints.
struct ModelEndpoints {
    std::string id;
    std::string name;
    std::vector<EndpointInfo> endpoints;
};

/// GET /providers: the authoritative display name ↔ slug map.
struct ProviderInfo {
    std::string name;
    std::string slug;
    std::string statusPageUrl;
    std::string headquarters;
};

/// GET /key. `limit` and `limitRemaining` are nullopt when the key is unlimited.
struct KeyInfo {
    std::string label; ///< already masked by OpenRouter
    std::optional<double> limit;
    std::optional<double> limitRemaining;
    std::string limitReset;
    double usage = 0;
    double usageDaily = 0;
    double usageWeekly = 0;
    double usageMonthly = 0;
    bool isFreeTier = false;
};

/// GET /credits (management keys only).
struct CreditsInfo {
    double totalCredits = 0;
    double totalUsage = 0;
    double remaining() const { return totalCredits - totalUsage; }
};

/// One entry of /generation's `provider_responses`: a try OpenRouter made inside the request.
struct ProviderResponse {
    std::string providerName;
    std::string endpointId; ///< the endpoint tag ("deepinfra/fp8") when sent
    std::string modelPermaslug;
    int status = 0;
    std::optional<double> latencyMs;
};

/// GET /generation?id=…: what OpenRouter billed for one generation.
struct GenerationInfo {
    std::string id;
    std::string model;
    std::string providerName;
    std::optional<double> totalCost; ///< USD; covers cancelled streams too
    std::optional<double> usage;
    bool cancelled = false;
    bool streamed = false;
    std::int64_t tokensPrompt = 0;
    std::int64_t tokensCompletion = 0;
    std::int64_t nativeTokensPrompt = 0;
    std::int64_t nativeTokensCompletion = 0;
    std::int64_t nativeTokensReasoning = 0;
    std::optional<double> latencyMs;
    std::optional<double> generationTimeMs;
    std::string finishReason;
    std::string nativeFinishReason;
    std::string createdAt;
    std::vector<ProviderResponse> providerResponses; ///< every try, the serving one last
};

/// "null", absent or empty quantization → "unknown"; lower-cased otherwise.
std::string normalizeQuantization(std::string_view quantization);

/// True when an endpoint declared as `served` satisfies a `quantizations` filter entry
/// `wanted` (fp8 includes mxfp8; fp4 includes mxfp4 and nvfp4).
bool quantizationMatches(std::string_view wanted, std::string_view served);

// Each parser fails with ErrorCode::Parse when the body is not the documented shape.
Result<ModelList> parseModels(std::string_view body);
Result<ModelEndpoints> parseEndpoints(std::string_view body);
Result<std::vector<ProviderInfo>> parseProviders(std::string_view body);
Result<KeyInfo> parseKey(std::string_view body);
Result<CreditsInfo> parseCredits(std::string_view body);
Result<GenerationInfo> parseGeneration(std::string_view body);

} // namespace scriptorium::openrouter
