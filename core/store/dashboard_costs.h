#pragma once

#include "store/dashboard_data.h"
#include "util/result.h"

#include <cstdint>

namespace scriptorium::store {

class Database;

/// Fills out.slices and the cost totals (by book, by stage and, with a book chosen, by chapter)
/// for the attempts in [sinceMs, untilMs) that match the query's book, model and precision.
/// `rollup`: read the hourly cost rollup (cost_rollups; the window widened to whole hours,
/// as the table's is); else join the raw attempts (the live window). Internal to core/store.
Status addCostSlices(Database &db, const DashboardQuery &q, std::int64_t sinceMs,
                     std::int64_t untilMs, bool rollup, DashboardSnapshot &out);

} // namespace scriptorium::store
