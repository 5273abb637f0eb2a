#pragma once

#include "util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::store {

class Database;

/// What the dashboard and `scriptorium-cli stats` ask for: attempts whose t0 lies in
/// [sinceMs, untilMs), widened to whole hours. The answer comes from the hourly rollups: the
/// library's, or the book's (its raw attempts while one of its hours waits for a repair).
struct StatsQuery {
    std::int64_t sinceMs = 0;
    std::int64_t untilMs = 0;
    std::optional<std::int64_t> bookId{};
};

/// One provider × model × precision row (or the total). A plain struct a Qt model can show.
/// Rates are fractions (0..1); percentiles are nullopt without samples; speeds count only
/// successful attempts; cancelled attempts are requests but neither successes nor errors.
struct ProviderStats {
    bool operator==(const ProviderStats &) const = default;
    std::string provider{};
    std::string model{};
    std::string precision{};
    std::int64_t requests = 0;
    std::int64_t successes = 0;
    std::int64_t cancelled = 0;
    std::int64_t fallbacks = 0;
    std::int64_t degraded = 0;
    double successRate = 0; ///< successes / (requests − cancelled)
    double fallbackRate = 0; ///< fallbacks / requests
    double degradationRate = 0; ///< degraded / requests
    std::optional<double> ttftP50Ms{};
    std::optional<double> ttftP90Ms{};
    std::optional<double> decodeTpsP50{};
    std::optional<double> e2eTpsP50{};
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    double costUsd = 0;
    std::optional<double> usdPerMillionOutput{}; ///< over attempts that have a cost
    std::map<std::string, std::int64_t> errors{}; ///< errorCodeName → count
};

struct StatsReport {
    std::int64_t sinceMs = 0;
    std::int64_t untilMs = 0;
    std::vector<ProviderStats> rows{}; ///< ordered by requests, most first
    ProviderStats total{}; ///< provider/model/precision "all"
};

/// Per provider × model × precision statistics. Reads only; safe on any connection.
Result<StatsReport> queryProviderStats(Database &db, const StatsQuery &query);

/// Money spent per book × chapter × stage, including retries and abandoned attempts.
struct LedgerRow {
    std::optional<std::int64_t> bookId{};
    std::optional<std::int64_t> chapterId{};
    std::optional<int> chapterPosition{}; ///< nullopt when the chapter is gone or trashed
    std::string stage{};
    std::int64_t generations = 0;
    std::int64_t attempts = 0;
    std::int64_t failedAttempts = 0; ///< attempts with an error class (cancelled included)
    double costUsd = 0; ///< every attempt's cost
    double estimatedUsd = 0; ///< the part of costUsd that is an estimate
};

/// The cost ledger of one book (or all books), ordered by book, chapter position, stage.
Result<std::vector<LedgerRow>> costLedger(Database &db, std::optional<std::int64_t> bookId);

} // namespace scriptorium::store
