#include "openrouter/catalog_json.h"

#include "openrouter/json_fields.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

namespace scriptorium::openrouter {

using nlohmann::json;
using namespace detail;

namespace {

Result<json> parseData(std::string_view body, std::string_view what, bool wantArray)
{
    json doc = parseLenient(body);
    if (doc.is_discarded() || !doc.is_object())
        return fail(ErrorCode::Parse,
                    std::string(what) + ": the response is not a JSON object; check --base-url",
                    std::string(body.substr(0, 200)));
    auto it = doc.find("data");
    if (it == doc.end() || (wantArray ? !it->is_array() : !it->is_object()))
        return fail(ErrorCode::Parse,
                    std::string(what) + ": the response has no 'data' "
                        + (wantArray ? "list" : "object") + "; check --base-url",
                    std::string(body.substr(0, 200)));
    return doc;
}

// A price is a finite number ≥ 0 (OpenRouter sends "-1" for routers whose price depends on
// the model they pick, and a server may send anything): anything else is not kept.
Pricing pricingFromJson(const json &obj)
{
    Pricing p;
    const json *pr = field(obj, "pricing");
    if (!pr || !pr->is_object()) {
        p.known = false;
        return p;
    }
    auto read = [&](std::string_view key, double &slot, bool required) {
        const std::optional<double> value = optNum(*pr, key);
        if (!value) {
            p.known = p.known && !required;
            return;
        }
        if (!std::isfinite(*value) || *value < 0) {
            p.known = false;
            return;
        }
        slot = *value;
    };
    read("prompt", p.prompt, true);
    read("completion", p.completion, true);
    read("request", p.request, false);
    read("image", p.image, false);
    return p;
}

std::optional<double> p50(const json &obj, std::string_view key)
{
    const json *v = field(obj, key);
    if (!v)
        return std::nullopt;
    if (v->is_object())
        return optNum(*v, "p50");
    return numberOrString(*v);
}

} // namespace

std::string EndpointInfo::providerSlug() const
{
    const std::string_view t = tag;
    return std::string(t.substr(0, t.find('/')));
}

std::string normalizeQuantization(std::string_view quantization)
{
    if (quantization.empty() || quantization == "null")
        return "unknown";
    std::string out(quantization);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool quantizationMatches(std::string_view wanted, std::string_view served)
{
    if (wanted == served)
        return true;
    if (wanted == "fp8")
        return served == "mxfp8";
    if (wanted == "fp4")
        return served == "mxfp4" || served == "nvfp4";
    return false;
}

Result<ModelList> parseModels(std::string_view body)
{
    auto doc = parseData(body, "/models", true);
    if (!doc)
        return fail(doc.error());
    ModelList out;
    for (const json &m : (*doc)["data"]) {
        if (!m.is_object())
            continue;
        ModelInfo info;
        info.id = str(m, "id");
        if (info.id.empty())
            continue;
        info.canonicalSlug = str(m, "canonical_slug");
        info.name = str(m, "name");
        info.created = integer(m, "created");
        info.contextLength = integer(m, "context_length");
        if (const json *top = field(m, "top_provider"))
            info.maxCompletionTokens = optInt(*top, "max_completion_tokens");
        info.pricing = pricingFromJson(m);
        info.supportedParameters = strings(m, "supported_parameters");
        info.expirationDate = str(m, "expiration_date");
        out.models.push_back(std::move(info));
    }
    out.totalCount = optInt(*doc, "total_count");
    if (const json *links = field(*doc, "links"))
        out.nextLink = str(*links, "next");
    return out;
}

Result<ModelEndpoints> parseEndpoints(std::string_view body)
{
    auto doc = parseData(body, "/endpoints", false);
    if (!doc)
        return fail(doc.error());
    const json &data = (*doc)["data"];
    ModelEndpoints out;
    out.id = str(data, "id");
    out.name = str(data, "name");
    const json *endpoints = field(data, "endpoints");
    if (!endpoints || !endpoints->is_array())
        return fail(ErrorCode::Parse, "/endpoints: the response has no 'endpoints' list");
    for (const json &e : *endpoints) {
        if (!e.is_object())
            continue;
        EndpointInfo info;
        info.name = str(e, "name");
        info.modelId = str(e, "model_id");
        info.providerName = str(e, "provider_name");
        info.tag = str(e, "tag");
        if (info.tag.empty()) {
            // Old shape without tag: derive the slug from the display name.
            std::string slug = info.providerName;
            std::ranges::transform(slug, slug.begin(), [](unsigned char c) {
                return c == ' ' ? '-' : static_cast<char>(std::tolower(c));
            });
            info.tag = slug;
        }
        info.quantization = normalizeQuantization(str(e, "quantization"));
        info.pricing = pricingFromJson(e);
        info.contextLength = integer(e, "context_length");
        info.maxCompletionTokens = optInt(e, "max_completion_tokens");
        info.maxPromptTokens = optInt(e, "max_prompt_tokens");
        info.supportedParameters = strings(e, "supported_parameters");
        info.status = static_cast<int>(integer(e, "status"));
        info.uptimeLast30m = optNum(e, "uptime_last_30m");
        info.latencyP50Ms = p50(e, "latency_last_30m");
        info.throughputP50 = p50(e, "throughput_last_30m");
        out.endpoints.push_back(std::move(info));
    }
    return out;
}

Result<std::vector<ProviderInfo>> parseProviders(std::string_view body)
{
    auto doc = parseData(body, "/providers", true);
    if (!doc)
        return fail(doc.error());
    std::vector<ProviderInfo> out;
    for (const json &p : (*doc)["data"]) {
        ProviderInfo info{str(p, "name"), str(p, "slug"), str(p, "status_page_url"),
                          str(p, "headquarters")};
        if (!info.slug.empty())
            out.push_back(std::move(info));
    }
    return out;
}

Result<KeyInfo> parseKey(std::string_view body)
{
    auto doc = parseData(body, "/key", false);
    if (!doc)
        return fail(doc.error());
    const json &d = (*doc)["data"];
    KeyInfo out;
    out.label = str(d, "label");
    out.limit = optNum(d, "limit");
    out.limitRemaining = optNum(d, "limit_remaining");
    out.limitReset = str(d, "limit_reset");
    out.usage = optNum(d, "usage").value_or(0);
    out.usageDaily = optNum(d, "usage_daily").value_or(0);
    out.usageWeekly = optNum(d, "usage_weekly").value_or(0);
    out.usageMonthly = optNum(d, "usage_monthly").value_or(0);
    out.isFreeTier = optBool(d, "is_free_tier").value_or(false);
    return out;
}

Result<CreditsInfo> parseCredits(std::string_view body)
{
    auto doc = parseData(body, "/credits", false);
    if (!doc)
        return fail(doc.error());
    const json &d = (*doc)["data"];
    return CreditsInfo{optNum(d, "total_credits").value_or(0),
                       optNum(d, "total_usage").value_or(0)};
}

Result<GenerationInfo> parseGeneration(std::string_view body)
{
    auto doc = parseData(body, "/generation", false);
    if (!doc)
        return fail(doc.error());
    const json &d = (*doc)["data"];
    GenerationInfo out;
    out.id = str(d, "id");
    out.model = str(d, "model");
    out.providerName = str(d, "provider_name");
    out.totalCost = optNum(d, "total_cost");
    out.usage = optNum(d, "usage");
    out.cancelled = optBool(d, "cancelled").value_or(false);
    out.streamed = optBool(d, "streamed").value_or(false);
    out.tokensPrompt = integer(d, "tokens_prompt");
    out.tokensCompletion = integer(d, "tokens_completion");
    out.nativeTokensPrompt = integer(d, "native_tokens_prompt");
    out.nativeTokensCompletion = integer(d, "native_tokens_completion");
    out.nativeTokensReasoning = integer(d, "native_tokens_reasoning");
    out.latencyMs = optNum(d, "latency");
    out.generationTimeMs = optNum(d, "generation_time");
    out.finishReason = str(d, "finish_reason");
    out.nativeFinishReason = str(d, "native_finish_reason");
    out.createdAt = str(d, "created_at");
    if (const json *responses = field(d, "provider_responses");
        responses && responses->is_array()) {
        for (const json &r : *responses) {
            if (!r.is_object())
                continue;
            ProviderResponse entry;
            entry.providerName = str(r, "provider_name");
            entry.endpointId = str(r, "endpoint_id");
            entry.modelPermaslug = str(r, "model_permaslug");
            entry.status = static_cast<int>(integer(r, "status"));
            entry.latencyMs = optNum(r, "latency");
            out.providerResponses.push_back(std::move(entry));
        }
    }
    return out;
}

} // namespace scriptorium::openrouter
