#pragma once

#include "util/result.h"

#include <cstdint>
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

/// What a forecast is computed from.
struct ForecastProfile {
    std::vector<StageProfile> stages;
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

/// A profile from catalog prices and measured speed (draft, continue and the three finalize
/// stages), with a wider spread than history.
ForecastProfile profileFromCatalog(const CatalogBasis &basis);

/// Forecasts a batch of `chapters` chapters. Sequential wall time is the sum of every call;
/// parallel wall time follows the scheduler: chapter k's draft chain ends in wave
/// ⌈k / concurrency⌉, and its finalize starts when that draft and the previous finalize are
/// done. Ranges: ±max(15%, 2·cv/√n) with history; from the catalog ±35% for
/// tokens and time and ±35–90% for cost (wider when endpoint prices differ more).
BatchForecast forecastBatch(const ForecastProfile &profile, int chapters, BatchMode mode,
                            int concurrency);

} // namespace scriptorium::novel
