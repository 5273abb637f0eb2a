#include "store/writing_log.h"

#include "store/database.h"
#include "store/library_settings.h"
#include "util/text_stats.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

namespace scriptorium::store {

namespace {

constexpr std::string_view kDailyGoal = "daily_goal";
constexpr std::string_view kSessionGoal = "session_goal";

std::optional<std::chrono::year_month_day> parseDay(std::string_view day)
{
    if (day.size() != 10 || day[4] != '-' || day[7] != '-')
        return std::nullopt;
    auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        int value = 0;
        const char *first = day.data() + at;
        auto [end, ec] = std::from_chars(first, first + len, value);
        if (ec != std::errc() || end != first + len)
            return std::nullopt;
        return value;
    };
    const auto y = number(0, 4);
    const auto m = number(5, 2);
    const auto d = number(8, 2);
    if (!y || !m || !d)
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(*y),
                                          std::chrono::month(static_cast<unsigned>(*m)),
                                          std::chrono::day(static_cast<unsigned>(*d))};
    if (!ymd.ok())
        return std::nullopt;
    return ymd;
}

std::string formatDay(const std::chrono::year_month_day &ymd)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buffer;
}

Status invalidDay(std::string_view day)
{
    return fail(ErrorCode::InvalidArgument,
                "'" + std::string(day) + "' is not a date: use YYYY-MM-DD, e.g. 2026-03-01");
}

} // namespace

std::string localDay(std::int64_t unixMs)
{
    // Floor division, so a moment before 1970 still falls on its own day.
    std::int64_t seconds = unixMs / 1000;
    if (unixMs % 1000 < 0)
        --seconds;
    const auto t = static_cast<std::time_t>(seconds);
    std::tm local{};
    localtime_r(&t, &local);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
    return buffer;
}

Result<std::string> addDays(std::string_view day, int days)
{
    const auto ymd = parseDay(day);
    if (!ymd)
        return fail(invalidDay(day).error());
    return formatDay(
        std::chrono::year_month_day{std::chrono::sys_days(*ymd) + std::chrono::days(days)});
}

std::int64_t writtenGrowth(std::string_view oldText, std::string_view newText)
{
    const auto before = static_cast<std::int64_t>(countText(oldText).length());
    const auto after = static_cast<std::int64_t>(countText(newText).length());
    return after > before ? after - before : 0;
}

int streak(const std::vector<WritingDay> &days, std::string_view today, std::int64_t dailyGoal)
{
    if (!parseDay(today))
        return 0;
    std::map<std::string, std::int64_t, std::less<>> totals;
    for (const WritingDay &d : days)
        totals[d.day] += d.total();
    const std::int64_t needed = dailyGoal > 0 ? dailyGoal : 1;
    auto met = [&](const std::string &day) {
        const auto it = totals.find(day);
        return it != totals.end() && it->second >= needed;
    };
    std::string day(today);
    if (!met(day))
        day = *addDays(day, -1);
    int count = 0;
    while (met(day)) {
        ++count;
        day = *addDays(day, -1);
    }
    return count;
}

Result<std::vector<WritingDay>> everyDay(const std::vector<WritingDay> &history,
                                         std::string_view fromDay, std::string_view toDay,
                                         std::int64_t bookId)
{
    if (!parseDay(fromDay))
        return fail(invalidDay(fromDay).error());
    if (!parseDay(toDay))
        return fail(invalidDay(toDay).error());
    std::map<std::string, WritingDay, std::less<>> byDay;
    for (const WritingDay &d : history) {
        if (d.day < fromDay || d.day > toDay)
            continue;
        WritingDay &sum = byDay[d.day];
        sum.byHand += d.byHand;
        sum.accepted += d.accepted;
    }
    std::vector<WritingDay> days;
    for (std::string day(fromDay); day <= toDay; day = *addDays(day, 1)) {
        const auto it = byDay.find(day);
        days.push_back(WritingDay{.bookId = bookId,
                                  .day = day,
                                  .byHand = it != byDay.end() ? it->second.byHand : 0,
                                  .accepted = it != byDay.end() ? it->second.accepted : 0});
    }
    return days;
}

std::int64_t WritingSession::written(std::int64_t bookId, const std::vector<WritingDay> &sinceStart)
{
    std::int64_t total = 0;
    for (const WritingDay &d : sinceStart)
        if (d.day >= m_startDay)
            total += d.total();
    const auto [it, first] = m_baseline.try_emplace(bookId, total);
    // A log that shrank (the book was deleted and its id reused) starts the count again.
    if (total < it->second)
        it->second = total;
    return total - it->second;
}

Status WritingLog::addWritten(std::int64_t bookId, std::string_view day, std::int64_t byHand,
                              std::int64_t accepted)
{
    if (!parseDay(day))
        return invalidDay(day);
    if (byHand < 0 || accepted < 0) {
        return fail(ErrorCode::InvalidArgument,
                    "a day's writing only grows: the amounts must not be negative");
    }
    if (byHand == 0 && accepted == 0)
        return {};
    auto stmt = m_db.prepare(
        "INSERT INTO writing_days (book_id, day, by_hand, accepted) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (book_id, day) DO UPDATE SET by_hand = by_hand + excluded.by_hand, "
        "accepted = accepted + excluded.accepted");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId).bind(2, day).bind(3, byHand).bind(4, accepted);
    return stmt->run();
}

Status WritingLog::recordEdit(std::int64_t bookId, std::string_view oldText,
                              std::string_view newText, WritingSource source, std::string_view day)
{
    const std::int64_t grown = writtenGrowth(oldText, newText);
    return source == WritingSource::Hand ? addWritten(bookId, day, grown, 0)
                                         : addWritten(bookId, day, 0, grown);
}

Result<std::vector<WritingDay>> WritingLog::history(std::optional<std::int64_t> bookId,
                                                    std::string_view fromDay,
                                                    std::string_view toDay)
{
    if (!parseDay(fromDay))
        return fail(invalidDay(fromDay).error());
    if (!parseDay(toDay))
        return fail(invalidDay(toDay).error());
    auto stmt = bookId ? m_db.prepare("SELECT book_id, day, by_hand, accepted FROM writing_days "
                                      "WHERE book_id = ? AND day BETWEEN ? AND ? ORDER BY day")
                       : m_db.prepare("SELECT 0, day, sum(by_hand), sum(accepted) FROM "
                                      "writing_days WHERE ? IS NULL AND day BETWEEN ? AND ? "
                                      "GROUP BY day ORDER BY day");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId).bind(2, fromDay).bind(3, toDay);
    std::vector<WritingDay> days;
    auto read = stmt->forEachRow([&](const Statement &s) {
        days.push_back(WritingDay{
            .bookId = s.int64(0), .day = s.text(1), .byHand = s.int64(2), .accepted = s.int64(3)});
    });
    if (!read)
        return fail(read.error());
    return days;
}

Result<std::optional<std::int64_t>> WritingLog::dailyGoal(std::int64_t bookId)
{
    return goal(bookId, kDailyGoal);
}

Status WritingLog::setDailyGoal(std::int64_t bookId, std::optional<std::int64_t> goal)
{
    return setGoal(bookId, kDailyGoal, goal);
}

Result<std::optional<std::int64_t>> WritingLog::sessionGoal(std::int64_t bookId)
{
    return goal(bookId, kSessionGoal);
}

Status WritingLog::setSessionGoal(std::int64_t bookId, std::optional<std::int64_t> goal)
{
    return setGoal(bookId, kSessionGoal, goal);
}

Result<std::optional<std::int64_t>> WritingLog::goal(std::int64_t bookId, std::string_view name)
{
    auto text = LibrarySettings(m_db).value(LibrarySettings::bookKey(bookId, name));
    if (!text)
        return fail(text.error());
    if (!*text)
        return std::optional<std::int64_t>();
    std::int64_t value = 0;
    const std::string &s = **text;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    // A hand-edited, unreadable setting is no goal rather than an error the writer cannot fix
    // from the window.
    if (ec != std::errc() || end != s.data() + s.size() || value <= 0)
        return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(value);
}

Status WritingLog::setGoal(std::int64_t bookId, std::string_view name,
                           std::optional<std::int64_t> goal)
{
    if (goal && *goal < 0) {
        return fail(ErrorCode::InvalidArgument,
                    "a writing goal cannot be negative: give a number of words or characters, "
                    "or 0 to remove it");
    }
    // A goal left behind for a missing book would greet a later book that reuses the id.
    auto exists = m_db.prepare("SELECT 1 FROM books WHERE id = ?");
    if (!exists)
        return fail(exists.error());
    exists->bind(1, bookId);
    auto row = exists->step();
    if (!row)
        return fail(row.error());
    if (!*row) {
        return fail(ErrorCode::NotFound,
                    "there is no book " + std::to_string(bookId)
                        + ": see 'scriptorium-cli book list'");
    }
    LibrarySettings settings(m_db);
    const std::string key = LibrarySettings::bookKey(bookId, name);
    if (!goal || *goal == 0)
        return settings.remove(key);
    return settings.setValue(key, std::to_string(*goal));
}

} // namespace scriptorium::store
