#pragma once

#include "util/result.h"

#include <cstdint>
#include <string>

namespace scriptorium::store {

class Database;
struct AttemptRecord;

/// The hourly rollups behind the dashboard (internal to core/store). An attempt lands in the
/// bucket of its t0 hour under (provider, model, precision).
inline constexpr std::int64_t kHourMs = 3600LL * 1000;

inline std::int64_t hourOf(std::int64_t ms)
{
    return ms >= 0 ? ms / kHourMs : (ms - kHourMs + 1) / kHourMs;
}

/// The provider key: display name, else slug, else "(unknown)" (failed before routing).
std::string rollupProvider(const AttemptRecord &attempt);
/// The precision key: the served quantization, else "unknown".
std::string rollupPrecision(const AttemptRecord &attempt);

/// Adds one attempt to its rollup rows; the caller holds the transaction.
Status addToRollups(Database &db, const AttemptRecord &attempt);
/// Moves an attempt's cost in its rollup row from attempt.costUsd to `newCost`.
Status adjustRollupCost(Database &db, const AttemptRecord &attempt, double newCost);

} // namespace scriptorium::store
