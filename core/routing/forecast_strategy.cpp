#include "routing/forecast_strategy.h"

#include <algorithm>

namespace scriptorium::routing {

ForecastStrategy::ForecastStrategy(StrategySettings settings)
    : m_settings(std::move(settings))
{
}

void ForecastStrategy::setForecast(const std::string &model, std::vector<EndpointOutlook> endpoints)
{
    std::lock_guard lock(m_mutex);
    m_forecasts[model] = std::move(endpoints);
}

RoutingDecision ForecastStrategy::decide(const DecisionInput &input)
{
    const StrategySettings &settings = input.settings ? *input.settings : m_settings;
    RoutingDecision d;
    d.strategy = "oracle";
    std::vector<EndpointOutlook> forecast;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_forecasts.find(input.model); it != m_forecasts.end())
            forecast = it->second;
    }
    const bool widen = settings.precisionPolicy == PrecisionPolicy::FastestAcceptable
        && !settings.acceptablePrecisions.empty() && input.firstStep;
    const std::vector<std::string> allowed = withoutForbidden(
        widen ? settings.acceptablePrecisions : input.quantizations, settings.forbiddenPrecisions);
    std::erase_if(forecast, [&](const EndpointOutlook &e) {
        const std::string provider = e.tag.substr(0, e.tag.find('/'));
        if (std::ranges::find(input.excludedProviders, provider) != input.excludedProviders.end())
            return true;
        if (precisionForbidden(settings.forbiddenPrecisions, e.quantization))
            return true;
        return !allowed.empty() && std::ranges::none_of(allowed, [&](const std::string &q) {
            return openrouter::quantizationMatches(q, e.quantization);
        });
    });
    if (forecast.empty()) {
        d.reason = "no forecast for " + input.model + ": the config's order";
        return d;
    }
    const auto ranked = rankEndpoints(forecast, settings.objective, input.promptTokens,
                                      input.maxTokens, settings.minThroughput);
    // A certain failure is not an option while anything else is left.
    if (ranked.front().outlook.failureProbability >= 1.0 && input.hasNextStep
        && std::ranges::all_of(
            ranked, [](const RankedEndpoint &r) { return r.outlook.failureProbability >= 1.0; })) {
        d.useConfigOrder = false;
        d.skipStep = true;
        d.reason = "oracle: every endpoint at this precision is down";
        return d;
    }
    d.useConfigOrder = false;
    if (widen || allowed != input.quantizations)
        d.quantizations = allowed;
    // The forecast knows which endpoints are down: leave them out while others are up.
    const bool anyUp = std::ranges::any_of(
        ranked, [](const RankedEndpoint &r) { return r.outlook.failureProbability < 1.0; });
    for (const RankedEndpoint &r : ranked) {
        if (anyUp && r.outlook.failureProbability >= 1.0)
            d.ignore.push_back(r.outlook.tag);
        else
            d.order.push_back(r.outlook.tag);
    }
    d.reason = "oracle: the forecast's best is " + ranked.front().outlook.tag;
    return d;
}

} // namespace scriptorium::routing
