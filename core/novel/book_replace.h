#pragma once

#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::novel {

enum class MatchCase {
    Insensitive, ///< "anna" finds "Anna" and "ANNA"
    Sensitive,
};

enum class MatchWords {
    Anywhere, ///< "cat" also finds the start of "catalog"
    Whole, ///< no letter or digit may touch the match on either side
};

/// Find and replace: every match of `needle` (taken literally, UTF-8) becomes `replacement`.
///
/// The rules follow the editor's find (QTextDocument::find), so replacing in the open chapter
/// and in the rest of the book agree. Matches are found left to right and do not overlap.
/// Case-insensitive matching uses simple case folding for Latin, Greek, Cyrillic, Armenian and
/// full-width Latin letters (other scripts have no case, or match as written); "ß" does not
/// match "SS". A whole-word match has no letter or digit of any script next to it — Han, kana
/// and Hangul count as letters, so in Chinese text it finds only a needle standing between
/// punctuation or spaces.
struct Replacement {
    std::string needle;
    std::string replacement;
    MatchCase matchCase = MatchCase::Insensitive;
    MatchWords words = MatchWords::Anywhere;
};

/// Replaces every match in `text`; returns how many. An empty needle matches nothing.
/// Malformed UTF-8 in `text` is never part of a match. Pure.
std::size_t replaceAll(std::string &text, const Replacement &replacement);

/// What a replacement changed in one chapter.
struct ChapterReplacement {
    std::int64_t chapterId = 0;
    int position = 0; ///< 1-based, at the time of the replacement
    std::size_t count = 0; ///< matches replaced
};

/// What a replacement changed in a book: only the chapters it changed, in book order.
struct BookReplacement {
    std::vector<ChapterReplacement> chapters;

    std::size_t total() const;
};

/// Replaces in one chapter's body. When something matched, the previous body is kept as a
/// revision (store::RevisionStore restores it) and the new body is recorded as the writer's.
/// Returns the count (0: nothing matched, nothing written). Nests in an open transaction.
/// Errors: NotFound for an unknown chapter, and the store's codes.
Result<std::size_t> replaceInChapter(store::Database &db, std::int64_t chapterId,
                                     const Replacement &replacement);

/// Replaces in every live chapter of `bookId` except those in `skipChapters` (the GUI skips
/// the open chapter and replaces in its editor instead, where it can be undone), as in
/// replaceInChapter(), all in one transaction: on any error no chapter changes. Errors:
/// NotFound for an unknown book, and the store's codes (DiskFull, Busy, …).
///
/// Borrows `db` for the call; a store::Database is used by one thread at a time, so a caller
/// off the GUI thread opens its own connection. A long book takes a while (every body is read
/// and the changed ones are written twice): do not call it on a GUI thread.
Result<BookReplacement> replaceInBook(store::Database &db, std::int64_t bookId,
                                      const Replacement &replacement,
                                      std::span<const std::int64_t> skipChapters = {});

} // namespace scriptorium::novel
