// What a finished attempt says about the endpoints it touched (observationsFrom()), and the
// precision an endpoint tag pins.
#include "routing/adaptive_strategy.h"

#include "routing/routing_config_providers.h"

#include <algorithm>
#include <iterator>

namespace scriptorium::routing {

namespace {

std::string_view tagProvider(std::string_view tag)
{
    return tag.substr(0, tag.find('/'));
}

const openrouter::EndpointInfo *catalogEndpoint(const std::vector<openrouter::EndpointInfo> &all,
                                                std::string_view providerSlug,
                                                std::string_view quantization)
{
    const openrouter::EndpointInfo *fallback = nullptr;
    for (const auto &e : all) {
        if (e.providerSlug() != providerSlug)
            continue;
        if (openrouter::normalizeQuantization(e.quantization) == quantization)
            return &e;
        fallback = fallback ? fallback : &e;
    }
    return quantization.empty() || quantization == "unknown" ? fallback : nullptr;
}

} // namespace

std::string tagPrecision(std::string_view tag, const std::vector<openrouter::EndpointInfo> &all)
{
    for (const auto &e : all) {
        if (e.tag == tag)
            return openrouter::normalizeQuantization(e.quantization);
    }
    const auto slash = tag.find('/');
    if (slash == std::string_view::npos)
        return {};
    static constexpr std::string_view kPrecisions[]
        = {"int4", "int8", "fp4", "mxfp4", "nvfp4", "fp6", "fp8", "mxfp8", "fp16", "bf16", "fp32"};
    const std::string_view suffix = tag.substr(slash + 1);
    return std::ranges::find(kPrecisions, suffix) != std::end(kPrecisions) ? std::string(suffix)
                                                                           : std::string();
}

std::vector<EndpointObservation>
observationsFrom(const AttemptRecord &attempt,
                 const std::vector<openrouter::EndpointInfo> &endpoints, Clock::TimePoint at)
{
    using Outcome = EndpointObservation::Outcome;
    std::vector<EndpointObservation> out;
    if (attempt.errorClass) {
        switch (*attempt.errorClass) {
        case ErrorCode::Provider:
        case ErrorCode::RateLimit:
        case ErrorCode::Transport:
        case ErrorCode::FirstTokenTimeout:
        case ErrorCode::IdleStall:
        case ErrorCode::MidStream:
        case ErrorCode::Parse:
            break;
        default:
            return out; // a cancel, a budget or a request error says nothing about the endpoint
        }
    }
    const std::string model = attempt.servedModel.empty() ? attempt.model : attempt.servedModel;
    const std::vector<std::string> &order = attempt.preferences.order;
    const ProviderNames names;

    // The serving (or failing) endpoint, with the precision the order pinned for it.
    std::string slug = attempt.providerSlug;
    if (slug.empty() && !attempt.provider.empty())
        slug = names.slugFor(attempt.provider);
    std::string quantization = attempt.quantizationSource == QuantizationSource::Unknown
        ? std::string()
        : openrouter::normalizeQuantization(attempt.quantization);
    std::size_t servedAt = order.size();
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::string pinned = tagPrecision(order[i], endpoints);
        if (tagProvider(order[i]) == slug && !slug.empty()
            && (quantization.empty() || pinned.empty() || pinned == quantization)) {
            servedAt = i;
            if (quantization.empty())
                quantization = pinned;
            break;
        }
    }
    if (quantization.empty())
        quantization = "unknown";

    // OpenRouter's tries before it: the fetched provider_responses, else the order's skips.
    bool earlierFailures = false;
    if (attempt.internalAttemptsKnown) {
        for (const InternalAttempt &ia : attempt.internalAttempts) {
            if (ia.status >= 200 && ia.status < 300)
                continue;
            std::string iaSlug = ia.endpointTag.empty() ? names.slugFor(ia.providerName)
                                                        : std::string(tagProvider(ia.endpointTag));
            std::string iaQuant = tagPrecision(ia.endpointTag, endpoints);
            if (iaQuant.empty()) {
                for (const std::string &tag : order) {
                    if (tagProvider(tag) == iaSlug) {
                        iaQuant = tagPrecision(tag, endpoints);
                        break;
                    }
                }
            }
            EndpointObservation o;
            o.key = EndpointKey{model, iaSlug,
                                iaQuant.empty() ? "unknown"
                                                : openrouter::normalizeQuantization(iaQuant)};
            o.at = at;
            o.outcome = Outcome::FailedBeforeFirstToken;
            o.failureLatencyMs = ia.latencyMs;
            out.push_back(std::move(o));
            earlierFailures = true;
        }
    } else if (!attempt.errorClass || attempt.textBytes > 0) {
        for (std::size_t i = 0; i < servedAt && i < order.size(); ++i) {
            const std::string q = tagPrecision(order[i], endpoints);
            EndpointObservation o;
            o.key = EndpointKey{model, std::string(tagProvider(order[i])),
                                q.empty() ? "unknown" : openrouter::normalizeQuantization(q)};
            o.at = at;
            o.outcome = Outcome::FailedBeforeFirstToken;
            out.push_back(std::move(o));
            earlierFailures = true;
        }
    }
    if (slug.empty())
        return out;

    EndpointObservation served;
    served.key = EndpointKey{model, slug, quantization};
    served.at = at;
    served.servedRequest = true;
    if (!attempt.errorClass) {
        served.outcome = Outcome::Success;
    } else if (attempt.textBytes > 0 || attempt.ttftMs) {
        served.outcome = Outcome::FailedAfterFirstToken;
    } else {
        served.outcome = Outcome::FailedBeforeFirstToken;
        served.failureLatencyMs = attempt.e2eMs;
    }
    // TTFT measured across OpenRouter's failed tries would blame this endpoint for their time.
    if (!earlierFailures)
        served.ttftMs = attempt.ttftMs;
    served.decodeTokensPerSecond = attempt.decodeTokensPerSecond;
    if (attempt.costUsd
        && (attempt.costSource == CostSource::Usage || attempt.costSource == CostSource::Generation)
        && attempt.completionTokens > 0 && !attempt.tokensEstimated) {
        if (const openrouter::EndpointInfo *e = catalogEndpoint(endpoints, slug, quantization)) {
            const double listed = static_cast<double>(attempt.promptTokens) * e->pricing.prompt
                + static_cast<double>(attempt.completionTokens) * e->pricing.completion
                + e->pricing.request;
            if (listed > 0)
                served.priceRatio = *attempt.costUsd / listed;
        }
    }
    out.push_back(std::move(served));
    return out;
}

} // namespace scriptorium::routing
