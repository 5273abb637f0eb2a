#pragma once

#include "store/stats.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

/// The dashboard's time ranges. Live15m reads raw attempts (minute buckets); the others are
/// widened to whole hours and read rollups: the table the library's or the chosen book's
/// hourly rollup (that book's raw attempts while one of its hours waits for
/// repairBookRollups()), the cost breakdown the daily cost rollup for whole days and the hourly
/// one for the rest (all hourly with a model or precision filter).
enum class DashboardRange { Live15m, Day, Week, Month, All };

std::string_view dashboardRangeName(DashboardRange range);
std::optional<DashboardRange> dashboardRangeFromName(std::string_view name);

/// What the dashboard shows: a time range ending at `nowMs`, optionally one book, one model,
/// one precision (empty strings: all).
struct DashboardQuery {
    std::int64_t nowMs = 0;
    DashboardRange range = DashboardRange::Day;
    std::optional<std::int64_t> bookId{};
    std::string model{};
    std::string precision{};
};

/// Why a row differs from its own baseline (the 30 days before the window): decode speed below
/// 70%, USD per million output above 120%, or an error rate 10 points and 2× above it.
struct DriftWarning {
    bool operator==(const DriftWarning &) const = default;
    bool speed = false;
    bool price = false;
    bool errors = false;
    std::optional<double> baselineDecodeTps{};
    std::optional<double> baselineUsdPerMillion{};
    std::optional<double> baselineErrorRate{};
    bool any() const { return speed || price || errors; }
};

struct SeriesPoint {
    std::int64_t tMs = 0; ///< bucket start (Unix ms)
    double value = 0;
};

/// One provider's line (tokens/s) or distribution (TTFT counts per bin).
struct ProviderSeries {
    std::string provider{};
    std::vector<SeriesPoint> points{}; ///< decode tokens/s p50 per bucket with samples
    std::vector<std::int64_t> ttftCounts{}; ///< per DashboardSnapshot::ttftEdgesMs bin
};

/// Cost of one book × chapter × stage inside the window (retries and abandoned attempts
/// included), with the chapter's length for USD per 1,000 words or characters.
struct CostSlice {
    bool operator==(const CostSlice &) const = default;
    std::optional<std::int64_t> bookId{};
    std::string bookTitle{};
    std::optional<std::int64_t> chapterId{};
    std::optional<int> chapterPosition{};
    std::string chapterTitle{};
    std::string stage{};
    std::int64_t attempts = 0;
    std::int64_t failedAttempts = 0;
    double costUsd = 0;
    std::int64_t chapterLength = 0; ///< words or CJK characters (chapters.body_length)
    std::string lengthUnit{}; ///< "words" or "characters"
};

/// Totals of a CostSlice group (by book, by stage or by chapter).
struct CostTotal {
    std::string label{};
    double costUsd = 0;
    std::int64_t attempts = 0;
    std::int64_t failedAttempts = 0;
    std::optional<double> usdPerThousand{}; ///< per 1,000 words/characters (chapters only)
    std::string lengthUnit{};
};

/// Everything one dashboard refresh needs, computed off the GUI thread.
struct DashboardSnapshot {
    DashboardQuery query{};
    StatsReport stats{}; ///< the table (filtered); rows ordered by requests
    std::vector<DriftWarning> drift{}; ///< parallel to stats.rows
    std::int64_t bucketMs = 0;
    std::vector<ProviderSeries> providers{}; ///< tokens/s lines and TTFT histograms
    std::vector<double> ttftEdgesMs{}; ///< bin upper bounds; the last bin is open-ended
    std::vector<SeriesPoint> cumulativeCost{}; ///< running total per bucket
    std::vector<CostSlice> slices{}; ///< book × chapter × stage costs in the window
    std::vector<CostTotal> costByBook{};
    std::vector<CostTotal> costByStage{};
    std::vector<CostTotal> costByChapter{}; ///< only with a book chosen
    std::vector<std::string> models{}; ///< filter choices seen in the window
    std::vector<std::string> precisions{};
    std::int64_t runningGenerations = 0; ///< started in the last hour and not finished
};

/// What consecutive refreshes share: the drift baseline (the 30 days before the window's first
/// hour, per model and precision filter) changes once an hour, so it is read once an hour, not
/// on every refresh. An attempt recorded late into a baseline hour counts from the next hour.
/// Owned by whoever refreshes (one per worker thread; not thread-safe).
struct DashboardCache {
    std::optional<std::int64_t> baselineHour{};
    std::string model{};
    std::string precision{};
    std::vector<ProviderStats> baseline{};
};

/// Computes a snapshot. Reads only; run it on a worker thread with that thread's own
/// Database. `cache` (optional) keeps the drift baseline between calls. Errors:
/// InvalidArgument for nowMs ≤ 0, else the database's.
Result<DashboardSnapshot> queryDashboard(Database &db, const DashboardQuery &query,
                                         DashboardCache *cache = nullptr);

/// Tunes a connection that will run dashboard queries: the live window reads raw attempts
/// scattered over the file, so the connection maps the file (no read() copy per page) and
/// keeps a larger page cache. Errors: the database's.
Status prepareDashboardConnection(Database &db);

/// A cheap probe (two indexed max() reads and one rollup row) that changes whenever an attempt
/// is recorded, a cost is reconciled or a generation starts; the dashboard refreshes only when
/// it changes, so an idle library costs one probe per tick.
Result<std::string> dashboardChangeToken(Database &db, std::int64_t nowMs);

/// The (inclusive) start of a range ending at nowMs; 0 for All.
std::int64_t dashboardRangeStart(DashboardRange range, std::int64_t nowMs);

} // namespace scriptorium::store
