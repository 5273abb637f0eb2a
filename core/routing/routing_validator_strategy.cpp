// Offline checks of the routing config's `routing` section (the strategy settings).
#include "openrouter/json_fields.h"
#include "routing/routing_validator_checker.h"
#include "routing/strategy_settings.h"

#include <algorithm>
#include <array>

namespace scriptorium::routing::detail {

namespace {

constexpr std::array<std::string_view, 11> kRoutingKeys
    = {"strategy",         "objective",       "exploration_share",    "cooldown_failures",
       "cooldown_ms",      "max_cooldown_ms", "half_life_ms",         "history_days",
       "precision_policy", "min_throughput",  "acceptable_precisions"};

const nlohmann::json *present(const nlohmann::json &obj, const char *key)
{
    auto it = obj.find(key);
    return it != obj.end() && !it->is_null() ? &*it : nullptr;
}

} // namespace

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
    auto checkName = [&](const char *key, auto fromName, std::string_view allowed) {
        if (const json *v = present(routing, key))
            expect(*v, v->is_string() && fromName(v->get_ref<const std::string &>()),
                   path + "/" + key, allowed);
    };
    checkName("strategy", strategyKindFromName, "\"adaptive\" or \"static\"");
    checkName("objective", objectiveFromName, "\"speed\", \"cost\" or \"balanced\"");
    checkName("precision_policy", precisionPolicyFromName,
              "\"fp8_first\" or \"fastest_acceptable\"");
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
    checkAcceptablePrecisions(routing);
}

void OfflineChecker::checkAcceptablePrecisions(const json &routing)
{
    const std::string path = "/routing/acceptable_precisions";
    const json *list = present(routing, "acceptable_precisions");
    if (list)
        checkQuantizationList(*list, path);
    const StrategySettings defaults;
    const json *policyValue = present(routing, "precision_policy");
    const auto policy = policyValue && policyValue->is_string()
        ? precisionPolicyFromName(policyValue->get_ref<const std::string &>())
        : std::optional(defaults.precisionPolicy);
    if (!policy || (policyValue && !policyValue->is_string()) || (list && !list->is_array()))
        return; // already a type error
    const std::vector<std::string> precisions = list
        ? openrouter::detail::strings(routing, "acceptable_precisions")
        : defaults.acceptablePrecisions;

    if (*policy == PrecisionPolicy::FastestAcceptable) {
        if (precisions.empty()) {
            m_report.add(Severity::Error, "acceptable_precisions_empty", path,
                         "precision_policy is fastest_acceptable but acceptable_precisions is "
                         "empty, so no endpoint would be acceptable",
                         "list the precisions you accept, e.g. [\"fp8\", \"fp16\", \"bf16\"]");
        } else if (std::ranges::find(precisions, "fp8") == precisions.end()) {
            m_report.add(Severity::Warning, "acceptable_precisions_without_fp8", path,
                         "acceptable_precisions does not contain fp8, so fp8 endpoints are "
                         "never chosen",
                         "add \"fp8\" unless you mean to avoid it");
        }
        return;
    }
    std::vector<std::string> sorted = precisions;
    std::vector<std::string> defaultSorted = defaults.acceptablePrecisions;
    std::ranges::sort(sorted);
    std::ranges::sort(defaultSorted);
    if (list && sorted != defaultSorted) {
        m_report.add(Severity::Info, "acceptable_precisions_unused", path,
                     "acceptable_precisions only applies with precision_policy "
                     "fastest_acceptable; with fp8_first it is not used",
                     "set precision_policy to \"fastest_acceptable\", or remove the list");
    }
}

} // namespace scriptorium::routing::detail
