#include "novel/text_generator.h"

#include "novel/generation_recorder.h"
#include "novel/shared_database.h"
#include "store/generation_store.h"

#include <condition_variable>

namespace scriptorium::novel {

RouterTextGenerator::RouterTextGenerator(routing::Router &router, SharedDatabase *db)
    : m_router(router)
    , m_db(db)
{
}

void RouterTextGenerator::setEndpoints(const std::string &model,
                                       openrouter::ModelEndpoints endpoints)
{
    std::lock_guard lock(m_mutex);
    m_endpoints[model] = std::move(endpoints);
}

void RouterTextGenerator::setFallbackEndpoints(std::vector<openrouter::ModelEndpoints> endpoints)
{
    std::lock_guard lock(m_mutex);
    m_fallbackEndpoints = std::move(endpoints);
}

GenerationOutcome RouterTextGenerator::generate(GenerationTask task)
{
    GenerationOutcome outcome;
    // The Router routes by the stage the generation is recorded under (the config's `stages`).
    task.request.stage = task.stage;
    {
        std::lock_guard lock(m_mutex);
        if (!task.request.endpoints)
            if (const auto it = m_endpoints.find(task.request.model); it != m_endpoints.end())
                task.request.endpoints = it->second;
        if (task.request.fallbackEndpoints.empty())
            task.request.fallbackEndpoints = m_fallbackEndpoints;
    }
    if (m_db) {
        auto id = m_db->with([&](store::Database &db) {
            return startGenerationRecord(db, task.stage, task.bookId, task.chapterId,
                                         task.request.model);
        });
        if (id)
            outcome.recordId = *id;
    }
    task.request.recordId = outcome.recordId;
    task.request.batchId = task.batchId;

    std::mutex doneMutex;
    std::condition_variable doneCv;
    std::optional<routing::GenerationResult> done;
    routing::GenerationCallbacks callbacks;
    if (task.onDelta)
        callbacks.onDelta = [onDelta = task.onDelta](std::string_view delta, bool reasoning) {
            if (!reasoning)
                onDelta(delta);
        };
    callbacks.onDone = [&](const routing::GenerationResult &result) {
        std::lock_guard lock(doneMutex);
        done = result;
        doneCv.notify_all();
    };

    std::optional<routing::Router::GenerationId> id;
    {
        std::lock_guard lock(m_mutex);
        if (m_cancelled) {
            outcome.result.error = Error{ErrorCode::Cancelled, "The batch was cancelled.", {}};
        } else {
            auto started = m_router.start(task.request, callbacks);
            if (!started)
                outcome.result.error = started.error();
            else
                m_running.insert(id.emplace(*started));
        }
    }
    if (id) {
        std::unique_lock lock(doneMutex);
        doneCv.wait(lock, [&] { return done.has_value(); });
        outcome.result = std::move(*done);
        std::lock_guard runningLock(m_mutex);
        m_running.erase(*id);
    }
    if (m_db && outcome.recordId) {
        // Recording failures must not lose the text: the caller still gets the result.
        auto recorded = m_db->with([&](store::Database &db) {
            return finishGenerationRecord(db, *outcome.recordId, outcome.result, task.batchId,
                                          m_router.strategy().get());
        });
        outcome.costBooked = recorded.has_value() && task.batchId.has_value();
        if (!recorded)
            outcome.recordError = recorded.error();
    }
    return outcome;
}

void RouterTextGenerator::cancelAll()
{
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    for (const auto id : m_running)
        m_router.cancel(id);
}

} // namespace scriptorium::novel
