#pragma once

#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

enum class BibleKind { Character, Place, Item, Lore, Style };
std::string_view bibleKindName(BibleKind kind);
Result<BibleKind> bibleKindFromName(std::string_view name);

/// A story bible entry: a character, place, item, piece of lore or style note.
struct BibleEntry {
    std::int64_t id = 0;
    std::int64_t bookId = 0;
    BibleKind kind = BibleKind::Character;
    std::string name{};
    std::string aliases{}; ///< other names, separated by commas
    std::string text{};
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

/// Story bible entries of a library. Borrows the Database (same thread). Errors: NotFound,
/// InvalidArgument (empty name), and the Database's codes.
class BibleStore {
public:
    explicit BibleStore(Database &db)
        : m_db(db)
    {
    }

    Result<std::int64_t> add(const BibleEntry &entry);
    Result<BibleEntry> get(std::int64_t id);
    /// Entries of a book ordered by kind then name.
    Result<std::vector<BibleEntry>> list(std::int64_t bookId);
    Status update(const BibleEntry &entry);
    Status remove(std::int64_t id);

private:
    Database &m_db;
};

} // namespace scriptorium::store
