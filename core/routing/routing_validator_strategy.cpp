// Offline checks of the routing config's `routing` section (the strategy settings) and of its
// per-stage policies (`stages`).
#include "openrouter/json_fields.h"
#include "routing/routing_config.h"
#include "routing/routing_validator_checker.h"
#include "routing/strategy_settings.h"

#include <algorithm>
#include <array>

namespace scriptorium::routing::detail {

namespace {

constexpr std::array<std::string_view, 12> kRoutingKeys
    = {"strategy",         "objective",       "exploration_share",     "cooldown_failures",
       "cooldown_ms",      "max_cooldown_ms", "half_life_ms",          "history_days",
       "precision_policy", "min_throughput",  "acceptable_precisions", "forbidden_precisions"};

// A stage policy's fields, and those of them that only the adaptive strategy uses.
constexpr std::array<std::string_view, 7> kStageKeys = {"provider",
                                                        "degrade_to",
                                                        "objective",
                                                        "precision_policy",
                                                        "min_throughput",
                                                        "acceptable_precisions",
                                                        "forbidden_precisions"};
constexpr std::array kStageRoutingKeys = {"objective", "precision_policy", "acceptable_precisions",
                                          "forbidden_precisions", "min_throughput"};

const nlohmann::json *present(const nlohmann::json &obj, const char *key)
{
    auto it = obj.find(key);
    return it != obj.end() && !it->is_null() ? &*it : nullptr;
}

} // namespace

void OfflineChecker::checkEnumNames(const json &obj, const std::string &path)
{
    if (const json *v = present(obj, "objective"))
        expect(*v, v->is_string() && objectiveFromName(v->get_ref<const std::string &>()),
               path + "/objective", "\"speed\", \"cost\" or \"balanced\"");
    if (const json *v = present(obj, "precision_policy"))
        expect(*v, v->is_string() && precisionPolicyFromName(v->get_ref<const std::string &>()),
               path + "/precision_policy", "\"fp8_first\" or \"fastest_acceptable\"");
}

void OfflineChecker::checkRouting(const json &routing)
{
    const std::string path = "/routing";
    if (!expect(routing, routing.is_object(), path, "an object"))
        return;
    for (const auto &[key, v] : routing.items()) {
        if (std::ranges::find(kRoutingKeys, key) == kRoutingKeys.end()) {
            m_report.add(Severity::Error, "unknown_key", path + "/" + jsonPointerToken(key),
                         inQuotes(key) + " is not a field of the routing section",
                         "remove it or check its spelling (docs/routing-config.md lists the "
                         "fields)");
        }
    }
    if (const json *v = present(routing, "strategy"))
        expect(*v, v->is_string() && strategyKindFromName(v->get_ref<const std::string &>()),
               path + "/strategy", "\"adaptive\" or \"static\"");
    checkEnumNames(routing, path);
    checkNumber(routing, "exploration_share", path, 0, 0.5, false, "(a share of requests)");
    checkNumber(routing, "cooldown_failures", path, 1, 20, true, "failures");
    for (const char *key : {"cooldown_ms", "max_cooldown_ms", "half_life_ms"})
        checkNumber(routing, key, path, 0, kNoMax, false, "ms");
    checkNumber(routing, "history_days", path, 0, 90, true, "days");
    checkNumber(routing, "min_throughput", path, 0, kNoMax, false, "tokens/s (null = no floor)");

    // Relations between fields, with the defaults standing in for missing ones.
    const StrategySettings defaults;
    auto ms = [&routing](const char *key, std::chrono::milliseconds fallback) {
        const json *v = present(routing, key);
        return v && v->is_number() ? v->get<double>() : double(fallback.count());
    };
    const double cooldown = ms("cooldown_ms", defaults.cooldown);
    if (cooldown >= 0 && ms("max_cooldown_ms", defaults.maxCooldown) < cooldown) {
        const char *key = present(routing, "max_cooldown_ms") ? "max_cooldown_ms" : "cooldown_ms";
        m_report.add(Severity::Error, "range", path + "/" + key,
                     "max_cooldown_ms is smaller than cooldown_ms (a missing one takes its "
                     "default: 30000 and 300000)",
                     "make max_cooldown_ms at least cooldown_ms");
    }
    if (const json *h = present(routing, "half_life_ms");
        h && h->is_number() && h->get<double>() == 0) {
        m_report.add(Severity::Error, "range", path + "/half_life_ms",
                     "half_life_ms is 0, so every observation would weigh nothing",
                     "use a positive half-life; the default is 600000 (10 minutes)");
    }
    checkAcceptablePrecisions(routing, path, StrategySettings{});
    checkForbiddenPrecisions(routing, path, StrategySettings{});
}

void OfflineChecker::checkForbiddenPrecisions(const json &obj, const std::string &path,
                                              const StrategySettings &inherited)
{
    const std::string listPath = path + "/forbidden_precisions";
    const json *list = present(obj, "forbidden_precisions");
    if (list)
        checkQuantizationList(*list, listPath);
    if (list && !list->is_array())
        return; // already a type error
    // The effective fields: this object's where it sets them, else the inherited ones.
    StrategySettings s = inherited;
    if (list)
        s.forbiddenPrecisions = openrouter::detail::strings(obj, "forbidden_precisions");
    if (const json *v = present(obj, "precision_policy"); v && v->is_string())
        s.precisionPolicy = precisionPolicyFromName(v->get_ref<const std::string &>())
                                .value_or(s.precisionPolicy);
    if (const json *v = present(obj, "acceptable_precisions"); v && v->is_array())
        s.acceptablePrecisions = openrouter::detail::strings(obj, "acceptable_precisions");
    if (s.forbiddenPrecisions.empty()
        || (!list && !present(obj, "precision_policy") && !present(obj, "acceptable_precisions")))
        return; // nothing forbidden, or nothing changed here: checked where it was set
    const std::string at = list ? listPath : path;

    if (s.precisionPolicy == PrecisionPolicy::FastestAcceptable) {
        std::vector<std::string> allowed;
        for (const std::string &q : s.acceptablePrecisions) {
            if (!precisionForbidden(s.forbiddenPrecisions, q))
                allowed.push_back(q);
        }
        if (!s.acceptablePrecisions.empty() && allowed.empty()) {
            m_report.add(Severity::Error, "precisions_all_forbidden", at,
                         "forbidden_precisions forbids every precision in acceptable_precisions, "
                         "so no endpoint could be chosen",
                         "remove a precision from forbidden_precisions or accept another one in "
                         "acceptable_precisions");
        } else if (allowed.size() < s.acceptablePrecisions.size()) {
            m_report.add(Severity::Warning, "acceptable_precision_forbidden", at,
                         "acceptable_precisions lists a precision that forbidden_precisions "
                         "forbids; it is never chosen",
                         "remove it from one of the two lists");
        }
        return;
    }
    if (precisionForbidden(s.forbiddenPrecisions, "fp8")) {
        m_report.add(Severity::Warning, "fp8_forbidden", at,
                     "precision_policy is fp8_first but forbidden_precisions forbids fp8, so every "
                     "request skips to the degrade_to precisions",
                     "remove fp8 from forbidden_precisions, or use fastest_acceptable with the "
                     "precisions you accept");
    }
}

void OfflineChecker::checkAcceptablePrecisions(const json &obj, const std::string &path,
                                               const StrategySettings &inherited)
{
    const std::string listPath = path + "/acceptable_precisions";
    const json *list = present(obj, "acceptable_precisions");
    if (list)
        checkQuantizationList(*list, listPath);
    const json *policyValue = present(obj, "precision_policy");
    if (!list && !policyValue)
        return; // nothing set here: the inherited fields were checked where they are
    const auto policy = policyValue && policyValue->is_string()
        ? precisionPolicyFromName(policyValue->get_ref<const std::string &>())
        : std::optional(inherited.precisionPolicy);
    if (!policy || (policyValue && !policyValue->is_string()) || (list && !list->is_array()))
        return; // already a type error
    const std::vector<std::string> precisions = list
        ? openrouter::detail::strings(obj, "acceptable_precisions")
        : inherited.acceptablePrecisions;
    const std::string at = list ? listPath : path + "/precision_policy";

    if (*policy == PrecisionPolicy::FastestAcceptable) {
        if (precisions.empty()) {
            m_report.add(Severity::Error, "acceptable_precisions_empty", at,
                         "precision_policy is fastest_acceptable but acceptable_precisions is "
                         "empty, so no endpoint would be acceptable",
                         "list the precisions you accept, e.g. [\"fp8\", \"fp16\", \"bf16\"]");
        } else if (std::ranges::find(precisions, "fp8") == precisions.end()) {
            m_report.add(Severity::Warning, "acceptable_precisions_without_fp8", at,
                         "acceptable_precisions does not contain fp8, so fp8 endpoints are "
                         "never chosen",
                         "add \"fp8\" unless you mean to avoid it");
        }
        return;
    }
    std::vector<std::string> sorted = precisions;
    std::vector<std::string> defaultSorted = StrategySettings{}.acceptablePrecisions;
    std::ranges::sort(sorted);
    std::ranges::sort(defaultSorted);
    if (list && sorted != defaultSorted) {
        m_report.add(Severity::Info, "acceptable_precisions_unused", listPath,
                     "acceptable_precisions only applies with precision_policy "
                     "fastest_acceptable; with fp8_first it is not used",
                     "set precision_policy to \"fastest_acceptable\", or remove the list");
    }
}

void OfflineChecker::checkStages(const json &stages, const json *routing)
{
    if (!expect(stages, stages.is_object(), "/stages",
                "an object keyed by pipeline stage, such as {\"draft\": {…}}"))
        return;
    std::string known;
    for (std::string_view name : pipelineStageNames())
        known += (known.empty() ? "" : ", ") + std::string(name);
    for (const auto &[name, value] : stages.items()) {
        const std::string path = "/stages/" + jsonPointerToken(name);
        if (!isPipelineStage(name)) {
            m_report.add(Severity::Error, "stage_unknown", path,
                         inQuotes(name)
                             + " is not a stage of the novel pipeline, so its policy "
                               "would never apply",
                         "use one of " + known + " (stage names are lower case)");
            continue;
        }
        if (expect(value, value.is_object(), path, "an object"))
            checkStage(value, path, routing);
    }
}

void OfflineChecker::checkStage(const json &stage, const std::string &path, const json *routing)
{
    for (const auto &[key, v] : stage.items()) {
        if (std::ranges::find(kStageKeys, key) == kStageKeys.end()) {
            m_report.add(Severity::Error, "unknown_key", path + "/" + jsonPointerToken(key),
                         inQuotes(key) + " is not a field of a stage policy",
                         "use provider, degrade_to, objective, precision_policy, "
                         "acceptable_precisions, forbidden_precisions or min_throughput "
                         "(docs/routing-config.md)");
        }
    }
    if (const json *p = present(stage, "provider"))
        checkProvider(*p, path + "/provider", false);
    if (const json *d = present(stage, "degrade_to"))
        checkQuantizationList(*d, path + "/degrade_to");
    checkEnumNames(stage, path);
    checkNumber(stage, "min_throughput", path, 0, kNoMax, false, "tokens/s (0 = no floor)");

    // What the stage inherits: the routing section's fields where they are readable.
    StrategySettings inherited;
    if (routing) {
        if (const json *v = present(*routing, "precision_policy"); v && v->is_string())
            inherited.precisionPolicy = precisionPolicyFromName(v->get_ref<const std::string &>())
                                            .value_or(inherited.precisionPolicy);
        if (const json *v = present(*routing, "acceptable_precisions"); v && v->is_array())
            inherited.acceptablePrecisions
                = openrouter::detail::strings(*routing, "acceptable_precisions");
    }
    if (routing) {
        if (const json *v = present(*routing, "forbidden_precisions"); v && v->is_array())
            inherited.forbiddenPrecisions
                = openrouter::detail::strings(*routing, "forbidden_precisions");
    }
    checkAcceptablePrecisions(stage, path, inherited);
    checkForbiddenPrecisions(stage, path, inherited);

    const json *strategy = routing ? present(*routing, "strategy") : nullptr;
    const bool routingFields = std::ranges::any_of(
        kStageRoutingKeys, [&stage](const char *key) { return present(stage, key) != nullptr; });
    if (strategy && *strategy == "static" && routingFields) {
        m_report.add(Severity::Info, "stage_routing_unused", path,
                     "routing.strategy is static, so this stage's objective, precision_policy, "
                     "acceptable_precisions, forbidden_precisions and min_throughput are not "
                     "used (its provider and degrade_to are)",
                     "set routing.strategy to \"adaptive\", or remove those fields");
    }
}

} // namespace scriptorium::routing::detail
