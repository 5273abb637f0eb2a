#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace scriptorium::cli {

struct GlobalOptions;

/// `stats --writing [BOOK] [--days N] [--goal N] [--session-goal N]`.
struct WritingStatsArgs {
    std::string book{}; ///< id or title; empty: every book, summed per day
    int days = 7; ///< how many days up to today to list
    std::optional<std::int64_t> goal{}; ///< sets the book's daily goal first (0 removes it)
    std::optional<std::int64_t> sessionGoal{}; ///< sets the book's session goal first
};

/// Prints what was written per day by hand and accepted from generations, the daily goal and
/// whether each day met it, and the streak (JSON with --json). Returns the exit code.
int runWritingStats(const GlobalOptions &options, const WritingStatsArgs &args);

} // namespace scriptorium::cli
