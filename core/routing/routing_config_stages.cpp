// The routing config's per-stage policies: the `stages` object and RoutingConfig::forStage().
#include "routing/routing_config.h"
#include "routing/routing_config_json.h"
#include "routing/routing_validator.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

namespace scriptorium::routing {

using nlohmann::json;

namespace {

// The novel pipeline's generation stages (core/novel and the Generate dock record these names
// in `generations.stage`), and "finalize" for the three finalize stages together.
constexpr std::array<std::string_view, 11> kStageNames
    = {"bible",          "outline",          "draft",   "continue", "finalize", "summary",
       "global_summary", "character_states", "rewrite", "expand",   "beat"};

constexpr std::array<std::string_view, 3> kFinalizeStages
    = {"summary", "global_summary", "character_states"};

std::string stageList()
{
    std::string out;
    for (std::string_view name : kStageNames)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

Result<StageOverride> readStage(const json &value, const std::string &path)
{
    using namespace detail;
    if (!value.is_object())
        return fail(typeError(path, "an object"));
    StageOverride out;
    Error error;
    if (const json *p = section(value, "provider", path, error)) {
        auto prefs = readProvider(*p, path + "/provider");
        if (!prefs)
            return fail(prefs.error());
        out.provider = std::move(*prefs);
    }
    if (error.code == ErrorCode::Config)
        return fail(std::move(error));
    for (auto [key, slot] : {std::pair{"degrade_to", &out.degradeTo},
                             std::pair{"acceptable_precisions", &out.acceptablePrecisions}}) {
        if (auto it = value.find(key); it != value.end() && !it->is_null()) {
            std::vector<std::string> list;
            if (auto s = readStringList(value, key, path, list); !s)
                return fail(s.error());
            *slot = std::move(list);
        }
    }
    if (auto it = value.find("forbidden_precisions"); it != value.end() && !it->is_null()) {
        std::vector<std::string> list;
        if (auto s = readForbiddenPrecisions(value, path, list); !s)
            return fail(s.error());
        out.forbiddenPrecisions = std::move(list);
    }
    RoutingObjective objective{};
    if (value.contains("objective") && !value["objective"].is_null()) {
        if (auto s = readEnum(value, "objective", path, &objectiveFromName,
                              "\"speed\", \"cost\" or \"balanced\"", objective);
            !s)
            return fail(s.error());
        out.objective = objective;
    }
    PrecisionPolicy policy{};
    if (value.contains("precision_policy") && !value["precision_policy"].is_null()) {
        if (auto s = readEnum(value, "precision_policy", path, &precisionPolicyFromName,
                              "\"fp8_first\" or \"fastest_acceptable\"", policy);
            !s)
            return fail(s.error());
        out.precisionPolicy = policy;
    }
    if (auto it = value.find("min_throughput"); it != value.end() && !it->is_null()) {
        if (!it->is_number())
            return fail(typeError(path + "/min_throughput", "a number of tokens/s or null"));
        out.minThroughput = it->get<double>();
    }
    return out;
}

/// Applies one stage's policy to `config` (see StageOverride).
void applyStage(RoutingConfig &config, const StageOverride &stage)
{
    if (stage.provider) {
        detail::mergeInto(config.provider, *stage.provider);
        for (auto &[model, mo] : config.modelOverrides) {
            if (mo.provider)
                detail::mergeInto(*mo.provider, *stage.provider);
        }
    }
    if (stage.degradeTo) {
        config.degradeTo = *stage.degradeTo;
        for (auto &[model, mo] : config.modelOverrides) {
            if (mo.degradeTo)
                mo.degradeTo = stage.degradeTo;
        }
    }
    StrategySettings &r = config.routing;
    r.objective = stage.objective.value_or(r.objective);
    r.precisionPolicy = stage.precisionPolicy.value_or(r.precisionPolicy);
    if (stage.acceptablePrecisions)
        r.acceptablePrecisions = *stage.acceptablePrecisions;
    if (stage.forbiddenPrecisions)
        r.forbiddenPrecisions = *stage.forbiddenPrecisions;
    if (stage.minThroughput)
        r.minThroughput = stage.minThroughput;
}

} // namespace

std::span<const std::string_view> pipelineStageNames()
{
    return kStageNames;
}

bool isPipelineStage(std::string_view name)
{
    return std::ranges::find(kStageNames, name) != kStageNames.end();
}

std::vector<std::string_view> stagePolicyChain(std::string_view stage)
{
    const auto known = std::ranges::find(kStageNames, stage);
    if (known == kStageNames.end())
        return {};
    if (std::ranges::find(kFinalizeStages, stage) != kFinalizeStages.end())
        return {"finalize", *known};
    if (stage == "continue")
        return {"draft", "continue"};
    return {*known};
}

RoutingConfig RoutingConfig::forStage(std::string_view stage) const
{
    RoutingConfig out = *this;
    for (std::string_view key : stagePolicyChain(stage)) {
        if (const auto it = stages.find(std::string(key)); it != stages.end())
            applyStage(out, it->second);
    }
    return out;
}

namespace detail {

Result<std::map<std::string, StageOverride>> readStages(const json &stages)
{
    std::map<std::string, StageOverride> out;
    for (const auto &[name, value] : stages.items()) {
        const std::string path = "/stages/" + jsonPointerToken(name);
        if (!isPipelineStage(name))
            return fail(ErrorCode::Config,
                        "routing config: " + path + " is not a pipeline stage; use one of "
                            + stageList() + ", or run 'scriptorium-cli config check' for details");
        auto stage = readStage(value, path);
        if (!stage)
            return fail(stage.error());
        out.emplace(name, std::move(*stage));
    }
    return out;
}

json stagesToJson(const std::map<std::string, StageOverride> &stages)
{
    json out = json::object();
    for (const auto &[name, stage] : stages) {
        json s = json::object();
        if (stage.provider)
            s["provider"] = openrouter::toJson(*stage.provider);
        if (stage.degradeTo)
            s["degrade_to"] = *stage.degradeTo;
        if (stage.objective)
            s["objective"] = objectiveName(*stage.objective);
        if (stage.precisionPolicy)
            s["precision_policy"] = precisionPolicyName(*stage.precisionPolicy);
        if (stage.acceptablePrecisions)
            s["acceptable_precisions"] = *stage.acceptablePrecisions;
        if (stage.forbiddenPrecisions)
            s["forbidden_precisions"] = *stage.forbiddenPrecisions;
        if (stage.minThroughput)
            s["min_throughput"] = *stage.minThroughput;
        out[name] = std::move(s);
    }
    return out;
}

} // namespace detail

} // namespace scriptorium::routing
