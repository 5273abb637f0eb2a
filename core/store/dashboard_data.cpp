#include "store/dashboard_data.h"

#include "store/dashboard_costs.h"
#include "store/database.h"
#include "store/log_histogram.h"
#include "store/rollup_key.h"
#include "store/stats_accumulator.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

namespace scriptorium::store {

namespace {

constexpr std::int64_t kMinuteMs = 60LL * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kBaselineMs = 30 * kDayMs;
constexpr std::array<double, 8> kTtftEdges{250, 500, 1000, 1500, 2000, 3000, 5000, 10000};

using Key = StatsKey;
using Counts = StatsCounts;
using Accumulator = StatsAccumulator;

// Rows are merged straight into their groups (no per-row histogram): a rollup row's encoded
// histograms are decoded once into each group they feed, a raw attempt's values are added.
struct Groups {
    std::int64_t bucketMs = kHourMs;
    bool withSeries = true; ///< false: only the rows (the drift baseline draws no chart)
    std::map<Key, Accumulator> rows;
    std::map<std::pair<std::string, std::int64_t>, LogHistogram> decodeByBucket;
    std::map<std::string, LogHistogram> ttftByProvider;
    std::map<std::int64_t, double> costByBucket;

    std::int64_t bucketOf(std::int64_t tMs) const
    {
        return (tMs >= 0 ? tMs / bucketMs : (tMs - bucketMs + 1) / bucketMs) * bucketMs;
    }

    void addRollup(std::int64_t tMs, const Key &key, const Counts &counts, std::string_view ttft,
                   std::string_view decode, std::string_view e2e)
    {
        const std::int64_t bucket = bucketOf(tMs);
        Accumulator &row = rows[key];
        row.counts.add(counts);
        row.ttft.merge(ttft);
        row.decode.merge(decode);
        row.e2e.merge(e2e);
        if (!withSeries)
            return;
        const std::string &provider = std::get<0>(key);
        if (!decode.empty())
            decodeByBucket[{provider, bucket}].merge(decode);
        if (!ttft.empty())
            ttftByProvider[provider].merge(ttft);
        costByBucket[bucket] += counts.costUsd;
    }

    // One raw attempt, kAttemptStatsColumns from column `first` on: its row adds up as in the
    // CLI's stats (StatsAccumulator::addAttemptRow); the charts take its speeds only when it
    // succeeded, as the row does.
    void addAttempt(std::int64_t tMs, const Key &key, const Statement &r, int first)
    {
        rows[key].addAttemptRow(r, first + 3);
        const std::int64_t bucket = bucketOf(tMs);
        costByBucket[bucket] += r.optReal(first + 8).value_or(0.0);
        if (!r.isNull(first + 3))
            return;
        const std::string &provider = std::get<0>(key);
        if (auto ttft = r.optReal(first + 9))
            ttftByProvider[provider].add(*ttft);
        if (auto decode = r.optReal(first + 10))
            decodeByBucket[{provider, bucket}].add(*decode);
    }
};

// Hourly rollups in [sinceMs, untilMs), widened to whole hours: the library's, or one book's.
Status fromRollups(Database &db, const DashboardQuery &q, std::int64_t sinceMs,
                   std::int64_t untilMs, Groups &groups)
{
    auto bind = [&](Statement &stmt) {
        stmt.bind(1, hourOf(sinceMs)).bind(2, hourOf(untilMs - 1)).bind(3, q.model);
        stmt.bind(4, q.precision);
        if (q.bookId)
            stmt.bind(5, *q.bookId);
    };
    auto rows = db.prepare(attemptRollupQuery(q.bookId.has_value()));
    if (!rows)
        return fail(rows.error());
    bind(*rows);
    auto s = rows->forEachRow([&](Statement &r) {
        const Counts c = Counts::fromRollupRow(r, 4);
        groups.addRollup(r.int64(0) * kHourMs, Key{r.text(1), r.text(2), r.text(3)}, c, r.blob(13),
                         r.blob(14), r.blob(15));
    });
    if (!s)
        return s;
    auto errors = db.prepare(errorRollupQuery(q.bookId.has_value()));
    if (!errors)
        return fail(errors.error());
    bind(*errors);
    return errors->forEachRow([&](Statement &r) {
        groups.rows[Key{r.text(0), r.text(1), r.text(2)}].errors[r.text(3)] += r.int64(4);
    });
}

// Raw attempts in [sinceMs, untilMs), optionally of one book.
Status fromAttempts(Database &db, const DashboardQuery &q, std::int64_t sinceMs,
                    std::int64_t untilMs, Groups &groups)
{
    // Only a book filter needs the generation (a random read per attempt): without one the
    // attempts are read alone, in t0 order.
    auto rows = db.prepare(
        "SELECT a.t0_ms, " + std::string(kAttemptStatsColumns) + " FROM attempts a "
        + (q.bookId ? "JOIN generations g ON g.id = a.generation_id AND g.book_id = ?3 " : "")
        + "WHERE a.t0_ms >= ?1 AND a.t0_ms < ?2 AND (?4 = '' OR a.model = ?4) "
          "AND (?5 = '' OR q = ?5)");
    if (!rows)
        return fail(rows.error());
    rows->bind(1, sinceMs).bind(2, untilMs).bind(4, q.model).bind(5, q.precision);
    if (q.bookId)
        rows->bind(3, *q.bookId);
    return rows->forEachRow([&](Statement &r) {
        groups.addAttempt(r.int64(0), Key{r.text(1), r.text(2), r.text(3)}, r, 1);
    });
}

std::vector<std::int64_t> ttftBins(const LogHistogram &histogram)
{
    std::vector<std::int64_t> counts(kTtftEdges.size() + 1, 0);
    for (int b = 0; b < LogHistogram::kBuckets; ++b) {
        const std::uint32_t count = histogram.countIn(b);
        if (count == 0)
            continue;
        const double value = LogHistogram::valueOf(b);
        const auto bin = static_cast<std::size_t>(
            std::upper_bound(kTtftEdges.begin(), kTtftEdges.end(), value) - kTtftEdges.begin());
        counts[bin] += count;
    }
    return counts;
}

// The baseline ends where the window's first hour starts, so it changes once an hour: a cache
// keeps it between refreshes (an attempt recorded late into a baseline hour shows next hour).
Status addDrift(Database &db, const DashboardQuery &q, std::int64_t sinceMs, DashboardCache *cache,
                DashboardSnapshot &out)
{
    out.drift.assign(out.stats.rows.size(), DriftWarning{});
    if (q.range == DashboardRange::All)
        return {};
    const std::int64_t hour = hourOf(sinceMs);
    DashboardCache uncached;
    DashboardCache &c = cache ? *cache : uncached;
    if (!c.baselineHour || *c.baselineHour != hour || c.model != q.model
        || c.precision != q.precision) {
        Groups baseline;
        baseline.withSeries = false;
        DashboardQuery all = q;
        all.bookId.reset();
        if (auto s = fromRollups(db, all, sinceMs - kBaselineMs, hour * kHourMs, baseline); !s)
            return s;
        c.baseline.clear();
        for (const auto &[key, accumulator] : baseline.rows)
            c.baseline.push_back(finishStats(key, accumulator));
        c.baselineHour = hour;
        c.model = q.model;
        c.precision = q.precision;
    }
    std::map<Key, const ProviderStats *> byKey;
    for (const ProviderStats &base : c.baseline)
        byKey.emplace(Key{base.provider, base.model, base.precision}, &base);
    constexpr std::int64_t kMinSamples = 5;
    for (std::size_t i = 0; i < out.stats.rows.size(); ++i) {
        const ProviderStats &now = out.stats.rows[i];
        auto it = byKey.find(Key{now.provider, now.model, now.precision});
        if (it == byKey.end() || it->second->requests < kMinSamples)
            continue;
        const ProviderStats &base = *it->second;
        DriftWarning &w = out.drift[i];
        w.baselineDecodeTps = base.decodeTpsP50;
        w.baselineUsdPerMillion = base.usdPerMillionOutput;
        w.baselineErrorRate = base.requests > base.cancelled ? 1 - base.successRate : 0;
        if (now.decodeTpsP50 && base.decodeTpsP50)
            w.speed = *now.decodeTpsP50 < 0.7 * *base.decodeTpsP50;
        if (now.usdPerMillionOutput && base.usdPerMillionOutput)
            w.price = *now.usdPerMillionOutput > 1.2 * *base.usdPerMillionOutput;
        if (now.requests - now.cancelled >= kMinSamples) {
            const double rate = 1 - now.successRate;
            w.errors = rate > *w.baselineErrorRate + 0.1 && rate > 2 * *w.baselineErrorRate;
        }
    }
    return {};
}

Status addChoices(Database &db, std::int64_t sinceMs, std::int64_t untilMs, DashboardSnapshot &out)
{
    auto stmt = db.prepare("SELECT DISTINCT model, precision FROM attempt_rollups "
                           "WHERE hour BETWEEN ? AND ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, hourOf(sinceMs)).bind(2, hourOf(untilMs - 1));
    std::set<std::string> models;
    std::set<std::string> precisions;
    auto s = stmt->forEachRow([&](Statement &r) {
        models.insert(r.text(0));
        precisions.insert(r.text(1));
    });
    if (!s)
        return s;
    out.models.assign(models.begin(), models.end());
    out.precisions.assign(precisions.begin(), precisions.end());
    return {};
}

} // namespace

std::string_view dashboardRangeName(DashboardRange range)
{
    switch (range) {
    case DashboardRange::Live15m:
        return "15m";
    case DashboardRange::Day:
        return "24h";
    case DashboardRange::Week:
        return "7d";
    case DashboardRange::Month:
        return "30d";
    case DashboardRange::All:
        return "all";
    }
    return "24h";
}

std::optional<DashboardRange> dashboardRangeFromName(std::string_view name)
{
    for (auto r : {DashboardRange::Live15m, DashboardRange::Day, DashboardRange::Week,
                   DashboardRange::Month, DashboardRange::All}) {
        if (dashboardRangeName(r) == name)
            return r;
    }
    return std::nullopt;
}

std::int64_t dashboardRangeStart(DashboardRange range, std::int64_t nowMs)
{
    switch (range) {
    case DashboardRange::Live15m:
        return nowMs - 15 * kMinuteMs;
    case DashboardRange::Day:
        return nowMs - kDayMs;
    case DashboardRange::Week:
        return nowMs - 7 * kDayMs;
    case DashboardRange::Month:
        return nowMs - 30 * kDayMs;
    case DashboardRange::All:
        return 0;
    }
    return 0;
}

Result<DashboardSnapshot> queryDashboard(Database &db, const DashboardQuery &query,
                                         DashboardCache *cache)
{
    if (query.nowMs <= 0)
        return fail(ErrorCode::InvalidArgument, "the dashboard needs the current time");
    DashboardSnapshot out;
    out.query = query;
    const std::int64_t since = dashboardRangeStart(query.range, query.nowMs);
    const std::int64_t until = query.nowMs + 1;
    Groups groups;
    switch (query.range) {
    case DashboardRange::Live15m:
        groups.bucketMs = kMinuteMs;
        break;
    case DashboardRange::Day:
        groups.bucketMs = kHourMs;
        break;
    case DashboardRange::Week:
        groups.bucketMs = 6 * kHourMs;
        break;
    case DashboardRange::Month:
    case DashboardRange::All:
        groups.bucketMs = kDayMs;
        break;
    }
    out.bucketMs = groups.bucketMs;
    // The live window is exact; the others are widened to whole hours, the rollups' grain, also
    // when a book's stale hours have to be read raw (the answer must not depend on the path).
    const bool live = query.range == DashboardRange::Live15m;
    out.stats.sinceMs = live ? since : hourOf(since) * kHourMs;
    out.stats.untilMs = live ? until : (hourOf(until - 1) + 1) * kHourMs;
    bool raw = live;
    if (!raw && query.bookId) {
        auto stale = bookRollupStale(db, *query.bookId, hourOf(since), hourOf(until - 1));
        if (!stale)
            return fail(stale.error());
        raw = *stale;
    }
    if (auto s = raw ? fromAttempts(db, query, out.stats.sinceMs, out.stats.untilMs, groups)
                     : fromRollups(db, query, since, until, groups);
        !s) {
        return fail(s.error());
    }

    Accumulator total;
    for (const auto &[key, accumulator] : groups.rows) {
        out.stats.rows.push_back(finishStats(key, accumulator));
        total.merge(accumulator);
    }
    std::stable_sort(
        out.stats.rows.begin(), out.stats.rows.end(),
        [](const ProviderStats &a, const ProviderStats &b) { return a.requests > b.requests; });
    out.stats.total = finishStats(Key{"all", "all", "all"}, total);

    out.ttftEdgesMs.assign(kTtftEdges.begin(), kTtftEdges.end());
    std::map<std::string, ProviderSeries> series;
    for (const auto &[key, histogram] : groups.decodeByBucket) {
        ProviderSeries &s = series[key.first];
        s.provider = key.first;
        if (auto p50 = histogram.percentile(0.5))
            s.points.push_back(SeriesPoint{key.second, *p50});
    }
    for (const auto &[provider, histogram] : groups.ttftByProvider) {
        ProviderSeries &s = series[provider];
        s.provider = provider;
        s.ttftCounts = ttftBins(histogram);
    }
    for (auto &[provider, s] : series) {
        if (s.ttftCounts.empty())
            s.ttftCounts.assign(kTtftEdges.size() + 1, 0);
        out.providers.push_back(std::move(s));
    }
    double running = 0;
    for (const auto &[bucket, cost] : groups.costByBucket) {
        running += cost;
        out.cumulativeCost.push_back(SeriesPoint{bucket, running});
    }

    if (auto s = addDrift(db, query, since, cache, out); !s)
        return fail(s.error());
    const bool costFromRollup = query.range != DashboardRange::Live15m;
    if (auto s = addCostSlices(db, query, since, until, costFromRollup, out); !s)
        return fail(s.error());
    if (auto s = addChoices(db, since, until, out); !s)
        return fail(s.error());
    auto inFlight = db.prepare("SELECT count(*) FROM generations WHERE started_at >= ? AND "
                               "status = 'running'");
    if (!inFlight)
        return fail(inFlight.error());
    inFlight->bind(1, query.nowMs - kHourMs);
    if (auto row = inFlight->step(); row && *row)
        out.runningGenerations = inFlight->int64(0);
    return out;
}

Status prepareDashboardConnection(Database &db)
{
    // 1 GiB of address space, not memory: pages come from the OS page cache either way.
    return db.exec("PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536");
}

Result<std::string> dashboardChangeToken(Database &db, std::int64_t nowMs)
{
    auto stmt = db.prepare(
        "SELECT (SELECT coalesce(max(id), 0) FROM attempts), "
        "(SELECT coalesce(max(id), 0) FROM generations), "
        "(SELECT total(cost_usd) FROM attempt_rollups WHERE hour >= ?), "
        "(SELECT count(*) FROM generations WHERE started_at >= ? AND status = 'running')");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, hourOf(nowMs) - 1).bind(2, nowMs - kHourMs);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return std::string();
    return std::to_string(stmt->int64(0)) + "/" + std::to_string(stmt->int64(1)) + "/"
        + std::to_string(stmt->real(2)) + "/" + std::to_string(stmt->int64(3));
}

} // namespace scriptorium::store
