#include "store/stats.h"

#include "store/database.h"
#include "store/rollup_key.h"
#include "store/stats_accumulator.h"

#include <algorithm>
#include <tuple>

namespace scriptorium::store {

namespace {

using Key = StatsKey;
using Accumulator = StatsAccumulator;

// The library's hourly rollups, or the book's, over whole hours.
Status fromRollups(Database &db, const StatsQuery &q, std::map<Key, Accumulator> &groups)
{
    auto bind = [&](Statement &stmt) {
        stmt.bind(1, hourOf(q.sinceMs)).bind(2, hourOf(q.untilMs - 1)).bind(3, "").bind(4, "");
        if (q.bookId)
            stmt.bind(5, *q.bookId);
    };
    auto rows = db.prepare(attemptRollupQuery(q.bookId.has_value()));
    if (!rows)
        return fail(rows.error());
    bind(*rows);
    if (auto s = rows->forEachRow([&](const Statement &r) {
            Accumulator &a = groups[Key{r.text(1), r.text(2), r.text(3)}];
            a.counts.add(StatsCounts::fromRollupRow(r, 4));
            a.ttft.merge(r.blob(13));
            a.decode.merge(r.blob(14));
            a.e2e.merge(r.blob(15));
        });
        !s) {
        return fail(s.error());
    }
    auto errors = db.prepare(errorRollupQuery(q.bookId.has_value()));
    if (!errors)
        return fail(errors.error());
    bind(*errors);
    return errors->forEachRow([&](const Statement &r) {
        groups[Key{r.text(0), r.text(1), r.text(2)}].errors[r.text(3)] += r.int64(4);
    });
}

// One book's raw attempts in [q.sinceMs, q.untilMs): while its rollup waits for a repair.
Status fromAttempts(Database &db, const StatsQuery &q, std::map<Key, Accumulator> &groups)
{
    auto rows = db.prepare("SELECT " + std::string(kAttemptStatsColumns)
                           + " FROM attempts a JOIN generations g ON g.id = a.generation_id "
                             "WHERE g.book_id = ? AND a.t0_ms >= ? AND a.t0_ms < ?");
    if (!rows)
        return fail(rows.error());
    rows->bind(1, *q.bookId).bind(2, q.sinceMs).bind(3, q.untilMs);
    return rows->forEachRow([&](const Statement &r) {
        groups[Key{r.text(0), r.text(1), r.text(2)}].addAttemptRow(r, 3);
    });
}

} // namespace

Result<StatsReport> queryProviderStats(Database &db, const StatsQuery &query)
{
    if (query.untilMs <= query.sinceMs)
        return fail(ErrorCode::InvalidArgument, "the stats window is empty: --since must be > 0");
    // Whole hours, the rollups' grain, for the library and for one book alike.
    StatsQuery window = query;
    window.sinceMs = hourOf(query.sinceMs) * kHourMs;
    window.untilMs = (hourOf(query.untilMs - 1) + 1) * kHourMs;
    bool raw = false;
    if (query.bookId) {
        auto stale = bookRollupStale(db, *query.bookId, hourOf(window.sinceMs),
                                     hourOf(window.untilMs - 1));
        if (!stale)
            return fail(stale.error());
        raw = *stale;
    }
    std::map<Key, Accumulator> groups;
    if (auto s = raw ? fromAttempts(db, window, groups) : fromRollups(db, window, groups); !s)
        return fail(s.error());
    StatsReport report;
    report.sinceMs = window.sinceMs;
    report.untilMs = window.untilMs;
    Accumulator total;
    for (const auto &[key, accumulator] : groups) {
        report.rows.push_back(finishStats(key, accumulator));
        total.merge(accumulator);
    }
    std::stable_sort(
        report.rows.begin(), report.rows.end(),
        [](const ProviderStats &a, const ProviderStats &b) { return a.requests > b.requests; });
    report.total = finishStats(Key{"all", "all", "all"}, total);
    return report;
}

Result<std::vector<LedgerRow>> costLedger(Database &db, std::optional<std::int64_t> bookId)
{
    auto stmt = db.prepare(
        "SELECT g.book_id, g.chapter_id, CASE WHEN c.deleted_at IS NULL THEN c.position END, "
        "g.stage, count(DISTINCT g.id), count(a.id), count(a.error_class), total(a.cost_usd), "
        "total(CASE WHEN a.cost_source = 'estimate' THEN a.cost_usd END) "
        "FROM generations g LEFT JOIN attempts a ON a.generation_id = g.id "
        "LEFT JOIN chapters c ON c.id = g.chapter_id "
        "WHERE ?1 IS NULL OR g.book_id = ?1 GROUP BY g.book_id, g.chapter_id, g.stage "
        "ORDER BY g.book_id, c.position, g.stage");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId);
    std::vector<LedgerRow> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) {
            LedgerRow r;
            r.bookId = row.optInt64(0);
            r.chapterId = row.optInt64(1);
            if (auto p = row.optInt64(2))
                r.chapterPosition = static_cast<int>(*p);
            r.stage = row.text(3);
            r.generations = row.int64(4);
            r.attempts = row.int64(5);
            r.failedAttempts = row.int64(6);
            r.costUsd = row.real(7);
            r.estimatedUsd = row.real(8);
            out.push_back(std::move(r));
        });
        !s) {
        return fail(s.error());
    }
    return out;
}

} // namespace scriptorium::store
