#include "sim/market.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>

namespace scriptorium::sim {

namespace {

using nlohmann::json;

Distribution readDistribution(const json &j, double fallbackMedian)
{
    Distribution d{fallbackMedian, 0.0};
    if (j.is_object()) {
        d.median = j.value("median", fallbackMedian);
        d.sigma = j.value("sigma", 0.0);
    } else if (j.is_number()) {
        d.median = j.get<double>();
    }
    return d;
}

double priceValue(const json &j)
{
    if (j.is_string())
        return std::stod(j.get<std::string>());
    if (j.is_number())
        return j.get<double>();
    return 0.0;
}

std::string priceString(const json &j)
{
    if (j.is_string())
        return j.get<std::string>();
    std::ostringstream out;
    out << priceValue(j);
    return out.str();
}

// Reads an endpoint's "quality" object; a Config error naming the endpoint and the key for a
// key that is no defect name or a value that is not a probability.
Status readQuality(const json &j, const std::string &where, QualityRates &out)
{
    if (!j.is_object())
        return fail(ErrorCode::Config,
                    where
                        + ": \"quality\" must be an object of defect probabilities; see "
                          "docs/simulator.md.");
    const std::array<std::pair<const char *, double *>, 5> fields = {{
        {"repetition", &out.repetition},
        {"language_drift", &out.languageDrift},
        {"truncation", &out.truncation},
        {"meta_text", &out.metaText},
        {"broken_json", &out.brokenJson},
    }};
    for (const auto &[key, value] : j.items()) {
        const auto field
            = std::ranges::find_if(fields, [&](const auto &f) { return key == f.first; });
        if (field == fields.end())
            return fail(ErrorCode::Config,
                        where + ": unknown \"quality\" key \"" + key
                            + "\"; expected repetition, language_drift, truncation, meta_text "
                              "or broken_json.");
        if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0.0
            || value.get<double>() > 1.0)
            return fail(ErrorCode::Config,
                        where + ": \"quality\" key \"" + key
                            + "\" must be a probability between 0 and 1.");
        *field->second = value.get<double>();
    }
    return {};
}

Result<Endpoint> readEndpoint(const json &j, const Market &market, const Model &model)
{
    Endpoint e;
    e.providerSlug = j.at("provider").get<std::string>();
    const Provider *provider = market.findProvider(e.providerSlug);
    if (!provider)
        return fail(ErrorCode::Config,
                    "Market endpoint of " + model.id + " names unknown provider \"" + e.providerSlug
                        + "\"; add it to \"providers\".");
    e.providerName = provider->name;
    e.quantization = j.value("quantization", std::string("unknown"));
    e.tag = j.value("tag",
                    e.quantization == "unknown" ? e.providerSlug
                                                : e.providerSlug + "/" + e.quantization);
    const json &pricing = j.at("pricing");
    e.promptPrice = priceString(pricing.at("prompt"));
    e.completionPrice = priceString(pricing.at("completion"));
    e.promptPerToken = priceValue(pricing.at("prompt"));
    e.completionPerToken = priceValue(pricing.at("completion"));
    e.contextLength = j.value("context_length", model.contextLength);
    e.maxCompletionTokens = j.value("max_completion_tokens", std::int64_t{16384});
    e.supportedParameters
        = j.value("supported_parameters",
                  std::vector<std::string>{"max_tokens", "temperature", "top_p", "stop", "seed"});
    e.trainsOnData = j.value("trains_on_data", provider->trainsOnData);
    e.zdr = j.value("zdr", provider->zdr);
    e.ttftMs = readDistribution(j.value("ttft_ms", json()), 500.0);
    e.throughputTps = readDistribution(j.value("throughput_tps", json()), 60.0);
    if (e.ttftMs.median < 0 || e.throughputTps.median <= 0)
        return fail(ErrorCode::Config,
                    "Market endpoint " + e.tag + " of " + model.id
                        + " needs a positive throughput and TTFT.");
    if (auto rates = j.find("failure_rates"); rates != j.end()) {
        e.failures.http429 = rates->value("http_429", 0.0);
        e.failures.http502 = rates->value("http_502", 0.0);
        e.failures.midStreamError = rates->value("mid_stream_error", 0.0);
        e.failures.stall = rates->value("stall", 0.0);
        e.failures.abruptClose = rates->value("abrupt_close", 0.0);
    }
    if (auto quality = j.find("quality"); quality != j.end()) {
        if (auto ok
            = readQuality(*quality, "Market endpoint " + e.tag + " of " + model.id, e.quality);
            !ok)
            return fail(ok.error());
    }
    for (const json &o : j.value("outages", json::array()))
        e.outages.push_back({o.value("start_s", 0.0), o.value("end_s", 0.0)});
    return e;
}

Result<Market> parseMarketJson(const json &root)
{
    Market m;
    m.name = root.value("name", std::string("custom"));
    m.generationRecordDelayMs = root.value("generation_record_delay_ms", 800.0);
    m.keepaliveIntervalMs = root.value("keepalive_interval_ms", 300.0);
    m.slowNonStreamWhitespaceAfterMs = root.value("slow_nonstream_whitespace_after_ms", 5000.0);
    if (auto c = root.find("completion_tokens"); c != root.end()) {
        m.completionTokensMin = c->value("min", std::int64_t{150});
        m.completionTokensMax = c->value("max", std::int64_t{600});
    }
    if (m.completionTokensMin < 1 || m.completionTokensMax < m.completionTokensMin)
        return fail(ErrorCode::Config, "Market \"completion_tokens\" needs 1 ≤ min ≤ max.");
    for (const json &p : root.value("providers", json::array()))
        m.providers.push_back({p.at("name").get<std::string>(), p.at("slug").get<std::string>(),
                               p.value("trains_on_data", false), p.value("zdr", false)});
    for (const json &r : root.value("retired_models", json::array()))
        m.retiredModels.push_back(r.is_string() ? r.get<std::string>()
                                                : r.at("id").get<std::string>());
    for (const json &k : root.value("keys", json::array())) {
        KeySpec spec;
        spec.key = k.at("key").get<std::string>();
        if (k.contains("limit") && k.at("limit").is_number())
            spec.limit = k.at("limit").get<double>();
        spec.revoked = k.value("revoked", false);
        spec.management = k.value("management", false);
        spec.credits = k.value("credits", 0.0);
        m.keys.push_back(std::move(spec));
    }
    for (const json &jm : root.at("models")) {
        Model model;
        model.id = jm.at("id").get<std::string>();
        model.name = jm.value("name", model.id);
        model.description = jm.value("description", std::string());
        model.created = jm.value("created", std::int64_t{1700000000});
        model.contextLength = jm.value("context_length", std::int64_t{131072});
        model.distillable = jm.value("distillable", true);
        for (const json &je : jm.at("endpoints")) {
            auto endpoint = readEndpoint(je, m, model);
            if (!endpoint)
                return fail(endpoint.error());
            model.endpoints.push_back(std::move(*endpoint));
        }
        if (model.endpoints.empty())
            return fail(ErrorCode::Config,
                        "Market model " + model.id
                            + " has no endpoints; list it under "
                              "\"retired_models\" instead.");
        m.models.push_back(std::move(model));
    }
    m.defaultModel = root.value("default_model", m.models.empty() ? "" : m.models.front().id);
    if (m.models.empty())
        return fail(ErrorCode::Config, "The market profile has no models.");
    auto events = parseMarketEvents(root.value("events", json()), m);
    if (!events)
        return fail(events.error());
    m.events = std::move(*events);
    return m;
}

} // namespace

bool Endpoint::inOutage(double simSeconds) const
{
    return std::ranges::any_of(
        outages, [&](const Outage &o) { return simSeconds >= o.startS && simSeconds < o.endS; });
}

bool Endpoint::recentlyDown(double simSeconds) const
{
    return std::ranges::any_of(outages, [&](const Outage &o) {
        return o.startS <= simSeconds && o.endS > simSeconds - 30.0;
    });
}

bool Endpoint::supports(const std::string &parameter) const
{
    return std::ranges::find(supportedParameters, parameter) != supportedParameters.end();
}

const Model *Market::findModel(const std::string &id) const
{
    auto it = std::ranges::find(models, id, &Model::id);
    return it == models.end() ? nullptr : &*it;
}

const Provider *Market::findProvider(const std::string &slug) const
{
    auto it = std::ranges::find(providers, slug, &Provider::slug);
    return it == providers.end() ? nullptr : &*it;
}

bool Market::isRetired(const std::string &id) const
{
    return std::ranges::find(retiredModels, id) != retiredModels.end();
}

const KeySpec *Market::findKey(const std::string &key) const
{
    auto it = std::ranges::find(keys, key, &KeySpec::key);
    return it == keys.end() ? nullptr : &*it;
}

EventEffects Market::effects(const Model &model, const Endpoint &endpoint, double simSeconds) const
{
    return composeEffects(*this, model.id, endpoint, simSeconds);
}

bool Market::inOutage(const Model &model, const Endpoint &endpoint, double simSeconds) const
{
    return endpoint.inOutage(simSeconds) || effects(model, endpoint, simSeconds).outage;
}

bool Market::recentlyDown(const Model &model, const Endpoint &endpoint, double simSeconds) const
{
    return endpoint.recentlyDown(simSeconds)
        || eventRecentlyDown(*this, model.id, endpoint, simSeconds);
}

Result<Market> parseMarket(const std::string &jsonText)
{
    json root = json::parse(jsonText, nullptr, false);
    if (root.is_discarded() || !root.is_object())
        return fail(ErrorCode::Parse, "The market profile is not a JSON object; fix its syntax.");
    try {
        return parseMarketJson(root);
    } catch (const json::exception &e) {
        return fail(ErrorCode::Config,
                    "The market profile is missing a field or has a wrong type; see "
                    "docs/simulator.md for the format.",
                    e.what());
    } catch (const std::exception &e) {
        return fail(ErrorCode::Config, "The market profile has an invalid value.", e.what());
    }
}

Result<Market> loadMarket(const std::string &nameOrPath)
{
    std::string text = embeddedMarket(nameOrPath);
    if (text.empty()) {
        std::ifstream in(nameOrPath, std::ios::binary);
        if (!in) {
            std::string names;
            for (const std::string &name : embeddedMarketNames())
                names += (names.empty() ? "\"" : ", \"") + name + "\"";
            return fail(ErrorCode::NotFound,
                        "Cannot open market profile \"" + nameOrPath + "\"; use one of " + names
                            + " or a readable JSON file.");
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
    }
    return parseMarket(text);
}

} // namespace scriptorium::sim
