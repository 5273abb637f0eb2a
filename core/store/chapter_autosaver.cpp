#include "store/chapter_autosaver.h"

namespace scriptorium::store {

ChapterAutosaver::ChapterAutosaver(Database &db, const Clock &clock,
                                   std::chrono::milliseconds interval, RevisionPolicy policy)
    : m_chapters(db, policy)
    , m_clock(clock)
    , m_interval(interval)
    , m_lastWrite(clock.now())
{
}

void ChapterAutosaver::update(std::int64_t chapterId, std::string body)
{
    m_pending[chapterId] = std::move(body);
}

Status ChapterAutosaver::flushIfDue()
{
    if (m_pending.empty() || m_clock.now() - m_lastWrite < m_interval)
        return {};
    return flush();
}

Status ChapterAutosaver::flush()
{
    while (!m_pending.empty()) {
        auto it = m_pending.begin();
        auto saved = m_chapters.replaceBody(it->first, it->second, BodySource::Writer);
        if (!saved)
            return fail(saved.error());
        m_pending.erase(it);
        ++m_writes;
    }
    m_lastWrite = m_clock.now();
    return {};
}

} // namespace scriptorium::store
