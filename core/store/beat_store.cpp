#include "store/beat_store.h"

#include "store/database.h"

#include <algorithm>

namespace scriptorium::store {

namespace {

constexpr std::string_view kColumns
    = "id, chapter_id, position, text, pov, location, created_at, updated_at";

Beat readBeat(const Statement &s)
{
    Beat b;
    b.id = s.int64(0);
    b.chapterId = s.int64(1);
    b.position = static_cast<int>(s.int64(2));
    b.text = s.text(3);
    b.pov = s.text(4);
    b.location = s.text(5);
    b.createdAt = s.int64(6);
    b.updatedAt = s.int64(7);
    return b;
}

Error beatNotFound(std::int64_t id)
{
    return Error{ErrorCode::NotFound, "there is no scene beat " + std::to_string(id), {}};
}

bool isBlank(const std::string &text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

Status needsText(const Beat &beat)
{
    if (isBlank(beat.text))
        return fail(ErrorCode::InvalidArgument, "a scene beat needs a line saying what happens");
    return {};
}

} // namespace

Result<std::vector<Beat>> BeatStore::list(std::int64_t chapterId)
{
    auto stmt = m_db.prepare("SELECT " + std::string(kColumns)
                             + " FROM chapter_beats WHERE chapter_id = ? ORDER BY position, id");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapterId);
    std::vector<Beat> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) { out.push_back(readBeat(row)); }); !s)
        return fail(s.error());
    return out;
}

Result<Beat> BeatStore::get(std::int64_t id)
{
    auto stmt
        = m_db.prepare("SELECT " + std::string(kColumns) + " FROM chapter_beats WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(beatNotFound(id));
    return readBeat(*stmt);
}

Result<std::vector<std::int64_t>> BeatStore::ids(std::int64_t chapterId)
{
    auto stmt
        = m_db.prepare("SELECT id FROM chapter_beats WHERE chapter_id = ? ORDER BY position, id");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapterId);
    std::vector<std::int64_t> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) { out.push_back(row.int64(0)); }); !s)
        return fail(s.error());
    return out;
}

Status BeatStore::renumber(std::int64_t chapterId, const std::vector<std::int64_t> &order)
{
    auto stmt
        = m_db.prepare("UPDATE chapter_beats SET position = ? WHERE id = ? AND chapter_id = ?");
    if (!stmt)
        return fail(stmt.error());
    for (std::size_t i = 0; i < order.size(); ++i) {
        stmt->bind(1, static_cast<std::int64_t>(i)).bind(2, order[i]).bind(3, chapterId);
        if (auto s = stmt->run(); !s)
            return s;
    }
    return {};
}

Result<std::int64_t> BeatStore::add(const Beat &beat, int position)
{
    if (auto s = needsText(beat); !s)
        return fail(s.error());
    return inTransaction(m_db, [&]() -> Result<std::int64_t> {
        auto order = ids(beat.chapterId);
        if (!order)
            return fail(order.error());
        const int count = static_cast<int>(order->size());
        const int at = position < 0 ? count : std::min(position, count);
        auto stmt = m_db.prepare("INSERT INTO chapter_beats (chapter_id, position, text, pov, "
                                 "location, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!stmt)
            return fail(stmt.error());
        const std::int64_t now = nowMs();
        stmt->bind(1, beat.chapterId)
            .bind(2, at)
            .bind(3, beat.text)
            .bind(4, beat.pov)
            .bind(5, beat.location)
            .bind(6, now)
            .bind(7, now);
        if (auto s = stmt->run(); !s)
            return fail(s.error());
        const std::int64_t id = m_db.lastInsertId();
        order->insert(order->begin() + at, id);
        if (auto s = renumber(beat.chapterId, *order); !s)
            return fail(s.error());
        return id;
    });
}

Status BeatStore::update(const Beat &beat)
{
    if (auto s = needsText(beat); !s)
        return s;
    auto stmt = m_db.prepare(
        "UPDATE chapter_beats SET text = ?, pov = ?, location = ?, updated_at = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, beat.text)
        .bind(2, beat.pov)
        .bind(3, beat.location)
        .bind(4, nowMs())
        .bind(5, beat.id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(beatNotFound(beat.id));
    return {};
}

Status BeatStore::remove(std::int64_t id)
{
    return inTransaction(m_db, [&]() -> Status {
        auto beat = get(id);
        if (!beat)
            return fail(beat.error());
        auto stmt = m_db.prepare("DELETE FROM chapter_beats WHERE id = ?");
        if (!stmt)
            return fail(stmt.error());
        stmt->bind(1, id);
        if (auto s = stmt->run(); !s)
            return s;
        auto order = ids(beat->chapterId);
        if (!order)
            return fail(order.error());
        return renumber(beat->chapterId, *order);
    });
}

Status BeatStore::move(std::int64_t id, int position)
{
    return inTransaction(m_db, [&]() -> Status {
        auto beat = get(id);
        if (!beat)
            return fail(beat.error());
        auto order = ids(beat->chapterId);
        if (!order)
            return fail(order.error());
        const int count = static_cast<int>(order->size());
        if (position < 0 || position >= count) {
            return fail(ErrorCode::InvalidArgument,
                        "place " + std::to_string(position + 1) + " is outside the chapter's "
                            + std::to_string(count) + " beats");
        }
        order->erase(std::find(order->begin(), order->end(), id));
        order->insert(order->begin() + position, id);
        return renumber(beat->chapterId, *order);
    });
}

Status BeatStore::replaceAll(std::int64_t chapterId, const std::vector<Beat> &beats)
{
    return inTransaction(m_db, [&]() -> Status {
        auto del = m_db.prepare("DELETE FROM chapter_beats WHERE chapter_id = ?");
        if (!del)
            return fail(del.error());
        del->bind(1, chapterId);
        if (auto s = del->run(); !s)
            return s;
        auto stmt = m_db.prepare("INSERT INTO chapter_beats (chapter_id, position, text, pov, "
                                 "location, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!stmt)
            return fail(stmt.error());
        const std::int64_t now = nowMs();
        int position = 0;
        for (const Beat &beat : beats) {
            if (isBlank(beat.text))
                continue;
            stmt->bind(1, chapterId)
                .bind(2, position++)
                .bind(3, beat.text)
                .bind(4, beat.pov)
                .bind(5, beat.location)
                .bind(6, now)
                .bind(7, now);
            if (auto s = stmt->run(); !s)
                return s;
        }
        return Status{};
    });
}

} // namespace scriptorium::store
