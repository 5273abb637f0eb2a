#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

enum class BibleKind { Character, Place, Item, Lore, Style };
std::string_view bibleKindName(BibleKind kind);
Result<BibleKind> bibleKindFromName(std::string_view name);

/// Who made a story bible entry: the writer, book setup (generated bible), or the analysis of
/// the writer's own chapters (issue 16), whose entries wait for review.
enum class BibleOrigin { Writer, Setup, Analysis };
std::string_view bibleOriginName(BibleOrigin origin);
Result<BibleOrigin> bibleOriginFromName(std::string_view name);

/// A story bible entry: a character, place, item, piece of lore or style note.
struct BibleEntry {
    std::int64_t id = 0;
    std::int64_t bookId = 0;
    BibleKind kind = BibleKind::Character;
    std::string name{};
    std::string aliases{}; ///< other names, separated by commas
    std::string text{};
    BibleOrigin origin = BibleOrigin::Writer;
    /// The chapter an analysed entry was derived from (its provenance); none otherwise.
    std::optional<std::int64_t> sourceChapterId{};
    /// Prompts use only reviewed entries; analysed ones start unreviewed.
    bool reviewed = true;
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
    /// The reviewed entries only: what prompts are built from.
    Result<std::vector<BibleEntry>> listReviewed(std::int64_t bookId);
    /// The entries still waiting for the writer's review, in the same order.
    Result<std::vector<BibleEntry>> listUnreviewed(std::int64_t bookId);
    /// Updates kind, name, aliases, text and provenance; `reviewed` is set by
    /// setReviewed()/acceptAll() only.
    Status update(const BibleEntry &entry);
    /// Marks one entry reviewed (or back to waiting). Errors: NotFound.
    Status setReviewed(std::int64_t id, bool reviewed);
    /// Marks every unreviewed entry of a book reviewed; returns how many.
    Result<int> acceptAll(std::int64_t bookId);
    Status remove(std::int64_t id);

private:
    Result<std::vector<BibleEntry>> listWhere(std::int64_t bookId, std::string_view condition);
    Database &m_db;
};

} // namespace scriptorium::store
