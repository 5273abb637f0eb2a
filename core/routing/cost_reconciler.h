#pragma once

#include "net/http_client.h"
#include "openrouter/catalog_json.h"
#include "routing/api_key.h"
#include "util/result.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace scriptorium::routing {

/// Reconciles a generation's cost with OpenRouter's GET /generation?id=…, which covers
/// cancelled streams too but often answers 404 for a while after completion: 404 is retried
/// with exponential backoff on the network thread's timers (no caller thread sleeps).
/// The HttpClient must outlive every pending reconciliation (the reconciler itself may go
/// first: pending jobs keep what they need). Thread-safe.
class CostReconciler {
public:
    struct Options {
        std::chrono::milliseconds firstDelay{0};
        std::chrono::milliseconds backoff{250}; ///< doubled after each 404
        std::chrono::milliseconds maxBackoff{4000};
        int maxTries = 6;
    };
    using Done = std::function<void(Result<openrouter::GenerationInfo>)>;

    CostReconciler(net::HttpClient &client, std::string baseUrl, ApiKey apiKey);
    CostReconciler(net::HttpClient &client, std::string baseUrl, ApiKey apiKey, Options options);

    /// Starts polling; `done` runs once on the network thread with the record or an error
    /// (NotFound after the last 404, or the API error class).
    void reconcile(const std::string &generationId, Done done);

private:
    struct State;
    struct Job;
    static void tryOnce(std::shared_ptr<State> state, std::shared_ptr<Job> job);

    std::shared_ptr<State> m_state;
};

} // namespace scriptorium::routing
