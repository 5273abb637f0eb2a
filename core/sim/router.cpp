#include "sim/router.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace scriptorium::sim {

namespace {

using nlohmann::json;

std::string lower(std::string text)
{
    std::ranges::transform(text, text.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

struct FilterOutcome {
    std::vector<const Endpoint *> kept;
    std::vector<std::string> excludedBy; ///< filters that removed at least one endpoint
    std::string lastField; ///< the filter that removed the last endpoints
    std::string lastDetail;
};

template<typename Pred>
void applyFilter(FilterOutcome &out, const std::string &name, const std::string &detail, Pred keep)
{
    std::vector<const Endpoint *> next;
    for (const Endpoint *e : out.kept)
        if (keep(*e))
            next.push_back(e);
    if (next.size() != out.kept.size()) {
        out.excludedBy.push_back(name);
        if (next.empty() && out.lastField.empty()) {
            out.lastField = name;
            out.lastDetail = detail;
        }
    }
    out.kept = std::move(next);
}

FilterOutcome filterEndpoints(const Market &market, const Model &model, const ChatRequest &request,
                              double simSeconds)
{
    const ProviderPreferences &p = request.provider;
    FilterOutcome out;
    for (const Endpoint &e : model.endpoints)
        out.kept.push_back(&e);
    auto matchesAny = [](const std::vector<std::string> &list, const Endpoint &e) {
        return std::ranges::any_of(
            list, [&](const std::string &s) { return providerEntryMatches(s, e); });
    };
    if (!p.only.empty())
        applyFilter(out, "allowed_providers", "provider.only",
                    [&](const Endpoint &e) { return matchesAny(p.only, e); });
    if (!p.ignore.empty())
        applyFilter(out, "allowed_providers", "provider.ignore",
                    [&](const Endpoint &e) { return !matchesAny(p.ignore, e); });
    if (!p.quantizations.empty())
        applyFilter(out, "quantization", "provider.quantizations", [&](const Endpoint &e) {
            return quantizationMatches(p.quantizations, e.quantization);
        });
    if (p.maxPromptPerMillion || p.maxCompletionPerMillion)
        applyFilter(out, "max_price", "provider.max_price", [&](const Endpoint &e) {
            const double eps = 1e-12;
            const double factor = market.effects(model, e, simSeconds).priceFactor;
            return (!p.maxPromptPerMillion
                    || e.promptPerToken * factor * 1e6 <= *p.maxPromptPerMillion + eps)
                && (!p.maxCompletionPerMillion
                    || e.completionPerToken * factor * 1e6 <= *p.maxCompletionPerMillion + eps);
        });
    applyFilter(out, "context_length", "max_tokens / context length", [&](const Endpoint &e) {
        const std::int64_t wanted = request.maxTokens.value_or(0);
        return wanted <= e.maxCompletionTokens && request.promptTokens + wanted <= e.contextLength;
    });
    if (p.requireParameters)
        applyFilter(
            out, "require_parameters", "provider.require_parameters", [&](const Endpoint &e) {
                return std::ranges::all_of(request.usedParameters, [&](const std::string &param) {
                    return e.supports(param);
                });
            });
    if (p.denyDataCollection)
        applyFilter(out, "data_policy:training", "provider.data_collection",
                    [](const Endpoint &e) { return !e.trainsOnData; });
    if (p.zdr)
        applyFilter(out, "data_policy:zdr", "provider.zdr",
                    [](const Endpoint &e) { return e.zdr; });
    if (p.enforceDistillableText && !model.distillable)
        applyFilter(out, "distillable_text", "provider.enforce_distillable_text",
                    [](const Endpoint &) { return false; });
    return out;
}

// Prompt + completion price per token, with the price factor in force.
double priceKey(const Candidate &c)
{
    return (c.endpoint->promptPerToken + c.endpoint->completionPerToken) * c.effects.priceFactor;
}

double throughputKey(const Candidate &c)
{
    return c.endpoint->throughputTps.median * c.effects.throughputFactor;
}

double latencyKey(const Candidate &c)
{
    return c.endpoint->ttftMs.median * c.effects.ttftFactor;
}

void sortEndpoints(std::vector<Candidate> &list, const std::string &by)
{
    std::ranges::stable_sort(list, [&](const Candidate &a, const Candidate &b) {
        if (by == "price")
            return priceKey(a) < priceKey(b);
        if (by == "throughput")
            return throughputKey(a) > throughputKey(b);
        return latencyKey(a) < latencyKey(b); // latency
    });
}

// Price-based load balancing: stable endpoints first, each next pick weighted by 1/price².
std::vector<Candidate> loadBalance(const Market &market, std::vector<Candidate> pool,
                                   double simSeconds, Rng &rng)
{
    std::vector<Candidate> stable;
    std::vector<Candidate> down;
    for (const Candidate &c : pool)
        (market.recentlyDown(*c.model, *c.endpoint, simSeconds) ? down : stable).push_back(c);
    std::vector<Candidate> ordered;
    while (!stable.empty()) {
        std::vector<double> weights;
        double total = 0.0;
        for (const Candidate &c : stable) {
            const double price = std::max(priceKey(c), 1e-12);
            weights.push_back(1.0 / (price * price));
            total += weights.back();
        }
        double pick = rng.uniform() * total;
        std::size_t chosen = stable.size() - 1;
        for (std::size_t i = 0; i < stable.size(); ++i) {
            if (pick < weights[i]) {
                chosen = i;
                break;
            }
            pick -= weights[i];
        }
        ordered.push_back(stable[chosen]);
        stable.erase(stable.begin() + static_cast<std::ptrdiff_t>(chosen));
    }
    ordered.insert(ordered.end(), down.begin(), down.end());
    return ordered;
}

std::vector<Candidate> orderModel(const Market &market, std::vector<Candidate> pool,
                                  const ProviderPreferences &p, double simSeconds, Rng &rng)
{
    if (!p.order.empty()) {
        std::vector<Candidate> first;
        for (const std::string &entry : p.order) {
            for (auto it = pool.begin(); it != pool.end();) {
                if (providerEntryMatches(entry, *it->endpoint)) {
                    first.push_back(*it);
                    it = pool.erase(it);
                } else {
                    ++it;
                }
            }
        }
        if (p.allowFallbacks) {
            std::vector<Candidate> rest;
            if (!p.sortBy.empty()) {
                rest = pool;
                sortEndpoints(rest, p.sortBy);
            } else {
                rest = loadBalance(market, pool, simSeconds, rng);
            }
            first.insert(first.end(), rest.begin(), rest.end());
        }
        return first;
    }
    if (!p.sortBy.empty()) {
        sortEndpoints(pool, p.sortBy);
        return pool;
    }
    return loadBalance(market, std::move(pool), simSeconds, rng);
}

// Soft preferences: endpoints that miss a performance cutoff go last, never away.
void deprioritiseSlow(std::vector<Candidate> &list, const ProviderPreferences &p)
{
    if (!p.preferredMinThroughput && !p.preferredMaxLatency)
        return;
    std::ranges::stable_partition(list, [&](const Candidate &c) {
        return meetsPerformancePreferences(p, *c.endpoint, c.effects);
    });
}

HttpError availabilityError(const ChatRequest &request, const std::string &modelId,
                            const FilterOutcome &outcome)
{
    const bool privacy = outcome.lastField.starts_with("data_policy");
    const bool providers = outcome.lastField == "allowed_providers";
    std::string message;
    if (privacy)
        message = std::string("No endpoints found matching your data policy (")
            + (outcome.lastField == "data_policy:zdr" ? "Zero data retention"
                                                      : "Paid model training")
            + "). Configure: https://openrouter.ai/settings/privacy";
    else if (providers)
        message = "No allowed providers are available for the selected model.";
    else
        message = "No endpoints found for " + modelId + " that satisfy your routing constraints ("
            + outcome.lastDetail + ").";
    json availability
        = {{"code", privacy ? "privacy_restricted" : "constraint_filtered"},
           {"retryable", false},
           {"requested_models", request.models},
           {"excluded_by", outcome.excludedBy},
           {"constraint", {{"field", outcome.lastField}, {"detail", outcome.lastDetail}}},
           {"docs_url", "https://openrouter.ai/docs/guides/routing/provider-selection"}};
    json metadata = {{"error_type", "not_found"}};
    if (providers) {
        metadata["requested_providers"]
            = request.provider.only.empty() ? request.provider.order : request.provider.only;
    }
    HttpError error = makeError(404, message, std::move(metadata));
    error.body["error"]["error_type"] = "not_found";
    error.body["error"]["http_status"] = 404;
    error.body["error"]["availability"] = std::move(availability);
    return error;
}

} // namespace

bool providerEntryMatches(const std::string &entry, const Endpoint &endpoint)
{
    const std::string e = lower(entry);
    return e == endpoint.providerSlug || e == lower(endpoint.tag)
        || e == lower(endpoint.providerName);
}

bool meetsPerformancePreferences(const ProviderPreferences &preferences, const Endpoint &endpoint,
                                 const EventEffects &effects)
{
    auto meets = [](const std::optional<PerformanceCutoff> &cutoff, const PercentileStats &stats,
                    auto ok) {
        if (!cutoff)
            return true;
        return (!cutoff->p50 || ok(stats.p50, *cutoff->p50))
            && (!cutoff->p75 || ok(stats.p75, *cutoff->p75))
            && (!cutoff->p90 || ok(stats.p90, *cutoff->p90))
            && (!cutoff->p99 || ok(stats.p99, *cutoff->p99));
    };
    const PercentileStats tps = throughputStats(endpoint, effects);
    const PercentileStats ttftMs = latencyStats(endpoint, effects);
    const PercentileStats ttftS{ttftMs.p50 / 1000.0, ttftMs.p75 / 1000.0, ttftMs.p90 / 1000.0,
                                ttftMs.p99 / 1000.0};
    return meets(preferences.preferredMinThroughput, tps,
                 [](double value, double cutoff) { return value >= cutoff; })
        && meets(preferences.preferredMaxLatency, ttftS,
                 [](double value, double cutoff) { return value <= cutoff; });
}

bool quantizationMatches(const std::vector<std::string> &wanted, const std::string &quantization)
{
    const std::string q = lower(quantization);
    return std::ranges::any_of(wanted, [&](const std::string &w0) {
        const std::string w = lower(w0);
        return w == q || (w == "fp8" && q == "mxfp8")
            || (w == "fp4" && (q == "mxfp4" || q == "nvfp4"));
    });
}

std::expected<RoutePlan, HttpError> routeRequest(const Market &market, const ChatRequest &request,
                                                 double simSeconds, Rng &rng)
{
    ChatRequest effective = request;
    std::vector<const Model *> models;
    std::vector<std::string> retired;
    for (std::size_t i = 0; i < request.models.size(); ++i) {
        std::string id = request.models[i];
        // Variant suffixes: :nitro sorts by throughput, :floor by price.
        if (const auto colon = id.find(':'); colon != std::string::npos) {
            const std::string variant = id.substr(colon + 1);
            id.resize(colon);
            if (i == 0 && effective.provider.sortBy.empty()) {
                if (variant == "nitro")
                    effective.provider.sortBy = "throughput";
                else if (variant == "floor")
                    effective.provider.sortBy = "price";
            }
        }
        if (const Model *m = market.findModel(id)) {
            models.push_back(m);
        } else if (market.isRetired(id)) {
            retired.push_back(id);
        } else {
            HttpError error = makeError(400, id + " is not a valid model ID",
                                        {{"error_type", "invalid_request"}});
            error.body["error"]["availability"] = {{"code", "model_not_found"},
                                                   {"retryable", false},
                                                   {"requested_models", request.models}};
            return std::unexpected(error);
        }
    }
    if (models.empty()) {
        HttpError error = makeError(404,
                                    "The model " + retired.front()
                                        + " has been deprecated and is no longer available. "
                                          "Choose a current model from /api/v1/models.",
                                    {{"error_type", "not_found"}});
        error.body["error"]["availability"] = {{"code", "model_deprecated"},
                                               {"retryable", false},
                                               {"requested_models", request.models}};
        return std::unexpected(error);
    }

    std::vector<std::vector<Candidate>> perModel;
    std::optional<HttpError> firstFailure;
    for (std::size_t i = 0; i < models.size(); ++i) {
        FilterOutcome outcome = filterEndpoints(market, *models[i], effective, simSeconds);
        if (outcome.kept.empty()) {
            if (!firstFailure)
                firstFailure = availabilityError(effective, models[i]->id, outcome);
            continue;
        }
        std::vector<Candidate> pool;
        for (const Endpoint *e : outcome.kept)
            pool.push_back({models[i], e, i, market.effects(*models[i], *e, simSeconds)});
        perModel.push_back(std::move(pool));
    }
    if (perModel.empty())
        return std::unexpected(*firstFailure);

    RoutePlan plan;
    if (effective.provider.partition == "none" && !effective.provider.sortBy.empty()
        && effective.provider.order.empty()) {
        for (auto &pool : perModel)
            plan.candidates.insert(plan.candidates.end(), pool.begin(), pool.end());
        sortEndpoints(plan.candidates, effective.provider.sortBy);
        deprioritiseSlow(plan.candidates, effective.provider);
        return plan;
    }
    for (auto &pool : perModel) {
        std::vector<Candidate> ordered
            = orderModel(market, std::move(pool), effective.provider, simSeconds, rng);
        deprioritiseSlow(ordered, effective.provider);
        plan.candidates.insert(plan.candidates.end(), ordered.begin(), ordered.end());
    }
    if (plan.candidates.empty()) {
        FilterOutcome outcome;
        outcome.excludedBy = {"allowed_providers"};
        outcome.lastField = "allowed_providers";
        outcome.lastDetail = "provider.order with allow_fallbacks false";
        return std::unexpected(availabilityError(effective, models.front()->id, outcome));
    }
    return plan;
}

} // namespace scriptorium::sim
