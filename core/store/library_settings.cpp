#include "store/library_settings.h"

#include "store/database.h"

namespace scriptorium::store {

Result<std::optional<std::string>> LibrarySettings::value(std::string_view key)
{
    auto stmt = m_db.prepare("SELECT value FROM library_settings WHERE key = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(stmt->text(0));
}

Status LibrarySettings::setValue(std::string_view key, std::string_view value)
{
    auto stmt = m_db.prepare("INSERT INTO library_settings (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, key).bind(2, value);
    return stmt->run();
}

Status LibrarySettings::remove(std::string_view key)
{
    auto stmt = m_db.prepare("DELETE FROM library_settings WHERE key = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, key);
    return stmt->run();
}

std::string LibrarySettings::bookKey(std::int64_t bookId, std::string_view name)
{
    // The books table's delete trigger matches this shape ('book:' || id || ':*').
    return "book:" + std::to_string(bookId) + ":" + std::string(name);
}

} // namespace scriptorium::store
