#pragma once

#include "routing/adaptive_strategy.h"
#include "routing/routing_strategy.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace scriptorium::routing {

/// Ranks endpoints by a forecast that someone else supplies instead of by what was measured:
/// the clairvoyant baseline of `bench-routing`, fed before each request from the simulator's
/// /_sim/forecast (which knows the market's schedule but not its random draws). It applies the
/// same precision rule and objective as the adaptive strategy, so the two differ only in what
/// they know. Learns nothing. Thread-safe.
class ForecastStrategy final : public RoutingStrategy {
public:
    explicit ForecastStrategy(StrategySettings settings);

    std::string_view name() const override { return "oracle"; }
    /// Replaces the forecast for `model` (endpoints with their expected figures now).
    void setForecast(const std::string &model, std::vector<EndpointOutlook> endpoints);
    RoutingDecision decide(const DecisionInput &input) override;
    void observe(const AttemptRecord &, const std::vector<openrouter::EndpointInfo> &) override { }

private:
    StrategySettings m_settings;
    mutable std::mutex m_mutex;
    std::map<std::string, std::vector<EndpointOutlook>> m_forecasts;
};

} // namespace scriptorium::routing
