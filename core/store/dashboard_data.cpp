#include "store/dashboard_data.h"

#include "store/database.h"
#include "store/log_histogram.h"
#include "store/rollup_key.h"

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

using Key = std::tuple<std::string, std::string, std::string>;

struct Accumulator {
    std::int64_t requests = 0;
    std::int64_t successes = 0;
    std::int64_t cancelled = 0;
    std::int64_t fallbacks = 0;
    std::int64_t degraded = 0;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::int64_t costedCompletionTokens = 0;
    double costUsd = 0;
    LogHistogram ttft;
    LogHistogram decode;
    LogHistogram e2e;
    std::map<std::string, std::int64_t> errors;

    void merge(const Accumulator &o)
    {
        requests += o.requests;
        successes += o.successes;
        cancelled += o.cancelled;
        fallbacks += o.fallbacks;
        degraded += o.degraded;
        promptTokens += o.promptTokens;
        completionTokens += o.completionTokens;
        costedCompletionTokens += o.costedCompletionTokens;
        costUsd += o.costUsd;
        if (o.ttft.count() > 0)
            ttft.merge(o.ttft.encode());
        if (o.decode.count() > 0)
            decode.merge(o.decode.encode());
        if (o.e2e.count() > 0)
            e2e.merge(o.e2e.encode());
        for (const auto &[name, count] : o.errors)
            errors[name] += count;
    }
};

double ratio(std::int64_t a, std::int64_t b)
{
    return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0;
}

// The same definitions as queryProviderStats(), so the CLI and the dashboard agree.
ProviderStats finish(const Key &key, const Accumulator &a)
{
    ProviderStats s;
    std::tie(s.provider, s.model, s.precision) = key;
    s.requests = a.requests;
    s.successes = a.successes;
    s.cancelled = a.cancelled;
    s.fallbacks = a.fallbacks;
    s.degraded = a.degraded;
    s.successRate = ratio(a.successes, a.requests - a.cancelled);
    s.fallbackRate = ratio(a.fallbacks, a.requests);
    s.degradationRate = ratio(a.degraded, a.requests);
    s.ttftP50Ms = a.ttft.percentile(0.5);
    s.ttftP90Ms = a.ttft.percentile(0.9);
    s.decodeTpsP50 = a.decode.percentile(0.5);
    s.e2eTpsP50 = a.e2e.percentile(0.5);
    s.promptTokens = a.promptTokens;
    s.completionTokens = a.completionTokens;
    s.costUsd = a.costUsd;
    if (a.costedCompletionTokens > 0)
        s.usdPerMillionOutput = a.costUsd / static_cast<double>(a.costedCompletionTokens) * 1e6;
    s.errors = a.errors;
    return s;
}

struct Groups {
    std::int64_t bucketMs = kHourMs;
    std::map<Key, Accumulator> rows;
    std::map<std::pair<std::string, std::int64_t>, LogHistogram> decodeByBucket;
    std::map<std::string, LogHistogram> ttftByProvider;
    std::map<std::int64_t, double> costByBucket;

    void add(std::int64_t tMs, const Key &key, const Accumulator &a)
    {
        const std::int64_t bucket
            = (tMs >= 0 ? tMs / bucketMs : (tMs - bucketMs + 1) / bucketMs) * bucketMs;
        rows[key].merge(a);
        const std::string &provider = std::get<0>(key);
        if (a.decode.count() > 0)
            decodeByBucket[{provider, bucket}].merge(a.decode.encode());
        if (a.ttft.count() > 0)
            ttftByProvider[provider].merge(a.ttft.encode());
        costByBucket[bucket] += a.costUsd;
    }
};

template<typename F> Status eachRow(Statement &stmt, F &&body)
{
    while (true) {
        auto row = stmt.step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return {};
        body(stmt);
    }
}

// Hourly rollups in [sinceMs, untilMs), widened to whole hours.
Status fromRollups(Database &db, const DashboardQuery &q, std::int64_t sinceMs,
                   std::int64_t untilMs, Groups &groups)
{
    const std::int64_t first = hourOf(sinceMs);
    const std::int64_t last = hourOf(untilMs - 1);
    auto rows = db.prepare(
        "SELECT hour, provider, model, precision, requests, successes, cancelled, fallbacks, "
        "degraded, prompt_tokens, completion_tokens, costed_completion_tokens, cost_usd, "
        "ttft_hist, decode_hist, e2e_hist FROM attempt_rollups WHERE hour BETWEEN ?1 AND ?2 "
        "AND (?3 = '' OR model = ?3) AND (?4 = '' OR precision = ?4)");
    if (!rows)
        return fail(rows.error());
    rows->bind(1, first).bind(2, last).bind(3, q.model).bind(4, q.precision);
    auto s = eachRow(*rows, [&](Statement &r) {
        Accumulator a;
        a.requests = r.int64(4);
        a.successes = r.int64(5);
        a.cancelled = r.int64(6);
        a.fallbacks = r.int64(7);
        a.degraded = r.int64(8);
        a.promptTokens = r.int64(9);
        a.completionTokens = r.int64(10);
        a.costedCompletionTokens = r.int64(11);
        a.costUsd = r.real(12);
        a.ttft.merge(r.blob(13));
        a.decode.merge(r.blob(14));
        a.e2e.merge(r.blob(15));
        groups.add(r.int64(0) * kHourMs, Key{r.text(1), r.text(2), r.text(3)}, a);
    });
    if (!s)
        return s;
    auto errors = db.prepare(
        "SELECT provider, model, precision, error_class, sum(count) FROM error_rollups "
        "WHERE hour BETWEEN ?1 AND ?2 AND (?3 = '' OR model = ?3) AND (?4 = '' OR precision = ?4) "
        "GROUP BY 1, 2, 3, 4");
    if (!errors)
        return fail(errors.error());
    errors->bind(1, first).bind(2, last).bind(3, q.model).bind(4, q.precision);
    return eachRow(*errors, [&](Statement &r) {
        groups.rows[Key{r.text(0), r.text(1), r.text(2)}].errors[r.text(3)] += r.int64(4);
    });
}

// Raw attempts in [sinceMs, untilMs), optionally of one book.
Status fromAttempts(Database &db, const DashboardQuery &q, std::int64_t sinceMs,
                    std::int64_t untilMs, Groups &groups)
{
    auto rows = db.prepare(
        "SELECT a.t0_ms, CASE WHEN a.provider != '' THEN a.provider WHEN a.provider_slug != '' "
        "THEN a.provider_slug ELSE '(unknown)' END AS p, a.model, CASE WHEN a.quantization != '' "
        "THEN a.quantization ELSE 'unknown' END AS q, a.error_class, a.fallback, a.degraded, "
        "a.prompt_tokens, a.completion_tokens, a.cost_usd, a.ttft_ms, a.decode_tps, a.e2e_tps "
        "FROM attempts a JOIN generations g ON g.id = a.generation_id "
        "WHERE a.t0_ms >= ?1 AND a.t0_ms < ?2 AND (?3 IS NULL OR g.book_id = ?3) "
        "AND (?4 = '' OR a.model = ?4) AND (?5 = '' OR q = ?5)");
    if (!rows)
        return fail(rows.error());
    rows->bind(1, sinceMs).bind(2, untilMs).bind(3, q.bookId).bind(4, q.model).bind(5, q.precision);
    return eachRow(*rows, [&](Statement &r) {
        Accumulator a;
        const std::optional<std::string> error = r.optText(4);
        const bool cancelled = error == "cancelled";
        a.requests = 1;
        a.successes = error ? 0 : 1;
        a.cancelled = cancelled ? 1 : 0;
        if (error && !cancelled)
            a.errors[*error] = 1;
        a.fallbacks = r.int64(5);
        a.degraded = r.int64(6);
        a.promptTokens = r.int64(7);
        a.completionTokens = r.int64(8);
        if (auto cost = r.optReal(9)) {
            a.costUsd = *cost;
            a.costedCompletionTokens = a.completionTokens;
        }
        if (!error) {
            if (auto v = r.optReal(10))
                a.ttft.add(*v);
            if (auto v = r.optReal(11))
                a.decode.add(*v);
            if (auto v = r.optReal(12))
                a.e2e.add(*v);
        }
        groups.add(r.int64(0), Key{r.text(1), r.text(2), r.text(3)}, a);
    });
}

std::vector<std::int64_t> ttftBins(const LogHistogram &histogram)
{
    std::vector<std::int64_t> counts(kTtftEdges.size() + 1, 0);
    const std::string encoded = histogram.encode();
    for (std::size_t i = 0; i + 5 <= encoded.size(); i += 5) {
        std::uint32_t count = 0;
        for (int k = 3; k >= 0; --k)
            count = (count << 8)
                | static_cast<unsigned char>(encoded[i + 1 + static_cast<std::size_t>(k)]);
        const double value = LogHistogram::valueOf(static_cast<unsigned char>(encoded[i]));
        const auto bin = static_cast<std::size_t>(
            std::upper_bound(kTtftEdges.begin(), kTtftEdges.end(), value) - kTtftEdges.begin());
        counts[bin] += count;
    }
    return counts;
}

Status addDrift(Database &db, const DashboardQuery &q, std::int64_t sinceMs, DashboardSnapshot &out)
{
    out.drift.assign(out.stats.rows.size(), DriftWarning{});
    if (q.range == DashboardRange::All)
        return {};
    Groups baseline;
    DashboardQuery all = q;
    all.bookId.reset();
    if (auto s = fromRollups(db, all, sinceMs - kBaselineMs, hourOf(sinceMs) * kHourMs, baseline);
        !s) {
        return s;
    }
    constexpr std::int64_t kMinSamples = 5;
    for (std::size_t i = 0; i < out.stats.rows.size(); ++i) {
        const ProviderStats &now = out.stats.rows[i];
        auto it = baseline.rows.find(Key{now.provider, now.model, now.precision});
        if (it == baseline.rows.end() || it->second.requests < kMinSamples)
            continue;
        const ProviderStats base = finish(it->first, it->second);
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

Status addCostSlices(Database &db, const DashboardQuery &q, std::int64_t sinceMs,
                     std::int64_t untilMs, DashboardSnapshot &out)
{
    auto stmt = db.prepare(
        "SELECT g.book_id, coalesce(b.title, ''), g.chapter_id, "
        "CASE WHEN c.deleted_at IS NULL THEN c.position END, coalesce(c.title, ''), g.stage, "
        "count(a.id), count(a.error_class), total(a.cost_usd), coalesce(c.body_length, 0), "
        "CASE WHEN coalesce(c.target_unit, '') != '' THEN c.target_unit "
        "WHEN b.language LIKE 'zh%' OR b.language LIKE 'ja%' THEN 'characters' ELSE 'words' END "
        "FROM attempts a JOIN generations g ON g.id = a.generation_id "
        "LEFT JOIN books b ON b.id = g.book_id LEFT JOIN chapters c ON c.id = g.chapter_id "
        "WHERE a.t0_ms >= ?1 AND a.t0_ms < ?2 AND (?3 IS NULL OR g.book_id = ?3) "
        "AND (?4 = '' OR a.model = ?4) AND (?5 = '' OR (CASE WHEN a.quantization != '' THEN "
        "a.quantization ELSE 'unknown' END) = ?5) "
        "GROUP BY g.book_id, g.chapter_id, g.stage ORDER BY g.book_id, c.position, g.stage");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, sinceMs).bind(2, untilMs).bind(3, q.bookId).bind(4, q.model).bind(5, q.precision);
    auto s = eachRow(*stmt, [&](Statement &r) {
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
    if (!s)
        return s;

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

Status addChoices(Database &db, std::int64_t sinceMs, std::int64_t untilMs, DashboardSnapshot &out)
{
    auto stmt = db.prepare("SELECT DISTINCT model, precision FROM attempt_rollups "
                           "WHERE hour BETWEEN ? AND ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, hourOf(sinceMs)).bind(2, hourOf(untilMs - 1));
    std::set<std::string> models;
    std::set<std::string> precisions;
    auto s = eachRow(*stmt, [&](Statement &r) {
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

Result<DashboardSnapshot> queryDashboard(Database &db, const DashboardQuery &query)
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
    const bool raw = query.bookId || query.range == DashboardRange::Live15m;
    if (auto s = raw ? fromAttempts(db, query, since, until, groups)
                     : fromRollups(db, query, since, until, groups);
        !s) {
        return fail(s.error());
    }

    out.stats.sinceMs = raw ? since : hourOf(since) * kHourMs;
    out.stats.untilMs = raw ? until : (hourOf(until - 1) + 1) * kHourMs;
    Accumulator total;
    for (const auto &[key, accumulator] : groups.rows) {
        out.stats.rows.push_back(finish(key, accumulator));
        total.merge(accumulator);
    }
    std::stable_sort(
        out.stats.rows.begin(), out.stats.rows.end(),
        [](const ProviderStats &a, const ProviderStats &b) { return a.requests > b.requests; });
    out.stats.total = finish(Key{"all", "all", "all"}, total);

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

    if (auto s = addDrift(db, query, since, out); !s)
        return fail(s.error());
    if (auto s = addCostSlices(db, query, since, until, out); !s)
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
