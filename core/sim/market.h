#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

/// A log-normal draw: `median × exp(sigma × N(0,1))`.
struct Distribution {
    double median = 0.0;
    double sigma = 0.0;
};

/// Per-attempt probabilities of random faults; all 0 in the default market.
struct FailureRates {
    double http429 = 0.0;
    double http502 = 0.0;
    double midStreamError = 0.0;
    double stall = 0.0;
    double abruptClose = 0.0;
};

/// A window, in simulated seconds since the simulator started, during which an endpoint fails.
struct Outage {
    double startS = 0.0;
    double endS = 0.0;
};

/// One provider endpoint of a model.
struct Endpoint {
    std::string providerSlug;
    std::string providerName; ///< display name, resolved from the provider list
    std::string tag; ///< routing slug, e.g. "deepinfra/fp8"
    std::string quantization; ///< fp8, bf16, …, or "unknown"
    std::string promptPrice; ///< USD per token, as a decimal string (wire form)
    std::string completionPrice;
    double promptPerToken = 0.0;
    double completionPerToken = 0.0;
    std::int64_t contextLength = 0;
    std::int64_t maxCompletionTokens = 0;
    std::vector<std::string> supportedParameters;
    bool trainsOnData = false;
    bool zdr = false;
    Distribution ttftMs;
    Distribution throughputTps;
    FailureRates failures;
    std::vector<Outage> outages;

    bool inOutage(double simSeconds) const;
    /// True when an outage overlapped [simSeconds − 30, simSeconds].
    bool recentlyDown(double simSeconds) const;
    bool supports(const std::string &parameter) const;
};

struct Model {
    std::string id;
    std::string name;
    std::string description;
    std::int64_t created = 0;
    std::int64_t contextLength = 0;
    std::vector<Endpoint> endpoints;
};

struct Provider {
    std::string name;
    std::string slug;
    bool trainsOnData = false;
    bool zdr = false;
};

/// An API key the market knows. Unknown non-empty keys are unlimited inference keys.
struct KeySpec {
    std::string key;
    std::optional<double> limit; ///< USD; 402 once spent
    bool revoked = false; ///< 401
    bool management = false; ///< /credits answers only for these
    double credits = 0.0;
};

/// A market profile: models × provider endpoints, keys and timing knobs. Immutable once
/// loaded; shared read-only between server threads. Format: docs/simulator.md.
struct Market {
    std::string name;
    std::string defaultModel;
    double generationRecordDelayMs = 800.0;
    double keepaliveIntervalMs = 300.0;
    double slowNonStreamWhitespaceAfterMs = 5000.0;
    std::int64_t completionTokensMin = 150;
    std::int64_t completionTokensMax = 600;
    std::vector<Provider> providers;
    std::vector<Model> models;
    std::vector<std::string> retiredModels;
    std::vector<KeySpec> keys;

    const Model *findModel(const std::string &id) const;
    const Provider *findProvider(const std::string &slug) const;
    bool isRetired(const std::string &id) const;
    const KeySpec *findKey(const std::string &key) const;
};

/// Parses a market profile. Errors: ErrorCode::Parse for bad JSON, ErrorCode::Config for a
/// profile that is well-formed JSON but incomplete or inconsistent.
Result<Market> parseMarket(const std::string &jsonText);

/// Loads "default", "degraded" (compiled in from resources/sim/) or a file path.
/// Errors: ErrorCode::NotFound / ErrorCode::Io for an unreadable file, plus parseMarket's.
Result<Market> loadMarket(const std::string &nameOrPath);

/// The compiled-in profile text for "default" or "degraded"; empty for another name.
std::string embeddedMarket(const std::string &name);

} // namespace scriptorium::sim
