#include "writing_command.h"

#include "cli_context.h"
#include "library_command.h"
#include "novel/length_unit.h"
#include "novel_runtime.h"
#include "store/book_store.h"
#include "store/database.h"
#include "store/writing_log.h"

#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

// Longer than any writer looks back at once, short enough to keep the table readable.
constexpr int kMostDays = 3660;

// The streak may reach back before the listed window.
constexpr std::string_view kFirstDay = "1970-01-01";

// The unit the numbers are in: the book's; for the whole library the books' common unit, or
// "units" when words and characters are mixed (countText adds them alike).
Result<std::string> unitName(store::Database &db, std::optional<std::int64_t> bookId)
{
    std::set<std::string_view> units;
    if (bookId) {
        auto book = store::BookStore(db).get(*bookId);
        if (!book)
            return fail(book.error());
        units.insert(novel::lengthUnitName(novel::lengthUnitFor(book->language)));
    } else {
        auto books = store::BookStore(db).list();
        if (!books)
            return fail(books.error());
        for (const store::BookSummary &b : *books)
            units.insert(novel::lengthUnitName(novel::lengthUnitFor(b.book.language)));
    }
    if (units.size() == 1)
        return std::string(*units.begin());
    return std::string(units.empty() ? "words" : "units");
}

nlohmann::json optionalJson(const std::optional<std::int64_t> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

} // namespace

int runWritingStats(const GlobalOptions &options, const WritingStatsArgs &args)
{
    if (args.days < 1 || args.days > kMostDays) {
        return reportError(options,
                           fail(ErrorCode::InvalidArgument,
                                "--days must be between 1 and " + std::to_string(kMostDays))
                               .error());
    }
    if (args.book.empty() && (args.goal || args.sessionGoal)) {
        return reportError(options,
                           fail(ErrorCode::InvalidArgument,
                                "goals belong to a book: name it, e.g. "
                                "'scriptorium-cli stats --writing 1 --goal 500'")
                               .error());
    }
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    std::optional<std::int64_t> bookId;
    if (!args.book.empty()) {
        auto id = resolveBook(**db, args.book);
        if (!id)
            return reportError(options, id.error());
        bookId = *id;
    }
    store::WritingLog log(**db);
    if (args.goal) {
        if (auto s = log.setDailyGoal(*bookId, *args.goal); !s)
            return reportError(options, s.error());
    }
    if (args.sessionGoal) {
        if (auto s = log.setSessionGoal(*bookId, *args.sessionGoal); !s)
            return reportError(options, s.error());
    }
    std::optional<std::int64_t> dailyGoal;
    std::optional<std::int64_t> sessionGoal;
    if (bookId) {
        auto daily = log.dailyGoal(*bookId);
        if (!daily)
            return reportError(options, daily.error());
        auto session = log.sessionGoal(*bookId);
        if (!session)
            return reportError(options, session.error());
        dailyGoal = *daily;
        sessionGoal = *session;
    }
    auto unit = unitName(**db, bookId);
    if (!unit)
        return reportError(options, unit.error());

    const std::string today = store::localDay(store::nowMs());
    auto from = store::addDays(today, 1 - args.days);
    if (!from)
        return reportError(options, from.error());
    auto history = log.history(bookId, kFirstDay, today);
    if (!history)
        return reportError(options, history.error());
    const int streak = store::streak(*history, today, dailyGoal.value_or(0));

    auto days = store::everyDay(*history, *from, today, bookId.value_or(0));
    if (!days)
        return reportError(options, days.error());
    auto met = [&](const store::WritingDay &d) -> std::optional<bool> {
        if (!dailyGoal)
            return std::nullopt;
        return d.total() >= *dailyGoal;
    };

    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const store::WritingDay &d : *days) {
            const auto dayMet = met(d);
            rows.push_back({{"day", d.day},
                            {"by_hand", d.byHand},
                            {"accepted", d.accepted},
                            {"total", d.total()},
                            {"goal_met", dayMet ? nlohmann::json(*dayMet) : nlohmann::json()}});
        }
        std::cout << nlohmann::json{{"book", optionalJson(bookId)},
                                    {"unit", *unit},
                                    {"today", today},
                                    {"daily_goal", optionalJson(dailyGoal)},
                                    {"session_goal", optionalJson(sessionGoal)},
                                    {"streak", streak},
                                    {"days", rows}}
                         .dump()
                  << '\n';
        return kExitOk;
    }
    std::cout << "Writing " << (bookId ? "in book " + std::to_string(*bookId) : "in every book")
              << ", in " << *unit << ", the last " << args.days
              << (args.days == 1 ? " day" : " days") << '\n';
    std::cout << "day\tby hand\taccepted\ttotal" << (dailyGoal ? "\tgoal met" : "") << '\n';
    for (const store::WritingDay &d : *days) {
        std::cout << d.day << '\t' << d.byHand << '\t' << d.accepted << '\t' << d.total();
        if (const auto dayMet = met(d))
            std::cout << '\t' << (*dayMet ? "yes" : "no");
        std::cout << '\n';
    }
    if (dailyGoal) {
        std::cout << "daily goal: " << *dailyGoal << ' ' << *unit << "; today "
                  << days->back().total() << " of " << *dailyGoal << '\n';
    } else if (bookId) {
        std::cout << "no daily goal: set one with --goal N\n";
    }
    if (sessionGoal)
        std::cout << "session goal: " << *sessionGoal << ' ' << *unit << '\n';
    std::cout << "streak: " << streak << (streak == 1 ? " day" : " days")
              << (dailyGoal ? " meeting the goal" : " with writing") << '\n';
    return kExitOk;
}

} // namespace scriptorium::cli
