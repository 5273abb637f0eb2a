#include "sim/catalog_handlers.h"

#include "sim/market.h"

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

} // namespace

json modelJson(const Model &model)
{
    const Endpoint &cheapest
        = *std::ranges::min_element(model.endpoints, {}, [](const Endpoint &e) {
              return e.promptPerToken + e.completionPerToken;
          });
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
            {"pricing",
             {{"prompt", cheapest.promptPrice},
              {"completion", cheapest.completionPrice},
              {"request", "0"},
              {"image", "0"}}},
            {"top_provider",
             {{"context_length", model.contextLength},
              {"max_completion_tokens", maxCompletion},
              {"is_moderated", false}}},
            {"per_request_limits", nullptr},
            {"supported_parameters", params},
            {"default_parameters", json::object()},
            {"links", {{"details", "/api/v1/models/" + model.id + "/endpoints"}}}};
}

json endpointsJson(const Model &model, double simSeconds)
{
    json endpoints = json::array();
    for (const Endpoint &e : model.endpoints) {
        const bool down = e.inOutage(simSeconds);
        const double ttft = e.ttftMs.median;
        const double tps = e.throughputTps.median;
        endpoints.push_back(
            {{"name", e.providerName + " | " + model.id},
             {"model_id", model.id},
             {"model_name", model.name},
             {"provider_name", e.providerName},
             {"tag", e.tag},
             {"quantization", e.quantization},
             {"pricing",
              {{"prompt", e.promptPrice},
               {"completion", e.completionPrice},
               {"request", "0"},
               {"image", "0"}}},
             {"context_length", e.contextLength},
             {"max_completion_tokens", e.maxCompletionTokens},
             {"max_prompt_tokens", nullptr},
             {"supported_parameters", e.supportedParameters},
             {"status", down ? -2 : 0},
             {"uptime_last_30m", down ? 0.0 : 100.0},
             {"uptime_last_5m", down ? 0.0 : 100.0},
             {"uptime_last_1d", down ? 0.0 : 100.0},
             {"latency_last_30m",
              {{"p50", ttft}, {"p75", ttft * 1.2}, {"p90", ttft * 1.5}, {"p99", ttft * 2.5}}},
             {"throughput_last_30m",
              {{"p50", tps}, {"p75", tps * 0.9}, {"p90", tps * 0.8}, {"p99", tps * 0.6}}},
             {"supports_implicit_caching", false}});
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

} // namespace scriptorium::sim
