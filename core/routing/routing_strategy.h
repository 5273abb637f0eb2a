#pragma once

#include "openrouter/catalog_json.h"
#include "routing/attempt_record.h"
#include "routing/strategy_settings.h"
#include "util/clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::routing {

/// What a strategy knows when it orders the endpoints for one attempt.
struct DecisionInput {
    std::string model;
    /// The precision step's `quantizations` (["fp8"] at step 0, the degrade-to list after).
    std::vector<std::string> quantizations;
    /// The model's endpoints from the catalog (empty when the catalog is unknown).
    std::vector<openrouter::EndpointInfo> endpoints;
    /// Provider slugs this generation must avoid (they stalled or broke mid-stream).
    std::vector<std::string> excludedProviders;
    std::int64_t promptTokens = 0;
    std::int64_t maxTokens = 0;
    /// True at the first precision step (fp8), false at a degrade step.
    bool firstStep = true;
    /// True when a degrade step follows this one (the strategy may ask to skip to it).
    bool hasNextStep = false;
    /// The request's stage policy (objective, precision policy, speed floor), when its stage
    /// has one; empty → the strategy's own settings.
    std::optional<StrategySettings> settings;
};

/// The order one attempt carries and why. An empty `order` with `useConfigOrder` keeps the
/// config's own `provider` object (the static behaviour).
struct RoutingDecision {
    std::string strategy = "static";
    bool useConfigOrder = true;
    std::vector<std::string> order; ///< endpoint tags, best first ("fireworks/fp8")
    std::vector<std::string> ignore; ///< endpoint tags cooling down
    /// Replaces the step's `quantizations` when not empty (fastest_acceptable widens it).
    std::vector<std::string> quantizations;
    /// No endpoint at this precision is usable now: degrade to the next step.
    bool skipStep = false;
    bool explored = false;
    bool probe = false; ///< the first endpoint is a half-open probe
    std::string reason; ///< one line, for people ("fastest expected: …")
};

/// What the local quality checks (novel::checkQuality) found in one finished generation's
/// text, tied to the endpoint that wrote it. Counts exclude findings the writer marked
/// intentional.
struct QualityObservation {
    std::string model; ///< the model that served the text
    /// The provider slug ("deepinfra") or endpoint tag ("deepinfra/fp4") that wrote the text.
    std::string provider;
    /// The precision it was served at ("fp4"); empty: the tag's suffix, else "unknown".
    std::string quantization;
    std::int64_t outputTokens = 0; ///< the text's completion tokens
    int findings = 0; ///< every finding of the local checks
    int majorFindings = 0; ///< of which major
    /// When the text was written; nullopt: now.
    std::optional<Clock::TimePoint> at;
};

/// Chooses the `provider.order` of each attempt and learns from how attempts went. The
/// Router calls decide() and observe() on its network thread; implementations must be
/// thread-safe because dashboards read them from other threads.
class RoutingStrategy {
public:
    virtual ~RoutingStrategy() = default;
    virtual std::string_view name() const = 0;
    virtual RoutingDecision decide(const DecisionInput &input) = 0;
    /// One finished attempt: `order` is what it carried, `endpoints` the model's catalog.
    virtual void observe(const AttemptRecord &attempt,
                         const std::vector<openrouter::EndpointInfo> &endpoints)
        = 0;
    /// What the local quality checks found in a finished generation's text. Strategies that
    /// do not rank by quality ignore it. Thread-safe like observe(); may be called from any
    /// thread, after observe() for the generation's attempts or without it.
    virtual void observeQuality(const QualityObservation &) { }
};

} // namespace scriptorium::routing
