#include "ui/generation/generation_bridge.h"

#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "routing/http_catalog_source.h"
#include "store/database.h"
#include "ui/library_session.h"

#include <algorithm>

namespace scriptorium::ui {

namespace {

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

/// A runtime with its own library connection (the GUI thread's is not shared across threads).
/// Destroyed in order: the runtime (its generations end and are recorded), then the library.
struct GenerationBridge::Runtime {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<novel::SharedDatabase> shared;
    std::unique_ptr<novel::PipelineRuntime> runtime;

    ~Runtime()
    {
        runtime.reset();
        shared.reset();
        db.reset();
    }
};

GenerationBridge::GenerationBridge(QObject *parent)
    : QObject(parent)
{
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
    if (m_stopped)
        return;
    // The previous runtime's generations are cancelled and recorded as it goes.
    if (m_runtime)
        retire(std::move(m_runtime));
    if (m_stopper)
        m_stopper->stop(); // a runtime still starting gives up its catalog fetch
    if (baseUrl != m_baseUrl || apiKey != m_apiKey)
        m_prices.clear();
    m_baseUrl = baseUrl;
    m_apiKey = apiKey;
    m_libraryPath = libraryPath;
    m_strategy = std::move(strategy);
    m_configured = true;
    const quint64 generation = ++m_generation;
    m_stopper = std::make_shared<novel::RuntimeStopper>();
    novel::RoutingSetup setup;
    setup.baseUrl = toStd(baseUrl);
    setup.apiKey = routing::ApiKey(toStd(apiKey));
    setup.config = std::move(config);
    setup.stopper = m_stopper;
    setup.strategy = m_strategy;
    spawn([this, generation, setup = std::move(setup), path = toStd(libraryPath)](int id) mutable {
        auto runtime = std::make_shared<Runtime>();
        std::optional<Error> error;
        if (auto db = store::Database::open(path)) {
            runtime->db = std::move(*db);
            runtime->shared = std::make_unique<novel::SharedDatabase>(*runtime->db);
            if (auto started = novel::PipelineRuntime::start(*runtime->shared, std::move(setup)))
                runtime->runtime = std::move(*started);
            else
                error = started.error();
        } else {
            error = db.error();
        }
        QMetaObject::invokeMethod(
            this,
            [this, id, generation, runtime, error] {
                joinThread(id);
                if (generation != m_generation || m_stopped) {
                    retire(runtime); // configured again meanwhile
                    return;
                }
                m_stopper.reset();
                if (error) {
                    const auto waiting = std::exchange(m_waiting, {});
                    for (const auto &[ticket, task] : waiting)
                        fail(ticket, *error);
                    return;
                }
                m_runtime = runtime;
                const auto waiting = std::exchange(m_waiting, {});
                for (const auto &[ticket, task] : waiting)
                    startNow(ticket, task);
            },
            Qt::QueuedConnection);
    });
}

void GenerationBridge::retire(std::shared_ptr<Runtime> runtime)
{
    if (!runtime)
        return;
    // Cancelling and destroying it joins its network thread and records what was in flight:
    // off the GUI thread.
    spawn([this, runtime = std::move(runtime)](int id) mutable {
        runtime.reset();
        QMetaObject::invokeMethod(
            this, [this, id] { joinThread(id); }, Qt::QueuedConnection);
    });
}

Result<quint64> GenerationBridge::start(novel::GenerationTask task)
{
    if (m_stopped || !m_configured)
        return scriptorium::fail(ErrorCode::Internal, "The generation service is not running.",
                                 "restart Scriptorium");
    const quint64 ticket = ++m_lastTicket;
    if (!m_runtime) {
        m_waiting.append({ticket, std::move(task)});
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
    // object, whose queued call runs on the GUI thread.
    novel::PipelineRuntime::SingleCallbacks callbacks;
    routing::GenerationCallbacks &progress = callbacks.progress;
    progress.onAttemptStarted = [this, ticket](const routing::AttemptRecord &attempt) {
        QMetaObject::invokeMethod(
            this,
            [this, ticket, provider = q(attempt.provider), quant = q(attempt.quantization)] {
                emit attemptStarted(ticket, provider, quant);
            },
            Qt::QueuedConnection);
    };
    progress.onFirstToken = [this, ticket](const routing::AttemptRecord &attempt) {
        QMetaObject::invokeMethod(
            this,
            [this, ticket, ttft = attempt.ttftMs.value_or(0), provider = q(attempt.provider),
             quant = q(attempt.quantization), degraded = attempt.degraded] {
                emit firstToken(ticket, ttft, provider, quant, degraded);
            },
            Qt::QueuedConnection);
    };
    progress.onDelta = [this, ticket](std::string_view text, bool reasoning) {
        if (reasoning)
            return;
        QMetaObject::invokeMethod(
            this,
            [this, ticket, bytes = QByteArray(text.data(), static_cast<qsizetype>(text.size()))] {
                emit delta(ticket, bytes);
            },
            Qt::QueuedConnection);
    };
    progress.onAttemptFinished = [this, ticket](const routing::AttemptRecord &attempt) {
        QMetaObject::invokeMethod(
            this, [this, ticket, attempt] { emit attemptFinished(ticket, attempt); },
            Qt::QueuedConnection);
    };
    callbacks.onDone = [this, ticket](const novel::GenerationOutcome &outcome) {
        QMetaObject::invokeMethod(
            this,
            [this, ticket, result = outcome.result,
             record = static_cast<qint64>(outcome.recordId.value_or(0)),
             recordError = outcome.recordError ? errorText(*outcome.recordError) : QString()] {
                m_tickets.remove(ticket);
                emit finished(ticket, result, record, recordError);
            },
            Qt::QueuedConnection);
    };
    auto started = m_runtime->runtime->startSingle(std::move(task), std::move(callbacks));
    if (!started)
        return fail(ticket, started.error());
    m_tickets.insert(ticket, started->ticket);
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
    if (auto it = m_tickets.constFind(ticket); m_runtime && it != m_tickets.constEnd())
        m_runtime->runtime->cancelSingle(*it);
}

void GenerationBridge::fetchCatalog(const QString &baseUrl, const QString &apiKey)
{
    if (m_stopped || m_catalogPending)
        return;
    if (baseUrl != m_baseUrl || apiKey != m_apiKey)
        m_prices.clear();
    if (m_runtime && baseUrl == m_baseUrl && apiKey == m_apiKey) {
        loadCatalog([runtime = m_runtime] { return runtime->runtime->models(); });
        return;
    }
    // No runtime for this connection yet (it starts with the first generation): a one-off
    // fetch through the core catalog, whose cache the runtime then reads.
    loadCatalog([url = toStd(baseUrl), key = toStd(apiKey)] {
        return routing::fetchModelList(url, routing::ApiKey(key));
    });
}

void GenerationBridge::loadCatalog(
    std::function<Result<std::vector<openrouter::ModelInfo>>()> fetch)
{
    m_catalogPending = true;
    spawn([this, fetch = std::move(fetch)](int id) {
        auto models = fetch();
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
    if (m_stopper)
        m_stopper->stop();
    // Destroying the runtime cancels and records what is in flight; its posted signals are
    // dropped with this object.
    if (m_runtime) {
        for (auto it = m_tickets.cbegin(); it != m_tickets.cend(); ++it)
            m_runtime->runtime->cancelSingle(it.value());
        m_runtime.reset();
    }
    for (auto &[id, thread] : m_threads)
        if (thread.joinable())
            thread.join();
    m_threads.clear();
    m_tickets.clear();
    m_waiting.clear();
}

} // namespace scriptorium::ui
