#pragma once

#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace scriptorium::store {

class Database;
struct AttemptRecord;

/// The hourly rollups behind the dashboard (internal to core/store). An attempt lands in the
/// bucket of its t0 hour under (provider, model, precision), in the library's rollup and in
/// its book's.
inline constexpr std::int64_t kHourMs = 3600LL * 1000;

inline std::int64_t hourOf(std::int64_t ms)
{
    return ms >= 0 ? ms / kHourMs : (ms - kHourMs + 1) / kHourMs;
}

/// A raw attempt (table alias `a`) as the rollups key and count it: the provider key (alias
/// p), model, the precision key (alias q), then the columns StatsAccumulator::addAttemptRow
/// reads. The SQL twin of rollupProvider() and rollupPrecision().
inline constexpr std::string_view kAttemptStatsColumns
    = "CASE WHEN a.provider != '' THEN a.provider WHEN a.provider_slug != '' THEN a.provider_slug "
      "ELSE '(unknown)' END AS p, a.model, CASE WHEN a.quantization != '' THEN a.quantization "
      "ELSE 'unknown' END AS q, a.error_class, a.fallback, a.degraded, a.prompt_tokens, "
      "a.completion_tokens, a.cost_usd, a.ttft_ms, a.decode_tps, a.e2e_tps";

/// The provider key: display name, else slug, else "(unknown)" (failed before routing).
std::string rollupProvider(const AttemptRecord &attempt);
/// The precision key: the served quantization, else "unknown".
std::string rollupPrecision(const AttemptRecord &attempt);

/// Adds one attempt to its rollup rows; the caller holds the transaction.
Status addToRollups(Database &db, const AttemptRecord &attempt);
/// Moves an attempt's cost in its rollup rows from attempt.costUsd to `newCost`.
Status adjustRollupCost(Database &db, const AttemptRecord &attempt, double newCost);
/// The attempt rollup rows of hours ?1..?2 with model ?3 and precision ?4 ('' = any): the
/// library's, or (perBook) those of book ?5. Columns: hour, provider, model, precision, the
/// counters from column 4 on (as StatsCounts::fromRollupRow reads them), then the ttft, decode
/// and e2e histograms (13, 14, 15).
std::string attemptRollupQuery(bool perBook);
/// The error counts under the same filter: provider, model, precision, error_class, count.
std::string errorRollupQuery(bool perBook);
/// Whether one of hours firstHour..lastHour of a book waits for repairBookRollups(): that
/// book's rollup rows are then not to be trusted, and its raw attempts are read instead.
Result<bool> bookRollupStale(Database &db, std::int64_t bookId, std::int64_t firstHour,
                             std::int64_t lastHour);
/// Whether any (book, hour) waits for repairBookRollups().
Result<bool> bookRollupRepairPending(Database &db);
/// Rebuilds, from the raw attempts, every (book, hour) of book_attempt_rollups and
/// book_error_rollups marked in book_rollup_stale (by the schema-5 upgrade, or by triggers when
/// attempts changed book or went), and clears the marks. Cheap when nothing is marked.
Status repairBookRollups(Database &db);

} // namespace scriptorium::store
