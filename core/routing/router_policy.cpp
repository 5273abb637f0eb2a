#include "routing/router_policy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
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
    if (ec != std::errc() || ptr != value.data() + value.size())
        return std::nullopt;
    return sanitizeRetryAfter(seconds);
}

std::optional<double> sanitizeRetryAfter(std::optional<double> seconds)
{
    // A day or more is not a rate limit a writer can wait out: treat it as no answer.
    constexpr double kAbsurdSeconds = 86400.0;
    if (!seconds || !std::isfinite(*seconds) || *seconds < 0 || *seconds >= kAbsurdSeconds)
        return std::nullopt;
    return std::min(*seconds, kMaxRetryAfterSeconds);
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

namespace {

/// Bits per weight, for "least precise": fp4 < int4 < fp6 < fp8 = int8 < fp16 = bf16 < fp32;
/// a name this does not know counts as full precision (no claim that it is worse).
int precisionBits(std::string_view quantization)
{
    if (quantization.find('4') != std::string_view::npos)
        return 4;
    if (quantization.find('6') != std::string_view::npos)
        return 6;
    if (quantization.find('8') != std::string_view::npos)
        return 8;
    if (quantization.find("16") != std::string_view::npos)
        return 16;
    return 32;
}

} // namespace

std::pair<std::string, QuantizationSource>
servedQuantization(const std::vector<std::string> &constrained, std::string_view providerName,
                   const std::vector<openrouter::EndpointInfo> &endpoints,
                   const std::vector<std::string> &order)
{
    if (constrained.size() == 1)
        return {constrained.front(), QuantizationSource::Exact};
    std::vector<const openrouter::EndpointInfo *> allowedHere;
    std::set<std::string> candidates;
    for (const auto &e : endpoints) {
        if (e.providerName != providerName)
            continue;
        bool allowed = constrained.empty();
        for (const std::string &q : constrained)
            allowed = allowed || openrouter::quantizationMatches(q, e.quantization);
        if (allowed) {
            allowedHere.push_back(&e);
            candidates.insert(openrouter::normalizeQuantization(e.quantization));
        }
    }
    if (candidates.size() == 1) {
        // With a constraint the provider can only have served that one endpoint.
        return {*candidates.begin(),
                constrained.empty() ? QuantizationSource::Inferred : QuantizationSource::Exact};
    }
    if (candidates.empty())
        return {"unknown", QuantizationSource::Unknown};
    // Several endpoints of this provider qualify. The order named one of them by its tag:
    // that is the endpoint OpenRouter was asked to use.
    for (const std::string &entry : order) {
        for (const openrouter::EndpointInfo *e : allowedHere) {
            if (e->tag == entry)
                return {openrouter::normalizeQuantization(e->quantization),
                        QuantizationSource::Inferred};
        }
    }
    const auto least = std::ranges::min_element(
        candidates, {}, [](const std::string &q) { return precisionBits(q); });
    return {*least, QuantizationSource::Inferred};
}

std::int64_t estimatePromptTokens(const std::vector<openrouter::ChatMessage> &messages)
{
    std::int64_t tokens = 8;
    for (const auto &m : messages)
        tokens += static_cast<std::int64_t>(m.content.size() / 3) + 8;
    return tokens;
}

bool withinMaxPrice(const openrouter::Pricing &pricing, const openrouter::MaxPrice &maxPrice)
{
    // max_price is in USD per million tokens; a tiny tolerance for the per-token round trip.
    constexpr double kEps = 1e-9;
    return (!maxPrice.prompt || pricing.prompt * 1e6 <= *maxPrice.prompt + kEps)
        && (!maxPrice.completion || pricing.completion * 1e6 <= *maxPrice.completion + kEps);
}

std::vector<PriceBound> priceCeilings(const std::vector<std::string> &quantizations,
                                      const std::vector<openrouter::EndpointInfo> &endpoints,
                                      const std::optional<openrouter::MaxPrice> &maxPrice)
{
    std::vector<openrouter::Pricing> prices;
    for (const auto &e : endpoints) {
        bool allowed = quantizations.empty();
        for (const std::string &q : quantizations)
            allowed = allowed || openrouter::quantizationMatches(q, e.quantization);
        if (!allowed || !e.pricing.known || (maxPrice && !withinMaxPrice(e.pricing, *maxPrice)))
            continue;
        if (!std::isfinite(e.pricing.prompt) || !std::isfinite(e.pricing.completion)
            || e.pricing.prompt < 0 || e.pricing.completion < 0 || e.pricing.request != 0)
            return {}; // a per-request price or a nonsense one: no ceiling can be trusted
        prices.push_back(e.pricing);
    }
    std::ranges::sort(prices, [](const openrouter::Pricing &a, const openrouter::Pricing &b) {
        return a.completion != b.completion ? a.completion < b.completion : a.prompt < b.prompt;
    });
    std::vector<PriceBound> ceilings;
    PriceBound running;
    for (const openrouter::Pricing &p : prices) {
        running.prompt = std::max(running.prompt, p.prompt);
        running.completion = std::max(running.completion, p.completion);
        if (ceilings.empty() || ceilings.back().prompt != running.prompt
            || ceilings.back().completion != running.completion)
            ceilings.push_back(running);
    }
    return ceilings;
}

std::optional<PriceBound> priceBound(const std::vector<std::string> &quantizations,
                                     const std::vector<openrouter::EndpointInfo> &endpoints,
                                     const std::optional<openrouter::MaxPrice> &maxPrice)
{
    auto valid = [](double price) {
        return std::isfinite(price) && price >= 0;
    };
    std::optional<PriceBound> bound;
    for (const auto &e : endpoints) {
        bool allowed = quantizations.empty();
        for (const std::string &q : quantizations)
            allowed = allowed || openrouter::quantizationMatches(q, e.quantization);
        if (!allowed)
            continue;
        // A price that is not a number cannot bound anything: the whole bound is unknown.
        if (!e.pricing.known || !valid(e.pricing.prompt) || !valid(e.pricing.completion)
            || !valid(e.pricing.request))
            return std::nullopt;
        // OpenRouter does not route to an endpoint above the request's max_price.
        if (maxPrice && !withinMaxPrice(e.pricing, *maxPrice))
            continue;
        if (!bound)
            bound = PriceBound{};
        bound->prompt = std::max(bound->prompt, e.pricing.prompt);
        bound->completion = std::max(bound->completion, e.pricing.completion);
        bound->request = std::max(bound->request, e.pricing.request);
    }
    if (!bound && maxPrice && maxPrice->prompt && maxPrice->completion && valid(*maxPrice->prompt)
        && valid(*maxPrice->completion) && valid(maxPrice->request.value_or(0.0))) {
        bound = PriceBound{*maxPrice->prompt / 1e6, *maxPrice->completion / 1e6,
                           maxPrice->request.value_or(0.0)};
    }
    return bound;
}

std::optional<double> worstCaseCostUsd(std::int64_t promptTokens, std::int64_t maxTokens,
                                       const std::vector<std::string> &quantizations,
                                       const std::vector<openrouter::EndpointInfo> &endpoints,
                                       const std::optional<openrouter::MaxPrice> &maxPrice)
{
    const auto bound = priceBound(quantizations, endpoints, maxPrice);
    if (!bound)
        return std::nullopt;
    return static_cast<double>(promptTokens) * bound->prompt
        + static_cast<double>(maxTokens) * bound->completion + bound->request;
}

std::int64_t affordableMaxTokens(double availableUsd, std::int64_t promptTokens,
                                 const PriceBound &bound)
{
    const double left
        = availableUsd - static_cast<double>(promptTokens) * bound.prompt - bound.request;
    if (!(left > 0))
        return 0;
    if (bound.completion <= 0)
        return std::numeric_limits<std::int32_t>::max();
    const double tokens = std::floor(left / bound.completion);
    return tokens >= static_cast<double>(std::numeric_limits<std::int32_t>::max())
        ? std::numeric_limits<std::int32_t>::max()
        : static_cast<std::int64_t>(tokens);
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
