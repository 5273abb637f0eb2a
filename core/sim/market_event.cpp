#include "sim/market_event.h"

#include "sim/market.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace scriptorium::sim {

namespace {

using nlohmann::json;

constexpr std::array kEventKeys
    = {std::string_view("from_s"),       std::string_view("until_s"),
       std::string_view("provider"),     std::string_view("model"),
       std::string_view("quantization"), std::string_view("throughput_factor"),
       std::string_view("ttft_factor"),  std::string_view("price_factor"),
       std::string_view("error_rate"),   std::string_view("outage"),
       std::string_view("status"),       std::string_view("latency_ms")};

// The "recently down" window of OpenRouter's load balancing, in simulated seconds.
constexpr double kRecentlyDownS = 30.0;

std::unexpected<Error> invalid(const std::string &path, const std::string &problem)
{
    return fail(ErrorCode::Config,
                path + ": " + problem + " (market \"events\"; see docs/simulator.md).");
}

bool finiteNumber(const json &j)
{
    return j.is_number() && std::isfinite(j.get<double>());
}

std::string knownKeys()
{
    std::string out;
    for (std::string_view key : kEventKeys) {
        if (!out.empty())
            out += ", ";
        out += key;
    }
    return out;
}

// Reads an optional factor into `out`; a Config error unless it is a finite number above 0.
Status readFactor(const json &event, const char *key, const std::string &path, double &out)
{
    const auto it = event.find(key);
    if (it == event.end())
        return {};
    if (!finiteNumber(*it) || it->get<double>() <= 0)
        return invalid(path + "/" + key, "must be a number greater than 0");
    out = it->get<double>();
    return {};
}

Result<MarketEvent> readEvent(const json &j, const std::string &path, const Market &market)
{
    if (!j.is_object())
        return invalid(path, "must be an object");
    for (const auto &[key, value] : j.items()) {
        if (std::ranges::find(kEventKeys, std::string_view(key)) == kEventKeys.end())
            return invalid(path + "/" + key, "unknown field; expected one of " + knownKeys());
    }
    MarketEvent e;
    const auto provider = j.find("provider");
    if (provider == j.end())
        return invalid(path + "/provider", "required; name a provider slug of the market");
    if (!provider->is_string())
        return invalid(path + "/provider", "must be a string (a provider slug)");
    e.provider = provider->get<std::string>();
    if (!market.findProvider(e.provider))
        return invalid(path + "/provider",
                       "\"" + e.provider + "\" is not a provider slug of this market");
    if (const auto model = j.find("model"); model != j.end()) {
        if (!model->is_string())
            return invalid(path + "/model", "must be a string (a model id)");
        e.model = model->get<std::string>();
        if (!market.findModel(e.model))
            return invalid(path + "/model", "\"" + e.model + "\" is not a model of this market");
    }
    if (const auto q = j.find("quantization"); q != j.end()) {
        if (!q->is_string() || q->get<std::string>().empty())
            return invalid(path + "/quantization", "must be a non-empty string, e.g. \"fp8\"");
        e.quantization = q->get<std::string>();
    }
    if (const auto from = j.find("from_s"); from != j.end()) {
        if (!finiteNumber(*from) || from->get<double>() < 0)
            return invalid(path + "/from_s", "must be a number of seconds ≥ 0");
        e.fromS = from->get<double>();
    }
    if (const auto until = j.find("until_s"); until != j.end() && !until->is_null()) {
        if (!finiteNumber(*until))
            return invalid(path + "/until_s", "must be a number of seconds (or absent: forever)");
        e.untilS = until->get<double>();
        if (e.untilS <= e.fromS)
            return invalid(path + "/until_s", "must be greater than from_s");
    }
    for (auto [key, target] :
         {std::pair{"throughput_factor", &e.throughputFactor},
          std::pair{"ttft_factor", &e.ttftFactor}, std::pair{"price_factor", &e.priceFactor}}) {
        if (auto status = readFactor(j, key, path, *target); !status)
            return fail(status.error());
    }
    if (const auto rate = j.find("error_rate"); rate != j.end()) {
        if (!finiteNumber(*rate) || rate->get<double>() < 0 || rate->get<double>() > 1)
            return invalid(path + "/error_rate", "must be a number from 0 to 1");
        e.errorRate = rate->get<double>();
    }
    if (const auto outage = j.find("outage"); outage != j.end()) {
        if (!outage->is_boolean())
            return invalid(path + "/outage", "must be true or false");
        e.outage = outage->get<bool>();
    }
    if (const auto status = j.find("status"); status != j.end()) {
        if (!status->is_number_integer() || status->get<std::int64_t>() < 400
            || status->get<std::int64_t>() > 599)
            return invalid(path + "/status", "must be an integer HTTP status from 400 to 599");
        if (!e.outage && e.errorRate <= 0)
            return invalid(path + "/status", "applies only with \"outage\": true or an error_rate");
        e.status = status->get<int>();
    }
    if (const auto latency = j.find("latency_ms"); latency != j.end()) {
        if (!finiteNumber(*latency) || latency->get<double>() <= 0)
            return invalid(path + "/latency_ms", "must be a number of milliseconds above 0");
        if (!e.outage && e.errorRate <= 0)
            return invalid(path + "/latency_ms",
                           "applies only with \"outage\": true or an error_rate");
        e.latencyMs = latency->get<double>();
    }
    const bool effect = e.throughputFactor != 1.0 || e.ttftFactor != 1.0 || e.priceFactor != 1.0
        || e.errorRate > 0 || e.outage;
    if (!effect)
        return invalid(path,
                       "has no effect; give a throughput_factor, ttft_factor or price_factor "
                       "other than 1, an error_rate above 0, or \"outage\": true");
    const bool matchesAny = std::ranges::any_of(market.models, [&](const Model &m) {
        return std::ranges::any_of(m.endpoints,
                                   [&](const Endpoint &ep) { return e.matches(m.id, ep); });
    });
    if (!matchesAny)
        return invalid(
            path,
            "matches no endpoint of the market (provider \"" + e.provider + "\""
                + (e.model.empty() ? "" : ", model \"" + e.model + "\"")
                + (e.quantization.empty() ? "" : ", quantization \"" + e.quantization + "\"")
                + ")");
    return e;
}

} // namespace

bool MarketEvent::matches(const std::string &modelId, const Endpoint &endpoint) const
{
    return endpoint.providerSlug == provider && (model.empty() || model == modelId)
        && (quantization.empty() || quantization == endpoint.quantization);
}

int EventEffects::errorStatusFor(double u) const
{
    for (const auto &[threshold, status] : errorThresholds)
        if (u < threshold)
            return status;
    return 0;
}

nlohmann::json EventEffects::toJson() const
{
    return {{"throughput_factor", throughputFactor},
            {"ttft_factor", ttftFactor},
            {"price_factor", priceFactor},
            {"error_rate", errorRate},
            {"outage", outage}};
}

EventEffects composeEffects(const Market &market, const std::string &modelId,
                            const Endpoint &endpoint, double simSeconds)
{
    EventEffects fx;
    double survive = 1.0;
    for (std::size_t i = 0; i < market.events.size(); ++i) {
        const MarketEvent &e = market.events[i];
        if (!e.inForce(simSeconds) || !e.matches(modelId, endpoint))
            continue;
        fx.events.push_back(i);
        fx.throughputFactor *= e.throughputFactor;
        fx.ttftFactor *= e.ttftFactor;
        fx.priceFactor *= e.priceFactor;
        if (e.outage || e.errorRate > 0)
            fx.failureLatencyMs = std::max(fx.failureLatencyMs, e.latencyMs);
        if (e.outage && !fx.outage) {
            fx.outage = true;
            fx.outageStatus = e.status == 0 ? 503 : e.status;
        }
        if (e.errorRate > 0) {
            survive *= 1.0 - e.errorRate;
            fx.errorThresholds.emplace_back(1.0 - survive, e.status == 0 ? 502 : e.status);
        }
    }
    fx.errorRate = 1.0 - survive;
    return fx;
}

PercentileStats latencyStats(const Endpoint &endpoint, const EventEffects &effects)
{
    const double ttft = endpoint.ttftMs.median * effects.ttftFactor;
    return {ttft, ttft * 1.2, ttft * 1.5, ttft * 2.5};
}

PercentileStats throughputStats(const Endpoint &endpoint, const EventEffects &effects)
{
    const double tps = endpoint.throughputTps.median * effects.throughputFactor;
    return {tps, tps * 0.9, tps * 0.8, tps * 0.6};
}

bool eventRecentlyDown(const Market &market, const std::string &modelId, const Endpoint &endpoint,
                       double simSeconds)
{
    return std::ranges::any_of(market.events, [&](const MarketEvent &e) {
        return e.outage && e.fromS <= simSeconds && e.untilS > simSeconds - kRecentlyDownS
            && e.matches(modelId, endpoint);
    });
}

Result<std::vector<MarketEvent>> parseMarketEvents(const nlohmann::json &events,
                                                   const Market &market)
{
    std::vector<MarketEvent> out;
    if (events.is_null())
        return out;
    if (!events.is_array())
        return invalid("/events", "must be an array of event objects");
    for (std::size_t i = 0; i < events.size(); ++i) {
        auto event = readEvent(events[i], "/events/" + std::to_string(i), market);
        if (!event)
            return fail(event.error());
        out.push_back(std::move(*event));
    }
    return out;
}

} // namespace scriptorium::sim
