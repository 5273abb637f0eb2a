#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::store {

class Database;

/// A book: the container of chapters and bible entries.
struct Book {
    std::int64_t id = 0;
    std::string title{};
    std::string language = "en"; ///< "en", "zh", … (BCP 47 primary tag)
    std::string author{};
    std::string premise{};
    std::string styleGuide{};
    std::optional<std::int64_t> targetLength{}; ///< in targetUnit
    std::string targetUnit{}; ///< "words" or "characters"
    std::int64_t createdAt = 0; ///< Unix ms
    std::int64_t updatedAt = 0;
};

/// Summary row for lists: a book with its chapter count and total length.
struct BookSummary {
    Book book{};
    std::int64_t chapters = 0;
};

/// Books of one library. Borrows the Database (same thread, must outlive the store). Errors:
/// NotFound for a missing id, InvalidArgument for an empty title, and the Database's codes.
class BookStore {
public:
    explicit BookStore(Database &db)
        : m_db(db)
    {
    }

    /// Inserts `book` (id and timestamps are set here) and returns its id.
    Result<std::int64_t> create(const Book &book);
    Result<Book> get(std::int64_t id);
    Result<std::vector<BookSummary>> list();
    /// Updates every field but id/createdAt.
    Status update(const Book &book);
    /// Deletes the book with its chapters, revisions and bible (generations keep their cost).
    Status remove(std::int64_t id);

private:
    Database &m_db;
};

} // namespace scriptorium::store
