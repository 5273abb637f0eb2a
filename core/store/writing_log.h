#pragma once

#include "util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

/// What was written into one book (or, summed, into the whole library) on one local day, in
/// the unit util/text_stats.h counts: words, with every CJK character one unit. Which of the
/// two the book calls it follows its language (novel::lengthUnitFor), not the row.
struct WritingDay {
    std::int64_t bookId = 0; ///< 0 in a history summed over every book
    std::string day{}; ///< local date, "YYYY-MM-DD"
    std::int64_t byHand = 0; ///< growth from the writer's own saves
    std::int64_t accepted = 0; ///< growth from accepting or storing a generation

    std::int64_t total() const { return byHand + accepted; }
};

/// Who made a chapter edit, for the writing log.
enum class WritingSource { Hand, Generation };

/// The local calendar date of Unix milliseconds `unixMs`, "YYYY-MM-DD".
std::string localDay(std::int64_t unixMs);

/// `day` moved by `days` (negative: earlier). Errors: InvalidArgument for a malformed date.
Result<std::string> addDays(std::string_view day, int days);

/// How much an edit from `oldText` to `newText` wrote: the growth of their length, never
/// negative. Deleting a paragraph does not count against the day, and retyping it counts
/// again: the log measures effort put in, not net length. Pure, O(n).
std::int64_t writtenGrowth(std::string_view oldText, std::string_view newText);

/// The writer's streak on `today`: consecutive days, ending today, on which the total written
/// reached `dailyGoal` (at least 1 unit when there is no goal, i.e. `dailyGoal` ≤ 0). When
/// today has not reached it yet the streak ends yesterday instead, so it is not lost before the
/// day is over. `days` may be in any order and hold several books (they are summed per day).
/// Pure; a malformed `today` gives 0.
int streak(const std::vector<WritingDay> &days, std::string_view today, std::int64_t dailyGoal);

/// Every day from `fromDay` to `toDay` (inclusive), oldest first: what `history` (as
/// WritingLog::history returns it, one book's or summed) says was written on it, and zeros on
/// the silent days — a gap is what a writer looks for. The CLI's table and the window's chart
/// both read this. Errors: InvalidArgument for a malformed day.
Result<std::vector<WritingDay>> everyDay(const std::vector<WritingDay> &history,
                                         std::string_view fromDay, std::string_view toDay,
                                         std::int64_t bookId);

/// One sitting in the window: what was written into each book since it began. The first time
/// a book is looked at, its total since the session's first day is the baseline; later looks
/// count growth beyond it, so a session that runs past midnight keeps its count. A book first
/// looked at after writing into it (a batch for a book never opened) starts at that point.
class WritingSession {
public:
    explicit WritingSession(std::string startDay)
        : m_startDay(std::move(startDay))
    {
    }

    const std::string &startDay() const { return m_startDay; }
    /// Units written into `bookId` this session, given the book's log from startDay() on.
    std::int64_t written(std::int64_t bookId, const std::vector<WritingDay> &sinceStart);

private:
    std::string m_startDay;
    std::map<std::int64_t, std::int64_t> m_baseline;
};

/// The writing log (schema 9's `writing_days`) and the book's writing goals (library settings
/// "book:<id>:daily_goal" and "book:<id>:session_goal", deleted with the book). Borrows the
/// Database and follows its threading (one thread at a time); writes join the caller's
/// transaction when there is one. Errors: InvalidArgument for a malformed day or a negative
/// amount, NotFound for a goal on a missing book, and the Database's codes.
class WritingLog {
public:
    explicit WritingLog(Database &db)
        : m_db(db)
    {
    }

    /// Adds `byHand` and `accepted` units to the book's `day` (accumulating). Zero is a no-op.
    Status addWritten(std::int64_t bookId, std::string_view day, std::int64_t byHand,
                      std::int64_t accepted);
    /// Adds what an edit of one of the book's chapters wrote (writtenGrowth) to `day`, by hand
    /// or accepted as `source` says. ChapterStore calls this on every body replacement.
    Status recordEdit(std::int64_t bookId, std::string_view oldText, std::string_view newText,
                      WritingSource source, std::string_view day);

    /// Days from `fromDay` to `toDay` (inclusive) on which anything was written, oldest first:
    /// one book's, or with no `bookId` the library's summed per day (bookId 0). Days with
    /// nothing written are absent.
    Result<std::vector<WritingDay>> history(std::optional<std::int64_t> bookId,
                                            std::string_view fromDay, std::string_view toDay);

    /// The book's daily goal in its unit; nullopt when none is set (or the setting is
    /// unreadable).
    Result<std::optional<std::int64_t>> dailyGoal(std::int64_t bookId);
    /// Sets the daily goal; nullopt or 0 removes it.
    Status setDailyGoal(std::int64_t bookId, std::optional<std::int64_t> goal);
    /// The goal of one writing session (one sitting in the window), the same way.
    Result<std::optional<std::int64_t>> sessionGoal(std::int64_t bookId);
    Status setSessionGoal(std::int64_t bookId, std::optional<std::int64_t> goal);

private:
    Result<std::optional<std::int64_t>> goal(std::int64_t bookId, std::string_view name);
    Status setGoal(std::int64_t bookId, std::string_view name, std::optional<std::int64_t> goal);

    Database &m_db;
};

} // namespace scriptorium::store
