#include "routing/router_policy.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace scriptorium::routing {

bool isRetryable(ErrorCode code)
{
    switch (code) {
    case ErrorCode::RateLimit:
    case ErrorCode::Provider:
    case ErrorCode::Transport:
    case ErrorCode::FirstTokenTimeout:
    case ErrorCode::IdleStall:
    case ErrorCode::Parse:
        return true;
    default:
        return false;
    }
}

std::chrono::milliseconds backoffDelay(int retry, std::chrono::milliseconds base,
                                       std::chrono::milliseconds cap, std::mt19937_64 &rng)
{
    const int shift = std::clamp(retry, 0, 20);
    const long long ceiling = std::min<long long>(cap.count(), base.count() << shift);
    if (ceiling <= 0)
        return std::chrono::milliseconds(0);
    std::uniform_int_distribution<long long> pick(0, ceiling);
    return std::chrono::milliseconds(pick(rng));
}

std::optional<double> parseRetryAfter(std::string_view value)
{
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    double seconds = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || ptr != value.data() + value.size() || seconds < 0)
        return std::nullopt;
    return seconds;
}

bool anyEndpointServes(const std::vector<openrouter::EndpointInfo> &endpoints,
                       const std::vector<std::string> &quantizations)
{
    for (const auto &e : endpoints) {
        if (quantizations.empty())
            return true;
        for (const std::string &q : quantizations) {
            if (openrouter::quantizationMatches(q, e.quantization))
                return true;
        }
    }
    return false;
}

std::pair<std::string, QuantizationSource>
servedQuantization(const std::vector<std::string> &constrained, std::string_view providerName,
                   const std::vector<openrouter::EndpointInfo> &endpoints)
{
    if (constrained.size() == 1)
        return {constrained.front(), QuantizationSource::Exact};
    std::set<std::string> candidates;
    for (const auto &e : endpoints) {
        if (e.providerName != providerName)
            continue;
        bool allowed = constrained.empty();
        for (const std::string &q : constrained)
            allowed = allowed || openrouter::quantizationMatches(q, e.quantization);
        if (allowed)
            candidates.insert(openrouter::normalizeQuantization(e.quantization));
    }
    if (candidates.size() == 1) {
        // With a constraint the provider can only have served that one endpoint.
        return {*candidates.begin(),
                constrained.empty() ? QuantizationSource::Inferred : QuantizationSource::Exact};
    }
    if (!candidates.empty()) {
        // Several endpoints of this provider qualify: name the least precise, marked inferred.
        return {*candidates.begin(), QuantizationSource::Inferred};
    }
    return {"unknown", QuantizationSource::Unknown};
}

std::int64_t estimatePromptTokens(const std::vector<openrouter::ChatMessage> &messages)
{
    std::int64_t tokens = 8;
    for (const auto &m : messages)
        tokens += static_cast<std::int64_t>(m.content.size() / 3) + 8;
    return tokens;
}

std::optional<double> worstCaseCostUsd(std::int64_t promptTokens, std::int64_t maxTokens,
                                       const std::vector<std::string> &quantizations,
                                       const std::vector<openrouter::EndpointInfo> &endpoints,
                                       const std::optional<openrouter::MaxPrice> &maxPrice)
{
    double prompt = -1;
    double completion = -1;
    double request = 0;
    for (const auto &e : endpoints) {
        bool allowed = quantizations.empty();
        for (const std::string &q : quantizations)
            allowed = allowed || openrouter::quantizationMatches(q, e.quantization);
        if (!allowed)
            continue;
        prompt = std::max(prompt, e.pricing.prompt);
        completion = std::max(completion, e.pricing.completion);
        request = std::max(request, e.pricing.request);
    }
    if (prompt < 0 && maxPrice && maxPrice->prompt && maxPrice->completion) {
        prompt = *maxPrice->prompt / 1e6;
        completion = *maxPrice->completion / 1e6;
        request = maxPrice->request.value_or(0.0);
    }
    if (prompt < 0)
        return std::nullopt;
    return static_cast<double>(promptTokens) * prompt + static_cast<double>(maxTokens) * completion
        + request;
}

std::optional<double> estimateCostUsd(std::int64_t promptTokens, std::int64_t completionTokens,
                                      std::string_view providerName,
                                      const std::vector<openrouter::EndpointInfo> &endpoints)
{
    std::optional<double> best;
    std::optional<double> any;
    for (const auto &e : endpoints) {
        const double cost = static_cast<double>(promptTokens) * e.pricing.prompt
            + static_cast<double>(completionTokens) * e.pricing.completion + e.pricing.request;
        any = any ? std::max(*any, cost) : cost;
        if (e.providerName == providerName)
            best = best ? std::max(*best, cost) : cost;
    }
    return best ? best : any;
}

} // namespace scriptorium::routing
