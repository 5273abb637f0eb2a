#pragma once

// Shared by the CLI's stats (stats.cpp) and the dashboard (dashboard_data.cpp): how attempts
// and hourly rollups add up per provider × model × precision, and how the sums become a
// ProviderStats row, so both show the same numbers for the same data.

#include "store/log_histogram.h"
#include "store/stats.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace scriptorium::store {

class Statement;

/// provider, model, precision.
using StatsKey = std::tuple<std::string, std::string, std::string>;

struct StatsCounts {
    std::int64_t requests = 0;
    std::int64_t successes = 0;
    std::int64_t cancelled = 0;
    std::int64_t fallbacks = 0;
    std::int64_t degraded = 0;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::int64_t costedCompletionTokens = 0;
    double costUsd = 0;

    void add(const StatsCounts &o);
    /// The counters of an attempt_rollups row, read from `first` on in the column order
    /// requests, successes, cancelled, fallbacks, degraded, prompt_tokens, completion_tokens,
    /// costed_completion_tokens, cost_usd.
    static StatsCounts fromRollupRow(const Statement &row, int first);
    /// One attempt: `error` its error class (none: succeeded), the rest as stored.
    static StatsCounts ofAttempt(const std::optional<std::string> &error, std::int64_t fallback,
                                 std::int64_t degraded, std::int64_t promptTokens,
                                 std::int64_t completionTokens, std::optional<double> costUsd);
};

struct StatsAccumulator {
    StatsCounts counts;
    LogHistogram ttft;
    LogHistogram decode;
    LogHistogram e2e;
    std::map<std::string, std::int64_t> errors;

    void merge(const StatsAccumulator &o);
    /// Adds one raw attempt read from `row`, columns from `first` on in the order error_class,
    /// fallback, degraded, prompt_tokens, completion_tokens, cost_usd, ttft_ms, decode_tps,
    /// e2e_tps. Speeds count only successes; cancels are not errors.
    void addAttemptRow(const Statement &row, int first);
};

/// The ProviderStats row of `key` from its sums.
ProviderStats finishStats(const StatsKey &key, const StatsAccumulator &a);

} // namespace scriptorium::store
