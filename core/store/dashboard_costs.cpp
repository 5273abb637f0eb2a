#include "store/dashboard_costs.h"

#include "store/database.h"
#include "store/rollup_key.h"

#include <map>
#include <string>
#include <string_view>

namespace scriptorium::store {

namespace {

// Both queries return the same columns: book id, book title, chapter id, live chapter position,
// chapter title, stage, attempts, failed attempts, cost, chapter length, length unit.
constexpr std::string_view kFromAttempts
    = "SELECT g.book_id, coalesce(b.title, ''), g.chapter_id, "
      "CASE WHEN c.deleted_at IS NULL THEN c.position END, coalesce(c.title, ''), g.stage, "
      "count(a.id), count(a.error_class), total(a.cost_usd), coalesce(c.body_length, 0), "
      "CASE WHEN coalesce(c.target_unit, '') != '' THEN c.target_unit "
      "WHEN b.language LIKE 'zh%' OR b.language LIKE 'ja%' THEN 'characters' ELSE 'words' END "
      "FROM attempts a JOIN generations g ON g.id = a.generation_id "
      "LEFT JOIN books b ON b.id = g.book_id LEFT JOIN chapters c ON c.id = g.chapter_id "
      "WHERE a.t0_ms >= ?1 AND a.t0_ms < ?2 AND (?3 IS NULL OR g.book_id = ?3) "
      "AND (?4 = '' OR a.model = ?4) AND (?5 = '' OR (CASE WHEN a.quantization != '' THEN "
      "a.quantization ELSE 'unknown' END) = ?5) "
      "GROUP BY g.book_id, g.chapter_id, g.stage ORDER BY g.book_id, c.position, g.stage";

// Sums the rollup first and joins titles and lengths per slice, not per rollup row. Book and
// chapter 0 mean none (the rollup's key cannot hold NULL).
std::string fromRollup(std::string_view sums)
{
    return "SELECT nullif(r.book_id, 0), coalesce(b.title, ''), nullif(r.chapter_id, 0), "
           "CASE WHEN c.deleted_at IS NULL THEN c.position END, coalesce(c.title, ''), r.stage, "
           "r.attempts, r.failed, r.cost, coalesce(c.body_length, 0), "
           "CASE WHEN coalesce(c.target_unit, '') != '' THEN c.target_unit "
           "WHEN b.language LIKE 'zh%' OR b.language LIKE 'ja%' THEN 'characters' ELSE 'words' "
           "END FROM ("
        + std::string(sums)
        + ") r LEFT JOIN books b ON b.id = r.book_id LEFT JOIN chapters c ON c.id = r.chapter_id "
          "ORDER BY r.book_id, c.position, r.stage";
}

constexpr std::string_view kSums = "SELECT book_id, chapter_id, stage, sum(attempts) AS attempts, "
                                   "sum(failed_attempts) AS failed, total(cost_usd) AS cost FROM ";
constexpr std::string_view kSumsEnd
    = " GROUP BY book_id, chapter_id, stage HAVING sum(attempts) > 0";

// The hourly rollup over hours ?1..?2, filtered by model ?4 and precision ?5.
std::string hourlySums(std::string_view bookCondition)
{
    return std::string(kSums) + "cost_rollups WHERE hour BETWEEN ?1 AND ?2 AND "
        + std::string(bookCondition)
        + " AND (?4 = '' OR model = ?4) AND (?5 = '' OR precision = ?5)" + std::string(kSumsEnd);
}

// Without a model or precision filter: whole days ?6..?7 from the daily rollup, the hours
// before them (?1..?8) and after them (?9..?2) from the hourly one. A 30-day window then reads
// about 30 rows per slice instead of 720.
std::string dailySums(std::string_view bookCondition)
{
    const std::string columns = "SELECT book_id, chapter_id, stage, attempts, failed_attempts, "
                                "cost_usd FROM ";
    const std::string book = " AND " + std::string(bookCondition);
    return std::string(kSums) + "(" + columns + "daily_cost_rollups WHERE day BETWEEN ?6 AND ?7"
        + book + " UNION ALL " + columns + "cost_rollups WHERE hour BETWEEN ?1 AND ?8" + book
        + " UNION ALL " + columns + "cost_rollups WHERE hour BETWEEN ?9 AND ?2" + book + ")"
        + std::string(kSumsEnd);
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a >= 0 ? a / b : (a - b + 1) / b;
}

} // namespace

Status addCostSlices(Database &db, const DashboardQuery &q, std::int64_t sinceMs,
                     std::int64_t untilMs, bool rollup, DashboardSnapshot &out)
{
    // A plain `book_id = ?3` lets one book's query use the rollups' (book_id, hour/day) index.
    const std::string_view book = q.bookId ? "book_id = ?3" : "?3 IS NULL";
    const bool daily = q.model.empty() && q.precision.empty();
    auto stmt = db.prepare(!rollup ? std::string(kFromAttempts)
                                   : fromRollup(daily ? dailySums(book) : hourlySums(book)));
    if (!stmt)
        return fail(stmt.error());
    if (rollup) {
        const std::int64_t first = hourOf(sinceMs);
        const std::int64_t last = hourOf(untilMs - 1);
        stmt->bind(1, first).bind(2, last);
        if (daily) {
            const std::int64_t firstDay = floorDiv(first + 23, 24);
            const std::int64_t lastDay = floorDiv(last + 1, 24) - 1;
            const bool wholeDays = firstDay <= lastDay;
            stmt->bind(6, firstDay).bind(7, lastDay);
            stmt->bind(8, wholeDays ? firstDay * 24 - 1 : last);
            stmt->bind(9, wholeDays ? (lastDay + 1) * 24 : last + 1);
        }
    } else {
        stmt->bind(1, sinceMs).bind(2, untilMs);
    }
    stmt->bind(3, q.bookId).bind(4, q.model).bind(5, q.precision);
    if (auto s = stmt->forEachRow([&](const Statement &r) {
            CostSlice c;
            c.bookId = r.optInt64(0);
            c.bookTitle = r.text(1);
            c.chapterId = r.optInt64(2);
            if (auto p = r.optInt64(3))
                c.chapterPosition = static_cast<int>(*p);
            c.chapterTitle = r.text(4);
            c.stage = r.text(5);
            c.attempts = r.int64(6);
            c.failedAttempts = r.int64(7);
            c.costUsd = r.real(8);
            c.chapterLength = r.int64(9);
            c.lengthUnit = r.text(10);
            out.slices.push_back(std::move(c));
        });
        !s) {
        return fail(s.error());
    }

    std::map<std::string, CostTotal> byBook;
    std::map<std::string, CostTotal> byStage;
    std::map<std::pair<int, std::string>, CostTotal> byChapter;
    std::map<std::pair<int, std::string>, std::int64_t> chapterLength;
    for (const CostSlice &c : out.slices) {
        auto addTo = [&c](CostTotal &t, std::string label) {
            t.label = std::move(label);
            t.costUsd += c.costUsd;
            t.attempts += c.attempts;
            t.failedAttempts += c.failedAttempts;
        };
        addTo(byBook[c.bookTitle], c.bookTitle.empty() ? std::string("(no book)") : c.bookTitle);
        addTo(byStage[c.stage], c.stage);
        if (q.bookId) {
            const int position = c.chapterPosition.value_or(0);
            const auto chapterKey = std::make_pair(position, c.chapterTitle);
            CostTotal &t = byChapter[chapterKey];
            addTo(t,
                  c.chapterPosition ? std::to_string(position) + " " + c.chapterTitle
                                    : std::string("(no chapter)"));
            t.lengthUnit = c.lengthUnit;
            chapterLength[chapterKey] = c.chapterLength;
        }
    }
    for (auto &[key, t] : byChapter) {
        if (const std::int64_t length = chapterLength[key]; length > 0)
            t.usdPerThousand = t.costUsd / static_cast<double>(length) * 1000;
    }
    auto values = [](auto &map) {
        std::vector<CostTotal> v;
        for (auto &entry : map)
            v.push_back(std::move(entry.second));
        return v;
    };
    out.costByBook = values(byBook);
    out.costByStage = values(byStage);
    out.costByChapter = values(byChapter);
    return {};
}

} // namespace scriptorium::store
