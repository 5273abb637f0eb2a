#pragma once

#include "util/result.h"

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

/// Finds the JSON document in a model's reply and parses it. Models wrap JSON in prose
/// ("Here is the outline:"), in ```json fences, or after a <think>…</think> block; all of
/// that is tolerated. The first '{' or '[' that starts a complete, balanced document wins.
///
/// Errors (ErrorCode::Parse): an empty reply, a reply without JSON, and a document cut off
/// before its end (truncated output: the detail says so, so the caller can retry with more
/// room). Pure; thread-safe.
Result<nlohmann::json> extractJson(std::string_view reply);

/// The string member `name` of a JSON object from a model's reply; empty when it is missing or
/// not a string (the caller's schema check says which fields must be there). Pure.
std::string jsonString(const nlohmann::json &object, const char *name);

/// True when `reply` holds the start of a JSON document that ends before it closes (the typical
/// shape of a reply cut by max_tokens).
bool looksTruncatedJson(std::string_view reply);

} // namespace scriptorium::novel
