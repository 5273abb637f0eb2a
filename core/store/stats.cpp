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

Status fromRollups(Database &db, const StatsQuery &q, std::map<Key, Accumulator> &groups)
{
    const std::int64_t first = hourOf(q.sinceMs);
    const std::int64_t last = hourOf(q.untilMs - 1);
    auto rows = db.prepare(
        "SELECT provider, model, precision, requests, successes, cancelled, fallbacks, degraded, "
        "prompt_tokens, completion_tokens, costed_completion_tokens, cost_usd, ttft_hist, "
        "decode_hist, e2e_hist FROM attempt_rollups WHERE hour BETWEEN ? AND ?");
    if (!rows)
        return fail(rows.error());
    rows->bind(1, first).bind(2, last);
    while (true) {
        auto row = rows->step();
        if (!row)
            return fail(row.error());
        if (!*row)
            break;
        Accumulator &a = groups[Key{rows->text(0), rows->text(1), rows->text(2)}];
        a.counts.add(StatsCounts::fromRollupRow(*rows, 3));
        a.ttft.merge(rows->blob(12));
        a.decode.merge(rows->blob(13));
        a.e2e.merge(rows->blob(14));
    }
    auto errors = db.prepare("SELECT provider, model, precision, error_class, sum(count) FROM "
                             "error_rollups WHERE hour BETWEEN ? AND ? GROUP BY 1, 2, 3, 4");
    if (!errors)
        return fail(errors.error());
    errors->bind(1, first).bind(2, last);
    while (true) {
        auto row = errors->step();
        if (!row)
            return fail(row.error());
        if (!*row)
            break;
        groups[Key{errors->text(0), errors->text(1), errors->text(2)}].errors[errors->text(3)]
            += errors->int64(4);
    }
    return {};
}

Status fromAttempts(Database &db, const StatsQuery &q, std::map<Key, Accumulator> &groups)
{
    auto rows = db.prepare(
        "SELECT CASE WHEN a.provider != '' THEN a.provider WHEN a.provider_slug != '' THEN "
        "a.provider_slug ELSE '(unknown)' END, a.model, "
        "CASE WHEN a.quantization != '' THEN a.quantization ELSE 'unknown' END, a.error_class, "
        "a.fallback, a.degraded, a.prompt_tokens, a.completion_tokens, a.cost_usd, a.ttft_ms, "
        "a.decode_tps, a.e2e_tps FROM attempts a JOIN generations g ON g.id = a.generation_id "
        "WHERE g.book_id = ? AND a.t0_ms >= ? AND a.t0_ms < ?");
    if (!rows)
        return fail(rows.error());
    rows->bind(1, *q.bookId).bind(2, q.sinceMs).bind(3, q.untilMs);
    while (true) {
        auto row = rows->step();
        if (!row)
            return fail(row.error());
        if (!*row)
            break;
        Accumulator &a = groups[Key{rows->text(0), rows->text(1), rows->text(2)}];
        const std::optional<std::string> error = rows->optText(3);
        a.counts.add(StatsCounts::ofAttempt(error, rows->int64(4), rows->int64(5), rows->int64(6),
                                            rows->int64(7), rows->optReal(8)));
        if (error && error != "cancelled")
            a.errors[*error] += 1;
        if (!error) {
            if (auto v = rows->optReal(9))
                a.ttft.add(*v);
            if (auto v = rows->optReal(10))
                a.decode.add(*v);
            if (auto v = rows->optReal(11))
                a.e2e.add(*v);
        }
    }
    return {};
}

} // namespace

Result<StatsReport> queryProviderStats(Database &db, const StatsQuery &query)
{
    if (query.untilMs <= query.sinceMs)
        return fail(ErrorCode::InvalidArgument, "the stats window is empty: --since must be > 0");
    std::map<Key, Accumulator> groups;
    if (auto s = query.bookId ? fromAttempts(db, query, groups) : fromRollups(db, query, groups);
        !s) {
        return fail(s.error());
    }
    StatsReport report;
    report.sinceMs = query.bookId ? query.sinceMs : hourOf(query.sinceMs) * kHourMs;
    report.untilMs = query.bookId ? query.untilMs : (hourOf(query.untilMs - 1) + 1) * kHourMs;
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
    while (true) {
        auto row = stmt->step();
        if (!row)
            return fail(row.error());
        if (!*row)
            break;
        LedgerRow r;
        r.bookId = stmt->optInt64(0);
        r.chapterId = stmt->optInt64(1);
        if (auto p = stmt->optInt64(2))
            r.chapterPosition = static_cast<int>(*p);
        r.stage = stmt->text(3);
        r.generations = stmt->int64(4);
        r.attempts = stmt->int64(5);
        r.failedAttempts = stmt->int64(6);
        r.costUsd = stmt->real(7);
        r.estimatedUsd = stmt->real(8);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace scriptorium::store
