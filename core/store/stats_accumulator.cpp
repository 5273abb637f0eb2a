#include "store/stats_accumulator.h"

#include "store/database.h"

namespace scriptorium::store {

namespace {

double ratio(std::int64_t a, std::int64_t b)
{
    return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0;
}

} // namespace

void StatsCounts::add(const StatsCounts &o)
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
}

StatsCounts StatsCounts::fromRollupRow(const Statement &row, int first)
{
    StatsCounts c;
    c.requests = row.int64(first);
    c.successes = row.int64(first + 1);
    c.cancelled = row.int64(first + 2);
    c.fallbacks = row.int64(first + 3);
    c.degraded = row.int64(first + 4);
    c.promptTokens = row.int64(first + 5);
    c.completionTokens = row.int64(first + 6);
    c.costedCompletionTokens = row.int64(first + 7);
    c.costUsd = row.real(first + 8);
    return c;
}

StatsCounts StatsCounts::ofAttempt(const std::optional<std::string> &error, std::int64_t fallback,
                                   std::int64_t degraded, std::int64_t promptTokens,
                                   std::int64_t completionTokens, std::optional<double> costUsd)
{
    StatsCounts c;
    c.requests = 1;
    c.successes = error ? 0 : 1;
    c.cancelled = error == "cancelled" ? 1 : 0;
    c.fallbacks = fallback;
    c.degraded = degraded;
    c.promptTokens = promptTokens;
    c.completionTokens = completionTokens;
    if (costUsd) {
        c.costUsd = *costUsd;
        c.costedCompletionTokens = completionTokens;
    }
    return c;
}

void StatsAccumulator::merge(const StatsAccumulator &o)
{
    counts.add(o.counts);
    ttft.merge(o.ttft);
    decode.merge(o.decode);
    e2e.merge(o.e2e);
    for (const auto &[name, count] : o.errors)
        errors[name] += count;
}

void StatsAccumulator::addAttemptRow(const Statement &row, int first)
{
    const std::optional<std::string> error = row.optText(first);
    counts.add(StatsCounts::ofAttempt(error, row.int64(first + 1), row.int64(first + 2),
                                      row.int64(first + 3), row.int64(first + 4),
                                      row.optReal(first + 5)));
    if (error) {
        if (error != "cancelled")
            errors[*error] += 1;
        return;
    }
    if (auto v = row.optReal(first + 6))
        ttft.add(*v);
    if (auto v = row.optReal(first + 7))
        decode.add(*v);
    if (auto v = row.optReal(first + 8))
        e2e.add(*v);
}

ProviderStats finishStats(const StatsKey &key, const StatsAccumulator &a)
{
    const StatsCounts &c = a.counts;
    ProviderStats s;
    std::tie(s.provider, s.model, s.precision) = key;
    s.requests = c.requests;
    s.successes = c.successes;
    s.cancelled = c.cancelled;
    s.fallbacks = c.fallbacks;
    s.degraded = c.degraded;
    s.successRate = ratio(c.successes, c.requests - c.cancelled);
    s.fallbackRate = ratio(c.fallbacks, c.requests);
    s.degradationRate = ratio(c.degraded, c.requests);
    s.ttftP50Ms = a.ttft.percentile(0.5);
    s.ttftP90Ms = a.ttft.percentile(0.9);
    s.decodeTpsP50 = a.decode.percentile(0.5);
    s.e2eTpsP50 = a.e2e.percentile(0.5);
    s.promptTokens = c.promptTokens;
    s.completionTokens = c.completionTokens;
    s.costUsd = c.costUsd;
    if (c.costedCompletionTokens > 0)
        s.usdPerMillionOutput = c.costUsd / static_cast<double>(c.costedCompletionTokens) * 1e6;
    s.errors = a.errors;
    return s;
}

} // namespace scriptorium::store
