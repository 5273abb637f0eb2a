#include "routing/router.h"

#include "routing/adaptive_strategy.h"
#include "routing/router_core.h"
#include "routing/router_policy.h"
#include "util/log.h"

#include <algorithm>

// Starting attempts, reading their streams and the watchdogs; outcomes and retries are in
// router_outcome.cpp.

namespace scriptorium::routing {

namespace {

std::int64_t unixMillisNow()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

Error redacted(Error error)
{
    error.message = log::redact(error.message);
    error.detail = log::redact(error.detail);
    return error;
}

std::string describeAbort(ErrorCode reason)
{
    switch (reason) {
    case ErrorCode::FirstTokenTimeout:
        return "the provider sent no text before the first-token deadline; another provider "
               "will be tried";
    case ErrorCode::IdleStall:
        return "the stream stalled (no data within the idle limit); the partial text is kept";
    case ErrorCode::Timeout:
        return "the generation ran past its deadline; the partial text is kept";
    case ErrorCode::Cancelled:
        return "the generation was cancelled";
    default:
        return "the attempt was stopped";
    }
}

void Router::Core::beginAttempt(const std::shared_ptr<Generation> &g)
{
    g->retryTimer = 0;
    if (g->cancelRequested.load()) {
        finish(g, Error{ErrorCode::Cancelled, "the generation was cancelled", {}});
        return;
    }
    if (g->hasDeadline && client.clock().now() >= g->deadline) {
        finish(g, Error{ErrorCode::Timeout, describeAbort(ErrorCode::Timeout), {}});
        return;
    }
    const RoutingConfig &config = g->config;
    const std::string &model = g->request.model;
    // Another generation of this Router was just rate-limited for this model: wait with it.
    if (auto it = rateLimitedUntil.find(model); it != rateLimitedUntil.end()) {
        const Clock::TimePoint now = client.clock().now();
        if (now < it->second) {
            auto self = shared_from_this();
            g->retryTimer = client.schedule(it->second - now, [self, g] { self->beginAttempt(g); });
            return;
        }
    }

    auto attempt = std::make_unique<Attempt>();
    attempt->quantizations = g->steps[std::min(g->step, g->steps.size() - 1)];
    openrouter::ProviderPreferences prefs = config.providerFor(model, g->step);
    applyStrategy(*g, *attempt, prefs);
    for (const std::string &slug : g->excluded) {
        if (std::find(prefs.ignore.begin(), prefs.ignore.end(), slug) == prefs.ignore.end())
            prefs.ignore.push_back(slug);
        std::erase_if(prefs.order,
                      [&](const std::string &o) { return o == slug || o.starts_with(slug + "/"); });
    }

    openrouter::ChatRequest chat;
    chat.model = model;
    chat.models = g->fallbacks;
    chat.messages = g->request.messages;
    if (!g->prefill.empty())
        chat.messages.push_back(openrouter::ChatMessage{"assistant", g->prefill});
    chat.stream = true;
    chat.maxTokens = g->request.maxTokens.value_or(kDefaultMaxTokens);
    chat.temperature = g->request.temperature;
    chat.topP = g->request.topP;
    chat.seed = g->request.seed;
    chat.stop = g->request.stop;
    chat.provider = prefs;

    // Budget: the worst case must fit before anything is sent.
    if (auto ok = reserveBudget(*g, *attempt, chat); !ok) {
        finish(g, ok.error());
        return;
    }

    ++g->attempts;
    AttemptRecord &rec = attempt->record;
    rec.index = g->attempts;
    rec.model = model;
    rec.fallbackModels = g->fallbacks;
    rec.preferences = chat.provider.value_or(prefs); // with a ceiling the budget set
    rec.degraded = g->step > 0;
    rec.strategy = attempt->strategy;
    rec.routingReason = attempt->reason;
    rec.maxTokens = chat.maxTokens.value_or(0);

    net::HttpRequest http;
    http.method = "POST";
    http.url = options.baseUrl + "/chat/completions";
    http.body = openrouter::serializeChatRequest(chat);
    http.bearerToken = options.apiKey.value();
    http.connectTimeout = config.watchdogs.connect.count() > 0 ? config.watchdogs.connect
                                                               : std::chrono::milliseconds(30'000);
    http.headers = {{"Content-Type", "application/json"},
                    {"Accept", "text/event-stream"},
                    {"HTTP-Referer", options.appUrl},
                    {"X-OpenRouter-Title", options.appTitle},
                    {"X-Title", options.appTitle}};

    attempt->parser.setEventHandler(
        [this, g](const net::SseEvent &e) { onEvent(g, e.data, client.clock().now()); });
    attempt->parser.setCommentHandler([this, g](std::string_view) {
        if (g->current)
            g->current->meter.keepAlive(client.clock().now());
    });

    auto self = shared_from_this();
    net::TransferCallbacks cb;
    cb.onStart = [self, g](Clock::TimePoint t0) {
        if (!g->current)
            return;
        g->current->running = true;
        g->current->meter.start(t0);
        g->current->record.t0 = t0;
        g->current->record.startedAtUnixMs = unixMillisNow();
        if (g->callbacks.onAttemptStarted)
            g->callbacks.onAttemptStarted(g->current->record);
        self->armWatchdog(g);
    };
    cb.onResponse = [self, g](long status, const net::HttpHeaders &headers, Clock::TimePoint at) {
        if (!g->current)
            return;
        Attempt &a = *g->current;
        a.record.httpStatus = status;
        a.meter.firstByte(at);
        if (auto id = net::findHeader(headers, "x-generation-id")) {
            a.record.generationId = std::string(*id);
            self->identifyReservation(a);
        }
        if (auto ra = net::findHeader(headers, "retry-after"))
            a.record.retryAfterSeconds = parseRetryAfter(*ra);
        const auto type = net::findHeader(headers, "content-type").value_or("");
        a.eventStream = status == 200 && type.find("text/event-stream") != std::string_view::npos;
    };
    cb.onData = [self, g](std::string_view bytes, Clock::TimePoint at) {
        self->onData(g, bytes, at);
    };
    cb.onComplete = [self, g](const net::TransferResult &r) {
        self->onComplete(g, r);
    };

    g->current = std::move(attempt);
    auto id = client.submit(std::move(http), std::move(cb));
    if (!id) {
        // Nothing was sent: nothing was spent.
        if (Budget *budget = budgetOf(*g))
            budget->settle(g->current->reservedUsd, 0.0);
        if (options.ledger && g->current->reservationId)
            options.ledger->drop(*g->current->reservationId);
        g->current.reset();
        finish(g, id.error());
        return;
    }
    g->current->transfer = *id;
}

void Router::Core::applyStrategy(Generation &g, Attempt &attempt,
                                 openrouter::ProviderPreferences &prefs)
{
    if (!options.strategy) {
        attempt.strategy = "static";
        attempt.reason = "the config's provider order";
        return;
    }
    DecisionInput input;
    input.model = g.request.model;
    input.quantizations = attempt.quantizations;
    input.endpoints = endpointsOf(g);
    input.excludedProviders = g.excluded;
    input.promptTokens = estimatePromptTokens(g.request.messages)
        + static_cast<std::int64_t>(g.prefill.size() / 3);
    input.maxTokens = g.request.maxTokens.value_or(kDefaultMaxTokens);
    input.firstStep = g.step == 0;
    input.hasNextStep = g.step + 1 < g.steps.size();
    input.settings = g.stageSettings;
    RoutingDecision decision = options.strategy->decide(input);
    if (decision.skipStep && input.hasNextStep) {
        ++g.step;
        attempt.quantizations = g.steps[g.step];
        prefs = g.config.providerFor(g.request.model, g.step);
        input.quantizations = attempt.quantizations;
        input.firstStep = false;
        input.hasNextStep = g.step + 1 < g.steps.size();
        decision = options.strategy->decide(input);
    }
    attempt.strategy = decision.strategy;
    attempt.reason = decision.reason;
    if (decision.useConfigOrder || decision.order.empty())
        return;
    prefs.order = decision.order;
    prefs.allowFallbacks = true;
    for (const std::string &tag : decision.ignore) {
        if (std::ranges::find(prefs.ignore, tag) == prefs.ignore.end())
            prefs.ignore.push_back(tag);
    }
    if (!decision.quantizations.empty()) {
        prefs.quantizations = decision.quantizations;
        attempt.quantizations = decision.quantizations;
    }
}

void Router::Core::onData(const std::shared_ptr<Generation> &g, std::string_view bytes,
                          Clock::TimePoint at)
{
    if (!g->current || g->current->abortReason)
        return;
    Attempt &a = *g->current;
    if (!a.eventStream) {
        const std::size_t cap = a.record.httpStatus == 200 ? kMaxJsonBody : kMaxErrorBody;
        a.body.append(bytes.substr(0, cap > a.body.size() ? cap - a.body.size() : 0));
        return;
    }
    (void)at;
    if (auto ok = a.parser.feed(bytes); !ok && !a.parseError) {
        a.parseError = ok.error();
        abortAttempt(*g, ErrorCode::Parse);
    }
}

void Router::Core::onEvent(const std::shared_ptr<Generation> &g, std::string_view data,
                           Clock::TimePoint at)
{
    if (!g->current || g->current->abortReason)
        return;
    Attempt &a = *g->current;
    auto chunk = openrouter::decodeChunk(data);
    if (!chunk) {
        a.meter.dataEvent(at, false);
        a.parseError = chunk.error();
        abortAttempt(*g, ErrorCode::Parse);
        return;
    }
    if (chunk->done) {
        a.meter.dataEvent(at, false);
        a.sawDone = true;
        return;
    }
    const bool firstText = chunk->hasText() && !a.meter.hasFirstToken();
    a.meter.dataEvent(at, chunk->hasText());
    AttemptRecord &rec = a.record;
    if (rec.generationId.empty() && !chunk->id.empty()) {
        rec.generationId = chunk->id;
        identifyReservation(a);
    }
    if (!chunk->provider.empty() && rec.provider != chunk->provider) {
        rec.provider = chunk->provider;
        rec.providerSlug = names.slugFor(chunk->provider);
    }
    if (!chunk->model.empty())
        rec.servedModel = chunk->model;
    if (chunk->finishReason)
        rec.finishReason = *chunk->finishReason;
    if (chunk->usage)
        a.usage = chunk->usage;
    if (chunk->error)
        a.streamError = chunk->error;
    if (firstText) {
        // The first-token deadline is over; from now on the idle watchdog counts.
        client.cancelTimer(a.watchdog);
        armWatchdog(g);
        rec.ttftMs = millisecondsBetween(a.meter.t0(), at);
        if (g->callbacks.onFirstToken)
            g->callbacks.onFirstToken(rec);
    }
    if (!chunk->reasoning.empty()) {
        a.reasoningSeen = true;
        a.reasoningBytes += chunk->reasoning.size();
        g->result.reasoning += chunk->reasoning;
        if (g->callbacks.onDelta)
            g->callbacks.onDelta(chunk->reasoning, true);
    }
    if (!chunk->content.empty()) {
        a.text += chunk->content;
        rec.textBytes += static_cast<std::int64_t>(chunk->content.size());
        if (g->callbacks.onDelta)
            g->callbacks.onDelta(chunk->content, false);
    }
}

void Router::Core::armWatchdog(const std::shared_ptr<Generation> &g)
{
    if (!g->current)
        return;
    Attempt &a = *g->current;
    const WatchdogSettings &w = g->config.watchdogs;
    const Clock::TimePoint now = client.clock().now();
    std::optional<Clock::TimePoint> next;
    auto consider = [&](Clock::TimePoint at) {
        next = next ? std::min(*next, at) : at;
    };
    if (!a.meter.hasFirstToken() && w.firstToken.count() > 0)
        consider(a.meter.t0() + w.firstToken);
    if (a.meter.hasFirstToken() && w.idleStall.count() > 0)
        consider(a.meter.lastDataEvent() + w.idleStall);
    if (g->hasDeadline)
        consider(g->deadline);
    if (!next)
        return;
    const net::HttpClient::TransferId transfer = a.transfer;
    auto self = shared_from_this();
    a.watchdog = client.schedule(*next - now, [self, g, transfer] {
        if (!g->current || g->current->transfer != transfer || !g->current->running
            || g->current->abortReason)
            return;
        Attempt &cur = *g->current;
        const WatchdogSettings &wd = g->config.watchdogs;
        const Clock::TimePoint t = self->client.clock().now();
        if (g->hasDeadline && t >= g->deadline)
            self->abortAttempt(*g, ErrorCode::Timeout);
        else if (!cur.meter.hasFirstToken() && wd.firstToken.count() > 0
                 && t >= cur.meter.t0() + wd.firstToken)
            self->abortAttempt(*g, ErrorCode::FirstTokenTimeout);
        else if (cur.meter.hasFirstToken() && wd.idleStall.count() > 0
                 && t >= cur.meter.lastDataEvent() + wd.idleStall)
            self->abortAttempt(*g, ErrorCode::IdleStall);
        else
            self->armWatchdog(g);
    });
}

void Router::Core::abortAttempt(Generation &g, ErrorCode reason)
{
    if (!g.current || g.current->abortReason)
        return;
    g.current->abortReason = reason;
    client.cancel(g.current->transfer);
}

Router::Router(net::HttpClient &client, Options options)
{
    if (!options.health)
        options.health = std::make_shared<ProviderHealth>(client.clock());
    while (!options.baseUrl.empty() && options.baseUrl.back() == '/')
        options.baseUrl.pop_back();
    m_core = std::make_shared<Core>(client, std::move(options));
}

Router::~Router()
{
    shutdown();
}

void Router::shutdown()
{
    std::vector<std::shared_ptr<Generation>> generations;
    {
        std::lock_guard lock(m_core->mutex);
        // Under the lock: a start() racing with this either is refused or is in `live` now.
        m_core->stopping.store(true);
        for (const auto &[id, g] : m_core->live)
            generations.push_back(g);
    }
    // From here on finish() delivers at once; a generation that already waits for
    // /generation is delivered below with what is known (deliver() estimates the rest).
    for (const auto &g : generations)
        g->cancelRequested.store(true);
    auto self = m_core;
    self->client.post([self, generations = std::move(generations)] {
        for (const auto &g : generations) {
            if (g->finished) {
                if (g->pendingReconciles == 0)
                    continue; // delivered already
                g->pendingReconciles = 0; // a late answer finds it settled and is dropped
                self->deliver(g);
            } else if (g->current) {
                self->abortAttempt(*g, ErrorCode::Cancelled);
            } else if (g->retryTimer != 0) {
                self->client.cancelTimer(g->retryTimer);
                g->retryTimer = 0;
                self->finish(g, Error{ErrorCode::Cancelled, "the generation was cancelled", {}});
            }
        }
    });
}

std::shared_ptr<ProviderHealth> Router::health() const
{
    return m_core->options.health;
}

std::shared_ptr<RoutingStrategy> Router::strategy() const
{
    return m_core->options.strategy;
}

Result<Router::GenerationId> Router::start(GenerationRequest request, GenerationCallbacks callbacks)
{
    Core &core = *m_core;
    if (request.messages.empty())
        return fail(ErrorCode::InvalidArgument, "nothing to send: the prompt is empty");
    // A request may route by its own config (a preset) on this Router.
    const std::shared_ptr<const RoutingConfig> ownConfig = request.config;
    const RoutingConfig &base = ownConfig ? *ownConfig : core.options.config;
    if (request.model.empty())
        request.model = base.defaultModel;
    if (request.model.empty())
        return fail(ErrorCode::InvalidArgument, "no model given; pass --model or set a default");
    if (core.options.apiKey.empty()) {
        return fail(ErrorCode::Auth,
                    "no OpenRouter API key: set OPENROUTER_API_KEY to your key "
                    "from https://openrouter.ai/keys");
    }
    if (auto ok = net::HttpClient::checkUrl(core.options.baseUrl + "/chat/completions"); !ok)
        return fail(ok.error());

    auto g = std::make_shared<Generation>();
    std::vector<std::string> fallbacks = request.fallbackModels.value_or(base.models);
    std::erase(fallbacks, request.model);
    if (fallbacks.size() > openrouter::kMaxFallbackModels) {
        return fail(ErrorCode::Config,
                    "OpenRouter accepts at most 3 fallback models; shorten the `models` list",
                    std::to_string(fallbacks.size()) + " given");
    }
    // Under a cap a fallback model must be priced, or the worst case would not cover it.
    const Budget *budget = request.budget ? request.budget.get() : core.options.budget.get();
    if (budget && budget->remainingUsd()) {
        std::erase_if(fallbacks, [&](const std::string &model) {
            return std::ranges::none_of(request.fallbackEndpoints,
                                        [&](const openrouter::ModelEndpoints &e) {
                                            return e.id == model && !e.endpoints.empty();
                                        });
        });
    }
    g->fallbacks = std::move(fallbacks);
    // A pipeline stage may have its own policy ("stages" in the config): draft cheap, finalize
    // on a better endpoint.
    g->config = base.forStage(request.stage);
    if (g->config.routing != core.options.config.routing)
        g->stageSettings = strategySettingsFor(g->config);
    g->steps = g->config.precisionSteps(request.model);
    if (g->steps.empty())
        g->steps.push_back({});
    // The catalog already says the first precision is not served: degrade before asking.
    if (request.endpoints && g->steps.size() > 1
        && !anyEndpointServes(request.endpoints->endpoints, g->steps.front()))
        g->step = 1;
    for (const std::string &p : request.ignoreProviders)
        g->excluded.push_back(core.names.slugFor(p));
    g->prefill = request.prefill;
    const auto deadline = request.deadline.value_or(g->config.watchdogs.deadline);
    if (deadline.count() > 0) {
        g->hasDeadline = true;
        g->deadline = core.client.clock().now() + deadline;
    }
    g->request = std::move(request);
    g->callbacks = std::move(callbacks);
    {
        std::lock_guard lock(core.mutex);
        if (core.stopping.load())
            return fail(ErrorCode::Cancelled,
                        "the generation was not started: the program is closing");
        g->id = core.nextId++;
        core.live.emplace(g->id, g);
    }
    g->result.generationId = g->id;
    auto self = m_core;
    core.client.post([self, g] { self->beginAttempt(g); });
    return g->id;
}

void Router::cancel(GenerationId id)
{
    std::shared_ptr<Generation> g;
    {
        std::lock_guard lock(m_core->mutex);
        auto it = m_core->live.find(id);
        if (it == m_core->live.end())
            return;
        g = it->second;
    }
    g->cancelRequested.store(true);
    auto self = m_core;
    self->client.post([self, g] {
        if (g->finished)
            return;
        if (g->current) {
            self->abortAttempt(*g, ErrorCode::Cancelled);
        } else if (g->retryTimer != 0) {
            self->client.cancelTimer(g->retryTimer);
            g->retryTimer = 0;
            self->finish(g, Error{ErrorCode::Cancelled, "the generation was cancelled", {}});
        }
    });
}

GenerationRequest continuationOf(GenerationRequest original, const GenerationResult &result)
{
    original.prefill = result.text;
    for (const std::string &slug : result.stalledProviders)
        original.ignoreProviders.push_back(slug);
    if (const AttemptRecord *last = result.finalAttempt(); last && !last->providerSlug.empty()
        && result.error && result.error->code == ErrorCode::MidStream)
        original.ignoreProviders.push_back(last->providerSlug);
    return original;
}

} // namespace scriptorium::routing
