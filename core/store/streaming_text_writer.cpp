#include "store/streaming_text_writer.h"

#include "store/database.h"
#include "store/generation_store.h"

namespace scriptorium::store {

struct StreamingTextWriter::State {
    std::unique_ptr<Database> db;
    std::int64_t generationId = 0;
    Options options;
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::string queued;
    std::size_t persisted = 0;
    bool stopping = false;
    bool finished = false;
    std::optional<Error> firstError;
};

Result<std::unique_ptr<StreamingTextWriter>>
StreamingTextWriter::start(const std::filesystem::path &library, std::int64_t generationId,
                           Options options)
{
    OpenOptions open;
    open.create = false;
    open.checkIntegrity = false; // the caller's main connection already checked this file
    open.busyTimeoutMs = options.busyTimeoutMs;
    auto db = Database::open(library, open);
    if (!db)
        return fail(db.error());
    GenerationStore generations(**db);
    if (auto g = generations.get(generationId); !g)
        return fail(g.error());
    auto state = std::make_unique<State>();
    state->db = std::move(*db);
    state->generationId = generationId;
    state->options = options;
    std::unique_ptr<StreamingTextWriter> writer(new StreamingTextWriter(std::move(state)));
    writer->m_thread = std::thread([w = writer.get()] { w->run(); });
    return writer;
}

StreamingTextWriter::StreamingTextWriter(std::unique_ptr<State> state)
    : m_state(std::move(state))
{
}

StreamingTextWriter::~StreamingTextWriter()
{
    (void)finish();
}

void StreamingTextWriter::append(std::string_view text)
{
    std::lock_guard lock(m_state->mutex);
    m_state->queued.append(text);
}

std::size_t StreamingTextWriter::persistedBytes() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->persisted;
}

void StreamingTextWriter::run()
{
    GenerationStore generations(*m_state->db);
    std::unique_lock lock(m_state->mutex);
    while (true) {
        m_state->wake.wait_for(lock, m_state->options.flushInterval,
                               [this] { return m_state->stopping; });
        const bool stopping = m_state->stopping;
        if (!m_state->queued.empty()) {
            std::string chunk = std::move(m_state->queued);
            m_state->queued.clear();
            lock.unlock();
            auto written = generations.appendOutput(m_state->generationId, chunk);
            lock.lock();
            if (written) {
                m_state->persisted += chunk.size();
            } else {
                if (!m_state->firstError)
                    m_state->firstError = written.error();
                m_state->queued.insert(0, chunk); // keep it for the next try
            }
        }
        if (stopping)
            return;
    }
}

Status StreamingTextWriter::finish()
{
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->finished)
            return m_state->firstError ? Status(fail(*m_state->firstError)) : Status();
        m_state->stopping = true;
    }
    m_state->wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    std::lock_guard lock(m_state->mutex);
    m_state->finished = true;
    if (m_state->firstError)
        return fail(*m_state->firstError);
    return {};
}

} // namespace scriptorium::store
