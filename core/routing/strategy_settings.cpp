#include "routing/strategy_settings.h"

#include "openrouter/catalog_json.h"

#include <algorithm>
#include <array>
#include <utility>

namespace scriptorium::routing {

namespace {

// The names as written in the config file's "routing" section.
constexpr std::array kStrategyNames
    = {std::pair{StrategyKind::Static, std::string_view("static")},
       std::pair{StrategyKind::Adaptive, std::string_view("adaptive")}};
constexpr std::array kObjectiveNames
    = {std::pair{RoutingObjective::Speed, std::string_view("speed")},
       std::pair{RoutingObjective::Cost, std::string_view("cost")},
       std::pair{RoutingObjective::Balanced, std::string_view("balanced")}};
constexpr std::array kPolicyNames
    = {std::pair{PrecisionPolicy::Fp8First, std::string_view("fp8_first")},
       std::pair{PrecisionPolicy::FastestAcceptable, std::string_view("fastest_acceptable")}};

template<typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N> &table, Enum value)
{
    for (const auto &[e, name] : table) {
        if (e == value)
            return name;
    }
    return table.front().second;
}

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<std::pair<Enum, std::string_view>, N> &table,
                             std::string_view name)
{
    for (const auto &[e, n] : table) {
        if (n == name)
            return e;
    }
    return std::nullopt;
}

} // namespace

bool precisionForbidden(const std::vector<std::string> &forbidden, std::string_view quantization)
{
    return std::ranges::any_of(forbidden, [&](const std::string &q) {
        return openrouter::quantizationMatches(openrouter::normalizeQuantization(q),
                                               openrouter::normalizeQuantization(quantization));
    });
}

std::vector<std::string> withoutForbidden(const std::vector<std::string> &wanted,
                                          const std::vector<std::string> &forbidden)
{
    if (forbidden.empty())
        return wanted;
    // OpenRouter's quantization values (docs: provider routing, "quantizations").
    static const std::vector<std::string> kAll
        = {"int4", "int8",  "fp4",  "mxfp4", "nvfp4", "fp6",
           "fp8",  "mxfp8", "fp16", "bf16",  "fp32",  "unknown"};
    std::vector<std::string> out;
    for (const std::string &q : wanted.empty() ? kAll : wanted) {
        if (!precisionForbidden(forbidden, q))
            out.push_back(q);
    }
    return out;
}

std::string_view strategyKindName(StrategyKind kind)
{
    return nameOf(kStrategyNames, kind);
}

std::optional<StrategyKind> strategyKindFromName(std::string_view name)
{
    return fromName(kStrategyNames, name);
}

std::string_view objectiveName(RoutingObjective objective)
{
    return nameOf(kObjectiveNames, objective);
}

std::optional<RoutingObjective> objectiveFromName(std::string_view name)
{
    return fromName(kObjectiveNames, name);
}

std::string_view precisionPolicyName(PrecisionPolicy policy)
{
    return nameOf(kPolicyNames, policy);
}

std::optional<PrecisionPolicy> precisionPolicyFromName(std::string_view name)
{
    return fromName(kPolicyNames, name);
}

} // namespace scriptorium::routing
