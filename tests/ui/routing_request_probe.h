#pragma once

// What the routing editor's tests send: one request with a config through a Router to the
// simulator, and the simulator's record of the `provider` object it received.
#include "net/http_client.h"
#include "routing/router.h"
#include "sim/sim_server.h"

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::test {

using nlohmann::json;

inline constexpr const char *kModel = "meta-llama/llama-3.1-8b-instruct";

inline routing::RoutingConfig baseConfig()
{
    routing::RoutingConfig c = routing::RoutingConfig::defaults();
    c.defaultModel = kModel;
    c.models.clear();
    c.provider.order = {"deepinfra", "together", "fireworks"};
    return c;
}

/// Sends one request with `config` and returns the simulator's record of it.
inline json sendOne(sim::SimServer &sim, net::HttpClient &client,
                    const routing::RoutingConfig &config)
{
    routing::Router::Options options;
    options.baseUrl = sim.baseUrl();
    options.apiKey = routing::ApiKey("sk-sim-routing-editor");
    options.config = config;
    options.reconcileTimeout = std::chrono::milliseconds(0);
    routing::Router router(client, options);
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    routing::GenerationRequest request;
    request.model = kModel;
    request.messages = {{"user", "One line about the sea."}};
    request.maxTokens = 20;
    routing::GenerationCallbacks callbacks;
    callbacks.onDone = [&](const routing::GenerationResult &) {
        std::lock_guard lock(mutex);
        done = true;
        cv.notify_all();
    };
    const std::size_t before = sim.truth().size();
    if (!router.start(std::move(request), std::move(callbacks)))
        return {};
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return done; });
    const auto truth = sim.truth();
    return truth.size() > before ? truth[before] : json();
}

inline std::vector<std::string> orderOf(const json &record)
{
    return record.at("provider_request").at("order").get<std::vector<std::string>>();
}

} // namespace scriptorium::test
