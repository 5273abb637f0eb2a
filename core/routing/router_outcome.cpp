// What an attempt's end means: classify it, record metrics and cost, then degrade, retry,
// continue or finish the generation (DESIGN "Routing rules").
#include "routing/router_core.h"
#include "routing/router_policy.h"

#include <algorithm>
#include <cmath>

namespace scriptorium::routing {

void Router::Core::onComplete(const std::shared_ptr<Generation> &g, const net::TransferResult &r)
{
    if (!g->current)
        return;
    std::unique_ptr<Attempt> owned = std::move(g->current);
    Attempt &a = *owned;
    client.cancelTimer(a.watchdog);
    AttemptRecord &rec = a.record;
    if (!a.meter.started())
        a.meter.start(r.timings.t0);
    if (rec.httpStatus == 0)
        rec.httpStatus = r.status;

    std::optional<Error> error;
    bool quantizationConstraint = false;
    if (a.abortReason && *a.abortReason == ErrorCode::Parse && a.parseError) {
        error = Error{ErrorCode::Provider,
                      "the provider sent a malformed stream; another attempt may help",
                      a.parseError->message};
    } else if (a.abortReason) {
        error = Error{*a.abortReason, describeAbort(*a.abortReason), {}};
        rec.abandoned = true;
    } else if (r.error) {
        error = *r.error;
        if ((!a.text.empty() || a.reasoningSeen) && error->code == ErrorCode::Transport)
            error->code = ErrorCode::MidStream; // the connection broke after text arrived
    } else if (rec.httpStatus != 200) {
        const openrouter::ApiError api
            = openrouter::parseApiError(static_cast<int>(rec.httpStatus), a.body);
        error = api.toError();
        quantizationConstraint = api.isQuantizationConstraint();
        // The last provider OpenRouter tried, when it says: the failure is that provider's.
        if (rec.provider.empty() && !api.providerName.empty()) {
            rec.provider = api.providerName;
            rec.providerSlug = names.slugFor(api.providerName);
        }
        if (!rec.retryAfterSeconds && api.availability)
            rec.retryAfterSeconds = sanitizeRetryAfter(api.availability->retryAfterSeconds);
    } else if (a.streamError) {
        error = a.streamError->toError();
        if (!a.text.empty() || a.reasoningSeen)
            error->code = ErrorCode::MidStream;
        if (a.streamError->providerName.size() && rec.provider.empty())
            rec.provider = a.streamError->providerName;
    } else if (!a.eventStream) {
        auto response = openrouter::parseChatResponse(a.body);
        if (!response) {
            error = response.error();
        } else {
            a.text = response->content;
            rec.textBytes = static_cast<std::int64_t>(a.text.size());
            if (!a.text.empty()) {
                a.meter.dataEvent(r.timings.end, true);
                if (g->callbacks.onDelta)
                    g->callbacks.onDelta(a.text, false);
            }
            rec.provider = response->provider;
            rec.providerSlug = names.slugFor(response->provider);
            rec.servedModel = response->model;
            rec.finishReason = response->finishReason.value_or("");
            if (rec.generationId.empty())
                rec.generationId = response->id;
            a.usage = response->usage;
        }
    } else if (!a.sawDone && rec.finishReason.empty()) {
        error = Error{a.text.empty() ? ErrorCode::Transport : ErrorCode::MidStream,
                      "the connection closed before the stream finished; the partial text is "
                      "kept",
                      {}};
    }
    if (error)
        error = redacted(std::move(*error));

    // Tokens, metrics and cost.
    if (a.usage) {
        rec.promptTokens = a.usage->promptTokens;
        rec.completionTokens = a.usage->completionTokens;
        if (a.usage->cost) {
            rec.costUsd = *a.usage->cost;
            rec.costSource = CostSource::Usage;
        }
    } else {
        rec.tokensEstimated = true;
        rec.promptTokens = estimatePromptTokens(g->request.messages);
        // Reasoning is billed as completion tokens too.
        rec.completionTokens
            = static_cast<std::int64_t>((a.text.size() + a.reasoningBytes + 3) / 4);
    }
    const StreamMetrics m = a.meter.finish(r.timings.end, rec.completionTokens);
    rec.ttfbMs = m.ttfbMs;
    rec.ttftMs = m.ttftMs;
    rec.e2eMs = m.e2eMs;
    rec.decodeTokensPerSecond = m.decodeTokensPerSecond;
    rec.e2eTokensPerSecond = a.text.empty() ? std::nullopt : m.e2eTokensPerSecond;
    rec.keepAlives = m.keepAlives;
    const auto [quant, source]
        = servedQuantization(a.quantizations, rec.provider, endpointsOf(*g), rec.preferences.order);
    if (!rec.provider.empty() || a.quantizations.size() == 1) {
        rec.quantization = quant;
        rec.quantizationSource = source;
    }
    if (error) {
        rec.errorClass = error->code;
        rec.errorMessage = error->message;
        rec.errorDetail = error->detail;
    }
    // The reservation is released in deliver(), once the real cost is known.
    g->reservations.push_back(a.reservedUsd);
    options.health->record(
        rec.providerSlug.empty() ? names.slugFor(rec.provider) : rec.providerSlug, rec.errorClass,
        rec.ttftMs, rec.decodeTokensPerSecond, rec.e2eTokensPerSecond);

    // The text of this attempt joins the generation's text (continuations append).
    g->prefill += a.text;
    g->result.text = g->prefill;
    if (!a.text.empty()) {
        g->result.model = rec.servedModel.empty() ? rec.model : rec.servedModel;
        g->result.provider = rec.provider;
        g->result.providerSlug = rec.providerSlug;
        g->result.quantization = rec.quantization;
        g->result.quantizationSource = rec.quantizationSource;
        g->result.degraded = rec.degraded;
        g->result.finishReason = rec.finishReason;
    }
    if (options.strategy) {
        // When OpenRouter fell back inside the request, what it tried first is only in
        // /generation's provider_responses: observe once finish() has fetched them.
        const auto &order = rec.preferences.order;
        const bool fellBack = !order.empty() && !rec.providerSlug.empty()
            && !rec.generationId.empty() && options.reconcileTimeout.count() > 0
            && order.front().substr(0, order.front().find('/')) != rec.providerSlug;
        if (fellBack)
            g->pendingObservations.push_back(g->result.attempts.size());
        else
            options.strategy->observe(rec, endpointsOf(*g));
    }
    if (g->callbacks.onAttemptFinished)
        g->callbacks.onAttemptFinished(rec);
    g->result.attempts.push_back(rec);

    if (!error) {
        finish(g, std::nullopt);
        return;
    }
    if (quantizationConstraint && g->step + 1 < g->steps.size()) {
        ++g->step; // degrade: no backoff, the answer was deterministic
        if (g->attempts < g->config.retry.maxAttempts) {
            beginAttempt(g);
            return;
        }
    }
    a.record.errorClass = error->code;
    decideNext(g, a);
    if (!g->finished && g->retryTimer == 0 && !g->current)
        finish(g, *error);
}

void Router::Core::decideNext(const std::shared_ptr<Generation> &g, Attempt &a)
{
    const ErrorCode code = *a.record.errorClass;
    const AttemptRecord &rec = a.record;
    const bool stalled = code == ErrorCode::IdleStall || code == ErrorCode::FirstTokenTimeout;
    if (stalled && !rec.providerSlug.empty()) {
        g->excluded.push_back(rec.providerSlug);
        g->result.stalledProviders.push_back(rec.providerSlug);
    }
    if (code == ErrorCode::Cancelled || code == ErrorCode::Timeout || g->cancelRequested.load())
        return;
    if (g->attempts >= g->config.retry.maxAttempts)
        return;
    if (!a.text.empty() || a.reasoningSeen) {
        // After the first token (reasoning tokens count: they were paid for): only an explicit
        // opt-in continues (prefill, other provider).
        const bool continuable = code == ErrorCode::IdleStall || code == ErrorCode::MidStream
            || code == ErrorCode::Transport;
        if (!g->request.continueAfterFailure || !continuable)
            return;
        if (!stalled && !rec.providerSlug.empty())
            g->excluded.push_back(rec.providerSlug);
        beginAttempt(g);
        return;
    }
    if (!isRetryable(code))
        return;
    auto delay
        = backoffDelay(g->retries++, g->config.retry.baseBackoff, g->config.retry.maxBackoff, rng);
    if (rec.retryAfterSeconds) {
        delay = std::max(
            delay,
            std::chrono::milliseconds(static_cast<long long>(*rec.retryAfterSeconds * 1000.0)));
    }
    if (g->hasDeadline && client.clock().now() + delay >= g->deadline)
        return;
    if (code == ErrorCode::RateLimit) {
        // Every generation of this Router waits with this one (see rateLimitedUntil).
        Clock::TimePoint &until = rateLimitedUntil[g->request.model];
        until = std::max(until, client.clock().now() + delay);
    }
    auto self = shared_from_this();
    g->retryTimer = client.schedule(delay, [self, g] { self->beginAttempt(g); });
}

void Router::Core::finish(const std::shared_ptr<Generation> &g, std::optional<Error> error)
{
    if (g->finished)
        return;
    g->finished = true;
    g->result.text = g->prefill;
    if (g->cancelRequested.load() && error && error->code != ErrorCode::Cancelled
        && !g->result.attempts.empty()
        && g->result.attempts.back().errorClass == ErrorCode::Cancelled)
        error = Error{ErrorCode::Cancelled, "the generation was cancelled", {}};
    if (error)
        g->result.error = redacted(std::move(*error));

    // Costs that usage did not carry: ask /generation, then estimate what is still missing.
    // Not at shutdown: quitting must not wait for the answer; deliver() estimates instead.
    if (options.reconcileTimeout.count() > 0 && !stopping.load()) {
        auto self = shared_from_this();
        for (std::size_t i = 0; i < g->result.attempts.size(); ++i) {
            const AttemptRecord &rec = g->result.attempts[i];
            const bool wantsResponses
                = std::ranges::find(g->pendingObservations, i) != g->pendingObservations.end();
            if ((rec.costUsd && !wantsResponses) || rec.generationId.empty())
                continue;
            ++g->pendingReconciles;
            reconciler.reconcile(
                rec.generationId, [self, g, i](Result<openrouter::GenerationInfo> info) {
                    if (g->pendingReconciles == 0)
                        return; // timed out already
                    if (info && !info->providerResponses.empty()) {
                        AttemptRecord &target = g->result.attempts[i];
                        target.internalAttempts.clear();
                        for (const openrouter::ProviderResponse &r : info->providerResponses) {
                            if (r.status >= 200 && r.status < 300)
                                continue;
                            target.internalAttempts.push_back(InternalAttempt{
                                r.providerName, r.endpointId, r.status, r.latencyMs});
                        }
                        target.internalAttemptsKnown = true;
                    }
                    if (info && info->totalCost && !g->result.attempts[i].costUsd) {
                        g->result.attempts[i].costUsd = *info->totalCost;
                        g->result.attempts[i].costSource = CostSource::Generation;
                        if (info->tokensCompletion > 0 && g->result.attempts[i].tokensEstimated) {
                            g->result.attempts[i].promptTokens = info->tokensPrompt;
                            g->result.attempts[i].completionTokens = info->tokensCompletion;
                            g->result.attempts[i].tokensEstimated = false;
                        }
                    }
                    if (--g->pendingReconciles == 0)
                        self->deliver(g);
                });
        }
        if (g->pendingReconciles > 0) {
            g->reconcileTimer = client.schedule(options.reconcileTimeout, [self, g] {
                if (g->pendingReconciles == 0)
                    return;
                g->pendingReconciles = 0;
                self->deliver(g);
            });
            return;
        }
    }
    deliver(g);
}

void Router::Core::deliver(const std::shared_ptr<Generation> &g)
{
    client.cancelTimer(g->reconcileTimer);
    for (AttemptRecord &rec : g->result.attempts) {
        // Only an accepted stream can have been billed; a rejected request costs nothing.
        if (rec.costUsd || rec.httpStatus != 200)
            continue;
        if (auto estimate = estimateCostUsd(rec.promptTokens, rec.completionTokens, rec.provider,
                                            endpointsOf(*g))) {
            rec.costUsd = *estimate;
            rec.costSource = CostSource::Estimate;
        }
    }
    // Now every attempt's cost is as known as it will be (usage, /generation, or the estimate
    // from the tokens seen): the budget, the batch total and the dashboard all count it.
    if (Budget *budget = budgetOf(*g)) {
        for (const AttemptRecord &rec : g->result.attempts)
            noteBilledRatio(*g, rec);
        for (std::size_t i = 0; i < g->result.attempts.size(); ++i) {
            const double reserved = i < g->reservations.size() ? g->reservations[i] : 0.0;
            budget->settle(reserved, g->result.attempts[i].costUsd.value_or(0.0));
        }
    }
    if (options.strategy) {
        for (std::size_t i : g->pendingObservations) {
            if (i < g->result.attempts.size())
                options.strategy->observe(g->result.attempts[i], endpointsOf(*g));
        }
        g->pendingObservations.clear();
    }
    {
        std::lock_guard lock(mutex);
        live.erase(g->id);
    }
    if (g->callbacks.onDone)
        g->callbacks.onDone(g->result);
}

} // namespace scriptorium::routing
