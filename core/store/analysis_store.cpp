#include "store/analysis_store.h"

#include "store/database.h"

namespace scriptorium::store {

Status AnalysisStore::markAnalysed(std::int64_t bookId, const std::vector<std::int64_t> &chapterIds,
                                   std::optional<std::int64_t> generationId)
{
    auto stmt = m_db.prepare("INSERT OR REPLACE INTO book_analysis (book_id, chapter_id, "
                             "generation_id, analysed_at) VALUES (?, ?, ?, ?)");
    if (!stmt)
        return fail(stmt.error());
    const std::int64_t now = nowMs();
    for (const std::int64_t chapterId : chapterIds) {
        stmt->bind(1, bookId).bind(2, chapterId).bind(3, generationId).bind(4, now);
        if (auto s = stmt->run(); !s)
            return s;
    }
    return {};
}

Result<std::set<std::int64_t>> AnalysisStore::analysedChapters(std::int64_t bookId)
{
    auto stmt = m_db.prepare("SELECT chapter_id FROM book_analysis WHERE book_id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId);
    std::set<std::int64_t> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) { out.insert(row.int64(0)); }); !s)
        return fail(s.error());
    return out;
}

Status AnalysisStore::clear(std::int64_t bookId)
{
    auto stmt = m_db.prepare("DELETE FROM book_analysis WHERE book_id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId);
    return stmt->run();
}

} // namespace scriptorium::store
