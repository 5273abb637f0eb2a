#include "store/database.h"
#include "store/generation_store.h"
#include "store/log_histogram.h"
#include "store/rollup_key.h"
#include "store/stats_accumulator.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace scriptorium::store {

namespace {

// The library-wide rollup tables, or one book's: the same columns, the book's key first.
struct RollupTables {
    std::string readHistograms;
    std::string upsertCounts;
    std::string upsertError;
    std::string adjustCost;
};

RollupTables makeTables(std::string_view attempts, std::string_view errors, bool perBook)
{
    const std::string keyColumns = perBook ? "book_id, hour, provider, model, precision"
                                           : "hour, provider, model, precision";
    const std::string keyMatch = std::string(perBook ? "book_id = ?5 AND " : "")
        + "hour = ?1 AND provider = ?2 AND model = ?3 AND precision = ?4";
    // Parameters: ?1 hour, ?2 provider, ?3 model, ?4 precision, ?5 book (per book only),
    // then the values from ?6 on.
    const std::string keyValues = perBook ? "?5, ?1, ?2, ?3, ?4" : "?1, ?2, ?3, ?4";
    RollupTables t;
    t.readHistograms = "SELECT ttft_hist, decode_hist, e2e_hist FROM " + std::string(attempts)
        + " WHERE " + keyMatch;
    t.upsertCounts = "INSERT INTO " + std::string(attempts) + " (" + keyColumns
        + ", requests, successes, cancelled, fallbacks, degraded, prompt_tokens, "
          "completion_tokens, costed_completion_tokens, cost_usd, ttft_hist, decode_hist, "
          "e2e_hist) VALUES ("
        + keyValues + ", ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) ON CONFLICT ("
        + keyColumns
        + ") DO UPDATE SET requests = requests + excluded.requests, "
          "successes = successes + excluded.successes, "
          "cancelled = cancelled + excluded.cancelled, fallbacks = fallbacks + excluded.fallbacks, "
          "degraded = degraded + excluded.degraded, "
          "prompt_tokens = prompt_tokens + excluded.prompt_tokens, "
          "completion_tokens = completion_tokens + excluded.completion_tokens, "
          "costed_completion_tokens = costed_completion_tokens + "
          "excluded.costed_completion_tokens, cost_usd = cost_usd + excluded.cost_usd, "
          "ttft_hist = excluded.ttft_hist, decode_hist = excluded.decode_hist, "
          "e2e_hist = excluded.e2e_hist";
    t.upsertError = "INSERT INTO " + std::string(errors) + " (" + keyColumns
        + ", error_class, count) VALUES (" + keyValues + ", ?6, ?7) ON CONFLICT (" + keyColumns
        + ", error_class) DO UPDATE SET count = count + excluded.count";
    t.adjustCost = "UPDATE " + std::string(attempts)
        + " SET cost_usd = cost_usd + ?6, costed_completion_tokens = costed_completion_tokens + "
          "?7 WHERE "
        + keyMatch;
    return t;
}

const RollupTables &libraryTables()
{
    static const RollupTables tables = makeTables("attempt_rollups", "error_rollups", false);
    return tables;
}

const RollupTables &bookTables()
{
    static const RollupTables tables
        = makeTables("book_attempt_rollups", "book_error_rollups", true);
    return tables;
}

struct RowKey {
    std::int64_t hour = 0;
    std::string provider;
    std::string model;
    std::string precision;
    std::optional<std::int64_t> bookId; ///< set for a book's row
};

void bindKey(Statement &stmt, const RowKey &key)
{
    stmt.bind(1, key.hour).bind(2, key.provider).bind(3, key.model).bind(4, key.precision);
    if (key.bookId)
        stmt.bind(5, *key.bookId);
}

// Adds `delta` to one rollup row: counters in SQL, histograms merged here (SQL cannot).
Status addToRow(Database &db, const RollupTables &tables, const RowKey &key,
                const StatsAccumulator &delta)
{
    LogHistogram ttft = delta.ttft;
    LogHistogram decode = delta.decode;
    LogHistogram e2e = delta.e2e;
    {
        auto read = db.prepare(tables.readHistograms);
        if (!read)
            return fail(read.error());
        bindKey(*read, key);
        auto row = read->step();
        if (!row)
            return fail(row.error());
        if (*row) {
            ttft.merge(read->blob(0));
            decode.merge(read->blob(1));
            e2e.merge(read->blob(2));
        }
    }
    const std::string ttftBlob = ttft.encode();
    const std::string decodeBlob = decode.encode();
    const std::string e2eBlob = e2e.encode();
    const StatsCounts &c = delta.counts;
    auto upsert = db.prepare(tables.upsertCounts);
    if (!upsert)
        return fail(upsert.error());
    bindKey(*upsert, key);
    upsert->bind(6, c.requests)
        .bind(7, c.successes)
        .bind(8, c.cancelled)
        .bind(9, c.fallbacks)
        .bind(10, c.degraded)
        .bind(11, c.promptTokens)
        .bind(12, c.completionTokens)
        .bind(13, c.costedCompletionTokens)
        .bind(14, c.costUsd)
        .bindBlob(15, ttftBlob.data(), ttftBlob.size())
        .bindBlob(16, decodeBlob.data(), decodeBlob.size())
        .bindBlob(17, e2eBlob.data(), e2eBlob.size());
    if (auto s = upsert->run(); !s)
        return s;
    for (const auto &[errorClass, count] : delta.errors) {
        auto error = db.prepare(tables.upsertError);
        if (!error)
            return fail(error.error());
        bindKey(*error, key);
        error->bind(6, errorClass).bind(7, count);
        if (auto s = error->run(); !s)
            return s;
    }
    return {};
}

StatsAccumulator contributionOf(const AttemptRecord &a)
{
    StatsAccumulator delta;
    std::optional<std::string> error;
    if (a.errorClass)
        error = std::string(errorCodeName(*a.errorClass));
    delta.counts = StatsCounts::ofAttempt(error, a.fallback ? 1 : 0, a.degraded ? 1 : 0,
                                          a.promptTokens.value_or(0),
                                          a.completionTokens.value_or(0), a.costUsd);
    if (error) {
        if (a.errorClass != ErrorCode::Cancelled)
            delta.errors[*error] = 1;
        return delta;
    }
    // Speeds describe what a provider delivered, so only successful attempts count.
    if (a.ttftMs)
        delta.ttft.add(*a.ttftMs);
    if (a.decodeTps)
        delta.decode.add(*a.decodeTps);
    if (a.e2eTps)
        delta.e2e.add(*a.e2eTps);
    return delta;
}

// The book an attempt's generation belongs to now (nullopt: none, or no such generation).
Result<std::optional<std::int64_t>> bookOf(Database &db, std::int64_t generationId)
{
    auto stmt = db.prepare("SELECT book_id FROM generations WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, generationId);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return std::optional<std::int64_t>();
    return stmt->optInt64(0);
}

// Rebuilds one hour's rows of the given books from the raw attempts.
Status rebuildHour(Database &db, std::int64_t hour, const std::set<std::int64_t> &books)
{
    // Runs a "... WHERE book_id = ?1 AND hour = ?2" statement for each of the books.
    auto eachBook = [&](std::string_view sql) -> Status {
        for (std::int64_t book : books) {
            auto stmt = db.prepare(sql);
            if (!stmt)
                return fail(stmt.error());
            stmt->bind(1, book).bind(2, hour);
            if (auto s = stmt->run(); !s)
                return s;
        }
        return {};
    };
    if (auto s = eachBook("DELETE FROM book_attempt_rollups WHERE book_id = ?1 AND hour = ?2");
        !s) {
        return s;
    }
    if (auto s = eachBook("DELETE FROM book_error_rollups WHERE book_id = ?1 AND hour = ?2"); !s)
        return s;
    std::map<std::pair<std::int64_t, StatsKey>, StatsAccumulator> rows;
    {
        auto raw = db.prepare("SELECT g.book_id, " + std::string(kAttemptStatsColumns)
                              + " FROM attempts a JOIN generations g ON g.id = a.generation_id "
                                "WHERE a.t0_ms >= ?1 AND a.t0_ms < ?2 AND g.book_id IS NOT NULL");
        if (!raw)
            return fail(raw.error());
        raw->bind(1, hour * kHourMs).bind(2, (hour + 1) * kHourMs);
        if (auto s = raw->forEachRow([&](const Statement &r) {
                const std::int64_t book = r.int64(0);
                if (!books.contains(book))
                    return;
                rows[{book, StatsKey{r.text(1), r.text(2), r.text(3)}}].addAttemptRow(r, 4);
            });
            !s) {
            return fail(s.error());
        }
    }
    for (const auto &[key, delta] : rows) {
        const auto &[provider, model, precision] = key.second;
        if (auto s = addToRow(db, bookTables(), RowKey{hour, provider, model, precision, key.first},
                              delta);
            !s) {
            return s;
        }
    }
    return eachBook("DELETE FROM book_rollup_stale WHERE book_id = ?1 AND hour = ?2");
}

} // namespace

std::string rollupProvider(const AttemptRecord &attempt)
{
    if (!attempt.provider.empty())
        return attempt.provider;
    if (!attempt.providerSlug.empty())
        return attempt.providerSlug;
    return "(unknown)";
}

std::string rollupPrecision(const AttemptRecord &attempt)
{
    return attempt.quantization.empty() ? std::string("unknown") : attempt.quantization;
}

Status addToRollups(Database &db, const AttemptRecord &a)
{
    RowKey key{hourOf(a.t0Ms), rollupProvider(a), a.model, rollupPrecision(a), std::nullopt};
    const StatsAccumulator delta = contributionOf(a);
    if (auto s = addToRow(db, libraryTables(), key, delta); !s)
        return s;
    auto book = bookOf(db, a.generationId);
    if (!book)
        return fail(book.error());
    if (!*book)
        return {};
    key.bookId = *book;
    return addToRow(db, bookTables(), key, delta);
}

Status adjustRollupCost(Database &db, const AttemptRecord &a, double newCost)
{
    auto book = bookOf(db, a.generationId);
    if (!book)
        return fail(book.error());
    const double costDelta = newCost - a.costUsd.value_or(0.0);
    // An attempt without a cost was not counted in costed_completion_tokens; now it is.
    const std::int64_t tokens = a.costUsd ? 0 : a.completionTokens.value_or(0);
    auto adjust = [&](const RollupTables &tables, const RowKey &key) -> Status {
        auto stmt = db.prepare(tables.adjustCost);
        if (!stmt)
            return fail(stmt.error());
        bindKey(*stmt, key);
        stmt->bind(6, costDelta).bind(7, tokens);
        return stmt->run();
    };
    RowKey key{hourOf(a.t0Ms), rollupProvider(a), a.model, rollupPrecision(a), std::nullopt};
    if (auto s = adjust(libraryTables(), key); !s || !*book)
        return s;
    key.bookId = *book;
    return adjust(bookTables(), key);
}

namespace {

std::string rollupWhere(bool perBook)
{
    return std::string(perBook ? "WHERE book_id = ?5 AND " : "WHERE ")
        + "hour BETWEEN ?1 AND ?2 AND (?3 = '' OR model = ?3) AND (?4 = '' OR precision = ?4)";
}

} // namespace

std::string attemptRollupQuery(bool perBook)
{
    return "SELECT hour, provider, model, precision, requests, successes, cancelled, fallbacks, "
           "degraded, prompt_tokens, completion_tokens, costed_completion_tokens, cost_usd, "
           "ttft_hist, decode_hist, e2e_hist FROM "
        + std::string(perBook ? "book_attempt_rollups " : "attempt_rollups ")
        + rollupWhere(perBook);
}

std::string errorRollupQuery(bool perBook)
{
    return "SELECT provider, model, precision, error_class, sum(count) FROM "
        + std::string(perBook ? "book_error_rollups " : "error_rollups ") + rollupWhere(perBook)
        + " GROUP BY 1, 2, 3, 4";
}

Result<bool> bookRollupStale(Database &db, std::int64_t bookId, std::int64_t firstHour,
                             std::int64_t lastHour)
{
    auto stmt = db.prepare("SELECT EXISTS (SELECT 1 FROM book_rollup_stale WHERE book_id = ? "
                           "AND hour BETWEEN ? AND ?)");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, bookId).bind(2, firstHour).bind(3, lastHour);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    return *row && stmt->int64(0) != 0;
}

Result<bool> bookRollupRepairPending(Database &db)
{
    auto pending = db.queryInt("SELECT EXISTS (SELECT 1 FROM book_rollup_stale)");
    if (!pending)
        return fail(pending.error());
    return *pending != 0;
}

Status repairBookRollups(Database &db)
{
    std::map<std::int64_t, std::set<std::int64_t>> stale; // hour → books
    {
        auto stmt = db.prepare("SELECT hour, book_id FROM book_rollup_stale");
        if (!stmt)
            return fail(stmt.error());
        if (auto s
            = stmt->forEachRow([&](const Statement &r) { stale[r.int64(0)].insert(r.int64(1)); });
            !s) {
            return fail(s.error());
        }
    }
    if (stale.empty())
        return {};
    return inTransaction(db, [&]() -> Status {
        for (const auto &[hour, books] : stale) {
            if (auto s = rebuildHour(db, hour, books); !s)
                return s;
        }
        return {};
    });
}

} // namespace scriptorium::store
