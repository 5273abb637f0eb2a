#include "openrouter/api_error.h"

#include "openrouter/json_fields.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace scriptorium::openrouter {

using nlohmann::json;
using namespace detail;

namespace {

bool contains(std::string_view haystack, std::string_view needle)
{
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char a, char b) {
                              return std::tolower(static_cast<unsigned char>(a))
                                  == std::tolower(static_cast<unsigned char>(b));
                          });
    return it != haystack.end();
}

/// Upstream bodies nest their message differently: {"error":{"message"}}, {"message"},
/// {"detail"}, {"error":"text"}. Returns the first human message found.
std::string messageFromRaw(const json &raw)
{
    if (raw.is_string())
        return {};
    if (!raw.is_object())
        return {};
    if (const json *err = field(raw, "error")) {
        if (err->is_string())
            return err->get<std::string>();
        if (auto m = optStr(*err, "message"))
            return *m;
    }
    for (const char *key : {"message", "detail", "error_message"}) {
        if (auto m = optStr(raw, key))
            return *m;
    }
    return {};
}

std::string truncate(std::string_view text, std::size_t max)
{
    if (text.size() <= max)
        return std::string(text);
    std::size_t cut = max;
    // Do not cut inside a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "…";
}

Availability availabilityFromJson(const json &a)
{
    Availability out;
    out.code = str(a, "code");
    out.retryable = optBool(a, "retryable").value_or(false);
    out.retryAfterSeconds = optNum(a, "retry_after");
    if (const json *c = field(a, "constraint")) {
        out.constraintField = str(*c, "field");
        out.constraintDetail = str(*c, "detail");
    }
    if (const json *ex = field(a, "excluded_by")) {
        if (ex->is_string())
            out.excludedBy.push_back(ex->get<std::string>());
        else
            out.excludedBy = strings(a, "excluded_by");
    }
    out.requestedModels = strings(a, "requested_models");
    return out;
}

std::string hintFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Auth:
        return "check OPENROUTER_API_KEY (a key looks like sk-or-v1-…) and that it is enabled";
    case ErrorCode::Credits:
        return "add credits at https://openrouter.ai/credits or lower max_tokens";
    case ErrorCode::Moderation:
        return "the request was blocked by moderation or a permission; change the prompt or the "
               "model";
    case ErrorCode::NoEndpoint:
        return "no provider serves the model as constrained; relax provider.quantizations, "
               "order/only, or max_price in the routing config";
    case ErrorCode::ModelNotFound:
        return "check the model id with 'scriptorium-cli models'";
    case ErrorCode::RateLimit:
        return "rate limited; wait and retry, or route to another provider";
    default:
        return "the provider failed; retry, or route to another provider";
    }
}

} // namespace

ErrorCode classifyError(int httpStatus, std::string_view availabilityCode,
                        std::string_view errorType, std::string_view message)
{
    if (availabilityCode == "model_not_found" || availabilityCode == "model_deprecated"
        || availabilityCode == "free_variant_ended")
        return ErrorCode::ModelNotFound;
    if (availabilityCode == "constraint_filtered" || availabilityCode == "no_endpoints"
        || availabilityCode == "privacy_restricted")
        return ErrorCode::NoEndpoint;
    if (availabilityCode == "region_restricted")
        return ErrorCode::Moderation;
    if (availabilityCode == "capacity_exhausted")
        return ErrorCode::RateLimit;
    if (availabilityCode == "temporarily_unavailable")
        return ErrorCode::Provider;
    switch (httpStatus) {
    case 400:
        if (contains(message, "not a valid model id") || errorType == "model_not_found")
            return ErrorCode::ModelNotFound;
        return ErrorCode::InvalidArgument;
    case 401:
        return ErrorCode::Auth;
    case 402:
        return ErrorCode::Credits;
    case 403:
        return ErrorCode::Moderation;
    case 404:
        if (contains(message, "no endpoints") || contains(message, "no allowed providers")
            || contains(message, "routing"))
            return ErrorCode::NoEndpoint;
        if (contains(message, "model") || errorType == "not_found")
            return ErrorCode::ModelNotFound;
        return ErrorCode::NoEndpoint;
    case 408:
        return ErrorCode::Timeout;
    case 413:
        return ErrorCode::TooLarge;
    case 422:
        return ErrorCode::InvalidArgument;
    case 429:
        return ErrorCode::RateLimit;
    default:
        break;
    }
    if (errorType == "authentication")
        return ErrorCode::Auth;
    if (errorType == "payment_required")
        return ErrorCode::Credits;
    if (errorType == "rate_limit_exceeded")
        return ErrorCode::RateLimit;
    if (errorType == "content_policy_violation")
        return ErrorCode::Moderation;
    return ErrorCode::Provider;
}

bool ApiError::isQuantizationConstraint() const
{
    if (!availability)
        return false;
    if (availability->constraintField == "quantization"
        || availability->constraintField == "quantizations")
        return true;
    return std::ranges::find(availability->excludedBy, "quantization")
        != availability->excludedBy.end();
}

std::string ApiError::userMessage() const
{
    std::string reason = rawMessage;
    if (reason.empty() && !raw.empty())
        reason = truncate(raw, 300);
    if (reason.empty())
        reason = message.empty() ? "HTTP " + std::to_string(httpStatus) : message;
    if (!providerName.empty())
        return "[" + providerName + "] " + reason;
    return reason;
}

Error ApiError::toError() const
{
    const ApiError &e = *this;
    std::string msg = e.userMessage();
    if (e.httpStatus != 0 && e.httpStatus != 200)
        msg = "HTTP " + std::to_string(e.httpStatus) + ": " + msg;
    msg += "; " + hintFor(e.errorClass);
    return Error{e.errorClass, std::move(msg), e.raw};
}

ApiError apiErrorFromJson(int httpStatus, const json &err)
{
    ApiError out;
    out.httpStatus = httpStatus;
    if (err.is_string()) {
        out.message = err.get<std::string>();
    } else if (err.is_object()) {
        if (const json *code = field(err, "code")) {
            if (code->is_number())
                out.code = code->get<int>();
            else if (code->is_string())
                out.codeText = code->get<std::string>();
        }
        out.message = str(err, "message");
        out.errorType = str(err, "error_type");
        if (const json *meta = field(err, "metadata")) {
            out.providerName = str(*meta, "provider_name");
            if (auto t = optStr(*meta, "error_type"))
                out.errorType = *t;
            if (const json *pc = field(*meta, "provider_code"))
                out.providerCode = pc->is_string() ? pc->get<std::string>() : pc->dump();
            if (const json *raw = field(*meta, "raw")) {
                if (raw->is_string()) {
                    out.raw = raw->get<std::string>();
                    json inner = parseLenient(out.raw);
                    out.rawMessage = inner.is_discarded() ? out.raw : messageFromRaw(inner);
                    if (out.rawMessage.empty())
                        out.rawMessage = truncate(out.raw, 300);
                } else {
                    out.raw = raw->dump();
                    out.rawMessage = messageFromRaw(*raw);
                }
            }
            if (out.availability == std::nullopt) {
                if (const json *a = field(*meta, "availability"))
                    out.availability = availabilityFromJson(*a);
            }
        }
        if (const json *a = field(err, "availability"))
            out.availability = availabilityFromJson(*a);
    }
    // The class follows the numeric code when the HTTP status is 200 (in-body and mid-stream
    // errors carry the real status there).
    int status = httpStatus;
    if ((status == 0 || status == 200) && out.code >= 400)
        status = out.code;
    if (status == 0 || status == 200) {
        if (out.codeText.find("rate") != std::string::npos)
            status = 429;
    }
    out.errorClass = classifyError(status, out.availability ? out.availability->code : "",
                                   out.errorType, out.message);
    if ((httpStatus == 0 || httpStatus == 200) && out.errorClass == ErrorCode::InvalidArgument)
        out.errorClass = ErrorCode::Provider;
    return out;
}

ApiError parseApiError(int httpStatus, std::string_view body)
{
    json doc = parseLenient(body);
    if (!doc.is_discarded() && doc.is_object()) {
        if (const json *err = field(doc, "error"))
            return apiErrorFromJson(httpStatus, *err);
        if (doc.contains("message"))
            return apiErrorFromJson(httpStatus, doc);
    }
    ApiError out;
    out.httpStatus = httpStatus;
    std::string_view trimmed = body;
    while (!trimmed.empty()
           && (trimmed.front() == ' ' || trimmed.front() == '\n' || trimmed.front() == '\r'))
        trimmed.remove_prefix(1);
    out.message = trimmed.empty() ? "HTTP " + std::to_string(httpStatus) + " with an empty body"
                                  : truncate(trimmed, 300);
    out.errorClass = classifyError(httpStatus, {}, {}, out.message);
    return out;
}

} // namespace scriptorium::openrouter
