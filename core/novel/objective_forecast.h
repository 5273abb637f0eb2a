#pragma once

#include "novel/batch_forecast.h"
#include "openrouter/catalog_json.h"
#include "routing/routing_config.h"

#include <string_view>
#include <vector>

namespace scriptorium::novel {

/// For each stage of `profile`, the endpoint the stage's effective objective
/// (`config.forStage(stage)`) would rank first for one call of the stage's average size, and
/// the endpoint the speed objective would rank first, with what the call costs and takes at
/// each. The ranking is routing::rankEndpoints over `endpoints` (the model's catalog
/// endpoints: prices, latency_last_30m and throughput_last_30m p50, 1 s and 50 tokens/s when
/// the catalog has none), restricted as the adaptive strategy restricts it: the stage's
/// precision policy (fp8 first: the first precision step that has an endpoint; fastest
/// acceptable: its acceptable precisions), `ignore` and `only`, and the cost objective's speed
/// floor. Empty with the static strategy (no ranking) or without endpoints. Pure.
std::vector<ObjectiveOutlook>
objectiveOutlooks(const ForecastProfile &profile, const routing::RoutingConfig &config,
                  std::string_view model, const std::vector<openrouter::EndpointInfo> &endpoints);

} // namespace scriptorium::novel
