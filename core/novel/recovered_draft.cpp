#include "novel/recovered_draft.h"

#include "store/database.h"
#include "store/reservation_store.h"

namespace scriptorium::novel {

Result<std::optional<RecoveredDraft>> recoveredDraft(store::Database &db, std::int64_t chapterId)
{
    // Interrupted ones, and ones still marked running by a process that is gone (the next
    // runtime start books them; the text is already here).
    auto stmt = db.prepare(
        "SELECT id, stage, output, cost_usd, started_at, status, owner_pid FROM generations "
        "WHERE chapter_id = ? AND draft_dismissed = 0 AND output <> '' AND ((status = 'failed' "
        "AND error_class = 'interrupted') OR status = 'running') ORDER BY id DESC LIMIT 8");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapterId);
    std::optional<RecoveredDraft> found;
    auto ok = stmt->forEachRow([&](const store::Statement &row) {
        if (found)
            return;
        const bool running = row.text(5) == "running";
        if (running && !row.isNull(6) && store::processAlive(row.int64(6)))
            return; // still streaming in some window
        RecoveredDraft draft;
        draft.generationId = row.int64(0);
        draft.chapterId = chapterId;
        draft.stage = row.text(1);
        draft.text = row.text(2);
        draft.costUsd = row.optReal(3);
        draft.startedAt = row.int64(4);
        found = std::move(draft);
    });
    if (!ok)
        return fail(ok.error());
    return found;
}

Status dismissRecoveredDraft(store::Database &db, std::int64_t generationId)
{
    auto stmt = db.prepare("UPDATE generations SET draft_dismissed = 1 WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, generationId);
    return stmt->run();
}

} // namespace scriptorium::novel
