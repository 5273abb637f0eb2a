#pragma once

#include "store/chapter_store.h"
#include "util/clock.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace scriptorium::store {

class Database;

/// Coalesces a writer's keystroke-level edits into cheap saves: update() only remembers the
/// newest body per chapter; flushIfDue() writes the pending bodies once `interval` has passed
/// since the last write, flush() writes them now (call it on chapter switch and shutdown).
/// Each chapter's save is one transaction through ChapterStore::replaceBody(Writer), so the
/// RevisionPolicy decides when an old body is kept. Single-threaded: the owner's thread (e.g.
/// a GUI timer) calls everything; borrows the Database and the Clock.
class ChapterAutosaver {
public:
    ChapterAutosaver(Database &db, const Clock &clock,
                     std::chrono::milliseconds interval = std::chrono::seconds(2),
                     RevisionPolicy policy = {});

    void update(std::int64_t chapterId, std::string body);
    bool hasPending() const { return !m_pending.empty(); }
    /// Writes pending bodies if the interval has passed since the last write.
    Status flushIfDue();
    /// Writes every pending body now. On error the failed body stays pending for the next try.
    Status flush();
    /// How many bodies have been written (for tests and diagnostics).
    std::int64_t writes() const { return m_writes; }

private:
    ChapterStore m_chapters;
    const Clock &m_clock;
    std::chrono::milliseconds m_interval;
    std::map<std::int64_t, std::string> m_pending{};
    Clock::TimePoint m_lastWrite{};
    std::int64_t m_writes = 0;
};

} // namespace scriptorium::store
