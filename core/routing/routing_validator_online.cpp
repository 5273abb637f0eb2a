// Online half of the routing validator: the config against OpenRouter's catalog.
#include "routing/model_catalog.h"
#include "routing/routing_config_providers.h"
#include "routing/routing_validator.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace scriptorium::routing {

using namespace openrouter;

namespace {

std::string inQuotes(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

std::string perMillion(double perToken)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "$%.4g/M", Pricing::perMillion(perToken));
    return buf;
}

std::string joined(const std::vector<std::string> &items)
{
    std::string out;
    for (const std::string &s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

bool matchesAny(const std::vector<std::string> &wanted, std::string_view served)
{
    return std::ranges::any_of(
        wanted, [served](const std::string &w) { return quantizationMatches(w, served); });
}

/// A model the config routes requests to, with where it appears in the file.
struct RoutedModel {
    std::string id;
    std::string path;
    std::string providerPath; ///< path of the provider object that applies
};

class OnlineChecker {
public:
    OnlineChecker(const RoutingConfig &config, ModelCatalog &catalog, ValidationReport &report)
        : m_config(config)
        , m_catalog(catalog)
        , m_report(report)
    {
    }

    void run();

private:
    void noteStale(bool stale, std::string_view what);
    void checkProviders(const std::vector<std::string> &list, const std::string &path);
    void checkModelEndpoints(const RoutedModel &model);
    void checkPrices(const RoutedModel &model, const std::vector<EndpointInfo> &eligible,
                     const ProviderPreferences &prefs);

    const RoutingConfig &m_config;
    ModelCatalog &m_catalog;
    ValidationReport &m_report;
    std::set<std::string> m_providerSlugs;
    std::set<std::string> m_modelIds;
    ProviderNames m_names;
    bool m_staleNoted = false;
};

void OnlineChecker::noteStale(bool stale, std::string_view what)
{
    if (!stale || m_staleNoted)
        return;
    m_staleNoted = true;
    m_report.add(Severity::Info, "catalog_stale", "",
                 "OpenRouter could not be reached; " + std::string(what)
                     + " were checked against an old cached catalog",
                 "check the connection and --base-url, then run the check again");
}

void OnlineChecker::checkProviders(const std::vector<std::string> &list, const std::string &path)
{
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string &slug = list[i];
        const std::string base = slug.substr(0, slug.find('/'));
        if (m_providerSlugs.contains(base))
            continue;
        const KnownProvider *known = ProviderNames::findKnown(base);
        std::string message = inQuotes(m_names.displayNameFor(slug))
            + " is not a provider on OpenRouter (not in /providers)";
        if (known && !known->retiredOn.empty())
            message += ": " + std::string(known->note);
        m_report.add(Severity::Error,
                     known && !known->retiredOn.empty() ? "provider_retired" : "provider_unknown",
                     path + "/" + std::to_string(i), message,
                     "remove it from " + path
                         + "; 'scriptorium-cli models --model ID' lists "
                           "who serves a model");
    }
}

void OnlineChecker::checkPrices(const RoutedModel &model, const std::vector<EndpointInfo> &eligible,
                                const ProviderPreferences &prefs)
{
    if (!prefs.maxPrice || eligible.empty())
        return;
    const MaxPrice &max = *prefs.maxPrice;
    std::size_t excluded = 0;
    double cheapestPrompt = 1e9;
    double cheapestCompletion = 1e9;
    for (const EndpointInfo &e : eligible) {
        cheapestPrompt = std::min(cheapestPrompt, e.pricing.prompt);
        cheapestCompletion = std::min(cheapestCompletion, e.pricing.completion);
        const bool over = (max.prompt && Pricing::perMillion(e.pricing.prompt) > *max.prompt)
            || (max.completion && Pricing::perMillion(e.pricing.completion) > *max.completion);
        if (over)
            ++excluded;
    }
    const std::string path = model.providerPath + "/max_price";
    if (excluded == eligible.size()) {
        m_report.add(Severity::Error, "max_price_excludes_all", path,
                     "max_price excludes every endpoint of " + model.id + " (cheapest: prompt "
                         + perMillion(cheapestPrompt) + ", completion "
                         + perMillion(cheapestCompletion) + "; max_price is USD per million)",
                     "raise max_price to at least those prices, or choose another model");
    } else if (excluded > 0) {
        m_report.add(Severity::Info, "max_price_excludes_some", path,
                     "max_price excludes " + std::to_string(excluded) + " of "
                         + std::to_string(eligible.size()) + " endpoints of " + model.id,
                     "nothing to do unless you want those providers");
    }
}

void OnlineChecker::checkModelEndpoints(const RoutedModel &model)
{
    auto eps = m_catalog.endpoints(model.id);
    if (!eps) {
        m_report.add(Severity::Warning, "catalog_unavailable", model.path,
                     "could not read the endpoints of " + model.id + ": " + eps.error().message,
                     "run the check again when OpenRouter is reachable");
        return;
    }
    noteStale(eps->stale, "endpoints");
    const std::vector<EndpointInfo> &endpoints = eps->value.endpoints;
    const ProviderPreferences prefs = m_config.preferencesFor(model.id);
    const auto steps = m_config.precisionSteps(model.id);
    const std::vector<std::string> &wanted = steps.front();
    const std::string wantedText = wanted.empty() ? "any precision" : joined(wanted);

    // Each preferred provider: does it serve the model, and at the requested precision?
    for (std::size_t i = 0; i < prefs.order.size(); ++i) {
        const std::string &slug = prefs.order[i];
        const std::string base = slug.substr(0, slug.find('/'));
        if (!m_providerSlugs.contains(base))
            continue; // already reported by checkProviders()
        std::vector<std::string> served;
        for (const EndpointInfo &e : endpoints) {
            const bool same
                = slug.find('/') == std::string::npos ? e.providerSlug() == base : e.tag == slug;
            if (same && std::ranges::find(served, e.quantization) == served.end())
                served.push_back(e.quantization);
        }
        const std::string name = m_names.displayNameFor(slug);
        const std::string path = model.providerPath + "/order/" + std::to_string(i);
        if (served.empty()) {
            m_report.add(Severity::Warning, "provider_not_serving", path,
                         name + " does not serve " + model.id + " (for " + model.path
                             + "); OpenRouter skips it",
                         "nothing breaks; remove it from the order if it never serves your "
                         "models");
        } else if (!wanted.empty() && std::ranges::none_of(served, [&](const std::string &q) {
                       return matchesAny(wanted, q);
                   })) {
            m_report.add(Severity::Warning, "provider_lacks_precision", path,
                         name + " serves " + model.id + " only at " + joined(served) + ", not "
                             + wantedText,
                         "requests to it degrade to degrade_to precisions; remove it from the "
                         "order if you want "
                             + wantedText + " only");
        }
    }

    // The model as a whole: which precision step can be served at all?
    std::vector<EndpointInfo> eligible;
    std::size_t servedStep = steps.size();
    for (std::size_t s = 0; s < steps.size() && servedStep == steps.size(); ++s) {
        for (const EndpointInfo &e : endpoints) {
            if (steps[s].empty() || matchesAny(steps[s], e.quantization))
                eligible.push_back(e);
        }
        if (!eligible.empty())
            servedStep = s;
    }
    if (servedStep == steps.size()) {
        std::vector<std::string> available;
        for (const EndpointInfo &e : endpoints) {
            if (std::ranges::find(available, e.quantization) == available.end())
                available.push_back(e.quantization);
        }
        m_report.add(Severity::Error, "no_endpoint_at_precision", model.path,
                     "no endpoint serves " + model.id + " at " + wantedText
                         + " or any degrade_to precision (it is served at "
                         + (available.empty() ? std::string("nothing") : joined(available)) + ")",
                     "add one of those precisions to degrade_to, or choose another model");
    } else if (servedStep > 0) {
        m_report.add(
            Severity::Warning, "no_fp8_endpoint", model.path,
            "no endpoint serves " + model.id + " at " + wantedText + "; requests will degrade to "
                + joined(steps[servedStep]) + " and be marked degraded",
            "accept the degradation, or choose a model that has " + wantedText + " endpoints");
    }
    checkPrices(model, eligible, prefs);
}

void OnlineChecker::run()
{
    auto providers = m_catalog.providers();
    if (!providers) {
        m_report.add(Severity::Error, "catalog_unavailable", "",
                     "could not read OpenRouter's provider list: " + providers.error().message,
                     "check the connection, --base-url and OPENROUTER_API_KEY, then retry");
        return;
    }
    noteStale(providers->stale, "providers");
    m_names.merge(providers->value);
    for (const ProviderInfo &p : providers->value)
        m_providerSlugs.insert(p.slug);
    checkProviders(m_config.provider.order, "/provider/order");
    checkProviders(m_config.provider.only, "/provider/only");
    checkProviders(m_config.provider.ignore, "/provider/ignore");
    for (const auto &[model, mo] : m_config.modelOverrides) {
        if (mo.provider)
            checkProviders(mo.provider->order,
                           "/model_overrides/" + jsonPointerToken(model) + "/provider/order");
    }
    for (const auto &[stage, policy] : m_config.stages) {
        if (!policy.provider)
            continue;
        const std::string path = "/stages/" + jsonPointerToken(stage) + "/provider";
        checkProviders(policy.provider->order, path + "/order");
        checkProviders(policy.provider->only, path + "/only");
        checkProviders(policy.provider->ignore, path + "/ignore");
    }

    auto models = m_catalog.models();
    if (!models) {
        m_report.add(Severity::Error, "catalog_unavailable", "",
                     "could not read OpenRouter's model list: " + models.error().message,
                     "check the connection and --base-url, then retry");
        return;
    }
    noteStale(models->stale, "models");
    for (const ModelInfo &m : models->value)
        m_modelIds.insert(m.id);

    std::vector<RoutedModel> routed;
    if (!m_config.defaultModel.empty())
        routed.push_back({m_config.defaultModel, "/default_model", "/provider"});
    for (std::size_t i = 0; i < m_config.models.size(); ++i)
        routed.push_back({m_config.models[i], "/models/" + std::to_string(i), "/provider"});
    for (const auto &[model, mo] : m_config.modelOverrides) {
        const std::string p = "/model_overrides/" + jsonPointerToken(model);
        routed.push_back({model, p, mo.provider ? p + "/provider" : std::string("/provider")});
    }

    auto suggestion = [this](const std::string &id) {
        const std::string tail = id.substr(id.find('/') + 1);
        for (const std::string &known : m_modelIds) {
            if (known.substr(known.find('/') + 1) == tail)
                return "did you mean " + inQuotes(known) + "? ";
        }
        return std::string();
    };
    std::set<std::string> checked;
    for (const RoutedModel &model : routed) {
        if (!m_modelIds.contains(model.id)) {
            m_report.add(Severity::Error, "model_not_found", model.path,
                         inQuotes(model.id) + " is not in OpenRouter's model catalog",
                         suggestion(model.id) + "pick a current id from 'scriptorium-cli models'");
            continue;
        }
        if (checked.insert(model.id + "\n" + model.providerPath).second)
            checkModelEndpoints(model);
    }
    for (std::size_t i = 0; i < m_config.offeredModels.size(); ++i) {
        const std::string &id = m_config.offeredModels[i];
        if (!m_modelIds.contains(id)) {
            m_report.add(Severity::Warning, "model_not_found",
                         "/offered_models/" + std::to_string(i),
                         inQuotes(id)
                             + " is not in OpenRouter's model catalog; offering it would "
                               "only produce errors",
                         suggestion(id) + "remove it or replace it with a current id");
        }
    }
}

} // namespace

ValidationReport validateOnline(const RoutingConfig &config, ModelCatalog &catalog)
{
    ValidationReport report;
    OnlineChecker(config, catalog, report).run();
    return report;
}

} // namespace scriptorium::routing
