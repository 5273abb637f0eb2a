#pragma once

#include "routing/strategy_settings.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::novel {

class SharedDatabase;

/// How a batch runs its chapters (issue 6): sequential = draft N, finalize N, then N+1;
/// parallel = drafts from the outline only, `concurrency` at a time, and the finalize passes
/// in chapter order, each as soon as its chapter is drafted (overlapping later drafts).
enum class BatchMode { Sequential, Parallel };
std::string_view batchModeName(BatchMode mode);
Result<BatchMode> batchModeFromName(std::string_view name);

/// A forecast figure with its range.
struct ForecastRange {
    double low = 0;
    double expected = 0;
    double high = 0;
};

/// Per-chapter averages of one pipeline stage ("draft", "continue", "summary", …).
struct StageProfile {
    std::string stage;
    double callsPerChapter = 0;
    double promptTokens = 0; ///< per call
    double completionTokens = 0; ///< per call
    double costUsd = 0; ///< per call
    double seconds = 0; ///< per call, wall time including retries
    bool draftChain = false; ///< part of drafting (parallel phase), not of finalizing
};

/// What one stage costs at the endpoint its objective's ranking would put first, against the
/// endpoint the speed ranking would put first (routing::rankEndpoints over the catalog's
/// prices and 30-minute latency and throughput p50). Per call in a ForecastProfile; totals
/// over the batch in an ObjectiveSaving.
struct ObjectiveOutlook {
    std::string stage;
    routing::RoutingObjective objective = routing::RoutingObjective::Speed;
    std::string endpoint; ///< the endpoint tag the stage's objective ranks first
    std::string speedEndpoint; ///< the one the speed objective ranks first
    double costUsd = 0;
    double speedCostUsd = 0;
    double seconds = 0; ///< generation time (TTFT + tokens ÷ decode speed)
    double speedSeconds = 0;
};

/// The batch's forecast saving of its cost-minded stage policies against routing every stage
/// for speed. Totals cover every stage with an outlook; `stages` lists those whose objective
/// is cost or balanced.
struct ObjectiveSaving {
    std::vector<ObjectiveOutlook> stages;
    double costUsd = 0; ///< every call at its stage objective's endpoint
    double speedCostUsd = 0; ///< every call at the speed ranking's endpoint
    double seconds = 0;
    double speedSeconds = 0;

    double savedUsd() const { return speedCostUsd - costUsd; }
    /// The saving as a share of the speed cost (0.25 = 25 %); 0 when that is 0.
    double savedShare() const { return speedCostUsd > 0 ? savedUsd() / speedCostUsd : 0; }
    /// How much longer the calls take than at speed's endpoints (0.1 = 10 % slower).
    double slowerShare() const { return speedSeconds > 0 ? seconds / speedSeconds - 1 : 0; }
};

/// What a forecast is computed from.
struct ForecastProfile {
    std::vector<StageProfile> stages;
    /// Per stage, per call: the stage objective's endpoint against speed's (empty without a
    /// catalog, or with the static strategy). See objectiveOutlooks().
    std::vector<ObjectiveOutlook> objectives;
    std::string basis; ///< "history" or "catalog"
    int sampleChapters = 0; ///< chapters of history behind it (0 for catalog)
    double chapterCostCv = 0; ///< coefficient of variation of per-chapter cost
    double chapterSecondsCv = 0; ///< … and of per-chapter wall time
};

/// The forecast shown before a batch starts.
struct BatchForecast {
    int chapters = 0;
    ForecastRange calls;
    ForecastRange promptTokens;
    ForecastRange completionTokens;
    ForecastRange costUsd;
    ForecastRange wallSeconds;
    std::string basis;
    int sampleChapters = 0;
    /// Set when a stage's effective objective is cost or balanced: what that saves against
    /// the speed objective (from the profile's objective outlooks).
    std::optional<ObjectiveSaving> saving;
};

/// This book's measured profile: every finished (succeeded or failed, not cancelled)
/// generation of a chapter, grouped by stage, per chapter that has a draft. Errors: NotFound
/// when the book has no drafted chapter yet (use a catalog profile then).
Result<ForecastProfile> profileFromHistory(SharedDatabase &db, std::int64_t bookId);

/// Prices and speeds for a forecast without history: the model's catalog prices (USD per
/// token; low/high over the endpoints the routing allows) and the providers' measured speed.
struct CatalogBasis {
    double promptPriceLow = 0, promptPrice = 0, promptPriceHigh = 0;
    double completionPriceLow = 0, completionPrice = 0, completionPriceHigh = 0;
    double ttftSeconds = 1.0;
    double tokensPerSecond = 40.0;
    double draftPromptTokens = 3000;
    double draftCompletionTokens = 2600;
    double continuationsPerChapter = 0.5;
    double finalizePromptTokens = 3500;
    double finalizeCompletionTokens = 400;
};

/// The price of a request's token ranges at catalog prices: low tokens at the lowest prices,
/// expected at the expected ones, high at the highest (the paid reading steps' forecasts:
/// audit, book analysis).
ForecastRange tokenCost(const ForecastRange &promptTokens, const ForecastRange &completionTokens,
                        const CatalogBasis &prices);

/// A profile from catalog prices and measured speed (draft, continue and the three finalize
/// stages), with a wider spread than history.
ForecastProfile profileFromCatalog(const CatalogBasis &basis);

/// Forecasts a batch of `chapters` chapters. Sequential wall time is the sum of every call;
/// parallel wall time follows the scheduler: chapter k's draft chain ends in wave
/// ⌈k / concurrency⌉, and its finalize starts when that draft and the previous finalize are
/// done. Ranges: ±max(15%, 2·cv/√n) with history; from the catalog ±35% for
/// tokens and time and ±35–90% for cost (wider when endpoint prices differ more). The saving
/// against the speed objective is each stage's calls × its per-call objective outlook.
BatchForecast forecastBatch(const ForecastProfile &profile, int chapters, BatchMode mode,
                            int concurrency);

} // namespace scriptorium::novel
