#pragma once

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

struct Market;
struct Model;

/// GET /models entry for a model (pricing of its cheapest endpoint with the market events in
/// force at `simSeconds`, limits over all endpoints).
nlohmann::json modelJson(const Market &market, const Model &model, double simSeconds);
/// GET /models/{author}/{slug}/endpoints body for a model: prices, status, uptime and the
/// latency/throughput percentiles with the events in force at `simSeconds`.
nlohmann::json endpointsJson(const Market &market, const Model &model, double simSeconds);
/// GET /providers body.
nlohmann::json providersJson(const Market &market);
/// GET /_sim/forecast body: each endpoint's expected values at `simSeconds` (the market's
/// medians and base failure rates with the events in force; no random draws).
nlohmann::json forecastJson(const Market &market, const Model &model, double simSeconds);

} // namespace scriptorium::sim
