#include "store/revision_store.h"

#include "store/database.h"

namespace scriptorium::store {

namespace {

RevisionInfo readInfo(const Statement &s)
{
    RevisionInfo r;
    r.id = s.int64(0);
    r.chapterId = s.int64(1);
    r.replacedBy = bodySourceFromName(s.text(2)).value_or(BodySource::Writer);
    r.generationId = s.optInt64(3);
    r.createdAt = s.int64(4);
    r.bytes = s.int64(5);
    return r;
}

} // namespace

Result<std::vector<RevisionInfo>> RevisionStore::list(std::int64_t chapterId)
{
    auto stmt = m_db.prepare("SELECT id, chapter_id, replaced_by, generation_id, created_at, "
                             "length(CAST(body AS BLOB)) FROM revisions WHERE chapter_id = ? "
                             "ORDER BY id DESC");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapterId);
    std::vector<RevisionInfo> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) { out.push_back(readInfo(row)); });
        !s) {
        return fail(s.error());
    }
    return out;
}

Result<Revision> RevisionStore::get(std::int64_t revisionId)
{
    auto stmt = m_db.prepare("SELECT id, chapter_id, replaced_by, generation_id, created_at, "
                             "length(CAST(body AS BLOB)), body FROM revisions WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, revisionId);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row) {
        return fail(ErrorCode::NotFound,
                    "there is no revision " + std::to_string(revisionId)
                        + ": see 'scriptorium-cli chapter history BOOK N'");
    }
    return Revision{readInfo(*stmt), stmt->text(6)};
}

Status RevisionStore::restore(std::int64_t chapterId, std::int64_t revisionId)
{
    auto revision = get(revisionId);
    if (!revision)
        return fail(revision.error());
    if (revision->info.chapterId != chapterId) {
        return fail(ErrorCode::NotFound,
                    "revision " + std::to_string(revisionId)
                        + " belongs to another chapter: see 'scriptorium-cli chapter history "
                          "BOOK N'");
    }
    ChapterStore chapters(m_db);
    auto replaced = chapters.replaceBody(chapterId, revision->body, BodySource::Restore);
    if (!replaced)
        return fail(replaced.error());
    return {};
}

} // namespace scriptorium::store
