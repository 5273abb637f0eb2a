#include "store/database.h"
#include "store/generation_store.h"
#include "store/log_histogram.h"
#include "store/rollup_key.h"

namespace scriptorium::store {

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
    const std::int64_t hour = hourOf(a.t0Ms);
    const std::string provider = rollupProvider(a);
    const std::string precision = rollupPrecision(a);

    LogHistogram ttft;
    LogHistogram decode;
    LogHistogram e2e;
    {
        auto read = db.prepare("SELECT ttft_hist, decode_hist, e2e_hist FROM attempt_rollups "
                               "WHERE hour = ? AND provider = ? AND model = ? AND precision = ?");
        if (!read)
            return fail(read.error());
        read->bind(1, hour).bind(2, provider).bind(3, a.model).bind(4, precision);
        auto row = read->step();
        if (!row)
            return fail(row.error());
        if (*row) {
            ttft.merge(read->blob(0));
            decode.merge(read->blob(1));
            e2e.merge(read->blob(2));
        }
    }
    const bool success = !a.errorClass;
    const bool cancelled = a.errorClass == ErrorCode::Cancelled;
    // Speeds describe what a provider delivered, so only successful attempts count.
    if (success) {
        if (a.ttftMs)
            ttft.add(*a.ttftMs);
        if (a.decodeTps)
            decode.add(*a.decodeTps);
        if (a.e2eTps)
            e2e.add(*a.e2eTps);
    }
    const std::string ttftBlob = ttft.encode();
    const std::string decodeBlob = decode.encode();
    const std::string e2eBlob = e2e.encode();
    const std::int64_t completion = a.completionTokens.value_or(0);

    auto upsert = db.prepare(
        "INSERT INTO attempt_rollups (hour, provider, model, precision, requests, successes, "
        "cancelled, fallbacks, degraded, prompt_tokens, completion_tokens, "
        "costed_completion_tokens, cost_usd, ttft_hist, decode_hist, e2e_hist) "
        "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (hour, provider, model, precision) DO UPDATE SET "
        "requests = requests + 1, successes = successes + excluded.successes, "
        "cancelled = cancelled + excluded.cancelled, fallbacks = fallbacks + excluded.fallbacks, "
        "degraded = degraded + excluded.degraded, "
        "prompt_tokens = prompt_tokens + excluded.prompt_tokens, "
        "completion_tokens = completion_tokens + excluded.completion_tokens, "
        "costed_completion_tokens = costed_completion_tokens + excluded.costed_completion_tokens, "
        "cost_usd = cost_usd + excluded.cost_usd, ttft_hist = excluded.ttft_hist, "
        "decode_hist = excluded.decode_hist, e2e_hist = excluded.e2e_hist");
    if (!upsert)
        return fail(upsert.error());
    upsert->bind(1, hour)
        .bind(2, provider)
        .bind(3, a.model)
        .bind(4, precision)
        .bind(5, success ? 1 : 0)
        .bind(6, cancelled ? 1 : 0)
        .bind(7, a.fallback ? 1 : 0)
        .bind(8, a.degraded ? 1 : 0)
        .bind(9, a.promptTokens.value_or(0))
        .bind(10, completion)
        .bind(11, a.costUsd ? completion : 0)
        .bind(12, a.costUsd.value_or(0.0))
        .bindBlob(13, ttftBlob.data(), ttftBlob.size())
        .bindBlob(14, decodeBlob.data(), decodeBlob.size())
        .bindBlob(15, e2eBlob.data(), e2eBlob.size());
    if (auto s = upsert->run(); !s)
        return s;

    if (a.errorClass && !cancelled) {
        auto errors = db.prepare(
            "INSERT INTO error_rollups (hour, provider, model, precision, error_class, count) "
            "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (hour, provider, model, precision, "
            "error_class) DO UPDATE SET count = count + 1");
        if (!errors)
            return fail(errors.error());
        errors->bind(1, hour)
            .bind(2, provider)
            .bind(3, a.model)
            .bind(4, precision)
            .bind(5, errorCodeName(*a.errorClass));
        if (auto s = errors->run(); !s)
            return s;
    }
    return {};
}

Status adjustRollupCost(Database &db, const AttemptRecord &a, double newCost)
{
    auto stmt = db.prepare("UPDATE attempt_rollups SET cost_usd = cost_usd + ?, "
                           "costed_completion_tokens = costed_completion_tokens + ? "
                           "WHERE hour = ? AND provider = ? AND model = ? AND precision = ?");
    if (!stmt)
        return fail(stmt.error());
    const std::int64_t tokens = a.costUsd ? 0 : a.completionTokens.value_or(0);
    stmt->bind(1, newCost - a.costUsd.value_or(0.0))
        .bind(2, tokens)
        .bind(3, hourOf(a.t0Ms))
        .bind(4, rollupProvider(a))
        .bind(5, a.model)
        .bind(6, rollupPrecision(a));
    return stmt->run();
}

} // namespace scriptorium::store
