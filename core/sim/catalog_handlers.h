#pragma once

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

struct Market;
struct Model;

/// GET /models entry for a model (pricing and limits of its cheapest endpoint).
nlohmann::json modelJson(const Model &model);
/// GET /models/{author}/{slug}/endpoints body for a model.
nlohmann::json endpointsJson(const Model &model, double simSeconds);
/// GET /providers body.
nlohmann::json providersJson(const Market &market);

} // namespace scriptorium::sim
