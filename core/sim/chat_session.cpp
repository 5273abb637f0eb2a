#include "sim/chat_session.h"

#include "sim/chat_reply.h"
#include "sim/chat_request.h"
#include "sim/reply_defects.h"
#include "sim/router.h"
#include "sim/sim_state.h"
#include "sim/structured_reply.h"
#include "sim/text_bank.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>

#include <httplib.h>

namespace scriptorium::sim {

namespace {

using nlohmann::json;
using TimePoint = Clock::TimePoint;

void sendError(httplib::Response &res, const HttpError &error)
{
    res.status = error.status;
    if (error.retryAfterS)
        res.set_header("Retry-After", std::to_string(*error.retryAfterS));
    res.set_content(error.body.dump(), "application/json");
}

double drawLogNormal(Rng &rng, const Distribution &d)
{
    return d.median * std::exp(d.sigma * rng.normal());
}

} // namespace

bool authenticate(SimState &state, const httplib::Request &request, httplib::Response &response,
                  std::string &key)
{
    const std::string header = request.get_header_value("Authorization");
    if (header.empty()) {
        sendError(
            response,
            makeError(401, "Missing Authentication header", {{"error_type", "authentication"}}));
        return false;
    }
    key = header.starts_with("Bearer ") ? header.substr(7) : std::string();
    while (!key.empty() && key.front() == ' ')
        key.erase(0, 1);
    const KeySpec *spec = state.market.findKey(key);
    if (key.empty() || (spec && spec->revoked)) {
        sendError(response,
                  makeError(401, key.empty() ? "No auth credentials found" : "User not found.",
                            {{"error_type", "authentication"}}));
        return false;
    }
    return true;
}

void handleChatCompletion(SimState &st, const httplib::Request &req, httplib::Response &res)
{
    auto s = std::make_shared<Session>();
    s->state = &st;
    s->tRequest = st.clock.now();
    s->epoch = st.gate.epoch();
    if (!authenticate(st, req, res, s->key))
        return;
    auto parsed = parseChatRequest(req.body, st.market.defaultModel);
    if (!parsed)
        return sendError(res, parsed.error());
    s->request = std::move(*parsed);
    const KeySpec *spec = st.market.findKey(s->key);
    const double remaining = spec && spec->limit ? *spec->limit - st.truth.spent(s->key) : 1e300;
    if (remaining <= 0)
        return sendError(res,
                         makeError(402,
                                   "Insufficient credits. Add more using "
                                   "https://openrouter.ai/credits",
                                   {{"error_type", "payment_required"}}));
    const std::uint64_t seed = st.requestSeed(req.body);
    Rng rng(seed);
    auto plan = routeRequest(st.market, s->request, st.simSeconds(s->tRequest), rng);
    if (!plan)
        return sendError(res, plan.error());
    if (s->request.maxTokens) {
        const Candidate &first = plan->candidates.front();
        const double promptPrice = first.endpoint->promptPerToken * first.effects.priceFactor;
        const double completionPrice
            = first.endpoint->completionPerToken * first.effects.priceFactor;
        const double worst = static_cast<double>(s->request.promptTokens) * promptPrice
            + static_cast<double>(*s->request.maxTokens) * completionPrice;
        if (worst > remaining) {
            const auto affordable = static_cast<std::int64_t>(
                std::max(0.0,
                         remaining - static_cast<double>(s->request.promptTokens) * promptPrice)
                / std::max(completionPrice, 1e-12));
            return sendError(res,
                             makeError(402,
                                       "This request requires more credits, or fewer "
                                       "max_tokens. You requested up to "
                                           + std::to_string(*s->request.maxTokens)
                                           + " tokens, but can only afford "
                                           + std::to_string(affordable)
                                           + ". To increase, visit "
                                             "https://openrouter.ai/settings/credits",
                                       {{"error_type", "payment_required"}}));
        }
    }
    static constexpr char kAlphabet[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    s->created = static_cast<std::int64_t>(std::time(nullptr));
    s->generationId = "gen-" + std::to_string(s->created) + "-";
    for (int i = 0; i < 20; ++i)
        s->generationId += kAlphabet[rng.next() % (sizeof kAlphabet - 1)];

    // Play the attempts up to the one that serves (or the last failure).
    std::vector<Attempt> failed;
    std::optional<HttpError> lastError;
    bool served = false;
    TimePoint at = s->tRequest;
    std::size_t lastModel = static_cast<std::size_t>(-1);
    for (const Candidate &c : plan->candidates) {
        if (!s->request.provider.allowFallbacks && c.modelIndex == lastModel)
            continue; // no provider fallback: one attempt per model
        lastModel = c.modelIndex;
        Attempt a;
        a.candidate = c;
        a.start = at;
        a.effects = st.market.effects(*c.model, *c.endpoint, st.simSeconds(at));
        a.ttftSimMs = drawLogNormal(rng, c.endpoint->ttftMs) * a.effects.ttftFactor;
        a.tps = std::max(
            1.0, drawLogNormal(rng, c.endpoint->throughputTps) * a.effects.throughputFactor);
        const double roll = rng.uniform();
        // Drawn only under an error_rate event, so static markets keep their random sequences.
        const int eventError
            = a.effects.errorRate > 0 ? a.effects.errorStatusFor(rng.uniform()) : 0;
        const FailureRates &f = c.endpoint->failures;
        if (auto b = st.script.take(c.model->id, *c.endpoint)) {
            a.fault = b->action == "ok" ? "" : b->action;
            a.params = b->params;
        } else if (c.endpoint->inOutage(st.simSeconds(at))) {
            a.fault = "http_error";
            a.params = {{"status", 502},
                        {"scope", "attempt"},
                        {"raw", "upstream connect error (simulated outage)"}};
        } else if (a.effects.outage) {
            a.fault = "http_error";
            a.params = {{"status", a.effects.outageStatus},
                        {"scope", "attempt"},
                        {"raw", "upstream unavailable (simulated outage event)"}};
            if (a.effects.failureLatencyMs > 0)
                a.params["latency_ms"] = a.effects.failureLatencyMs;
        } else if (eventError != 0) {
            a.fault = "http_error";
            a.params = {{"status", eventError},
                        {"scope", "attempt"},
                        {"raw", "upstream error (simulated error_rate event)"}};
            if (a.effects.failureLatencyMs > 0)
                a.params["latency_ms"] = a.effects.failureLatencyMs;
        } else {
            double edge = f.http429;
            if (roll < edge) {
                a.fault = "http_error";
                a.params = {{"status", 429}, {"scope", "attempt"}, {"retry_after", 1}};
            } else if (roll < (edge += f.http502)) {
                a.fault = "http_error";
                a.params = {{"status", 502}, {"scope", "attempt"}};
            } else if (roll < (edge += f.midStreamError)) {
                a.fault = "mid_stream_error";
            } else if (roll < (edge += f.stall)) {
                a.fault = "stall";
            } else if (roll < (edge += f.abruptClose)) {
                a.fault = "abrupt_close";
            }
        }
        if (a.fault == "slow_first_token")
            a.ttftSimMs = a.params.value("ttft_ms", a.ttftSimMs * 10);
        if (a.fault != "http_error") {
            s->attempt = a;
            served = true;
            break;
        }
        // A failure before the first token: OpenRouter fails over silently unless told not to.
        a.status = a.params.value("status", 502);
        a.end = at + st.scaled(a.params.value("latency_ms", a.ttftSimMs * 0.25));
        at = a.end;
        json metadata = {{"error_type", errorTypeForStatus(a.status)},
                         {"provider_name", c.endpoint->providerName},
                         {"raw",
                          a.params.value("raw",
                                         json("{\"error\":{\"message\":\"upstream "
                                              "returned "
                                              + std::to_string(a.status) + "\"}}"))}};
        std::string message = a.params.value("message", std::string());
        if (message.empty())
            message = a.status == 429 ? "Rate limit exceeded"
                : a.status == 402     ? "Insufficient credits. Add more using "
                                        "https://openrouter.ai/credits"
                : a.status == 401     ? "User not found."
                                      : "Provider returned error";
        lastError = makeError(a.status, message, metadata);
        if (a.params.contains("retry_after")) {
            lastError->retryAfterS = a.params.value("retry_after", 1);
            lastError->body["error"]["availability"] = {{"retry_after", *lastError->retryAfterS}};
        }
        s->previousErrors.push_back(
            {{"provider", c.endpoint->providerName}, {"code", a.status}, {"status", a.status}});
        s->providerResponses.push_back(
            {{"provider_name", c.endpoint->providerName},
             {"status", a.status},
             {"latency", std::chrono::duration<double, std::milli>(a.end - a.start).count()},
             {"endpoint_id", c.endpoint->tag},
             {"id", upstreamId(s->generationId, failed.size())},
             {"model_permaslug", c.model->id},
             {"is_byok", false}});
        failed.push_back(std::move(a));
        if (failed.back().params.value("scope", std::string("request")) == "request")
            break;
    }
    for (std::size_t i = 0; i < failed.size(); ++i)
        st.truth.addAttempt(attemptRecord(*s, failed[i], i, "http_error", failed[i].status));
    if (!served) {
        st.gate.waitUntil(at, s->epoch);
        if (s->previousErrors.size() > 1)
            lastError->body["error"]["metadata"]["previous_errors"] = s->previousErrors;
        return sendError(res, *lastError);
    }
    s->attemptIndex = failed.size();
    s->attempt.start = at;
    res.set_header("X-Generation-Id", s->generationId);

    if (s->attempt.fault == "error_body_200") {
        s->outcome = "error_body_200";
        st.gate.waitUntil(at + st.scaled(s->attempt.ttftSimMs), s->epoch);
        res.status = 200;
        HttpError e = makeError(500, "Internal Server Error");
        res.set_content(e.body.dump(), "application/json");
        finish(*s);
        return;
    }

    // The reply: prose in the prompt's language, cut by max_tokens or a stop sequence.
    const std::int64_t natural
        = rng.range(st.market.completionTokensMin, st.market.completionTokensMax);
    const std::int64_t cap = std::min(natural, s->request.maxTokens.value_or(natural));
    ReplyShape shape;
    shape.chinese = isMostlyChinese(s->request.promptText);
    if (s->request.maxTokens)
        shape.maxTokens = static_cast<std::size_t>(*s->request.maxTokens);
    if (auto document = structuredReply(s->request.promptText, rng)) {
        // A prompt carrying a JSON Schema gets a JSON document, cut by max_tokens like prose.
        const auto limit = static_cast<std::size_t>(
            s->request.maxTokens.value_or(static_cast<std::int64_t>(document->size())));
        s->finishReason = document->size() > limit ? "length" : "stop";
        document->resize(std::min(document->size(), limit));
        s->tokens = std::move(*document);
        shape.structured = true;
    } else {
        // A reply that ends by itself ("stop") ends on a whole sentence; max_tokens cuts.
        s->finishReason = natural > cap ? "length" : "stop";
        s->tokens = generateTokens(rng, shape.chinese, static_cast<std::size_t>(cap),
                                   s->finishReason == "stop");
    }
    // Bad writing of a low-quality endpoint, drawn from its own stream so that clean
    // endpoints keep exactly the replies (and random draws) they had before.
    std::vector<DefectSpan> defects;
    if (const QualityRates &quality = s->endpoint().quality; quality.any()) {
        Rng defectRng(mixSeed(seed, "quality", s->attemptIndex));
        defects = injectDefects(s->tokens, s->finishReason, shape, quality, defectRng);
    }
    if (!s->request.stop.empty()) {
        std::string text;
        for (const std::string &t : s->tokens)
            text += t;
        std::size_t cut = std::string::npos;
        for (const std::string &stopText : s->request.stop)
            if (!stopText.empty())
                cut = std::min(cut, text.find(stopText));
        if (cut != std::string::npos) {
            std::size_t offset = 0;
            std::vector<std::string> kept;
            for (const std::string &t : s->tokens) {
                if (offset >= cut)
                    break;
                kept.push_back(t.substr(0, std::min(t.size(), cut - offset)));
                offset += t.size();
            }
            s->tokens = std::move(kept);
            s->finishReason = "stop";
        }
    }
    s->defects = presentDefects(defects, s->tokens.size());
    const std::size_t n = s->tokens.size();
    // Scripted faults fire after `after_tokens` (default: a stall before the first token, other
    // faults after the first); random ones somewhere inside the reply.
    const bool scripted = s->attempt.params.contains("action");
    const std::int64_t randomAfter = n > 1 ? rng.range(1, static_cast<std::int64_t>(n) - 1) : 0;
    s->faultAfter = static_cast<std::size_t>(std::max<std::int64_t>(
        0,
        scripted ? s->attempt.params.value("after_tokens", s->attempt.fault == "stall" ? 0 : 1)
                 : randomAfter));
    s->faultAfter = std::min(s->faultAfter, n);
    s->firstTokenAt = at + st.scaled(s->attempt.ttftSimMs);
    s->interval = st.scaled(1000.0 / s->attempt.tps);

    if (s->request.stream) {
        res.status = 200;
        res.set_header("Cache-Control", "no-cache");
        res.set_chunked_content_provider(
            "text/event-stream",
            [s](std::size_t, httplib::DataSink &sink) { return serveStream(*s, sink); },
            [s](bool) { finish(*s); });
        return;
    }
    const double plannedMs
        = s->attempt.ttftSimMs + 1000.0 * static_cast<double>(n) / s->attempt.tps;
    const bool whitespace = s->attempt.fault == "leading_whitespace"
        || plannedMs > st.market.slowNonStreamWhitespaceAfterMs;
    const bool chunked
        = whitespace || s->attempt.fault == "stall" || s->attempt.fault == "abrupt_close";
    if (chunked) {
        res.status = 200;
        res.set_chunked_content_provider(
            "application/json",
            [s, whitespace](std::size_t, httplib::DataSink &sink) {
                return serveNonStream(*s, sink, whitespace);
            },
            [s](bool) { finish(*s); });
        return;
    }
    // Plain reply with a Content-Length: wait here, then answer.
    struct NullSink {
        httplib::DataSink sink;
    } nullSink;
    std::string body;
    nullSink.sink.write = [&body](const char *d, std::size_t l) {
        body.append(d, l);
        return true;
    };
    nullSink.sink.done = [] {
    };
    if (!serveNonStream(*s, nullSink.sink, false)) {
        res.status = 500;
        res.set_content(makeError(500, "Internal Server Error").body.dump(), "application/json");
    } else {
        res.status = 200;
        res.set_content(body, "application/json");
    }
    finish(*s);
}

} // namespace scriptorium::sim
