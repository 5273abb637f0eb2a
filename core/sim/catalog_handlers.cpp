#include "sim/catalog_handlers.h"

#include "sim/market.h"
#include "sim/wire.h"

#include <algorithm>
#include <set>

namespace scriptorium::sim {

namespace {

using nlohmann::json;

json architecture()
{
    return {{"modality", "text->text"},
            {"input_modalities", {"text"}},
            {"output_modalities", {"text"}},
            {"tokenizer", "Other"},
            {"instruct_type", nullptr}};
}

// A catalog price string: the market's own text unless an event changes the price.
std::string priceText(const std::string &text, double perToken, double factor)
{
    return factor == 1.0 ? text : formatPrice(perToken * factor);
}

json pricingJson(const Endpoint &e, double factor)
{
    return {{"prompt", priceText(e.promptPrice, e.promptPerToken, factor)},
            {"completion", priceText(e.completionPrice, e.completionPerToken, factor)},
            {"request", "0"},
            {"image", "0"}};
}

json percentilesJson(const PercentileStats &p)
{
    return {{"p50", p.p50}, {"p75", p.p75}, {"p90", p.p90}, {"p99", p.p99}};
}

// Probability that an attempt fails before its first token: 1 in an outage, else the error
// rate of the events combined with the base 429 and 502 rates.
double failureProbability(const Endpoint &e, const EventEffects &fx, double simSeconds)
{
    if (fx.outage || e.inOutage(simSeconds))
        return 1.0;
    const double base = 1.0 - e.failures.http429 - e.failures.http502;
    return std::clamp(1.0 - (1.0 - fx.errorRate) * base, 0.0, 1.0);
}

} // namespace

json modelJson(const Market &market, const Model &model, double simSeconds)
{
    std::vector<double> factors;
    for (const Endpoint &e : model.endpoints)
        factors.push_back(market.effects(model, e, simSeconds).priceFactor);
    std::size_t cheapestIndex = 0;
    for (std::size_t i = 1; i < model.endpoints.size(); ++i) {
        auto price = [&](std::size_t k) {
            return (model.endpoints[k].promptPerToken + model.endpoints[k].completionPerToken)
                * factors[k];
        };
        if (price(i) < price(cheapestIndex))
            cheapestIndex = i;
    }
    const Endpoint &cheapest = model.endpoints[cheapestIndex];
    std::set<std::string> params;
    std::int64_t maxCompletion = 0;
    for (const Endpoint &e : model.endpoints) {
        params.insert(e.supportedParameters.begin(), e.supportedParameters.end());
        maxCompletion = std::max(maxCompletion, e.maxCompletionTokens);
    }
    return {{"id", model.id},
            {"canonical_slug", model.id},
            {"hugging_face_id", ""},
            {"name", model.name},
            {"created", model.created},
            {"description", model.description},
            {"context_length", model.contextLength},
            {"architecture", architecture()},
            {"pricing", pricingJson(cheapest, factors[cheapestIndex])},
            {"top_provider",
             {{"context_length", model.contextLength},
              {"max_completion_tokens", maxCompletion},
              {"is_moderated", false}}},
            {"per_request_limits", nullptr},
            {"supported_parameters", params},
            {"supported_voices", nullptr},
            {"default_parameters", json::object()},
            {"links", {{"details", "/api/v1/models/" + model.id + "/endpoints"}}}};
}

json endpointsJson(const Market &market, const Model &model, double simSeconds)
{
    json endpoints = json::array();
    for (const Endpoint &e : model.endpoints) {
        const EventEffects fx = market.effects(model, e, simSeconds);
        const bool down = fx.outage || e.inOutage(simSeconds);
        // Uptime excludes rate limits, as OpenRouter's does; error_rate events lower it.
        const double uptime = down ? 0.0 : 100.0 * (1.0 - fx.errorRate);
        const bool tools = e.supports("tools") || e.supports("tool_choice");
        endpoints.push_back(
            {{"name", e.providerName + " | " + model.id},
             {"model_id", model.id},
             {"model_name", model.name},
             {"provider_name", e.providerName},
             {"tag", e.tag},
             {"quantization", e.quantization},
             {"pricing", pricingJson(e, fx.priceFactor)},
             {"context_length", e.contextLength},
             {"max_completion_tokens", e.maxCompletionTokens},
             {"max_prompt_tokens", nullptr},
             {"supported_parameters", e.supportedParameters},
             {"status", down ? -2 : 0},
             {"uptime_last_30m", uptime},
             {"uptime_last_5m", uptime},
             {"uptime_last_1d", uptime},
             {"latency_last_30m", percentilesJson(latencyStats(e, fx))},
             {"throughput_last_30m", percentilesJson(throughputStats(e, fx))},
             {"supports_implicit_caching", false},
             {"supports_tool_choice",
              {{"auto", tools}, {"function", tools}, {"none", tools}, {"required", tools}}}});
    }
    return {{"data",
             {{"id", model.id},
              {"name", model.name},
              {"created", model.created},
              {"description", model.description},
              {"architecture", architecture()},
              {"endpoints", endpoints}}}};
}

json providersJson(const Market &market)
{
    json data = json::array();
    for (const Provider &p : market.providers)
        data.push_back({{"name", p.name},
                        {"slug", p.slug},
                        {"privacy_policy_url", nullptr},
                        {"terms_of_service_url", nullptr},
                        {"status_page_url", nullptr},
                        {"headquarters", nullptr},
                        {"datacenters", json::array()}});
    return {{"data", data}};
}

json forecastJson(const Market &market, const Model &model, double simSeconds)
{
    json endpoints = json::array();
    for (const Endpoint &e : model.endpoints) {
        const EventEffects fx = market.effects(model, e, simSeconds);
        const FailureRates &f = e.failures;
        endpoints.push_back({{"provider", e.providerSlug},
                             {"provider_name", e.providerName},
                             {"tag", e.tag},
                             {"quantization", e.quantization},
                             {"ttft_ms", e.ttftMs.median * fx.ttftFactor},
                             {"throughput_tps", e.throughputTps.median * fx.throughputFactor},
                             {"failure_probability", failureProbability(e, fx, simSeconds)},
                             {"mid_stream_failure_probability",
                              std::clamp(f.midStreamError + f.stall + f.abruptClose, 0.0, 1.0)},
                             {"failure_latency_ms",
                              fx.failureLatencyMs > 0 ? fx.failureLatencyMs
                                                      : e.ttftMs.median * fx.ttftFactor * 0.25},
                             {"prompt_price", e.promptPerToken * fx.priceFactor},
                             {"completion_price", e.completionPerToken * fx.priceFactor},
                             {"events", fx.events}});
    }
    return {{"model", model.id}, {"sim_seconds", simSeconds}, {"endpoints", endpoints}};
}

} // namespace scriptorium::sim
