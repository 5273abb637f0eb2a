#pragma once

#include "openrouter/api_error.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace scriptorium::openrouter {

/// Token counts and cost of one generation (`usage`). `cost` is USD actually charged.
struct Usage {
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::int64_t totalTokens = 0;
    std::int64_t reasoningTokens = 0;
    std::int64_t cachedTokens = 0;
    std::optional<double> cost;
    std::optional<double> upstreamInferenceCost; ///< BYOK: the provider's own charge
    bool isByok = false;
};

/// One decoded SSE `data:` payload of a chat completion stream.
struct ChunkEvent {
    bool done = false; ///< the `[DONE]` sentinel; nothing else is set
    std::string id; ///< generation id (gen-…)
    std::string provider; ///< display name of the serving provider ("DeepInfra")
    std::string model;
    std::string content; ///< delta.content of choice 0 (may be empty)
    std::string reasoning; ///< delta.reasoning of choice 0 (may be empty)
    std::optional<std::string> finishReason;
    std::optional<std::string> nativeFinishReason;
    std::optional<Usage> usage; ///< present on the usage chunk (either form)
    std::optional<ApiError> error; ///< a mid-stream error event (the stream ends after it)

    bool hasText() const { return !content.empty() || !reasoning.empty(); }
};

/// Decodes one SSE data payload (without the `data:` prefix). `[DONE]` yields `done`.
/// Errors: Parse when the payload is not a JSON object. Allocation-light: only the fields above
/// are copied out. Thread-safe (no shared state).
Result<ChunkEvent> decodeChunk(std::string_view data);

/// Reads a `usage` object. Missing fields stay zero / nullopt.
Usage usageFromJson(const nlohmann::json &usage);

/// A non-streaming chat completion.
struct ChatResponse {
    std::string id;
    std::string provider;
    std::string model;
    std::string content;
    std::string reasoning;
    std::optional<std::string> finishReason;
    std::optional<std::string> nativeFinishReason;
    std::optional<Usage> usage;
};

/// Parses a non-streaming response body, skipping leading whitespace / blank-line keep-alives.
/// A 200 body that carries `error` (top level, or in choices[0] with finish_reason "error")
/// fails with that error's class (usually Provider) and the raw upstream body as detail.
/// Errors: Parse for a body that is not JSON.
Result<ChatResponse> parseChatResponse(std::string_view body);

} // namespace scriptorium::openrouter
