#include "ui/generation/generation_bridge.h"

#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "routing/http_catalog_source.h"
#include "store/database.h"
#include "ui/library_session.h"
#include "ui/runtime/app_runtime.h"

#include <algorithm>

namespace scriptorium::ui {

namespace {

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

/// Where the network thread's callbacks post to: the bridge, until it is destroyed (the
/// shared runtime outlives it). A posted call still queued when it goes is dropped by Qt.
struct GenerationBridge::Relay {
    std::mutex mutex;
    GenerationBridge *bridge = nullptr;

    void post(std::function<void(GenerationBridge *)> call)
    {
        std::lock_guard lock(mutex);
        if (!bridge)
            return;
        QMetaObject::invokeMethod(
            bridge, [b = bridge, call = std::move(call)] { call(b); }, Qt::QueuedConnection);
    }
};

struct GenerationBridge::Running {
    std::weak_ptr<AppRuntime::Live> live;
    std::uint64_t ticket = 0;
};

GenerationBridge::GenerationBridge(AppRuntime *runtime, QObject *parent)
    : QObject(parent)
    , m_app(runtime ? runtime : new AppRuntime(this))
    , m_relay(std::make_shared<Relay>())
{
    m_relay->bridge = this;
    connect(m_app, &AppRuntime::ready, this, &GenerationBridge::startWaiting);
    connect(m_app, &AppRuntime::failed, this, &GenerationBridge::failWaiting);
}

GenerationBridge::~GenerationBridge()
{
    shutdown();
}

void GenerationBridge::spawn(std::function<void(int id)> work)
{
    const int id = ++m_lastThread;
    m_threads.emplace(id, std::thread([work = std::move(work), id] { work(id); }));
}

void GenerationBridge::joinThread(int id)
{
    if (auto it = m_threads.find(id); it != m_threads.end()) {
        if (it->second.joinable())
            it->second.join();
        m_threads.erase(it);
    }
}

void GenerationBridge::configure(const QString &baseUrl, const QString &apiKey,
                                 const QString &libraryPath, routing::RoutingConfig config,
                                 std::shared_ptr<routing::RoutingStrategy> strategy)
{
    if (m_stopped || !m_app)
        return;
    const bool moved = baseUrl != m_baseUrl || apiKey != m_apiKey || libraryPath != m_libraryPath
        || strategy != m_strategy;
    if (moved)
        cancelAll(); // they belong to the previous connection
    if (baseUrl != m_baseUrl || apiKey != m_apiKey)
        m_prices.clear();
    m_baseUrl = baseUrl;
    m_apiKey = apiKey;
    m_libraryPath = libraryPath;
    m_strategy = strategy;
    m_config = std::make_shared<const routing::RoutingConfig>(config);
    m_configured = true;
    m_app->use(baseUrl, apiKey, libraryPath, std::move(config), std::move(strategy));
    if (m_app->current() && m_app->serves(m_baseUrl, m_apiKey, m_libraryPath))
        startWaiting();
}

void GenerationBridge::startWaiting()
{
    if (!m_app || !m_app->current() || !m_app->serves(m_baseUrl, m_apiKey, m_libraryPath))
        return;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &[ticket, task] : waiting)
        startNow(ticket, task);
}

void GenerationBridge::failWaiting()
{
    if (!m_app || !m_app->failure())
        return;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &[ticket, task] : waiting)
        fail(ticket, *m_app->failure());
}

void GenerationBridge::cancelAll()
{
    for (auto it = m_tickets.cbegin(); it != m_tickets.cend(); ++it) {
        if (auto live = it.value()->live.lock(); live && live->runtime)
            live->runtime->cancelSingle(it.value()->ticket);
    }
}

Result<quint64> GenerationBridge::start(novel::GenerationTask task)
{
    if (m_stopped || !m_configured)
        return scriptorium::fail(ErrorCode::Internal, "The generation service is not running.",
                                 "restart Scriptorium");
    const quint64 ticket = ++m_lastTicket;
    if (!task.request.config)
        task.request.config = m_config;
    if (!m_app || !m_app->current() || !m_app->serves(m_baseUrl, m_apiKey, m_libraryPath)) {
        m_waiting.append({ticket, std::move(task)});
        // Another caller moved the runtime to its connection meanwhile: this one's comes back.
        if (m_app && !m_app->serves(m_baseUrl, m_apiKey, m_libraryPath))
            m_app->use(m_baseUrl, m_apiKey, m_libraryPath, *m_config, m_strategy);
        return ticket;
    }
    startNow(ticket, std::move(task));
    return ticket;
}

void GenerationBridge::fail(quint64 ticket, const Error &error)
{
    routing::GenerationResult failed;
    failed.error = error;
    QMetaObject::invokeMethod(
        this, [this, ticket, failed] { emit finished(ticket, failed, 0, QString()); },
        Qt::QueuedConnection);
}

void GenerationBridge::startNow(quint64 ticket, novel::GenerationTask task)
{
    // Every callback runs on the network thread: it copies what it needs and posts to this
    // bridge (while it lives), whose queued call runs on the GUI thread.
    const std::shared_ptr<Relay> relay = m_relay;
    novel::PipelineRuntime::SingleCallbacks callbacks;
    routing::GenerationCallbacks &progress = callbacks.progress;
    progress.onAttemptStarted = [relay, ticket](const routing::AttemptRecord &attempt) {
        relay->post([ticket, provider = q(attempt.provider), quant = q(attempt.quantization)](
                        GenerationBridge *b) { emit b->attemptStarted(ticket, provider, quant); });
    };
    progress.onFirstToken = [relay, ticket](const routing::AttemptRecord &attempt) {
        relay->post([ticket, ttft = attempt.ttftMs.value_or(0), provider = q(attempt.provider),
                     quant = q(attempt.quantization),
                     degraded = attempt.degraded](GenerationBridge *b) {
            emit b->firstToken(ticket, ttft, provider, quant, degraded);
        });
    };
    progress.onDelta = [relay, ticket](std::string_view text, bool reasoning) {
        if (reasoning)
            return;
        relay->post([ticket, bytes = QByteArray(text.data(), static_cast<qsizetype>(text.size()))](
                        GenerationBridge *b) { emit b->delta(ticket, bytes); });
    };
    progress.onAttemptFinished = [relay, ticket](const routing::AttemptRecord &attempt) {
        relay->post(
            [ticket, attempt](GenerationBridge *b) { emit b->attemptFinished(ticket, attempt); });
    };
    callbacks.onDone = [relay, ticket](const novel::GenerationOutcome &outcome) {
        relay->post([ticket, result = outcome.result,
                     record = static_cast<qint64>(outcome.recordId.value_or(0)),
                     recordError = outcome.recordError ? errorText(*outcome.recordError)
                                                       : QString()](GenerationBridge *b) {
            b->m_tickets.remove(ticket);
            emit b->finished(ticket, result, record, recordError);
        });
    };
    const std::shared_ptr<AppRuntime::Live> live = m_app->current();
    auto started = live->runtime->startSingle(std::move(task), std::move(callbacks));
    if (!started)
        return fail(ticket, started.error());
    auto running = std::make_shared<Running>();
    running->live = live;
    running->ticket = started->ticket;
    m_tickets.insert(ticket, running);
    // Queued like every other signal (`finished` carries the row's id too).
    QMetaObject::invokeMethod(
        this, [this, ticket, record = started->recordId] { emit recorded(ticket, record); },
        Qt::QueuedConnection);
}

void GenerationBridge::cancel(quint64 ticket)
{
    for (qsizetype i = 0; i < m_waiting.size(); ++i) {
        if (m_waiting[i].first == ticket) {
            m_waiting.removeAt(i);
            fail(ticket, Error{ErrorCode::Cancelled, "Stopped before it started.", {}});
            return;
        }
    }
    if (auto it = m_tickets.constFind(ticket); it != m_tickets.constEnd()) {
        if (auto live = it.value()->live.lock(); live && live->runtime)
            live->runtime->cancelSingle(it.value()->ticket);
    }
}

void GenerationBridge::fetchCatalog(const QString &baseUrl, const QString &apiKey)
{
    if (m_stopped || m_catalogPending || !m_app)
        return;
    if (baseUrl != m_baseUrl || apiKey != m_apiKey)
        m_prices.clear();
    // The runtime of this server (started for it when none runs yet: on the open library once
    // a generation configured one, else on a scratch one until then).
    m_app->useForCatalog(baseUrl, apiKey, baseUrl == m_baseUrl ? m_libraryPath : QString());
    m_catalogPending = true;
    spawn([this, access = m_app->access(), stop = m_stop.get_token()](int id) {
        Result<std::vector<openrouter::ModelInfo>> models
            = scriptorium::fail(ErrorCode::Cancelled, "the model list was not loaded");
        if (auto live = access->await(std::chrono::seconds(60), stop))
            models = (*live)->runtime->models();
        else
            models = scriptorium::fail(live.error());
        QMetaObject::invokeMethod(
            this,
            [this, id, models = std::move(models)] {
                joinThread(id);
                m_catalogPending = false;
                if (!models) {
                    emit catalogFailed(errorText(models.error()));
                    return;
                }
                QStringList names;
                for (const openrouter::ModelInfo &m : *models) {
                    const QString name = q(m.id);
                    names.append(name);
                    if (m.pricing.known)
                        m_prices.insert(name, {m.pricing.prompt, m.pricing.completion});
                }
                names.sort();
                emit catalogLoaded(names);
            },
            Qt::QueuedConnection);
    });
}

std::optional<ModelPrice> GenerationBridge::price(const QString &model) const
{
    if (auto it = m_prices.constFind(model); it != m_prices.constEnd())
        return *it;
    return std::nullopt;
}

void GenerationBridge::shutdown()
{
    if (m_stopped && m_threads.empty())
        return;
    m_stopped = true;
    m_stop.request_stop();
    // The shared runtime records each cancelled generation; this bridge's signals stop here.
    cancelAll();
    {
        std::lock_guard lock(m_relay->mutex);
        m_relay->bridge = nullptr;
    }
    // A catalog read waiting for a runtime still starting returns once its owner stops it;
    // this bridge's own runtime (benchmarks) stops here.
    if (m_app && m_app->parent() == this)
        m_app->shutdown();
    for (auto &[id, thread] : m_threads)
        if (thread.joinable())
            thread.join();
    m_threads.clear();
    m_tickets.clear();
    m_waiting.clear();
}

} // namespace scriptorium::ui
