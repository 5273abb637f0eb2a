#include "routing/routing_validator.h"

#include "openrouter/chat_request.h"
#include "openrouter/json_fields.h"
#include "routing/routing_config_providers.h"
#include "routing/routing_validator_checker.h"

#include <algorithm>
#include <array>
#include <set>

#include <nlohmann/json.hpp>

namespace scriptorium::routing {

using detail::inQuotes;
using detail::kNoMax;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 12> kQuantizations
    = {"int4", "int8",  "fp4",  "mxfp4", "nvfp4", "fp6",
       "fp8",  "mxfp8", "fp16", "bf16",  "fp32",  "unknown"};
constexpr std::array<std::string_view, 4> kSorts = {"price", "throughput", "latency", "exacto"};

constexpr std::array kModelIssues = {
    KnownModelIssue{"grok/grok-beta", true,
                    "'grok/grok-beta' is not an OpenRouter model id: xAI's models use the x-ai/ "
                    "prefix, and x-ai/grok-beta itself was retired by xAI in 2025",
                    "replace it with a current x-ai/grok-… id from 'scriptorium-cli models'"},
    KnownModelIssue{"x-ai/grok-beta", false,
                    "x-ai/grok-beta was retired by xAI (deprecated 2025-09-15) and is no longer "
                    "in OpenRouter's catalog",
                    "replace it with a current x-ai/grok-… id from 'scriptorium-cli models'"},
    KnownModelIssue{"google/gemini-2.0-flash-exp", false,
                    "google/gemini-2.0-flash-exp was never a paid id (only …:free existed) and "
                    "was removed from OpenRouter for lack of endpoints",
                    "replace it with a current google/gemini-… id from 'scriptorium-cli models'"},
};

// Author prefixes people get wrong → the prefix OpenRouter uses.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kPrefixFixes
    = {std::pair{"grok/", "x-ai/"}, std::pair{"xai/", "x-ai/"}, std::pair{"meta/", "meta-llama/"},
       std::pair{"llama/", "meta-llama/"}};

const std::set<std::string_view> kTopLevelKeys
    = {"version",    "default_model",   "models",  "offered_models", "provider",
       "degrade_to", "model_overrides", "retry",   "watchdogs",      "budget",
       "routing",    "stages",          "$schema", "comment"};
const std::set<std::string_view> kProviderKeys = {"order",
                                                  "allow_fallbacks",
                                                  "require_parameters",
                                                  "data_collection",
                                                  "zdr",
                                                  "enforce_distillable_text",
                                                  "only",
                                                  "ignore",
                                                  "quantizations",
                                                  "sort",
                                                  "preferred_min_throughput",
                                                  "preferred_max_latency",
                                                  "max_price"};

} // namespace

namespace detail {

void OfflineChecker::checkModelId(const json &value, const std::string &path, bool routed)
{
    if (!expect(value, value.is_string(), path, "a model id string"))
        return;
    const std::string id = value.get<std::string>();
    const Severity severity = routed ? Severity::Error : Severity::Warning;
    if (const KnownModelIssue *issue = findKnownModelIssue(id)) {
        m_report.add(severity, issue->invalidId ? "model_id_invalid" : "model_retired", path,
                     std::string(issue->message), std::string(issue->fix));
        return;
    }
    for (auto [wrong, right] : kPrefixFixes) {
        if (id.starts_with(wrong)) {
            const std::string fixed = std::string(right) + id.substr(wrong.size());
            m_report.add(severity, "model_id_invalid", path,
                         inQuotes(id) + " is not an OpenRouter model id: the author prefix is "
                             + std::string(right),
                         "use " + inQuotes(fixed)
                             + " if that model exists (check with "
                               "'scriptorium-cli models')");
            return;
        }
    }
    const auto slash = id.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == id.size()
        || id.find(' ') != std::string::npos) {
        m_report.add(severity, "model_id_invalid", path,
                     inQuotes(id) + " is not a model id; OpenRouter ids look like author/model",
                     "use an id such as \"meta-llama/llama-3.1-8b-instruct\"");
    }
}

void OfflineChecker::checkModelList(const json &doc, const char *key, bool routed, std::size_t max)
{
    const std::string path = std::string("/") + key;
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null())
        return;
    if (!expect(*it, it->is_array(), path, "a list of model ids"))
        return;
    if (it->size() > max) {
        m_report.add(Severity::Error, "models_too_many", path,
                     path + " has " + std::to_string(it->size())
                         + " entries; OpenRouter rejects a models list longer than 3",
                     "keep at most 3 fallback models");
    }
    for (std::size_t i = 0; i < it->size(); ++i)
        checkModelId((*it)[i], path + "/" + std::to_string(i), routed);
}

void OfflineChecker::checkQuantizationList(const json &list, const std::string &path)
{
    if (!expect(list, list.is_array(), path, "a list of quantizations such as [\"fp8\"]"))
        return;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string p = path + "/" + std::to_string(i);
        if (!expect(list[i], list[i].is_string(), p, "a quantization string"))
            continue;
        const std::string q = list[i].get<std::string>();
        if (!isKnownQuantization(q)) {
            m_report.add(Severity::Error, "quantization_value", p,
                         inQuotes(q) + " is not a quantization OpenRouter knows",
                         "use one of int4, int8, fp4, mxfp4, nvfp4, fp6, fp8, mxfp8, fp16, bf16, "
                         "fp32 (lower case)");
        }
    }
}

void OfflineChecker::checkProviderList(const json &provider, const char *key,
                                       const std::string &path)
{
    auto it = provider.find(key);
    if (it == provider.end() || it->is_null())
        return;
    const std::string listPath = path + "/" + key;
    if (!expect(*it, it->is_array(), listPath, "a list of provider names or slugs"))
        return;
    const ProviderNames names;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string p = listPath + "/" + std::to_string(i);
        if (!expect((*it)[i], (*it)[i].is_string(), p, "a provider name or slug"))
            continue;
        const std::string name = (*it)[i].get<std::string>();
        const KnownProvider *known = ProviderNames::findKnown(name);
        if (known && !known->retiredOn.empty()) {
            const bool inOrder = std::string_view(key) == "order";
            m_report.add(inOrder || std::string_view(key) == "only" ? Severity::Warning
                                                                    : Severity::Info,
                         "provider_retired", p,
                         inQuotes(name) + " is not an OpenRouter provider any more: "
                             + std::string(known->note),
                         "remove " + inQuotes(name) + " from " + listPath
                             + (inOrder ? "; the providers after it keep their order" : ""));
        } else if (!known) {
            m_report.add(Severity::Info, "provider_unverified", p,
                         inQuotes(name) + " is not in the built-in provider list (stored as "
                             + inQuotes(names.slugFor(name)) + ")",
                         "run 'scriptorium-cli config check --online' to check it against "
                         "OpenRouter's /providers");
        }
    }
}

void OfflineChecker::checkMaxPrice(const json &value, const std::string &path)
{
    if (!expect(value, value.is_object(), path,
                "an object such as {\"prompt\": 1, \"completion\": 2}"))
        return;
    for (const auto &[key, v] : value.items()) {
        const std::string p = path + "/" + jsonPointerToken(key);
        if (key != "prompt" && key != "completion" && key != "request" && key != "image"
            && key != "audio") {
            m_report.add(Severity::Error, "unknown_key", p,
                         inQuotes(key) + " is not a max_price field",
                         "use prompt, completion, request, image or audio");
            continue;
        }
        const auto price = openrouter::detail::numberOrString(v);
        if (!expect(v, price.has_value(), p, "a number (USD per million tokens)"))
            continue;
        if (*price < 0) {
            m_report.add(Severity::Error, "range", p, p + " is negative",
                         "use a price ≥ 0 in USD per million tokens");
        } else if ((key == "prompt" || key == "completion") && *price > 0 && *price < 0.001) {
            m_report.add(Severity::Warning, "max_price_unit", p,
                         p + " = " + v.dump()
                             + " looks like USD per token, but max_price is USD per million "
                               "tokens, so this excludes almost every provider",
                         "multiply by 1,000,000 (catalog prices are per token, max_price per "
                         "million)");
        }
    }
}

void OfflineChecker::checkThreshold(const json &value, const std::string &path,
                                    std::string_view unit)
{
    auto checkValue = [&](const json &v, const std::string &p) {
        if (expect(v, v.is_number(), p, "a number of " + std::string(unit)) && v.get<double>() < 0)
            m_report.add(Severity::Error, "range", p, p + " is negative",
                         "use a value ≥ 0 " + std::string(unit));
    };
    if (!value.is_object()) {
        checkValue(value, path);
        return;
    }
    for (const auto &[key, v] : value.items()) {
        const std::string p = path + "/" + jsonPointerToken(key);
        if (key != "p50" && key != "p75" && key != "p90" && key != "p99") {
            m_report.add(Severity::Error, "unknown_key", p,
                         inQuotes(key) + " is not a percentile OpenRouter knows",
                         "use p50, p75, p90 or p99");
        } else if (!v.is_null()) {
            checkValue(v, p);
        }
    }
}

void OfflineChecker::checkProvider(const json &provider, const std::string &path, bool required)
{
    if (!expect(provider, provider.is_object(), path, "an object"))
        return;
    for (const auto &[key, v] : provider.items()) {
        if (!kProviderKeys.contains(key)) {
            m_report.add(Severity::Error, "unknown_key", path + "/" + jsonPointerToken(key),
                         inQuotes(key)
                             + " is not a field of OpenRouter's provider object (it "
                               "rejects unknown fields)",
                         "remove " + inQuotes(key));
        }
    }
    if (required) {
        for (const char *key : {"order", "allow_fallbacks", "sort", "quantizations"}) {
            if (!provider.contains(key)) {
                m_report.add(Severity::Error, "required", path + "/" + key,
                             path + "/" + key + " is missing (the seed requires it)",
                             std::string("add \"") + key
                                 + "\"; the default is in "
                                   "resources/routing/default.json");
            }
        }
    }
    for (const char *key : {"order", "only", "ignore"})
        checkProviderList(provider, key, path);
    for (const char *key :
         {"allow_fallbacks", "require_parameters", "zdr", "enforce_distillable_text"}) {
        if (auto it = provider.find(key); it != provider.end() && !it->is_null())
            expect(*it, it->is_boolean(), path + "/" + key, "true or false");
    }
    if (auto it = provider.find("data_collection"); it != provider.end() && !it->is_null()) {
        const bool ok = it->is_string() && (*it == "allow" || *it == "deny");
        expect(*it, ok, path + "/data_collection", "\"allow\" or \"deny\"");
    }
    if (auto it = provider.find("quantizations"); it != provider.end() && !it->is_null())
        checkQuantizationList(*it, path + "/quantizations");
    if (auto it = provider.find("sort"); it != provider.end() && !it->is_null()) {
        auto knownSort = [](const json &v) {
            return v.is_string()
                && std::ranges::find(kSorts, v.get_ref<const std::string &>()) != kSorts.end();
        };
        if (it->is_object()) {
            const json by = it->value("by", json());
            const json partition = it->value("partition", json("model"));
            expect(by, knownSort(by), path + "/sort/by",
                   "one of \"price\", \"throughput\", \"latency\", \"exacto\"");
            expect(partition, partition == "model" || partition == "none", path + "/sort/partition",
                   "\"model\" or \"none\"");
        } else {
            expect(*it, knownSort(*it), path + "/sort",
                   "one of \"price\", \"throughput\", \"latency\", \"exacto\" or {by, partition}");
        }
    }
    if (auto it = provider.find("max_price"); it != provider.end() && !it->is_null())
        checkMaxPrice(*it, path + "/max_price");
    for (auto [key, unit] : {std::pair{"preferred_min_throughput", "tokens/s"},
                             std::pair{"preferred_max_latency", "seconds"}}) {
        if (auto it = provider.find(key); it != provider.end() && !it->is_null())
            checkThreshold(*it, path + "/" + key, unit);
    }
    if (auto it = provider.find("allow_fallbacks"); it != provider.end() && *it == false) {
        const bool hasOrder = provider.contains("order") && provider["order"].is_array()
            && !provider["order"].empty();
        const bool hasOnly
            = provider.contains("only") && provider["only"].is_array() && !provider["only"].empty();
        if (!hasOrder && !hasOnly) {
            m_report.add(Severity::Warning, "fallbacks_without_order", path + "/allow_fallbacks",
                         "allow_fallbacks is false but no order or only list says which "
                         "providers to use",
                         "add an order list, or set allow_fallbacks to true");
        }
    }
}

void OfflineChecker::checkNumber(const json &obj, const char *key, const std::string &path,
                                 double min, double max, bool integer, std::string_view unit)
{
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return;
    const std::string p = path + "/" + key;
    if (!expect(*it, integer ? it->is_number_integer() : it->is_number(), p,
                integer ? "an integer" : "a number"))
        return;
    const double v = it->get<double>();
    if (v < min || v > max) {
        m_report.add(Severity::Error, "range", p, p + " = " + it->dump() + " is out of range",
                     (max == kNoMax
                          ? "use a value of at least " + json(min).dump()
                          : "use a value from " + json(min).dump() + " to " + json(max).dump())
                         + " " + std::string(unit));
    }
}

void OfflineChecker::run(const json &doc)
{
    if (!expect(doc, doc.is_object(), "", "a JSON object"))
        return;
    for (const auto &[key, v] : doc.items()) {
        if (!kTopLevelKeys.contains(key)) {
            m_report.add(Severity::Warning, "unknown_key", "/" + jsonPointerToken(key),
                         inQuotes(key) + " is not a routing config field and is ignored",
                         "remove it or check its spelling");
        }
    }
    checkNumber(doc, "version", "", 1, 1, true, "(this build reads version 1)");
    if (auto it = doc.find("default_model"); it != doc.end() && !it->is_null()) {
        checkModelId(*it, "/default_model", true);
    } else {
        m_report.add(Severity::Warning, "required", "/default_model",
                     "no default_model: every request must name its model",
                     "add \"default_model\": \"meta-llama/llama-3.1-8b-instruct\" or another id");
    }
    checkModelList(doc, "models", true, openrouter::kMaxFallbackModels);
    checkModelList(doc, "offered_models", false, SIZE_MAX);

    if (auto it = doc.find("provider"); it != doc.end() && !it->is_null()) {
        checkProvider(*it, "/provider", true);
    } else {
        m_report.add(Severity::Error, "required", "/provider",
                     "the provider object is missing, so requests would not prefer fp8",
                     "add the provider object from resources/routing/default.json");
    }
    if (auto it = doc.find("degrade_to"); it != doc.end() && !it->is_null())
        checkQuantizationList(*it, "/degrade_to");

    if (auto it = doc.find("model_overrides"); it != doc.end() && !it->is_null()) {
        if (expect(*it, it->is_object(), "/model_overrides", "an object keyed by model id")) {
            for (const auto &[model, value] : it->items()) {
                const std::string p = "/model_overrides/" + jsonPointerToken(model);
                checkModelId(json(model), p, true);
                if (!expect(value, value.is_object(), p, "an object"))
                    continue;
                if (auto pr = value.find("provider"); pr != value.end() && !pr->is_null())
                    checkProvider(*pr, p + "/provider", false);
                if (auto d = value.find("degrade_to"); d != value.end() && !d->is_null())
                    checkQuantizationList(*d, p + "/degrade_to");
            }
        }
    }
    if (auto it = doc.find("retry"); it != doc.end() && !it->is_null()) {
        if (expect(*it, it->is_object(), "/retry", "an object")) {
            checkNumber(*it, "max_attempts", "/retry", 1, 10, true, "attempts");
            checkNumber(*it, "base_backoff_ms", "/retry", 0, 60'000, false, "ms");
            checkNumber(*it, "max_backoff_ms", "/retry", 0, 600'000, false, "ms");
            const json &r = *it;
            if (r.contains("max_attempts") && r["max_attempts"].is_number_integer()
                && r["max_attempts"].get<int>() > 3) {
                m_report.add(Severity::Warning, "retry_attempts", "/retry/max_attempts",
                             "more than 3 attempts per generation multiplies cost and latency",
                             "use 3 (the default) unless you have a reason");
            }
            if (r.contains("base_backoff_ms") && r.contains("max_backoff_ms")
                && r["base_backoff_ms"].is_number() && r["max_backoff_ms"].is_number()
                && r["max_backoff_ms"].get<double>() < r["base_backoff_ms"].get<double>()) {
                m_report.add(Severity::Error, "range", "/retry/max_backoff_ms",
                             "max_backoff_ms is smaller than base_backoff_ms",
                             "make max_backoff_ms at least base_backoff_ms");
            }
        }
    }
    if (auto it = doc.find("watchdogs"); it != doc.end() && !it->is_null()) {
        if (expect(*it, it->is_object(), "/watchdogs", "an object")) {
            for (const char *key : {"connect_ms", "first_token_ms", "idle_stall_ms", "deadline_ms"})
                checkNumber(*it, key, "/watchdogs", 0, 86'400'000, false, "ms (0 = off)");
        }
    }
    if (auto it = doc.find("budget"); it != doc.end() && !it->is_null()) {
        if (expect(*it, it->is_object(), "/budget", "an object"))
            checkNumber(*it, "max_usd", "/budget", 0, 1e9, false, "USD (null = no cap)");
    }
    const auto routing = doc.find("routing");
    if (routing != doc.end() && !routing->is_null())
        checkRouting(*routing);
    if (auto it = doc.find("stages"); it != doc.end() && !it->is_null())
        checkStages(*it, routing != doc.end() && routing->is_object() ? &*routing : nullptr);
}

} // namespace detail

std::string_view severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "info";
    }
    return "error";
}

bool ValidationReport::valid() const
{
    return count(Severity::Error) == 0;
}

std::size_t ValidationReport::count(Severity severity) const
{
    return static_cast<std::size_t>(std::ranges::count_if(
        findings, [severity](const ValidationFinding &f) { return f.severity == severity; }));
}

std::vector<ValidationFinding> ValidationReport::withRule(std::string_view rule) const
{
    std::vector<ValidationFinding> out;
    std::ranges::copy_if(findings, std::back_inserter(out),
                         [rule](const ValidationFinding &f) { return f.rule == rule; });
    return out;
}

void ValidationReport::add(Severity severity, std::string rule, std::string path,
                           std::string message, std::string fix)
{
    findings.push_back(
        {severity, std::move(rule), std::move(path), std::move(message), std::move(fix)});
}

ValidationReport validateOffline(const json &doc)
{
    ValidationReport report;
    detail::OfflineChecker(report).run(doc);
    return report;
}

ValidationReport validateOffline(const RoutingConfig &config)
{
    return validateOffline(config.toJson());
}

std::string jsonPointerToken(std::string_view key)
{
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out.push_back(c);
    }
    return out;
}

bool isKnownQuantization(std::string_view value)
{
    return std::ranges::find(kQuantizations, value) != kQuantizations.end();
}

const KnownModelIssue *findKnownModelIssue(std::string_view modelId)
{
    for (const KnownModelIssue &issue : kModelIssues) {
        if (issue.id == modelId)
            return &issue;
    }
    return nullptr;
}

} // namespace scriptorium::routing
