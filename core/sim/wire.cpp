#include "sim/wire.h"

#include <cstdio>

namespace scriptorium::sim {

HttpError makeError(int status, const std::string &message, nlohmann::json metadata)
{
    nlohmann::json error = {{"code", status}, {"message", message}};
    if (!metadata.is_null())
        error["metadata"] = std::move(metadata);
    return HttpError{status, {{"error", std::move(error)}, {"user_id", kSimUserId}}, std::nullopt};
}

std::string errorTypeForStatus(int status)
{
    switch (status) {
    case 400:
        return "invalid_request";
    case 401:
        return "authentication";
    case 402:
        return "payment_required";
    case 403:
        return "content_policy_violation";
    case 404:
        return "not_found";
    case 408:
    case 504:
    case 524:
        return "timeout";
    case 429:
        return "rate_limit_exceeded";
    case 502:
    case 503:
        return "provider_unavailable";
    case 529:
        return "provider_overloaded";
    default:
        return status >= 500 ? "server" : "unmapped";
    }
}

std::string formatPrice(double usd)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.12f", usd);
    std::string text(buffer);
    while (text.size() > 1 && text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

} // namespace scriptorium::sim
