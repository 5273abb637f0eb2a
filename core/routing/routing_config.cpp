#include "routing/routing_config.h"

#include "openrouter/json_fields.h"
#include "routing/routing_config_json.h"
#include "routing/routing_config_providers.h"
#include "routing/routing_validator.h"
#include "util/atomic_file.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

namespace scriptorium::routing {

using nlohmann::json;
using openrouter::ProviderPreferences;

namespace detail {

Error typeError(const std::string &path, std::string_view expected)
{
    return Error{ErrorCode::Config,
                 "routing config: " + path + " must be " + std::string(expected)
                     + "; fix it or run 'scriptorium-cli config check' for details",
                 {}};
}

Status readStringList(const json &obj, const char *key, const std::string &path,
                      std::vector<std::string> &out)
{
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return {};
    if (!it->is_array())
        return fail(typeError(path + "/" + key, "a list of strings"));
    out.clear();
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string())
            return fail(typeError(path + "/" + key + "/" + std::to_string(i), "a string"));
        out.push_back((*it)[i].get<std::string>());
    }
    return {};
}

Status readForbiddenPrecisions(const json &obj, const std::string &path,
                               std::vector<std::string> &out)
{
    std::vector<std::string> list;
    if (auto s = readStringList(obj, "forbidden_precisions", path, list); !s)
        return s;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!isKnownQuantization(list[i]))
            return fail(ErrorCode::Config,
                        "routing config: " + path + "/forbidden_precisions/" + std::to_string(i)
                            + " is \"" + list[i]
                            + "\", not a precision OpenRouter knows, so it would forbid nothing; "
                              "use one of int4, int8, fp4, mxfp4, nvfp4, fp6, fp8, mxfp8, fp16, "
                              "bf16, fp32 (lower case)");
    }
    if (obj.contains("forbidden_precisions"))
        out = std::move(list);
    return {};
}

Status readMs(const json &obj, const char *key, const std::string &path,
              std::chrono::milliseconds &out)
{
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return {};
    // Beyond a year (or not finite) is no duration a watchdog or backoff can mean.
    if (!it->is_number() || !std::isfinite(it->get<double>())
        || std::abs(it->get<double>()) > 3.2e10)
        return fail(typeError(path + "/" + key, "a number of milliseconds"));
    out = std::chrono::milliseconds(static_cast<std::int64_t>(it->get<double>()));
    return {};
}

const json *section(const json &doc, const char *key, const std::string &path, Error &error)
{
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null())
        return nullptr;
    if (!it->is_object()) {
        error = typeError(path + "/" + key, "an object");
        return nullptr;
    }
    return &*it;
}

static void slugify(std::vector<std::string> &names, const ProviderNames &table)
{
    for (std::string &name : names)
        name = table.slugFor(name);
}

Result<ProviderPreferences> readProvider(const json &obj, const std::string &path)
{
    // Check the list fields here so the error carries the element path.
    std::vector<std::string> scratch;
    for (const char *key : {"order", "only", "ignore", "quantizations"}) {
        if (auto s = readStringList(obj, key, path, scratch); !s)
            return fail(s.error());
    }
    auto prefs = openrouter::providerPreferencesFromJson(obj);
    if (!prefs)
        return fail(ErrorCode::Config, "routing config: " + path + ": " + prefs.error().message);
    const ProviderNames table;
    slugify(prefs->order, table);
    slugify(prefs->only, table);
    slugify(prefs->ignore, table);
    return prefs;
}

void mergeInto(ProviderPreferences &base, const ProviderPreferences &over)
{
    if (!over.order.empty())
        base.order = over.order;
    if (over.allowFallbacks)
        base.allowFallbacks = over.allowFallbacks;
    if (over.requireParameters)
        base.requireParameters = over.requireParameters;
    if (over.dataCollection)
        base.dataCollection = over.dataCollection;
    if (over.zdr)
        base.zdr = over.zdr;
    if (!over.only.empty())
        base.only = over.only;
    if (!over.ignore.empty())
        base.ignore = over.ignore;
    if (!over.quantizations.empty())
        base.quantizations = over.quantizations;
    if (over.enforceDistillableText)
        base.enforceDistillableText = over.enforceDistillableText;
    if (over.sort)
        base.sort = over.sort;
    // A threshold is replaced whole (not per percentile): the override says what it wants.
    if (over.preferredMinThroughput)
        base.preferredMinThroughput = over.preferredMinThroughput;
    if (over.preferredMaxLatency)
        base.preferredMaxLatency = over.preferredMaxLatency;
    if (over.maxPrice)
        base.maxPrice = over.maxPrice;
}

Status readInt(const json &obj, const char *key, const std::string &path, int &out)
{
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return {};
    if (!it->is_number_integer())
        return fail(typeError(path + "/" + key, "an integer"));
    out = it->get<int>();
    return {};
}

} // namespace detail

using namespace detail;

namespace {

/// The `routing` section; missing keys keep the StrategySettings defaults.
Status readStrategy(const json &r, StrategySettings &out)
{
    if (auto s = readEnum(r, "strategy", "/routing", &strategyKindFromName,
                          "\"adaptive\" or \"static\"", out.strategy);
        !s)
        return s;
    if (auto s = readEnum(r, "objective", "/routing", &objectiveFromName,
                          "\"speed\", \"cost\" or \"balanced\"", out.objective);
        !s)
        return s;
    if (auto s = readEnum(r, "precision_policy", "/routing", &precisionPolicyFromName,
                          "\"fp8_first\" or \"fastest_acceptable\"", out.precisionPolicy);
        !s)
        return s;
    if (auto it = r.find("exploration_share"); it != r.end() && !it->is_null()) {
        if (!it->is_number())
            return fail(typeError("/routing/exploration_share", "a number from 0 to 0.5"));
        out.explorationShare = it->get<double>();
    }
    for (auto [key, slot] : {std::pair{"cooldown_failures", &out.cooldownFailures},
                             std::pair{"history_days", &out.historyDays}}) {
        if (auto s = readInt(r, key, "/routing", *slot); !s)
            return s;
    }
    for (auto [key, slot] :
         {std::pair{"cooldown_ms", &out.cooldown}, std::pair{"max_cooldown_ms", &out.maxCooldown},
          std::pair{"half_life_ms", &out.halfLife}}) {
        if (auto s = readMs(r, key, "/routing", *slot); !s)
            return s;
    }
    if (auto s = readStringList(r, "acceptable_precisions", "/routing", out.acceptablePrecisions);
        !s)
        return s;
    if (auto s = readForbiddenPrecisions(r, "/routing", out.forbiddenPrecisions); !s)
        return s;
    if (auto it = r.find("min_throughput"); it != r.end() && !it->is_null()) {
        if (!it->is_number())
            return fail(typeError("/routing/min_throughput", "a number of tokens/s or null"));
        out.minThroughput = it->get<double>();
    }
    return {};
}

json strategyToJson(const StrategySettings &s)
{
    json out = {{"strategy", strategyKindName(s.strategy)},
                {"objective", objectiveName(s.objective)},
                {"exploration_share", s.explorationShare},
                {"cooldown_failures", s.cooldownFailures},
                {"cooldown_ms", s.cooldown.count()},
                {"max_cooldown_ms", s.maxCooldown.count()},
                {"half_life_ms", s.halfLife.count()},
                {"history_days", s.historyDays},
                {"precision_policy", precisionPolicyName(s.precisionPolicy)},
                {"acceptable_precisions", s.acceptablePrecisions},
                {"min_throughput", s.minThroughput ? json(*s.minThroughput) : json(nullptr)}};
    // Written only when set: the shipped default (every other key spelled out) forbids nothing.
    if (!s.forbiddenPrecisions.empty())
        out["forbidden_precisions"] = s.forbiddenPrecisions;
    return out;
}

} // namespace

RoutingConfig RoutingConfig::defaults()
{
    auto config = fromText(defaultRoutingConfigText());
    // The embedded default is validated by the tests; a broken build must not limp on.
    if (!config)
        std::abort();
    return *config;
}

Result<RoutingConfig> RoutingConfig::fromJson(const json &doc)
{
    if (!doc.is_object())
        return fail(typeError("/", "a JSON object"));
    RoutingConfig out;
    if (auto it = doc.find("version"); it != doc.end() && !it->is_null()) {
        if (!it->is_number_integer())
            return fail(typeError("/version", "an integer"));
        out.version = it->get<int>();
    }
    if (auto it = doc.find("default_model"); it != doc.end() && !it->is_null()) {
        if (!it->is_string())
            return fail(typeError("/default_model", "a model id string"));
        out.defaultModel = it->get<std::string>();
    }
    if (auto s = readStringList(doc, "models", "", out.models); !s)
        return fail(s.error());
    if (auto s = readStringList(doc, "offered_models", "", out.offeredModels); !s)
        return fail(s.error());
    if (auto s = readStringList(doc, "degrade_to", "", out.degradeTo); !s)
        return fail(s.error());

    Error error;
    if (const json *p = section(doc, "provider", "", error)) {
        auto prefs = readProvider(*p, "/provider");
        if (!prefs)
            return fail(prefs.error());
        out.provider = std::move(*prefs);
    }
    if (const json *overrides = section(doc, "model_overrides", "", error)) {
        for (const auto &[model, value] : overrides->items()) {
            const std::string path = "/model_overrides/" + jsonPointerToken(model);
            if (!value.is_object())
                return fail(typeError(path, "an object"));
            ModelOverride mo;
            if (const json *p = section(value, "provider", path, error)) {
                auto prefs = readProvider(*p, path + "/provider");
                if (!prefs)
                    return fail(prefs.error());
                mo.provider = std::move(*prefs);
            }
            if (value.contains("degrade_to") && !value["degrade_to"].is_null()) {
                std::vector<std::string> chain;
                if (auto s = readStringList(value, "degrade_to", path, chain); !s)
                    return fail(s.error());
                mo.degradeTo = std::move(chain);
            }
            out.modelOverrides.emplace(model, std::move(mo));
        }
    }
    if (const json *r = section(doc, "retry", "", error)) {
        if (auto it = r->find("max_attempts"); it != r->end() && !it->is_null()) {
            if (!it->is_number_integer())
                return fail(typeError("/retry/max_attempts", "an integer"));
            out.retry.maxAttempts = it->get<int>();
        }
        for (auto [key, slot] : {std::pair{"base_backoff_ms", &out.retry.baseBackoff},
                                 std::pair{"max_backoff_ms", &out.retry.maxBackoff}}) {
            if (auto s = readMs(*r, key, "/retry", *slot); !s)
                return fail(s.error());
        }
    }
    if (const json *w = section(doc, "watchdogs", "", error)) {
        for (auto [key, slot] : {std::pair{"connect_ms", &out.watchdogs.connect},
                                 std::pair{"first_token_ms", &out.watchdogs.firstToken},
                                 std::pair{"idle_stall_ms", &out.watchdogs.idleStall},
                                 std::pair{"deadline_ms", &out.watchdogs.deadline}}) {
            if (auto s = readMs(*w, key, "/watchdogs", *slot); !s)
                return fail(s.error());
        }
    }
    if (const json *b = section(doc, "budget", "", error)) {
        if (auto it = b->find("max_usd"); it != b->end() && !it->is_null()) {
            if (!it->is_number())
                return fail(typeError("/budget/max_usd", "a number of US dollars or null"));
            out.budget.maxUsd = it->get<double>();
        }
    }
    if (const json *r = section(doc, "routing", "", error)) {
        if (auto s = readStrategy(*r, out.routing); !s)
            return fail(s.error());
    }
    if (const json *st = section(doc, "stages", "", error)) {
        auto stages = readStages(*st);
        if (!stages)
            return fail(stages.error());
        out.stages = std::move(*stages);
    }
    if (error.code == ErrorCode::Config)
        return fail(std::move(error));
    return out;
}

Result<RoutingConfig> RoutingConfig::fromText(std::string_view text)
{
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception &e) {
        // parse_error for bad syntax, out_of_range for a number nlohmann cannot hold (1e400).
        return fail(ErrorCode::Parse,
                    "routing config is not valid JSON; fix the syntax at the position shown",
                    e.what());
    }
    return fromJson(doc);
}

Result<RoutingConfig> RoutingConfig::load(const std::filesystem::path &path)
{
    auto text = readWholeFile(path);
    if (!text)
        return fail(text.error());
    auto config = fromText(*text);
    if (!config) {
        Error e = config.error();
        e.message = path.string() + ": " + e.message;
        return fail(std::move(e));
    }
    return config;
}

json RoutingConfig::toJson() const
{
    json out = json::object();
    out["version"] = version;
    out["default_model"] = defaultModel;
    out["models"] = models;
    out["offered_models"] = offeredModels;
    out["provider"] = openrouter::toJson(provider);
    out["degrade_to"] = degradeTo;
    json overrides = json::object();
    for (const auto &[model, mo] : modelOverrides) {
        json o = json::object();
        if (mo.provider)
            o["provider"] = openrouter::toJson(*mo.provider);
        if (mo.degradeTo)
            o["degrade_to"] = *mo.degradeTo;
        overrides[model] = std::move(o);
    }
    out["model_overrides"] = std::move(overrides);
    out["retry"] = {{"max_attempts", retry.maxAttempts},
                    {"base_backoff_ms", retry.baseBackoff.count()},
                    {"max_backoff_ms", retry.maxBackoff.count()}};
    out["watchdogs"] = {{"connect_ms", watchdogs.connect.count()},
                        {"first_token_ms", watchdogs.firstToken.count()},
                        {"idle_stall_ms", watchdogs.idleStall.count()},
                        {"deadline_ms", watchdogs.deadline.count()}};
    out["budget"] = {{"max_usd", budget.maxUsd ? json(*budget.maxUsd) : json(nullptr)}};
    out["routing"] = strategyToJson(routing);
    out["stages"] = stagesToJson(stages);
    return out;
}

Status RoutingConfig::save(const std::filesystem::path &path) const
{
    if (auto made = createParentDirectories(path); !made)
        return made;
    return writeFileAtomically(path, toJson().dump(2) + "\n");
}

ProviderPreferences RoutingConfig::preferencesFor(std::string_view model) const
{
    ProviderPreferences prefs = provider;
    if (auto it = modelOverrides.find(std::string(model));
        it != modelOverrides.end() && it->second.provider)
        mergeInto(prefs, *it->second.provider);
    return prefs;
}

std::vector<std::vector<std::string>> RoutingConfig::precisionSteps(std::string_view model) const
{
    const ProviderPreferences prefs = preferencesFor(model);
    std::vector<std::string> chain = degradeTo;
    if (auto it = modelOverrides.find(std::string(model));
        it != modelOverrides.end() && it->second.degradeTo)
        chain = *it->second.degradeTo;
    std::vector<std::vector<std::string>> steps{prefs.quantizations};
    if (!prefs.quantizations.empty() && !chain.empty())
        steps.push_back(std::move(chain));
    return steps;
}

ProviderPreferences RoutingConfig::providerFor(std::string_view model, std::size_t step) const
{
    ProviderPreferences prefs = preferencesFor(model);
    const auto steps = precisionSteps(model);
    prefs.quantizations = steps[std::min(step, steps.size() - 1)];
    return prefs;
}

std::filesystem::path defaultRoutingConfigPath()
{
    if (const char *xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "scriptorium" / "routing.json";
    const char *home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".config" / "scriptorium"
        / "routing.json";
}

Result<std::string> readWholeFile(const std::filesystem::path &path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return fail(ErrorCode::NotFound, "cannot find '" + path.string() + "'; check the path");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::Io,
                    "cannot read '" + path.string() + "'; check that you may read it");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return fail(ErrorCode::Io, "reading '" + path.string() + "' failed");
    return std::move(buffer).str();
}

} // namespace scriptorium::routing
