#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

/// An error answer as OpenRouter sends it: the HTTP status, the JSON body
/// (`{"error":{code,message,metadata…},"user_id":…}`) and an optional Retry-After (seconds).
struct HttpError {
    int status = 500;
    nlohmann::json body;
    std::optional<int> retryAfterS;
};

/// The user id the simulator puts in error bodies, as real bodies carry one.
inline constexpr const char *kSimUserId = "user_sim0000000000000000";

/// Builds an OpenRouter error: `error.code` = status, `error.message`, and `metadata` when it
/// is not null.
HttpError makeError(int status, const std::string &message,
                    nlohmann::json metadata = nlohmann::json());

/// The metadata.error_type for a status (SPEC#ApiErrorType vocabulary).
std::string errorTypeForStatus(int status);

/// Formats a per-token USD price as a decimal string without exponent ("0.00000014").
std::string formatPrice(double usd);

} // namespace scriptorium::sim
