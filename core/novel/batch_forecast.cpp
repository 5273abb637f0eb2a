#include "novel/batch_forecast.h"

#include "novel/shared_database.h"
#include "store/database.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace scriptorium::novel {

namespace {

bool isDraftStage(const std::string &stage)
{
    return stage == "draft" || stage == "continue";
}

double coefficientOfVariation(const std::vector<double> &values)
{
    if (values.size() < 2)
        return 0.3; // one sample says little about the spread
    double mean = 0;
    for (double v : values)
        mean += v;
    mean /= static_cast<double>(values.size());
    if (mean <= 0)
        return 0;
    double var = 0;
    for (double v : values)
        var += (v - mean) * (v - mean);
    var /= static_cast<double>(values.size() - 1);
    return std::sqrt(var) / mean;
}

ForecastRange spread(double expected, double relative)
{
    return {expected * std::max(0.0, 1.0 - relative), expected, expected * (1.0 + relative)};
}

std::optional<ObjectiveSaving> objectiveSaving(const ForecastProfile &profile, double chapters)
{
    const bool costMinded = std::ranges::any_of(profile.objectives, [](const ObjectiveOutlook &o) {
        return o.objective != routing::RoutingObjective::Speed;
    });
    if (!costMinded)
        return std::nullopt;
    ObjectiveSaving saving;
    for (const StageProfile &s : profile.stages) {
        const auto o = std::ranges::find(profile.objectives, s.stage, &ObjectiveOutlook::stage);
        if (o == profile.objectives.end())
            continue;
        const double calls = chapters * s.callsPerChapter;
        ObjectiveOutlook total = *o;
        total.costUsd *= calls;
        total.speedCostUsd *= calls;
        total.seconds *= calls;
        total.speedSeconds *= calls;
        saving.costUsd += total.costUsd;
        saving.speedCostUsd += total.speedCostUsd;
        saving.seconds += total.seconds;
        saving.speedSeconds += total.speedSeconds;
        if (total.objective != routing::RoutingObjective::Speed)
            saving.stages.push_back(std::move(total));
    }
    return saving;
}

} // namespace

std::string_view batchModeName(BatchMode mode)
{
    return mode == BatchMode::Parallel ? "parallel" : "sequential";
}

Result<BatchMode> batchModeFromName(std::string_view name)
{
    if (name == "sequential")
        return BatchMode::Sequential;
    if (name == "parallel")
        return BatchMode::Parallel;
    return fail(ErrorCode::InvalidArgument,
                "Unknown batch mode \"" + std::string(name) + "\"; use sequential or parallel.");
}

Result<ForecastProfile> profileFromHistory(SharedDatabase &db, std::int64_t bookId)
{
    struct Sums {
        double calls = 0, prompt = 0, completion = 0, cost = 0, seconds = 0;
    };
    std::map<std::string, Sums> stages;
    std::map<std::int64_t, std::pair<double, double>> perChapter; // chapter → (cost, seconds)
    std::map<std::int64_t, bool> drafted;
    auto ok = db.with([&](store::Database &d) -> Status {
        auto stmt = d.prepare(
            "SELECT stage, chapter_id, prompt_tokens, completion_tokens, cost_usd, started_at, "
            "finished_at FROM generations WHERE book_id = ? AND chapter_id IS NOT NULL AND "
            "status IN ('succeeded', 'failed') AND finished_at IS NOT NULL");
        if (!stmt)
            return fail(stmt.error());
        stmt->bind(1, bookId);
        return stmt->forEachRow([&](const store::Statement &row) {
            const std::string stage = row.text(0);
            const std::int64_t chapter = row.int64(1);
            Sums &s = stages[stage];
            s.calls += 1;
            s.prompt += static_cast<double>(row.optInt64(2).value_or(0));
            s.completion += static_cast<double>(row.optInt64(3).value_or(0));
            const double cost = row.optReal(4).value_or(0);
            const double seconds = static_cast<double>(row.int64(6) - row.int64(5)) / 1000.0;
            s.cost += cost;
            s.seconds += seconds;
            perChapter[chapter].first += cost;
            perChapter[chapter].second += seconds;
            if (stage == "draft")
                drafted[chapter] = true;
        });
    });
    if (!ok)
        return fail(ok.error());
    if (drafted.empty())
        return fail(ErrorCode::NotFound,
                    "This book has no drafted chapter yet, so the forecast uses catalog prices.");
    ForecastProfile profile;
    profile.basis = "history";
    profile.sampleChapters = static_cast<int>(drafted.size());
    const double n = static_cast<double>(drafted.size());
    for (const auto &[stage, s] : stages) {
        StageProfile p;
        p.stage = stage;
        p.callsPerChapter = s.calls / n;
        p.promptTokens = s.prompt / s.calls;
        p.completionTokens = s.completion / s.calls;
        p.costUsd = s.cost / s.calls;
        p.seconds = s.seconds / s.calls;
        p.draftChain = isDraftStage(stage);
        profile.stages.push_back(p);
    }
    std::vector<double> costs;
    std::vector<double> seconds;
    for (const auto &[chapter, totals] : perChapter) {
        if (!drafted.contains(chapter))
            continue;
        costs.push_back(totals.first);
        seconds.push_back(totals.second);
    }
    profile.chapterCostCv = coefficientOfVariation(costs);
    profile.chapterSecondsCv = coefficientOfVariation(seconds);
    return profile;
}

ForecastRange tokenCost(const ForecastRange &promptTokens, const ForecastRange &completionTokens,
                        const CatalogBasis &prices)
{
    return {promptTokens.low * prices.promptPriceLow
                + completionTokens.low * prices.completionPriceLow,
            promptTokens.expected * prices.promptPrice
                + completionTokens.expected * prices.completionPrice,
            promptTokens.high * prices.promptPriceHigh
                + completionTokens.high * prices.completionPriceHigh};
}

ForecastProfile profileFromCatalog(const CatalogBasis &b)
{
    ForecastProfile profile;
    profile.basis = "catalog";
    auto stage = [&](std::string name, double calls, double prompt, double completion, bool draft) {
        StageProfile p;
        p.stage = std::move(name);
        p.callsPerChapter = calls;
        p.promptTokens = prompt;
        p.completionTokens = completion;
        p.costUsd = prompt * b.promptPrice + completion * b.completionPrice;
        p.seconds = b.ttftSeconds + completion / std::max(1.0, b.tokensPerSecond);
        p.draftChain = draft;
        profile.stages.push_back(p);
    };
    stage("draft", 1, b.draftPromptTokens, b.draftCompletionTokens, true);
    stage("continue", b.continuationsPerChapter, b.draftPromptTokens + b.draftCompletionTokens,
          b.draftCompletionTokens / 3, true);
    for (const char *name : {"summary", "global_summary", "character_states"})
        stage(name, 1, b.finalizePromptTokens, b.finalizeCompletionTokens, false);
    const double mid = b.promptPrice + b.completionPrice;
    const double range
        = (b.promptPriceHigh + b.completionPriceHigh) - (b.promptPriceLow + b.completionPriceLow);
    // The price spread over the allowed endpoints widens the range, up to ±90%.
    profile.chapterCostCv = mid > 0 ? std::clamp(range / (2 * mid), 0.35, 0.9) : 0.35;
    profile.chapterSecondsCv = 0.35;
    return profile;
}

BatchForecast forecastBatch(const ForecastProfile &profile, int chapters, BatchMode mode,
                            int concurrency)
{
    BatchForecast f;
    f.chapters = chapters;
    f.basis = profile.basis;
    f.sampleChapters = profile.sampleChapters;
    const double n = std::max(0, chapters);
    double calls = 0, prompt = 0, completion = 0, cost = 0, draftSeconds = 0, finalizeSeconds = 0;
    for (const StageProfile &s : profile.stages) {
        calls += s.callsPerChapter;
        prompt += s.callsPerChapter * s.promptTokens;
        completion += s.callsPerChapter * s.completionTokens;
        cost += s.callsPerChapter * s.costUsd;
        (s.draftChain ? draftSeconds : finalizeSeconds) += s.callsPerChapter * s.seconds;
    }
    double wall = 0;
    if (mode == BatchMode::Parallel) {
        // Chapter k is drafted in wave ⌈k / concurrency⌉; its finalize starts when both its
        // draft and the previous chapter's finalize are done (BatchScheduler's order).
        const int slots = std::max(1, concurrency);
        double finalizeEnd = 0;
        for (int k = 1; k <= chapters; ++k) {
            const double drafted = std::ceil(static_cast<double>(k) / slots) * draftSeconds;
            finalizeEnd = std::max(finalizeEnd, drafted) + finalizeSeconds;
        }
        wall = finalizeEnd;
    } else {
        wall = n * (draftSeconds + finalizeSeconds);
    }
    const bool history = profile.basis == "history";
    const double root = std::sqrt(std::max(1.0, n));
    const double costRel = history ? std::max(0.15, 2 * profile.chapterCostCv / root)
                                   : std::max(0.35, profile.chapterCostCv);
    const double timeRel = history ? std::max(0.15, 2 * profile.chapterSecondsCv / root) : 0.35;
    f.calls = spread(n * calls, history ? 0.1 : 0.2);
    const double tokenRel = history ? costRel : 0.35;
    f.promptTokens = spread(n * prompt, tokenRel);
    f.completionTokens = spread(n * completion, tokenRel);
    f.costUsd = spread(n * cost, costRel);
    f.wallSeconds = spread(wall, timeRel);
    f.saving = objectiveSaving(profile, n);
    return f;
}

} // namespace scriptorium::novel
