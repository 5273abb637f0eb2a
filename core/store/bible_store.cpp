#include "store/bible_store.h"

#include "store/database.h"

#include <array>

namespace scriptorium::store {

namespace {

constexpr std::array<std::string_view, 5> kKindNames{"character", "place", "item", "lore", "style"};
constexpr std::array<std::string_view, 3> kOriginNames{"writer", "setup", "analysis"};
constexpr std::string_view kColumns = "SELECT id, book_id, kind, name, aliases, text, created_at, "
                                      "updated_at, origin, source_chapter_id, reviewed FROM "
                                      "bible_entries ";

BibleEntry readEntry(const Statement &s)
{
    BibleEntry e;
    e.id = s.int64(0);
    e.bookId = s.int64(1);
    e.kind = bibleKindFromName(s.text(2)).value_or(BibleKind::Lore);
    e.name = s.text(3);
    e.aliases = s.text(4);
    e.text = s.text(5);
    e.createdAt = s.int64(6);
    e.updatedAt = s.int64(7);
    e.origin = bibleOriginFromName(s.text(8)).value_or(BibleOrigin::Writer);
    e.sourceChapterId = s.optInt64(9);
    e.reviewed = s.int64(10) != 0;
    return e;
}

Error entryNotFound(std::int64_t id)
{
    return Error{ErrorCode::NotFound, "there is no story bible entry " + std::to_string(id), {}};
}

} // namespace

std::string_view bibleKindName(BibleKind kind)
{
    return kKindNames[static_cast<std::size_t>(kind)];
}

Result<BibleKind> bibleKindFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kKindNames.size(); ++i) {
        if (kKindNames[i] == name)
            return static_cast<BibleKind>(i);
    }
    return fail(ErrorCode::InvalidArgument,
                "unknown bible entry kind '" + std::string(name)
                    + "': use character, place, item, lore or style");
}

std::string_view bibleOriginName(BibleOrigin origin)
{
    return kOriginNames[static_cast<std::size_t>(origin)];
}

Result<BibleOrigin> bibleOriginFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kOriginNames.size(); ++i) {
        if (kOriginNames[i] == name)
            return static_cast<BibleOrigin>(i);
    }
    return fail(ErrorCode::InvalidArgument,
                "unknown bible entry origin '" + std::string(name)
                    + "': use writer, setup or analysis");
}

Result<std::int64_t> BibleStore::add(const BibleEntry &entry)
{
    if (entry.name.empty())
        return fail(ErrorCode::InvalidArgument, "a story bible entry needs a name");
    auto stmt = m_db.prepare("INSERT INTO bible_entries (book_id, kind, name, aliases, text, "
                             "created_at, updated_at, origin, source_chapter_id, reviewed) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return fail(stmt.error());
    const std::int64_t now = nowMs();
    stmt->bind(1, entry.bookId)
        .bind(2, bibleKindName(entry.kind))
        .bind(3, entry.name)
        .bind(4, entry.aliases)
        .bind(5, entry.text)
        .bind(6, now)
        .bind(7, now)
        .bind(8, bibleOriginName(entry.origin))
        .bind(9, entry.sourceChapterId)
        .bind(10, entry.reviewed ? 1 : 0);
    if (auto s = stmt->run(); !s)
        return fail(s.error());
    return m_db.lastInsertId();
}

Result<BibleEntry> BibleStore::get(std::int64_t id)
{
    auto stmt = m_db.prepare(std::string(kColumns) + "WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(entryNotFound(id));
    return readEntry(*stmt);
}

Result<std::vector<BibleEntry>> BibleStore::list(std::int64_t bookId)
{
    return listWhere(bookId, "");
}

Result<std::vector<BibleEntry>> BibleStore::listReviewed(std::int64_t bookId)
{
    return listWhere(bookId, "AND reviewed = 1 ");
}

Result<std::vector<BibleEntry>> BibleStore::listUnreviewed(std::int64_t bookId)
{
    return listWhere(bookId, "AND reviewed = 0 ");
}

Result<std::vector<BibleEntry>> BibleStore::listWhere(std::int64_t bookId,
                                                      std::string_view condition)
{
    auto stmt = m_db.prepare(std::string(kColumns) + "WHERE book_id = ? " + std::string(condition)
                             + "ORDER BY kind, name");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId);
    std::vector<BibleEntry> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) { out.push_back(readEntry(row)); });
        !s) {
        return fail(s.error());
    }
    return out;
}

Status BibleStore::update(const BibleEntry &entry)
{
    if (entry.name.empty())
        return fail(ErrorCode::InvalidArgument, "a story bible entry needs a name");
    auto stmt = m_db.prepare("UPDATE bible_entries SET kind = ?, name = ?, aliases = ?, text = ?, "
                             "updated_at = ?, origin = ?, source_chapter_id = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bibleKindName(entry.kind))
        .bind(2, entry.name)
        .bind(3, entry.aliases)
        .bind(4, entry.text)
        .bind(5, nowMs())
        .bind(6, bibleOriginName(entry.origin))
        .bind(7, entry.sourceChapterId)
        .bind(8, entry.id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(entryNotFound(entry.id));
    return {};
}

Status BibleStore::setReviewed(std::int64_t id, bool reviewed)
{
    auto stmt = m_db.prepare("UPDATE bible_entries SET reviewed = ?, updated_at = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, reviewed ? 1 : 0).bind(2, nowMs()).bind(3, id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(entryNotFound(id));
    return {};
}

Result<int> BibleStore::acceptAll(std::int64_t bookId)
{
    auto stmt = m_db.prepare("UPDATE bible_entries SET reviewed = 1, updated_at = ? WHERE "
                             "book_id = ? AND reviewed = 0");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, nowMs()).bind(2, bookId);
    if (auto s = stmt->run(); !s)
        return fail(s.error());
    return static_cast<int>(m_db.changes());
}

Status BibleStore::remove(std::int64_t id)
{
    auto stmt = m_db.prepare("DELETE FROM bible_entries WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(entryNotFound(id));
    return {};
}

} // namespace scriptorium::store
