#include "sim/chat_request.h"

#include "sim/text_bank.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace scriptorium::sim {

namespace {

using nlohmann::json;

HttpError badRequest(const std::string &message)
{
    return makeError(400, message, {{"error_type", "invalid_request"}});
}

std::optional<HttpError> readStringList(const json &j, const char *name,
                                        std::vector<std::string> &out)
{
    if (j.is_null())
        return std::nullopt;
    if (!j.is_array())
        return badRequest(std::string("'") + name + "' must be an array of strings.");
    for (const json &item : j) {
        if (!item.is_string())
            return badRequest(std::string("'") + name + "' must be an array of strings.");
        out.push_back(item.get<std::string>());
    }
    return std::nullopt;
}

std::optional<double> readPrice(const json &j, bool &ok)
{
    ok = true;
    if (j.is_null())
        return std::nullopt;
    if (j.is_number())
        return j.get<double>();
    if (j.is_string()) {
        try {
            return std::stod(j.get<std::string>());
        } catch (const std::exception &) {
        }
    }
    ok = false;
    return std::nullopt;
}

// A number (= p50) or an object of percentiles, each a number or null.
std::optional<HttpError> readCutoff(const json &j, const char *name,
                                    std::optional<PerformanceCutoff> &out)
{
    if (j.is_null())
        return std::nullopt;
    const HttpError error = badRequest(std::string("'provider.") + name
                                       + "' must be a number (p50) or an object {p50, p75, p90, "
                                         "p99} of numbers.");
    PerformanceCutoff cutoff;
    if (j.is_number()) {
        cutoff.p50 = j.get<double>();
    } else if (j.is_object()) {
        for (const auto &[key, value] : j.items()) {
            std::optional<double> *target = key == "p50" ? &cutoff.p50
                : key == "p75"                           ? &cutoff.p75
                : key == "p90"                           ? &cutoff.p90
                : key == "p99"                           ? &cutoff.p99
                                                         : nullptr;
            if (!target || (!value.is_null() && !value.is_number()))
                return error;
            if (value.is_number())
                *target = value.get<double>();
        }
    } else {
        return error;
    }
    out = cutoff;
    return std::nullopt;
}

std::optional<HttpError> readProvider(const json &p, ProviderPreferences &prefs)
{
    if (!p.is_object())
        return badRequest("'provider' must be an object.");
    for (auto [name, target] :
         {std::pair{"order", &prefs.order}, std::pair{"only", &prefs.only},
          std::pair{"ignore", &prefs.ignore}, std::pair{"quantizations", &prefs.quantizations}}) {
        if (auto error = readStringList(p.value(name, json()), name, *target))
            return error;
    }
    for (auto [name, target] :
         {std::pair{"allow_fallbacks", &prefs.allowFallbacks},
          std::pair{"require_parameters", &prefs.requireParameters}, std::pair{"zdr", &prefs.zdr},
          std::pair{"enforce_distillable_text", &prefs.enforceDistillableText}}) {
        const json v = p.value(name, json());
        if (v.is_null())
            continue;
        if (!v.is_boolean())
            return badRequest(std::string("'provider.") + name + "' must be a boolean.");
        *target = v.get<bool>();
    }
    if (const json dc = p.value("data_collection", json()); !dc.is_null()) {
        if (!dc.is_string() || (dc != "allow" && dc != "deny"))
            return badRequest("'provider.data_collection' must be \"allow\" or \"deny\".");
        prefs.denyDataCollection = dc == "deny";
    }
    if (const json sort = p.value("sort", json()); !sort.is_null()) {
        json by = sort;
        if (sort.is_object()) {
            by = sort.value("by", json());
            const json partition = sort.value("partition", json("model"));
            if (!partition.is_string() || (partition != "model" && partition != "none"))
                return badRequest("'provider.sort.partition' must be \"model\" or \"none\".");
            prefs.partition = partition.get<std::string>();
        }
        if (!by.is_string()
            || (by != "price" && by != "throughput" && by != "latency" && by != "exacto"))
            return badRequest(
                "'provider.sort' must be \"price\", \"throughput\", \"latency\" or an object "
                "{by, partition}.");
        prefs.sortBy = by == "exacto" ? "throughput" : by.get<std::string>();
    }
    if (auto error = readCutoff(p.value("preferred_min_throughput", json()),
                                "preferred_min_throughput", prefs.preferredMinThroughput))
        return error;
    if (auto error = readCutoff(p.value("preferred_max_latency", json()), "preferred_max_latency",
                                prefs.preferredMaxLatency))
        return error;
    if (const json mp = p.value("max_price", json()); !mp.is_null()) {
        if (!mp.is_object())
            return badRequest("'provider.max_price' must be an object.");
        bool okPrompt = true;
        bool okCompletion = true;
        prefs.maxPromptPerMillion = readPrice(mp.value("prompt", json()), okPrompt);
        prefs.maxCompletionPerMillion = readPrice(mp.value("completion", json()), okCompletion);
        if (!okPrompt || !okCompletion)
            return badRequest("'provider.max_price' values must be numbers (USD per million).");
    }
    return std::nullopt;
}

std::optional<HttpError> readMessages(const json &messages, ChatRequest &request)
{
    if (!messages.is_array())
        return badRequest("'messages' is required and must be an array.");
    if (messages.empty())
        return badRequest("'messages' must contain at least one message.");
    static constexpr std::array kRoles
        = {std::string_view("system"), std::string_view("developer"), std::string_view("user"),
           std::string_view("assistant"), std::string_view("tool")};
    for (const json &m : messages) {
        if (!m.is_object() || !m.contains("role") || !m.at("role").is_string())
            return badRequest("Each message must be an object with a string 'role'.");
        const std::string role = m.at("role").get<std::string>();
        if (std::ranges::find(kRoles, std::string_view(role)) == kRoles.end())
            return badRequest("Message role \"" + role + "\" is not supported.");
        const json content = m.value("content", json());
        if (content.is_string()) {
            request.promptText += content.get<std::string>();
        } else if (content.is_array()) {
            for (const json &part : content) {
                if (!part.is_object())
                    return badRequest("Message content parts must be objects.");
                if (part.value("type", std::string()) == "text" && part.contains("text")
                    && part.at("text").is_string())
                    request.promptText += part.at("text").get<std::string>();
            }
        } else if (!content.is_null() || role != "assistant") {
            return badRequest("Message 'content' must be a string or an array of parts.");
        }
        request.promptText += '\n';
    }
    request.promptTokens = static_cast<std::int64_t>(countTokens(request.promptText));
    return std::nullopt;
}

} // namespace

std::expected<ChatRequest, HttpError> parseChatRequest(const std::string &body,
                                                       const std::string &defaultModel)
{
    const json root = json::parse(body, nullptr, false);
    if (root.is_discarded())
        return std::unexpected(badRequest("The request body is not valid JSON."));
    if (!root.is_object())
        return std::unexpected(badRequest("The request body must be a JSON object."));
    ChatRequest request;
    try {
        if (auto error = readMessages(root.value("messages", json()), request))
            return std::unexpected(*error);
        const json model = root.value("model", json());
        if (!model.is_null() && !model.is_string())
            return std::unexpected(badRequest("'model' must be a string."));
        std::vector<std::string> fallbacks;
        if (auto error = readStringList(root.value("models", json()), "models", fallbacks))
            return std::unexpected(*error);
        if (fallbacks.size() > 3)
            return std::unexpected(badRequest("'models' array must have 3 items or fewer."));
        if (model.is_string())
            request.models.push_back(model.get<std::string>());
        for (const std::string &m : fallbacks)
            if (std::ranges::find(request.models, m) == request.models.end())
                request.models.push_back(m);
        if (request.models.empty())
            request.models.push_back(defaultModel);

        const json stream = root.value("stream", json());
        if (!stream.is_null() && !stream.is_boolean())
            return std::unexpected(badRequest("'stream' must be a boolean."));
        request.stream = stream.is_boolean() && stream.get<bool>();

        json maxTokens = root.value("max_completion_tokens", json());
        if (maxTokens.is_null())
            maxTokens = root.value("max_tokens", json());
        if (!maxTokens.is_null()) {
            if (!maxTokens.is_number_integer() || maxTokens.get<std::int64_t>() < 1)
                return std::unexpected(badRequest("'max_tokens' must be an integer ≥ 1."));
            request.maxTokens = maxTokens.get<std::int64_t>();
        }
        const json stop = root.value("stop", json());
        if (stop.is_string()) {
            request.stop.push_back(stop.get<std::string>());
        } else if (!stop.is_null()) {
            if (auto error = readStringList(stop, "stop", request.stop))
                return std::unexpected(*error);
            if (request.stop.size() > 4)
                return std::unexpected(badRequest("'stop' accepts at most 4 sequences."));
        }
        for (const char *name :
             {"temperature", "top_p", "top_k", "min_p", "top_a", "frequency_penalty",
              "presence_penalty", "repetition_penalty", "seed"}) {
            const json v = root.value(name, json());
            if (!v.is_null() && !v.is_number())
                return std::unexpected(badRequest(std::string("'") + name + "' must be a number."));
        }
        for (const char *name :
             {"temperature", "top_p", "top_k", "min_p", "top_a", "frequency_penalty",
              "presence_penalty", "repetition_penalty", "seed", "stop", "logit_bias", "logprobs",
              "top_logprobs", "tools", "tool_choice", "response_format", "reasoning"}) {
            if (root.contains(name) && !root.at(name).is_null())
                request.usedParameters.emplace_back(name);
        }
        if (request.maxTokens)
            request.usedParameters.emplace_back("max_tokens");

        request.providerJson = root.value("provider", json());
        if (!request.providerJson.is_null()) {
            if (auto error = readProvider(request.providerJson, request.provider))
                return std::unexpected(*error);
        }
        // `route` is the deprecated alias of provider.sort.partition.
        if (const json route = root.value("route", json()); route.is_string())
            request.provider.partition = route == "sort" ? "none" : "model";
    } catch (const json::exception &e) {
        return std::unexpected(badRequest(std::string("Invalid request parameters: ") + e.what()));
    }
    return request;
}

} // namespace scriptorium::sim
