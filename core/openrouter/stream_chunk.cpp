#include "openrouter/stream_chunk.h"

#include "openrouter/chunk_scanner.h"
#include "openrouter/json_fields.h"

#include <nlohmann/json.hpp>

namespace scriptorium::openrouter {

using nlohmann::json;
using namespace detail;

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty()
           && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty()
           && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

void readChoice(const json &choice, const char *payloadKey, std::string &content,
                std::string &reasoning, std::optional<std::string> &finish,
                std::optional<std::string> &nativeFinish)
{
    if (const json *payload = field(choice, payloadKey)) {
        if (const json *c = field(*payload, "content"); c && c->is_string())
            content = c->get<std::string>();
        if (const json *r = field(*payload, "reasoning"); r && r->is_string())
            reasoning = r->get<std::string>();
    }
    finish = optStr(choice, "finish_reason");
    nativeFinish = optStr(choice, "native_finish_reason");
}

} // namespace

Usage usageFromJson(const json &u)
{
    Usage out;
    out.promptTokens = integer(u, "prompt_tokens");
    out.completionTokens = integer(u, "completion_tokens");
    out.totalTokens = integer(u, "total_tokens", out.promptTokens + out.completionTokens);
    out.cost = optNum(u, "cost");
    out.isByok = optBool(u, "is_byok").value_or(false);
    if (const json *d = field(u, "completion_tokens_details"))
        out.reasoningTokens = integer(*d, "reasoning_tokens");
    if (const json *d = field(u, "prompt_tokens_details"))
        out.cachedTokens = integer(*d, "cached_tokens");
    if (const json *d = field(u, "cost_details"))
        out.upstreamInferenceCost = optNum(*d, "upstream_inference_cost");
    return out;
}

Result<ChunkEvent> detail::decodeChunkWithParser(std::string_view data)
{
    ChunkEvent out;
    const std::string_view trimmed = trim(data);
    if (trimmed == "[DONE]") {
        out.done = true;
        return out;
    }
    json doc = json::parse(trimmed, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return fail(ErrorCode::Parse, "the stream sent a chunk that is not a JSON object",
                    std::string(trimmed.substr(0, 200)));
    out.id = str(doc, "id");
    out.provider = str(doc, "provider");
    out.model = str(doc, "model");
    if (const json *choices = field(doc, "choices");
        choices && choices->is_array() && !choices->empty()) {
        readChoice((*choices)[0], "delta", out.content, out.reasoning, out.finishReason,
                   out.nativeFinishReason);
        // A non-stream-shaped error inside the choice (finish_reason "error").
        if (const json *cerr = field((*choices)[0], "error"))
            out.error = apiErrorFromJson(200, *cerr);
    }
    if (const json *usage = field(doc, "usage"); usage && usage->is_object())
        out.usage = usageFromJson(*usage);
    if (const json *err = field(doc, "error")) {
        out.error = apiErrorFromJson(200, *err);
        if (out.error->providerName.empty())
            out.error->providerName = out.provider;
    }
    return out;
}

Result<ChunkEvent> decodeChunk(std::string_view data)
{
    // Fast path for the common content chunk (≈ every chunk of a stream); anything unusual
    // (usage, errors, odd shapes, invalid input) goes to the full parser.
    const std::string_view trimmed = trim(data);
    if (trimmed != "[DONE]") {
        ChunkEvent out;
        if (detail::scanCommonChunk(trimmed, out))
            return out;
    }
    return detail::decodeChunkWithParser(trimmed);
}

Result<ChatResponse> parseChatResponse(std::string_view body)
{
    json doc = parseLenient(body);
    if (doc.is_discarded() || !doc.is_object())
        return fail(ErrorCode::Parse, "OpenRouter sent a response that is not JSON; retry later",
                    std::string(trim(body).substr(0, 200)));
    if (const json *err = field(doc, "error"))
        return fail(apiErrorFromJson(200, *err).toError());
    ChatResponse out;
    out.id = str(doc, "id");
    out.provider = str(doc, "provider");
    out.model = str(doc, "model");
    if (const json *choices = field(doc, "choices");
        choices && choices->is_array() && !choices->empty()) {
        const json &choice = (*choices)[0];
        readChoice(choice, "message", out.content, out.reasoning, out.finishReason,
                   out.nativeFinishReason);
        if (const json *cerr = field(choice, "error")) {
            ApiError e = apiErrorFromJson(200, *cerr);
            if (e.providerName.empty())
                e.providerName = out.provider;
            Error error = e.toError();
            if (error.detail.empty())
                error.detail = out.content; // keep the partial text reachable
            return fail(std::move(error));
        }
    } else {
        return fail(ErrorCode::Provider,
                    "OpenRouter answered without choices or an error; retry the request",
                    std::string(trim(body).substr(0, 200)));
    }
    if (const json *usage = field(doc, "usage"); usage && usage->is_object())
        out.usage = usageFromJson(*usage);
    return out;
}

} // namespace scriptorium::openrouter
