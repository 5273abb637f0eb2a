#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::routing {

/// Which provider order a request carries: the config's own (`static`, the phase-1 behaviour,
/// byte-for-byte) or one ranked per request from what was measured (`adaptive`).
enum class StrategyKind { Static, Adaptive };

/// What the adaptive ranking minimises: the expected time to finish the request, the expected
/// cost, or a blend of both.
enum class RoutingObjective { Speed, Cost, Balanced };

/// Which precisions the adaptive strategy may pick. `FastestAcceptable` lets it trade precision
/// for speed among `acceptablePrecisions`; `Fp8First` ranks only fp8 endpoints and degrades
/// exactly as the static strategy does (when no fp8 endpoint is usable).
enum class PrecisionPolicy { Fp8First, FastestAcceptable };

/// The `routing` section of the routing config (docs/routing-config.md). A plain value.
struct StrategySettings {
    StrategyKind strategy = StrategyKind::Adaptive;
    RoutingObjective objective = RoutingObjective::Speed;
    /// Share of requests (0–0.5) that put an under-sampled endpoint first.
    double explorationShare = 0.05;
    /// Consecutive failures before an endpoint cools down, and for how long (doubling on each
    /// failed half-open probe, up to maxCooldown).
    int cooldownFailures = 3;
    std::chrono::milliseconds cooldown{30'000};
    std::chrono::milliseconds maxCooldown{300'000};
    /// Evidence half-life: an observation this old weighs half as much as a new one.
    std::chrono::milliseconds halfLife{600'000};
    /// How many days of the library's attempt records prime the estimates at start.
    int historyDays = 3;
    PrecisionPolicy precisionPolicy = PrecisionPolicy::Fp8First;
    /// With FastestAcceptable: the precisions it may choose from.
    std::vector<std::string> acceptablePrecisions{"fp8", "fp16", "bf16"};
    /// Precisions the writer never wants, whatever the policy ("fp4" also forbids mxfp4 and
    /// nvfp4): the adaptive strategy never orders such an endpoint and removes them from the
    /// request's `quantizations`.
    std::vector<std::string> forbiddenPrecisions;
    /// With objective `cost`: the slowest decode speed (tokens/s) the writer accepts; endpoints
    /// expected below it are ranked after every endpoint that meets it. nullopt: the config's
    /// `provider.preferred_min_throughput` p50, else no floor.
    std::optional<double> minThroughput;

    bool operator==(const StrategySettings &) const = default;
};

/// True when `quantization` (an endpoint's, normalised) is one of `forbidden` (fp4 covers
/// mxfp4 and nvfp4, fp8 covers mxfp8).
bool precisionForbidden(const std::vector<std::string> &forbidden, std::string_view quantization);

/// A request's `quantizations` filter without the forbidden precisions: `wanted` minus them,
/// or, when `wanted` is empty (any precision), every precision OpenRouter knows but them.
/// `wanted` itself when nothing is forbidden. May be empty: every wanted precision is forbidden.
std::vector<std::string> withoutForbidden(const std::vector<std::string> &wanted,
                                          const std::vector<std::string> &forbidden);

std::string_view strategyKindName(StrategyKind kind);
std::optional<StrategyKind> strategyKindFromName(std::string_view name);
std::string_view objectiveName(RoutingObjective objective);
std::optional<RoutingObjective> objectiveFromName(std::string_view name);
std::string_view precisionPolicyName(PrecisionPolicy policy);
std::optional<PrecisionPolicy> precisionPolicyFromName(std::string_view name);

} // namespace scriptorium::routing
