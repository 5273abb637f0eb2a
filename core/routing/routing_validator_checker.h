#pragma once

// Private to core/routing: the offline validator's checker, shared by routing_validator.cpp
// (the file as a whole, providers, models) and routing_validator_strategy.cpp (the `routing`
// section). Each check appends findings to the report it was given.

#include "routing/routing_validator.h"
#include "routing/strategy_settings.h"

#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace scriptorium::routing::detail {

inline std::string inQuotes(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

/// For checkNumber(): no upper bound.
inline constexpr double kNoMax = std::numeric_limits<double>::infinity();

class OfflineChecker {
public:
    explicit OfflineChecker(ValidationReport &report)
        : m_report(report)
    {
    }

    void run(const nlohmann::json &doc);

private:
    using json = nlohmann::json;

    void checkModelId(const json &value, const std::string &path, bool routed);
    void checkModelList(const json &doc, const char *key, bool routed, std::size_t max);
    void checkProvider(const json &provider, const std::string &path, bool required);
    void checkProviderList(const json &provider, const char *key, const std::string &path);
    void checkQuantizationList(const json &list, const std::string &path);
    void checkMaxPrice(const json &value, const std::string &path);
    void checkThreshold(const json &value, const std::string &path, std::string_view unit);
    void checkRouting(const json &routing);
    /// `objective` and `precision_policy` spelled as one of their names.
    void checkEnumNames(const json &obj, const std::string &path);
    /// The precision rules over an object that may set `precision_policy` and
    /// `acceptable_precisions` (the routing section or a stage), `inherited` standing in for
    /// the fields it does not set.
    void checkAcceptablePrecisions(const json &obj, const std::string &path,
                                   const StrategySettings &inherited);
    /// `forbidden_precisions` of the routing section or a stage: known values, and not every
    /// precision the policy could choose; `inherited` as for checkAcceptablePrecisions().
    void checkForbiddenPrecisions(const json &obj, const std::string &path,
                                  const StrategySettings &inherited);
    /// The `stages` object; `routing` is the routing section when it is an object.
    void checkStages(const json &stages, const json *routing);
    void checkStage(const json &stage, const std::string &path, const json *routing);
    void checkNumber(const json &obj, const char *key, const std::string &path, double min,
                     double max, bool integer, std::string_view unit);
    bool expect(const json &, bool ok, const std::string &path, std::string_view what)
    {
        if (!ok)
            m_report.add(Severity::Error, "type", path, path + " must be " + std::string(what),
                         "change the value to " + std::string(what));
        return ok;
    }

    ValidationReport &m_report;
};

} // namespace scriptorium::routing::detail
