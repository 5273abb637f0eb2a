#pragma once

#include "util/error.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace scriptorium::openrouter {

/// `error.availability`: why no endpoint could serve the request (docs, 2026).
struct Availability {
    std::string code; ///< constraint_filtered, no_endpoints, capacity_exhausted, model_not_found…
    bool retryable = false;
    std::optional<double> retryAfterSeconds;
    std::string constraintField; ///< constraint.field, e.g. "quantization"
    std::string constraintDetail;
    std::vector<std::string> excludedBy; ///< e.g. {"quantization", "max_price"}
    std::vector<std::string> requestedModels;
};

/// An OpenRouter error, from an HTTP error body, a 200-with-error body or a mid-stream event.
/// `errorClass` is the DESIGN "Measurements" class; `userMessage()` shows the real reason
/// ("[DeepInfra] <upstream message>") instead of the generic "Provider returned error".
struct ApiError {
    int httpStatus = 0; ///< the HTTP status (200 for in-body and mid-stream errors)
    int code = 0; ///< numeric `error.code`; 0 when absent or a string
    std::string codeText; ///< `error.code` when it is a string (e.g. "server_error")
    ErrorCode errorClass = ErrorCode::Provider;
    std::string message; ///< OpenRouter's `error.message`
    std::string providerName; ///< `metadata.provider_name` (display name), if any
    std::string raw; ///< `metadata.raw` as text (a string, or an object dumped)
    std::string rawMessage; ///< the human message extracted from `raw`, if it had one
    std::string errorType; ///< `metadata.error_type` or `error_type`
    std::string providerCode; ///< `metadata.provider_code`
    std::optional<Availability> availability;
    bool isQuantizationConstraint() const;

    /// The message a person should see: the upstream reason first, the provider in brackets.
    std::string userMessage() const;

    /// As a core Error: class, userMessage() plus a hint on what to do, raw body as detail.
    Error toError() const;
};

/// Parses an error body for any HTTP status (error bodies may lack `code`, carry it as a
/// string, or not be JSON at all). Never fails: an unparseable body still yields a class from
/// the status and the first bytes of the body as the message.
ApiError parseApiError(int httpStatus, std::string_view body);

/// Reads a top-level `error` object (a parsed body or a stream chunk).
ApiError apiErrorFromJson(int httpStatus, const nlohmann::json &errorObject);

/// The error class for an HTTP status and optional availability code / error type.
ErrorCode classifyError(int httpStatus, std::string_view availabilityCode,
                        std::string_view errorType, std::string_view message);

} // namespace scriptorium::openrouter
