#include "store/chapter_store.h"

#include "store/database.h"
#include "store/writing_log.h"
#include "util/text_stats.h"

#include <algorithm>
#include <array>

namespace scriptorium::store {

namespace {

constexpr std::array<std::string_view, 5> kStatusNames{"planned", "drafted", "generated", "edited",
                                                       "final"};
constexpr std::array<std::string_view, 4> kSourceNames{"writer", "generation", "restore", "import"};

constexpr std::string_view kColumns
    = "id, book_id, position, title, status, target_length, target_unit, body_length, "
      "body_source, deleted_at, created_at, updated_at, outline, summary, end_state, body";
constexpr std::string_view kListColumns
    = "id, position, title, status, body_length, target_length, deleted_at, updated_at";

Chapter readChapter(const Statement &s)
{
    Chapter c;
    c.id = s.int64(0);
    c.bookId = s.int64(1);
    c.position = static_cast<int>(s.int64(2));
    c.title = s.text(3);
    c.status = chapterStatusFromName(s.text(4)).value_or(ChapterStatus::Planned);
    c.targetLength = s.optInt64(5);
    c.targetUnit = s.text(6);
    c.bodyLength = s.int64(7);
    c.bodySource = bodySourceFromName(s.text(8)).value_or(BodySource::Writer);
    c.deletedAt = s.optInt64(9);
    c.createdAt = s.int64(10);
    c.updatedAt = s.int64(11);
    c.outline = s.text(12);
    c.summary = s.text(13);
    c.endState = s.text(14);
    c.body = s.text(15);
    return c;
}

ChapterListItem readListItem(const Statement &s)
{
    ChapterListItem c;
    c.id = s.int64(0);
    c.position = static_cast<int>(s.int64(1));
    c.title = s.text(2);
    c.status = chapterStatusFromName(s.text(3)).value_or(ChapterStatus::Planned);
    c.bodyLength = s.int64(4);
    c.targetLength = s.optInt64(5);
    c.deletedAt = s.optInt64(6);
    c.updatedAt = s.int64(7);
    return c;
}

Error chapterNotFound(std::string what)
{
    return Error{ErrorCode::NotFound,
                 "there is no " + what + ": see 'scriptorium-cli chapter list BOOK'",
                 {}};
}

// The share of the longer text that differs, after trimming the common prefix and suffix.
double changedFraction(std::string_view before, std::string_view after)
{
    const std::size_t longest = std::max(before.size(), after.size());
    if (longest == 0)
        return 0.0;
    std::size_t prefix = 0;
    const std::size_t shortest = std::min(before.size(), after.size());
    while (prefix < shortest && before[prefix] == after[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < shortest - prefix
           && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
        ++suffix;
    return static_cast<double>(longest - prefix - suffix) / static_cast<double>(longest);
}

std::int64_t bodyLengthOf(std::string_view body)
{
    return static_cast<std::int64_t>(countText(body).length());
}

// Every writer's save and every stored generation feed the writing log, in the transaction
// that writes the body, so no save path can forget it; a restore or an import brings back or
// brings in text nobody wrote today.
Status logWriting(Database &db, std::int64_t bookId, std::string_view old, std::string_view body,
                  BodySource source, std::int64_t atMs)
{
    if (source != BodySource::Writer && source != BodySource::Generation)
        return {};
    return WritingLog(db).recordEdit(bookId, old, body,
                                     source == BodySource::Writer ? WritingSource::Hand
                                                                  : WritingSource::Generation,
                                     localDay(atMs));
}

} // namespace

std::string_view chapterStatusName(ChapterStatus status)
{
    return kStatusNames[static_cast<std::size_t>(status)];
}

Result<ChapterStatus> chapterStatusFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == name)
            return static_cast<ChapterStatus>(i);
    }
    return fail(ErrorCode::InvalidArgument,
                "unknown chapter status '" + std::string(name)
                    + "': use planned, drafted, generated, edited or final");
}

std::string_view bodySourceName(BodySource source)
{
    return kSourceNames[static_cast<std::size_t>(source)];
}

Result<BodySource> bodySourceFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kSourceNames.size(); ++i) {
        if (kSourceNames[i] == name)
            return static_cast<BodySource>(i);
    }
    return fail(ErrorCode::InvalidArgument, "unknown body source '" + std::string(name) + "'");
}

Status ChapterStore::shiftFrom(std::int64_t bookId, int position, int delta)
{
    // Two passes through negative positions: the unique (book, position) index is checked
    // row by row, so shifting in place would collide with a neighbour half-way.
    auto flip = m_db.prepare("UPDATE chapters SET position = -position WHERE book_id = ? AND "
                             "deleted_at IS NULL AND position >= ?");
    if (!flip)
        return fail(flip.error());
    flip->bind(1, bookId).bind(2, position);
    if (auto s = flip->run(); !s)
        return s;
    auto back = m_db.prepare("UPDATE chapters SET position = -position + ? WHERE book_id = ? "
                             "AND deleted_at IS NULL AND position < 0");
    if (!back)
        return fail(back.error());
    back->bind(1, delta).bind(2, bookId);
    return back->run();
}

Result<std::int64_t> ChapterStore::add(std::int64_t bookId, const Chapter &chapter)
{
    return inTransaction(m_db, [&]() -> Result<std::int64_t> {
        auto count = m_db.prepare(
            "SELECT count(*) FROM chapters WHERE book_id = ? AND deleted_at IS NULL");
        if (!count)
            return fail(count.error());
        count->bind(1, bookId);
        if (auto r = count->step(); !r)
            return fail(r.error());
        const int live = static_cast<int>(count->int64(0));
        int position = chapter.position;
        if (position <= 0 || position > live)
            position = live + 1;
        else if (auto s = shiftFrom(bookId, position, 1); !s)
            return fail(s.error());
        auto stmt = m_db.prepare(
            "INSERT INTO chapters (book_id, position, title, status, target_length, "
            "target_unit, body_length, body_source, created_at, updated_at, outline, summary, "
            "end_state, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!stmt)
            return fail(stmt.error());
        const std::int64_t now = nowMs();
        stmt->bind(1, bookId)
            .bind(2, position)
            .bind(3, chapter.title)
            .bind(4, chapterStatusName(chapter.status))
            .bind(5, chapter.targetLength)
            .bind(6, chapter.targetUnit)
            .bind(7, bodyLengthOf(chapter.body))
            .bind(8, bodySourceName(chapter.bodySource))
            .bind(9, now)
            .bind(10, now)
            .bind(11, chapter.outline)
            .bind(12, chapter.summary)
            .bind(13, chapter.endState)
            .bind(14, chapter.body);
        if (auto s = stmt->run(); !s) {
            if (s.error().code == ErrorCode::Conflict) {
                return fail(ErrorCode::NotFound,
                            "there is no book " + std::to_string(bookId)
                                + ": see 'scriptorium-cli book list'");
            }
            return fail(s.error());
        }
        const std::int64_t id = m_db.lastInsertId();
        if (auto logged = logWriting(m_db, bookId, {}, chapter.body, chapter.bodySource, now);
            !logged)
            return fail(logged.error());
        return id;
    });
}

Result<std::vector<ChapterListItem>> ChapterStore::listWhere(std::int64_t bookId, bool trashed)
{
    auto stmt = m_db.prepare("SELECT " + std::string(kListColumns)
                             + " FROM chapters WHERE book_id = ? AND "
                             + (trashed ? "deleted_at IS NOT NULL ORDER BY deleted_at DESC"
                                        : "deleted_at IS NULL ORDER BY position"));
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId);
    std::vector<ChapterListItem> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) { out.push_back(readListItem(row)); });
        !s) {
        return fail(s.error());
    }
    return out;
}

Result<std::vector<ChapterListItem>> ChapterStore::list(std::int64_t bookId)
{
    return listWhere(bookId, false);
}

Result<std::vector<ChapterListItem>> ChapterStore::listTrash(std::int64_t bookId)
{
    return listWhere(bookId, true);
}

Result<Chapter> ChapterStore::get(std::int64_t chapterId)
{
    auto stmt = m_db.prepare("SELECT " + std::string(kColumns) + " FROM chapters WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapterId);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(chapterNotFound("chapter with id " + std::to_string(chapterId)));
    return readChapter(*stmt);
}

Result<Chapter> ChapterStore::getAt(std::int64_t bookId, int position)
{
    auto stmt = m_db.prepare("SELECT " + std::string(kColumns)
                             + " FROM chapters WHERE book_id = ? AND position = ? AND "
                               "deleted_at IS NULL");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId).bind(2, position);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row) {
        return fail(chapterNotFound("chapter " + std::to_string(position) + " in book "
                                    + std::to_string(bookId)));
    }
    return readChapter(*stmt);
}

Status ChapterStore::updateMeta(const Chapter &chapter)
{
    auto stmt = m_db.prepare("UPDATE chapters SET title = ?, outline = ?, status = ?, "
                             "target_length = ?, target_unit = ?, summary = ?, end_state = ?, "
                             "updated_at = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapter.title)
        .bind(2, chapter.outline)
        .bind(3, chapterStatusName(chapter.status))
        .bind(4, chapter.targetLength)
        .bind(5, chapter.targetUnit)
        .bind(6, chapter.summary)
        .bind(7, chapter.endState)
        .bind(8, nowMs())
        .bind(9, chapter.id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(chapterNotFound("chapter with id " + std::to_string(chapter.id)));
    return {};
}

Result<bool> ChapterStore::replaceBody(std::int64_t chapterId, std::string_view body,
                                       BodySource source, std::optional<std::int64_t> generationId,
                                       std::optional<std::int64_t> atMs)
{
    const std::int64_t at = atMs.value_or(nowMs());
    return inTransaction(m_db, [&]() -> Result<bool> {
        return replaceBodyInTransaction(chapterId, body, source, generationId, at);
    });
}

Result<bool> ChapterStore::replaceBodyInTransaction(std::int64_t chapterId, std::string_view body,
                                                    BodySource source,
                                                    std::optional<std::int64_t> generationId,
                                                    std::int64_t at)
{
    auto current = m_db.prepare(
        "SELECT body, body_source, body_revised_at, status, book_id FROM chapters WHERE id = ?");
    if (!current)
        return fail(current.error());
    current->bind(1, chapterId);
    auto row = current->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(chapterNotFound("chapter with id " + std::to_string(chapterId)));
    const std::string old = current->text(0);
    const std::string oldSource = current->text(1);
    const std::optional<std::int64_t> revisedAt = current->optInt64(2);
    const auto status = chapterStatusFromName(current->text(3)).value_or(ChapterStatus::Planned);
    const std::int64_t bookId = current->int64(4);
    if (old == body && oldSource == bodySourceName(source))
        return false;

    bool makeRevision = !old.empty();
    if (makeRevision && source == BodySource::Writer) {
        makeRevision = oldSource != bodySourceName(BodySource::Writer) || !revisedAt
            || at - *revisedAt >= m_policy.writerInterval.count()
            || changedFraction(old, body) >= m_policy.significantFraction;
    }
    if (makeRevision) {
        auto insert = m_db.prepare("INSERT INTO revisions (chapter_id, body, replaced_by, "
                                   "generation_id, created_at) VALUES (?, ?, ?, ?, ?)");
        if (!insert)
            return fail(insert.error());
        insert->bind(1, chapterId)
            .bind(2, old)
            .bind(3, bodySourceName(source))
            .bind(4, generationId)
            .bind(5, at);
        if (auto s = insert->run(); !s)
            return fail(s.error());
    }

    ChapterStatus next = status;
    if (source == BodySource::Generation)
        next = ChapterStatus::Generated;
    else if (source == BodySource::Writer && status == ChapterStatus::Planned)
        next = ChapterStatus::Drafted;
    else if (source == BodySource::Writer && status == ChapterStatus::Generated)
        next = ChapterStatus::Edited;
    else if (source == BodySource::Import && status == ChapterStatus::Planned)
        next = ChapterStatus::Drafted;

    auto update = m_db.prepare(
        "UPDATE chapters SET body = ?, body_length = ?, body_source = ?, status = ?, "
        "updated_at = ?, body_revised_at = CASE WHEN ? THEN ? ELSE body_revised_at END "
        "WHERE id = ?");
    if (!update)
        return fail(update.error());
    update->bind(1, body)
        .bind(2, bodyLengthOf(body))
        .bind(3, bodySourceName(source))
        .bind(4, chapterStatusName(next))
        .bind(5, at)
        .bind(6, makeRevision || !revisedAt ? 1 : 0)
        .bind(7, at)
        .bind(8, chapterId);
    if (auto s = update->run(); !s)
        return fail(s.error());
    if (auto logged = logWriting(m_db, bookId, old, body, source, at); !logged)
        return fail(logged.error());
    return makeRevision;
}

Status ChapterStore::trash(std::int64_t chapterId)
{
    return inTransaction(m_db, [&]() -> Status {
        auto chapter = get(chapterId);
        if (!chapter)
            return fail(chapter.error());
        if (chapter->deletedAt)
            return {};
        auto stmt = m_db.prepare("UPDATE chapters SET deleted_at = ? WHERE id = ?");
        if (!stmt)
            return fail(stmt.error());
        stmt->bind(1, nowMs()).bind(2, chapterId);
        if (auto s = stmt->run(); !s)
            return s;
        return shiftFrom(chapter->bookId, chapter->position + 1, -1);
    });
}

Status ChapterStore::move(std::int64_t chapterId, int position)
{
    return inTransaction(m_db, [&]() -> Status {
        auto chapter = get(chapterId);
        if (!chapter)
            return fail(chapter.error());
        if (chapter->deletedAt)
            return fail(ErrorCode::InvalidArgument, "A chapter in the trash cannot be moved.",
                        "restore it first");
        auto live = list(chapter->bookId);
        if (!live)
            return fail(live.error());
        const int to = std::clamp(position, 1, static_cast<int>(live->size()));
        if (to == chapter->position)
            return {};
        // Park the chapter at 0 (outside every shifted range), close its gap, open one at
        // the target, and drop it in.
        auto place = m_db.prepare("UPDATE chapters SET position = ? WHERE id = ?");
        if (!place)
            return fail(place.error());
        place->bind(1, 0).bind(2, chapterId);
        if (auto s = place->run(); !s)
            return s;
        if (auto s = shiftFrom(chapter->bookId, chapter->position + 1, -1); !s)
            return s;
        if (auto s = shiftFrom(chapter->bookId, to, 1); !s)
            return s;
        auto drop = m_db.prepare("UPDATE chapters SET position = ? WHERE id = ?");
        if (!drop)
            return fail(drop.error());
        drop->bind(1, to).bind(2, chapterId);
        return drop->run();
    });
}

Status ChapterStore::untrash(std::int64_t chapterId)
{
    return inTransaction(m_db, [&]() -> Status {
        auto chapter = get(chapterId);
        if (!chapter)
            return fail(chapter.error());
        if (!chapter->deletedAt)
            return {};
        auto live = list(chapter->bookId);
        if (!live)
            return fail(live.error());
        const int position = std::clamp(chapter->position, 1, static_cast<int>(live->size()) + 1);
        if (auto s = shiftFrom(chapter->bookId, position, 1); !s)
            return s;
        auto stmt
            = m_db.prepare("UPDATE chapters SET deleted_at = NULL, position = ? WHERE id = ?");
        if (!stmt)
            return fail(stmt.error());
        stmt->bind(1, position).bind(2, chapterId);
        return stmt->run();
    });
}

} // namespace scriptorium::store
