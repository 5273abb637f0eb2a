#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

/// One place where a query matched: a chapter (title/body) or a story bible entry.
struct SearchHit {
    std::string kind{}; ///< "chapter", or the bible kind ("character", "place", …)
    std::int64_t refId = 0; ///< chapter id or bible entry id
    std::int64_t bookId = 0;
    std::optional<int> chapterPosition{};
    std::string title{}; ///< chapter title, or the entry's name and aliases
    std::string snippet{}; ///< context around the match with the terms between the markers
};

struct SearchOptions {
    std::optional<std::int64_t> bookId{};
    int limit = 50;
    std::string openMarker = "[";
    std::string closeMarker = "]";
};

/// Indexes the chapters whose title, body or trash state changed since the last refresh
/// (saves only queue them, to stay cheap). search() calls it first; call it when idle to keep
/// searches fast. Errors: the Database's (Busy when another process is writing).
Status refreshSearchIndex(Database &db);

/// Full-text search over chapter titles and bodies and bible entries (FTS5, trigram
/// tokenizer: substring matching that works for Chinese and English alike, case-insensitive
/// for ASCII). Whitespace separates terms; all terms must match. Terms of three or more
/// characters use the index; shorter ones (e.g. the Chinese name 林 or 龙王) fall back to a
/// LIKE scan of the indexed text. Refreshes the index first; when that is impossible (a
/// read-only or busy library) it searches the index as it is. InvalidArgument for an empty
/// query.
Result<std::vector<SearchHit>> search(Database &db, std::string_view query,
                                      const SearchOptions &options = {});

} // namespace scriptorium::store
