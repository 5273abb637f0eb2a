#include "novel/objective_forecast.h"

#include "routing/adaptive_strategy.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>

namespace scriptorium::novel {

namespace {

bool allows(const std::vector<std::string> &precisions, const openrouter::EndpointInfo &e)
{
    return precisions.empty() || std::ranges::any_of(precisions, [&e](const std::string &q) {
               return openrouter::quantizationMatches(q, e.quantization);
           });
}

bool listed(const std::vector<std::string> &slugs, const openrouter::EndpointInfo &e)
{
    const std::string slug = e.providerSlug();
    return std::ranges::any_of(slugs,
                               [&](const std::string &s) { return s == slug || s == e.tag; });
}

/// The catalog's endpoints a request of this config may be routed to, as the ranking sees them.
std::vector<routing::EndpointOutlook>
candidates(const routing::RoutingConfig &config, std::string_view model,
           const std::vector<openrouter::EndpointInfo> &endpoints)
{
    const routing::StrategySettings &settings = config.routing;
    const openrouter::ProviderPreferences prefs = config.preferencesFor(model);
    std::vector<std::vector<std::string>> steps = config.precisionSteps(model);
    if (settings.precisionPolicy == routing::PrecisionPolicy::FastestAcceptable
        && !settings.acceptablePrecisions.empty())
        steps = {settings.acceptablePrecisions};
    for (const std::vector<std::string> &step : steps) {
        std::vector<routing::EndpointOutlook> out;
        std::set<std::string> tags;
        for (const openrouter::EndpointInfo &e : endpoints) {
            if (!allows(step, e) || listed(prefs.ignore, e)
                || (!prefs.only.empty() && !listed(prefs.only, e)))
                continue;
            routing::EndpointOutlook o;
            o.tag = e.tag.empty() ? e.providerSlug() : e.tag;
            if (o.tag.empty() || !tags.insert(o.tag).second)
                continue;
            o.quantization = openrouter::normalizeQuantization(e.quantization);
            o.ttftMs = e.latencyP50Ms.value_or(1000.0);
            o.decodeTokensPerSecond = std::max(1e-3, e.throughputP50.value_or(50.0));
            o.failureLatencyMs = o.ttftMs;
            o.promptPricePerToken = e.pricing.prompt;
            o.completionPricePerToken = e.pricing.completion;
            out.push_back(std::move(o));
        }
        if (!out.empty())
            return out; // the first step with an endpoint, as the Router degrades
    }
    return {};
}

} // namespace

std::vector<ObjectiveOutlook>
objectiveOutlooks(const ForecastProfile &profile, const routing::RoutingConfig &config,
                  std::string_view model, const std::vector<openrouter::EndpointInfo> &endpoints)
{
    std::vector<ObjectiveOutlook> out;
    if (config.routing.strategy == routing::StrategyKind::Static || endpoints.empty())
        return out;
    for (const StageProfile &stage : profile.stages) {
        const routing::RoutingConfig staged = config.forStage(stage.stage);
        const std::vector<routing::EndpointOutlook> outlooks = candidates(staged, model, endpoints);
        if (outlooks.empty())
            continue;
        const routing::StrategySettings settings = routing::strategySettingsFor(staged);
        const auto prompt = static_cast<std::int64_t>(std::llround(stage.promptTokens));
        const auto completion = static_cast<std::int64_t>(std::llround(stage.completionTokens));
        const routing::RankedEndpoint chosen
            = routing::rankEndpoints(outlooks, settings.objective, prompt, completion,
                                     settings.minThroughput)
                  .front();
        const routing::RankedEndpoint fastest
            = routing::rankEndpoints(outlooks, routing::RoutingObjective::Speed, prompt, completion,
                                     std::nullopt)
                  .front();
        ObjectiveOutlook o;
        o.stage = stage.stage;
        o.objective = settings.objective;
        o.endpoint = chosen.outlook.tag;
        o.speedEndpoint = fastest.outlook.tag;
        o.costUsd = chosen.expectedUsd;
        o.speedCostUsd = fastest.expectedUsd;
        o.seconds = chosen.expectedMs / 1000.0;
        o.speedSeconds = fastest.expectedMs / 1000.0;
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace scriptorium::novel
