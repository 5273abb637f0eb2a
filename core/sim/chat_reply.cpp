#include "sim/chat_reply.h"

#include "sim/text_bank.h"

#include <chrono>
#include <ctime>

#include <httplib.h>

namespace scriptorium::sim {

std::string upstreamId(const std::string &generationId, std::optional<std::size_t> attempt)
{
    std::string id = "up-" + generationId.substr(std::min<std::size_t>(4, generationId.size()));
    if (attempt)
        id += "-" + std::to_string(*attempt);
    return id;
}

json attemptRecord(const Session &s, const Attempt &a, std::size_t index,
                   const std::string &outcome, int status)
{
    const Endpoint &e = *a.candidate.endpoint;
    const bool served = &a == &s.attempt;
    SimState &st = *s.state;
    json r = {{"generation_id", s.generationId},
              {"attempt", index},
              {"model", a.candidate.model->id},
              {"provider", e.providerName},
              {"provider_slug", e.providerSlug},
              {"endpoint_tag", e.tag},
              {"quantization", e.quantization},
              {"outcome", outcome},
              {"http_status", status},
              {"stream", s.request.stream},
              {"t_request_ms", st.msSinceStart(a.start)},
              {"provider_request", s.request.providerJson},
              {"events", a.effects.events},
              {"effects", a.effects.toJson()}};
    if (served) {
        r["t_first_byte_ms"] = s.tFirstByte < 0 ? json() : json(s.tFirstByte);
        r["t_first_token_ms"] = s.tFirstToken < 0 ? json() : json(s.tFirstToken);
        r["t_last_token_ms"] = s.tLastToken < 0 ? json() : json(s.tLastToken);
        r["t_end_ms"] = s.now();
        r["prompt_tokens"] = s.request.promptTokens;
        r["completion_tokens"] = s.sent;
        r["cost_usd"] = s.promptCost() + s.completionCost();
        r["finish_reason"] = outcome == "ok" ? json(s.finishReason) : json();
        r["planned_ttft_ms"]
            = std::chrono::duration<double, std::milli>(s.firstTokenAt - a.start).count();
        r["planned_tokens_per_s"] = a.tps;
        r["defects"] = s.defects;
    } else {
        r["t_first_byte_ms"] = json();
        r["t_first_token_ms"] = json();
        r["t_last_token_ms"] = json();
        r["t_end_ms"] = st.msSinceStart(a.end);
        r["prompt_tokens"] = 0;
        r["completion_tokens"] = 0;
        r["cost_usd"] = 0.0;
        r["finish_reason"] = json();
        r["defects"] = json::array();
    }
    return r;
}

static json usageJson(const Session &s)
{
    return {{"prompt_tokens", s.request.promptTokens},
            {"completion_tokens", s.sent},
            {"total_tokens", s.request.promptTokens + static_cast<std::int64_t>(s.sent)},
            {"cost", s.promptCost() + s.completionCost()},
            {"is_byok", false},
            {"prompt_tokens_details",
             {{"cached_tokens", 0},
              {"cache_write_tokens", 0},
              {"audio_tokens", 0},
              {"video_tokens", 0}}},
            {"cost_details",
             {{"upstream_inference_cost", nullptr},
              {"upstream_inference_prompt_cost", s.promptCost()},
              {"upstream_inference_completions_cost", s.completionCost()}}},
            {"completion_tokens_details",
             {{"reasoning_tokens", 0}, {"audio_tokens", 0}, {"image_tokens", 0}}}};
}

static json midStreamErrorObject(const Attempt &a)
{
    json code = a.params.value("code", json(502));
    const int numeric = code.is_number_integer() ? code.get<int>() : 502;
    return {{"code", code},
            {"message", a.params.value("message", std::string("Provider returned error"))},
            {"metadata",
             {{"error_type", errorTypeForStatus(numeric)},
              {"provider_name", a.candidate.endpoint->providerName}}}};
}

/// Records the truth and the /generation record once the reply is over.
void finish(Session &s)
{
    if (s.recorded)
        return;
    s.recorded = true;
    SimState &st = *s.state;
    const std::string outcome = s.cancelled ? "cancelled" : s.outcome;
    st.truth.addAttempt(attemptRecord(s, s.attempt, s.attemptIndex, outcome, s.attempt.status));
    const double cost = s.promptCost() + s.completionCost();
    st.truth.addSpend(s.key, cost);
    if (!s.lateness.empty())
        st.truth.addLateness(s.lateness);
    const double tEnd = s.now();
    const double tRequest = st.msSinceStart(s.tRequest);
    const double tAttempt = st.msSinceStart(s.attempt.start);
    json responses = s.providerResponses;
    responses.push_back(
        {{"provider_name", s.endpoint().providerName},
         {"status", s.attempt.status},
         {"latency", s.tFirstToken < 0 ? tEnd - tAttempt : s.tFirstToken - tAttempt},
         {"endpoint_id", s.endpoint().tag},
         {"id", upstreamId(s.generationId)},
         {"model_permaslug", s.modelId()},
         {"is_byok", false}});
    char created[32];
    const std::time_t t = static_cast<std::time_t>(s.created);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json record = {{"id", s.generationId},
                   {"upstream_id", upstreamId(s.generationId)},
                   {"request_id", s.generationId},
                   {"session_id", nullptr},
                   {"created_at", created},
                   {"model", s.modelId()},
                   {"provider_name", s.endpoint().providerName},
                   {"router", nullptr},
                   {"api_type", "completions"},
                   {"service_tier", nullptr},
                   {"data_region", "global"},
                   {"total_cost", cost},
                   {"usage", cost},
                   {"upstream_inference_cost", nullptr},
                   {"cache_discount", nullptr},
                   {"is_byok", false},
                   {"latency", s.tFirstToken < 0 ? tEnd - tRequest : s.tFirstToken - tRequest},
                   {"generation_time", s.tFirstToken < 0 ? 0.0 : tEnd - s.tFirstToken},
                   {"moderation_latency", nullptr},
                   {"streamed", s.request.stream},
                   {"cancelled", s.cancelled},
                   {"finish_reason",
                    outcome == "ok" ? json(s.finishReason)
                                    : json(outcome == "mid_stream_error" ? "error" : "")},
                   {"native_finish_reason", outcome == "ok" ? json(s.finishReason) : json()},
                   {"tokens_prompt", s.request.promptTokens},
                   {"tokens_completion", s.sent},
                   {"native_tokens_prompt", s.request.promptTokens},
                   {"native_tokens_completion", s.sent},
                   {"native_tokens_reasoning", 0},
                   {"native_tokens_cached", 0},
                   {"native_tokens_completion_images", 0},
                   {"num_media_prompt", 0},
                   {"num_media_completion", 0},
                   {"num_input_audio_prompt", 0},
                   {"num_search_results", 0},
                   {"num_fetches", 0},
                   {"web_search_engine", nullptr},
                   {"origin", ""},
                   {"http_referer", nullptr},
                   {"user_agent", nullptr},
                   {"app_id", nullptr},
                   {"external_user", nullptr},
                   {"preset_id", nullptr},
                   {"workspace_id", nullptr},
                   {"response_cache_source_id", nullptr},
                   {"provider_responses", responses}};
    st.truth.finishGeneration(s.generationId, std::move(record),
                              st.clock.now() + st.scaled(st.market.generationRecordDelayMs));
}

/// Writes and notes the time of the first byte; false when the client has gone.
static bool write(Session &s, httplib::DataSink &sink, const std::string &bytes)
{
    if (!sink.write(bytes.data(), bytes.size())) {
        s.cancelled = true;
        return false;
    }
    if (s.tFirstByte < 0)
        s.tFirstByte = s.now();
    return true;
}

/// Waits until `deadline`, sending `keepalive` bytes every market keep-alive interval.
/// False when the client left or the server stopped.
static bool waitWithKeepalive(Session &s, httplib::DataSink &sink, TimePoint deadline,
                              const std::string &keepalive)
{
    SimState &st = *s.state;
    const auto every = st.scaled(st.market.keepaliveIntervalMs);
    if (!keepalive.empty() && !write(s, sink, keepalive))
        return false;
    TimePoint next = st.clock.now() + every;
    while (true) {
        const bool beat = !keepalive.empty() && next < deadline;
        if (!st.gate.waitUntil(beat ? next : deadline, s.epoch)) {
            s.outcome = "aborted";
            return false;
        }
        if (!beat)
            return true;
        if (!write(s, sink, keepalive))
            return false;
        next += every;
    }
}

/// A stall: no bytes for the scripted duration, then the connection drops.
static bool stall(Session &s)
{
    SimState &st = *s.state;
    s.outcome = "stall";
    const double ms = s.attempt.params.value("duration_ms", 30000.0);
    st.gate.waitUntil(st.clock.now() + st.scaled(ms), s.epoch);
    return false;
}

static std::string chunkPrefix(const Session &s)
{
    return "data: {\"id\":\"" + s.generationId + "\",\"provider\":"
        + json(s.endpoint().providerName).dump() + ",\"model\":" + json(s.modelId()).dump()
        + ",\"object\":\"chat.completion.chunk\",\"created\":" + std::to_string(s.created)
        + ",\"choices\":[";
}

bool serveStream(Session &s, httplib::DataSink &sink)
{
    SimState &st = *s.state;
    const std::string &fault = s.attempt.fault;
    const bool stallFirst = fault == "stall" && s.faultAfter == 0;
    if (stallFirst)
        return stall(s);
    if (!waitWithKeepalive(s, sink, s.firstTokenAt, ": OPENROUTER PROCESSING\n\n"))
        return false;
    const std::string prefix = chunkPrefix(s);
    const bool midFault
        = fault == "stall" || fault == "abrupt_close" || fault == "mid_stream_error";
    // Returns the provider's result once the scripted fault has fired.
    auto fireFault = [&]() {
        if (fault == "stall")
            return stall(s);
        if (fault == "abrupt_close") {
            s.outcome = "abrupt_close";
            return false;
        }
        s.outcome = "mid_stream_error";
        json event = json::parse(prefix.substr(6) + "]}");
        event["error"] = midStreamErrorObject(s.attempt);
        event["choices"] = json::array({{{"index", 0},
                                         {"delta", {{"content", ""}}},
                                         {"finish_reason", "error"},
                                         {"native_finish_reason", "error"}}});
        finish(s);
        write(s, sink, "data: " + event.dump() + "\n\n");
        sink.done();
        return true;
    };
    // Scripted `reasoning_tokens`: the model thinks before it writes. Reasoning is billed as
    // completion tokens and counts for the time to first token, as on OpenRouter.
    const int reasoning = std::max(0, s.attempt.params.value("reasoning_tokens", 0));
    for (int k = 0; k < reasoning; ++k) {
        const std::string chunk = prefix
            + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":"
              "\"thinking \"},\"finish_reason\":null,\"native_finish_reason\":null}]}\n\n";
        if (!write(s, sink, chunk))
            return false;
        s.tLastToken = s.now();
        if (s.tFirstToken < 0)
            s.tFirstToken = s.tLastToken;
        ++s.sent;
    }
    for (std::size_t k = 0; k < s.tokens.size(); ++k) {
        if (midFault && k == s.faultAfter)
            return fireFault();
        const TimePoint planned = s.firstTokenAt + s.interval * static_cast<std::int64_t>(k);
        if (!st.gate.waitUntil(planned, s.epoch)) {
            s.outcome = "aborted";
            return false;
        }
        std::string chunk = prefix + "{\"index\":0,\"delta\":{"
            + (k == 0 ? "\"role\":\"assistant\"," : "") + "\"content\":" + json(s.tokens[k]).dump()
            + "},\"finish_reason\":null,\"native_finish_reason\":null,"
              "\"logprobs\":null}]}\n\n";
        // The truth's send time is read before the write: read after it, a thread preempted
        // between the two would log a token later than the client had already received it.
        const TimePoint sending = st.clock.now();
        if (!write(s, sink, chunk))
            return false;
        const TimePoint after = st.clock.now();
        // Lateness counts the write too: the schedule is kept only once the bytes are out.
        s.lateness.push_back(std::chrono::duration<double, std::milli>(after - planned).count());
        s.tLastToken = st.msSinceStart(sending);
        if (s.tFirstToken < 0)
            s.tFirstToken = s.tLastToken;
        ++s.sent;
    }
    if (midFault)
        return fireFault(); // scripted after more tokens than the reply has
    std::string tail = prefix + "{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\""
        + s.finishReason + "\",\"native_finish_reason\":\"" + s.finishReason
        + "\",\"logprobs\":null}]}\n\n";
    json usageEvent = json::parse(prefix.substr(6) + "]}");
    usageEvent["usage"] = usageJson(s);
    tail += "data: " + usageEvent.dump() + "\n\ndata: [DONE]\n\n";
    finish(s);
    if (!write(s, sink, tail))
        return false;
    sink.done();
    return true;
}

static json completionBody(Session &s)
{
    std::string text;
    for (std::size_t k = 0; k < s.sent; ++k)
        text += s.tokens[k];
    const bool failed = s.outcome == "mid_stream_error";
    json choice = {
        {"index", 0},
        {"logprobs", nullptr},
        {"finish_reason", failed ? "error" : s.finishReason},
        {"native_finish_reason", failed ? "error" : s.finishReason},
        {"message",
         {{"role", "assistant"}, {"content", text}, {"refusal", nullptr}, {"reasoning", nullptr}}}};
    if (failed)
        choice["error"] = midStreamErrorObject(s.attempt);
    return {{"id", s.generationId},          {"provider", s.endpoint().providerName},
            {"model", s.modelId()},          {"object", "chat.completion"},
            {"created", s.created},          {"choices", json::array({choice})},
            {"system_fingerprint", nullptr}, {"usage", usageJson(s)}};
}

/// Non-streaming reply: blank lines while waiting when the reply is slow (or scripted).
bool serveNonStream(Session &s, httplib::DataSink &sink, bool whitespace)
{
    const std::string &fault = s.attempt.fault;
    const bool midFault
        = fault == "stall" || fault == "abrupt_close" || fault == "mid_stream_error";
    const std::size_t count = midFault ? s.faultAfter : s.tokens.size();
    const TimePoint end = s.firstTokenAt + s.interval * static_cast<std::int64_t>(count);
    if (fault == "stall")
        return stall(s);
    if (!waitWithKeepalive(s, sink, end, whitespace ? "\n" : ""))
        return false;
    s.sent = count;
    if (count > 0) {
        s.tFirstToken = s.state->msSinceStart(s.firstTokenAt);
        s.tLastToken = s.now();
    }
    if (fault == "abrupt_close") {
        s.outcome = "abrupt_close";
        return false;
    }
    if (fault == "mid_stream_error")
        s.outcome = "mid_stream_error";
    const std::string body = completionBody(s).dump();
    if (s.tFirstByte < 0)
        s.tFirstByte = s.now();
    finish(s);
    if (!write(s, sink, body))
        return false;
    sink.done();
    return true;
}

} // namespace scriptorium::sim
