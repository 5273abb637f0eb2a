// PipelineRuntime's single generations (the window's Generate): recorded before they are sent,
// streamed into the library while they run, recorded like every other step when they end.
#include "net/http_client.h"
#include "novel/generation_recorder.h"
#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "routing/http_catalog_source.h"
#include "store/streaming_text_writer.h"

namespace scriptorium::novel {

struct PipelineRuntime::Single {
    Ticket ticket = 0;
    GenerationTask task;
    SingleCallbacks callbacks;
    std::int64_t recordId = 0;
    std::unique_ptr<store::StreamingTextWriter> writer;
    std::mutex mutex; // guards the fields below (start and cancel race with the network thread)
    std::optional<routing::Router::GenerationId> routerId;
    bool cancelled = false;
    bool done = false;
};

Result<PipelineRuntime::SingleStarted> PipelineRuntime::startSingle(GenerationTask task,
                                                                    SingleCallbacks callbacks)
{
    if (task.request.model.empty())
        task.request.model = m_model;
    task.request.stage = task.stage;
    auto single = std::make_shared<Single>();
    // The row exists before anything is sent: a crash leaves a trace (and its reservation).
    auto id = m_db.with([&](store::Database &db) {
        return startGenerationRecord(db, task.stage, task.bookId, task.chapterId,
                                     task.request.model);
    });
    if (!id)
        return fail(id.error());
    single->recordId = *id;
    task.request.recordId = *id;
    task.request.batchId = task.batchId;
    // Text streams into the row at most a quarter second behind. A library that cannot take
    // a second connection (unlikely) still generates: the text is recorded at the end.
    const auto path = m_db.with([](store::Database &db) { return db.path(); });
    if (auto writer = store::StreamingTextWriter::start(path, *id); writer)
        single->writer = std::move(*writer);
    single->task = std::move(task);
    single->callbacks = std::move(callbacks);
    bool known = false;
    {
        std::lock_guard lock(m_mutex);
        single->ticket = ++m_lastTicket;
        m_singles[single->ticket] = single;
        if (const auto it = m_modelEndpoints.find(single->task.request.model);
            it != m_modelEndpoints.end()) {
            known = true;
            if (!single->task.request.endpoints)
                single->task.request.endpoints = it->second;
        }
        if (single->task.request.fallbackEndpoints.empty())
            single->task.request.fallbackEndpoints = m_fallbackEndpoints;
    }
    const SingleStarted started{single->ticket, single->recordId};
    if (known || single->task.request.endpoints) {
        launchSingle(single);
        return started;
    }
    // The model's endpoints first (the Router degrades before asking and knows the served
    // precision with them), fetched on the network thread; without them it still goes out.
    net::HttpRequest get;
    get.url = m_baseUrl + "/models/" + single->task.request.model + "/endpoints";
    get.bearerToken = m_apiKey.value();
    get.totalTimeout = std::chrono::seconds(30);
    auto body = std::make_shared<std::string>();
    auto status = std::make_shared<long>(0);
    net::TransferCallbacks cb;
    cb.onResponse = [status](long code, const net::HttpHeaders &, Clock::TimePoint) {
        *status = code;
    };
    cb.onData = [body](std::string_view bytes, Clock::TimePoint) {
        body->append(bytes);
    };
    cb.onComplete = [this, single, body, status](const net::TransferResult &result) {
        std::optional<openrouter::ModelEndpoints> endpoints;
        if (!result.error && *status >= 200 && *status < 300)
            if (auto parsed = openrouter::parseEndpoints(*body))
                endpoints = std::move(*parsed);
        {
            std::lock_guard lock(m_mutex);
            m_modelEndpoints[single->task.request.model] = endpoints;
        }
        single->task.request.endpoints = endpoints;
        launchSingle(single);
    };
    if (!m_client->submit(std::move(get), std::move(cb)))
        launchSingle(single); // the client is stopping: the Router reports it in onDone
    return started;
}

void PipelineRuntime::launchSingle(const std::shared_ptr<Single> &single)
{
    routing::GenerationCallbacks callbacks = single->callbacks.progress;
    callbacks.onDelta = [single, forward = single->callbacks.progress.onDelta](
                            std::string_view delta, bool reasoning) {
        if (!reasoning && single->writer)
            single->writer->append(delta);
        if (forward)
            forward(delta, reasoning);
    };
    callbacks.onDone = [this, single](const routing::GenerationResult &result) {
        finishSingle(single, result);
    };
    bool cancelled = false;
    {
        std::lock_guard lock(single->mutex);
        cancelled = single->cancelled;
    }
    if (cancelled) { // before it was sent
        routing::GenerationResult result;
        result.error = Error{ErrorCode::Cancelled, "Stopped before it started.", {}};
        finishSingle(single, result);
        return;
    }
    auto started = m_router->start(single->task.request, std::move(callbacks));
    if (!started) {
        // The Router did not take it, so it will not call onDone: report it the same way.
        routing::GenerationResult result;
        result.error = started.error();
        finishSingle(single, result);
        return;
    }
    std::lock_guard lock(single->mutex);
    single->routerId = *started;
    // A cancel that came while the Router was starting it.
    if (single->cancelled && !single->done)
        m_router->cancel(*started);
}

void PipelineRuntime::finishSingle(const std::shared_ptr<Single> &single,
                                   const routing::GenerationResult &result)
{
    {
        std::lock_guard lock(single->mutex);
        single->done = true;
    }
    if (single->writer)
        (void)single->writer->finish(); // the final text replaces what it wrote just below
    GenerationOutcome outcome;
    outcome.result = result;
    outcome.recordId = single->recordId;
    auto recorded = m_db.with([&](store::Database &db) {
        return finishGenerationRecord(db, single->recordId, result, single->task.batchId,
                                      m_router->strategy().get());
    });
    outcome.costBooked = recorded.has_value() && single->task.batchId.has_value();
    if (!recorded)
        outcome.recordError = recorded.error();
    if (single->callbacks.onDone)
        single->callbacks.onDone(outcome);
    std::lock_guard lock(m_mutex);
    m_singles.erase(single->ticket);
    m_singlesDone.notify_all();
}

void PipelineRuntime::shutdown()
{
    if (!m_router)
        return;
    if (m_generator)
        m_generator->cancelAll();
    std::vector<Ticket> tickets;
    {
        std::lock_guard lock(m_mutex);
        for (const auto &[ticket, single] : m_singles)
            tickets.push_back(ticket);
    }
    for (const Ticket ticket : tickets)
        cancelSingle(ticket);
    m_router->shutdown();
    // Their results come on the network thread at once (no cost check is awaited): wait for
    // them to be recorded, bounded, so a wedged network thread cannot hold a quit.
    std::unique_lock lock(m_mutex);
    m_singlesDone.wait_for(lock, std::chrono::seconds(2), [this] { return m_singles.empty(); });
}

void PipelineRuntime::cancelSingle(Ticket ticket)
{
    std::shared_ptr<Single> single;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_singles.find(ticket);
        if (it == m_singles.end())
            return;
        single = it->second;
    }
    std::lock_guard lock(single->mutex);
    single->cancelled = true;
    if (single->routerId && !single->done)
        m_router->cancel(*single->routerId);
}

} // namespace scriptorium::novel
