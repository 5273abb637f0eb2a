#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scriptorium::store {

class Database;

/// Settings that belong to one library rather than to the user (schema 7's
/// `library_settings`): a key → text map, e.g. the routing preset a book uses. They live in the
/// library because book ids repeat across libraries: a per-user file keyed by book id would
/// apply one library's choice to another's book. Keys made by bookKey() belong to that book
/// and are deleted with it (a trigger), so a later book that reuses the id starts clean.
/// Borrows the Database and follows its threading (one thread at a time). Errors are the
/// Database's (Busy, Io, Corrupt…).
class LibrarySettings {
public:
    explicit LibrarySettings(Database &db)
        : m_db(db)
    {
    }

    /// The value of `key`; nullopt when it is not set.
    Result<std::optional<std::string>> value(std::string_view key);
    /// Sets `key` to `value` (an empty value is a value; remove() unsets).
    Status setValue(std::string_view key, std::string_view value);
    /// Unsets `key`; unsetting a key that is not set succeeds.
    Status remove(std::string_view key);

    /// The key of book `bookId`'s setting `name`: "book:<id>:<name>".
    static std::string bookKey(std::int64_t bookId, std::string_view name);

private:
    Database &m_db;
};

} // namespace scriptorium::store
