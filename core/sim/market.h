#pragma once

#include "sim/market_event.h"
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

/// Per-reply probabilities that an endpoint writes badly (docs/simulator.md, "quality"); all 0
/// unless the market says otherwise. The names are the core's quality kinds.
struct QualityRates {
    double repetition = 0.0; ///< a sentence or paragraph repeated back-to-back (a loop)
    double languageDrift = 0.0; ///< a paragraph in the other language (English ↔ Chinese)
    double truncation = 0.0; ///< stops mid-sentence with finish_reason "stop"
    double metaText = 0.0; ///< "Sure! Here is the chapter:", "(Word count: 2000)", …
    double brokenJson = 0.0; ///< structured replies only: a document that does not parse

    bool any() const
    {
        return repetition > 0 || languageDrift > 0 || truncation > 0 || metaText > 0
            || brokenJson > 0;
    }
};

/// A window, in simulated seconds since the simulator started (or was reset), during which an
/// endpoint fails with 502.
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
    QualityRates quality;
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
    bool distillable = true; ///< false: provider.enforce_distillable_text excludes it
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
    std::vector<MarketEvent> events; ///< the schedule of a dynamic market; empty = static

    const Model *findModel(const std::string &id) const;
    const Provider *findProvider(const std::string &slug) const;
    bool isRetired(const std::string &id) const;
    const KeySpec *findKey(const std::string &key) const;
    /// The composed effects of the events in force on `endpoint` of `model` at `simSeconds`.
    EventEffects effects(const Model &model, const Endpoint &endpoint, double simSeconds) const;
    /// In a static `outages` window or an outage event at `simSeconds`.
    bool inOutage(const Model &model, const Endpoint &endpoint, double simSeconds) const;
    /// Down (static outage or outage event) at some time in the last 30 simulated seconds.
    bool recentlyDown(const Model &model, const Endpoint &endpoint, double simSeconds) const;
};

/// Parses a market profile. Errors: ErrorCode::Parse for bad JSON, ErrorCode::Config for a
/// profile that is well-formed JSON but incomplete or inconsistent.
Result<Market> parseMarket(const std::string &jsonText);

/// Loads a compiled-in profile (embeddedMarketNames(), from resources/sim/) or a file path.
/// Errors: ErrorCode::NotFound / ErrorCode::Io for an unreadable file, plus parseMarket's.
Result<Market> loadMarket(const std::string &nameOrPath);

/// The compiled-in profile text for one of embeddedMarketNames(); empty for another name.
std::string embeddedMarket(const std::string &name);

/// The names of the compiled-in profiles ("default", "degraded", the dynamic markets …).
std::vector<std::string> embeddedMarketNames();

} // namespace scriptorium::sim
