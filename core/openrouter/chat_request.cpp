#include "openrouter/chat_request.h"

#include "openrouter/json_fields.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace scriptorium::openrouter {

using nlohmann::json;
using namespace detail;

namespace {

Result<std::vector<std::string>> stringList(const json &obj, std::string_view key)
{
    std::vector<std::string> out;
    const json *v = field(obj, key);
    if (!v)
        return out;
    if (!v->is_array())
        return fail(ErrorCode::Parse,
                    "provider." + std::string(key) + " must be a list of strings");
    for (const json &item : *v) {
        if (!item.is_string())
            return fail(ErrorCode::Parse,
                        "provider." + std::string(key) + " must be a list of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

Result<std::optional<bool>> boolField(const json &obj, std::string_view key)
{
    const json *v = field(obj, key);
    if (!v)
        return std::optional<bool>{};
    if (!v->is_boolean())
        return fail(ErrorCode::Parse, "provider." + std::string(key) + " must be true or false");
    return std::optional<bool>(v->get<bool>());
}

} // namespace

json toJson(const MaxPrice &price)
{
    json out = json::object();
    if (price.prompt)
        out["prompt"] = *price.prompt;
    if (price.completion)
        out["completion"] = *price.completion;
    if (price.request)
        out["request"] = *price.request;
    if (price.image)
        out["image"] = *price.image;
    return out;
}

json toJson(const PerformanceThreshold &threshold)
{
    if (threshold.plain && threshold.p50 && !threshold.p75 && !threshold.p90 && !threshold.p99)
        return *threshold.p50;
    json out = json::object();
    if (threshold.p50)
        out["p50"] = *threshold.p50;
    if (threshold.p75)
        out["p75"] = *threshold.p75;
    if (threshold.p90)
        out["p90"] = *threshold.p90;
    if (threshold.p99)
        out["p99"] = *threshold.p99;
    return out;
}

json toJson(const ProviderPreferences &prefs)
{
    json out = json::object();
    if (!prefs.order.empty())
        out["order"] = prefs.order;
    if (prefs.allowFallbacks)
        out["allow_fallbacks"] = *prefs.allowFallbacks;
    if (prefs.requireParameters)
        out["require_parameters"] = *prefs.requireParameters;
    if (prefs.dataCollection)
        out["data_collection"] = *prefs.dataCollection;
    if (prefs.zdr)
        out["zdr"] = *prefs.zdr;
    if (prefs.enforceDistillableText)
        out["enforce_distillable_text"] = *prefs.enforceDistillableText;
    if (!prefs.only.empty())
        out["only"] = prefs.only;
    if (!prefs.ignore.empty())
        out["ignore"] = prefs.ignore;
    if (!prefs.quantizations.empty())
        out["quantizations"] = prefs.quantizations;
    if (prefs.sort) {
        if (prefs.sort->partition.empty())
            out["sort"] = prefs.sort->by;
        else
            out["sort"] = {{"by", prefs.sort->by}, {"partition", prefs.sort->partition}};
    }
    if (prefs.preferredMinThroughput && !prefs.preferredMinThroughput->empty())
        out["preferred_min_throughput"] = toJson(*prefs.preferredMinThroughput);
    if (prefs.preferredMaxLatency && !prefs.preferredMaxLatency->empty())
        out["preferred_max_latency"] = toJson(*prefs.preferredMaxLatency);
    if (prefs.maxPrice && !prefs.maxPrice->empty())
        out["max_price"] = toJson(*prefs.maxPrice);
    return out;
}

json toJson(const ChatRequest &request)
{
    json out = json::object();
    out["model"] = request.model;
    if (!request.models.empty())
        out["models"] = request.models;
    json messages = json::array();
    for (const ChatMessage &m : request.messages)
        messages.push_back({{"role", m.role}, {"content", m.content}});
    out["messages"] = std::move(messages);
    out["stream"] = request.stream;
    if (request.maxTokens)
        out["max_tokens"] = *request.maxTokens;
    if (request.temperature)
        out["temperature"] = *request.temperature;
    if (request.topP)
        out["top_p"] = *request.topP;
    if (request.seed)
        out["seed"] = *request.seed;
    if (!request.stop.empty())
        out["stop"] = request.stop;
    if (request.provider)
        out["provider"] = toJson(*request.provider);
    return out;
}

std::string serializeChatRequest(const ChatRequest &request)
{
    return toJson(request).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<MaxPrice> maxPriceFromJson(const json &value)
{
    if (!value.is_object())
        return fail(ErrorCode::Parse, "max_price must be an object such as {\"prompt\": 1}");
    MaxPrice out;
    for (auto [key, slot] :
         {std::pair{"prompt", &out.prompt}, std::pair{"completion", &out.completion},
          std::pair{"request", &out.request}, std::pair{"image", &out.image}}) {
        const json *v = field(value, key);
        if (!v)
            continue;
        std::optional<double> d = numberOrString(*v);
        if (!d)
            return fail(ErrorCode::Parse,
                        std::string("max_price.") + key
                            + " must be a number of USD per million tokens");
        *slot = d;
    }
    return out;
}

Result<PerformanceThreshold> performanceThresholdFromJson(const json &value, std::string_view field)
{
    const std::string name = "provider." + std::string(field);
    auto usable = [](const json &v) {
        return v.is_number() && std::isfinite(v.get<double>()) && v.get<double>() >= 0;
    };
    if (value.is_number()) {
        if (!usable(value))
            return fail(ErrorCode::Parse, name + " must be a number ≥ 0");
        return PerformanceThreshold::atP50(value.get<double>());
    }
    if (!value.is_object())
        return fail(ErrorCode::Parse,
                    name
                        + " must be a number (p50) or an object {\"p50\", \"p75\", \"p90\", "
                          "\"p99\"}");
    PerformanceThreshold out;
    for (const auto &[key, v] : value.items()) {
        std::optional<double> *slot = key == "p50" ? &out.p50
            : key == "p75"                         ? &out.p75
            : key == "p90"                         ? &out.p90
            : key == "p99"                         ? &out.p99
                                                   : nullptr;
        if (!slot)
            return fail(ErrorCode::Parse,
                        name + "." + key + " is not a percentile; use p50, p75, p90 or p99");
        if (v.is_null())
            continue;
        if (!usable(v))
            return fail(ErrorCode::Parse, name + "." + key + " must be a number ≥ 0");
        *slot = v.get<double>();
    }
    return out;
}

Result<ProviderPreferences> providerPreferencesFromJson(const json &value)
{
    if (!value.is_object())
        return fail(ErrorCode::Parse, "provider must be an object");
    ProviderPreferences out;
    auto order = stringList(value, "order");
    auto only = stringList(value, "only");
    auto ignore = stringList(value, "ignore");
    auto quantizations = stringList(value, "quantizations");
    for (auto *list : {&order, &only, &ignore, &quantizations}) {
        if (!*list)
            return fail(list->error());
    }
    out.order = std::move(*order);
    out.only = std::move(*only);
    out.ignore = std::move(*ignore);
    out.quantizations = std::move(*quantizations);

    auto allow = boolField(value, "allow_fallbacks");
    auto require = boolField(value, "require_parameters");
    auto zdr = boolField(value, "zdr");
    auto distillable = boolField(value, "enforce_distillable_text");
    for (auto *b : {&allow, &require, &zdr, &distillable}) {
        if (!*b)
            return fail(b->error());
    }
    out.allowFallbacks = *allow;
    out.requireParameters = *require;
    out.zdr = *zdr;
    out.enforceDistillableText = *distillable;

    if (const json *dc = field(value, "data_collection")) {
        if (!dc->is_string())
            return fail(ErrorCode::Parse, "provider.data_collection must be \"allow\" or \"deny\"");
        out.dataCollection = dc->get<std::string>();
    }
    if (const json *sort = field(value, "sort")) {
        if (sort->is_string()) {
            out.sort = SortPreference{sort->get<std::string>(), {}};
        } else if (sort->is_object() && field(*sort, "by") && (*sort)["by"].is_string()) {
            out.sort = SortPreference{(*sort)["by"].get<std::string>(),
                                      str(*sort, "partition", "model")};
        } else {
            return fail(ErrorCode::Parse,
                        "provider.sort must be a string or an object {\"by\", \"partition\"}");
        }
    }
    for (auto [key, slot] : {std::pair{"preferred_min_throughput", &out.preferredMinThroughput},
                             std::pair{"preferred_max_latency", &out.preferredMaxLatency}}) {
        if (const json *v = field(value, key)) {
            auto threshold = performanceThresholdFromJson(*v, key);
            if (!threshold)
                return fail(threshold.error());
            *slot = *threshold;
        }
    }
    if (const json *mp = field(value, "max_price")) {
        auto price = maxPriceFromJson(*mp);
        if (!price)
            return fail(price.error());
        out.maxPrice = *price;
    }
    return out;
}

Result<ChatRequest> chatRequestFromJson(const json &value)
{
    if (!value.is_object())
        return fail(ErrorCode::Parse, "the request body must be a JSON object");
    ChatRequest out;
    out.model = str(value, "model");
    out.models = strings(value, "models");
    const json *messages = field(value, "messages");
    if (!messages || !messages->is_array() || messages->empty())
        return fail(ErrorCode::Parse, "messages must be a non-empty list");
    for (const json &m : *messages) {
        if (!m.is_object())
            return fail(ErrorCode::Parse, "each message must be an object with role and content");
        out.messages.push_back({str(m, "role"), str(m, "content")});
    }
    out.stream = optBool(value, "stream").value_or(false);
    if (auto max = optInt(value, "max_completion_tokens"))
        out.maxTokens = static_cast<int>(*max);
    if (auto max = optInt(value, "max_tokens"))
        out.maxTokens = static_cast<int>(*max);
    out.temperature = optNum(value, "temperature");
    out.topP = optNum(value, "top_p");
    out.seed = optInt(value, "seed");
    if (const json *stop = field(value, "stop")) {
        if (stop->is_string())
            out.stop.push_back(stop->get<std::string>());
        else
            out.stop = strings(value, "stop");
    }
    if (const json *provider = field(value, "provider")) {
        auto prefs = providerPreferencesFromJson(*provider);
        if (!prefs)
            return fail(prefs.error());
        out.provider = std::move(*prefs);
    }
    return out;
}

} // namespace scriptorium::openrouter
