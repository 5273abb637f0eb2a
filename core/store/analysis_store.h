#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace scriptorium::store {

class Database;

/// Which chapters of a book an analysis (issue 16, "continue an existing novel") has read, so
/// a stopped or over-budget analysis resumes after them. A chapter's row is written in the
/// same transaction as what its chunk derived. Borrows the Database (same thread). Errors:
/// the Database's codes.
class AnalysisStore {
public:
    explicit AnalysisStore(Database &db)
        : m_db(db)
    {
    }

    /// Records `chapterIds` of `bookId` as analysed by `generationId` (none: not recorded).
    /// A chapter analysed before keeps one row, with the newer generation.
    Status markAnalysed(std::int64_t bookId, const std::vector<std::int64_t> &chapterIds,
                        std::optional<std::int64_t> generationId);
    /// The ids of the chapters of `bookId` analysed so far.
    Result<std::set<std::int64_t>> analysedChapters(std::int64_t bookId);
    /// Forgets a book's analysis progress (a fresh analysis reads every chapter again).
    Status clear(std::int64_t bookId);

private:
    Database &m_db;
};

} // namespace scriptorium::store
