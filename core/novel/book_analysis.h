#pragma once

#include "novel/batch_forecast.h"
#include "novel/pipeline_context.h"
#include "novel/prompt_template.h"
#include "store/bible_store.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

class SharedDatabase;

/// The analysis of a book the writer wrote (issue 16, "continue an existing novel";
/// docs/continue-a-book.md): the chapters are read in chunks, one JSON step per chunk, which
/// returns a summary and the end-of-chapter character states of every chapter, the story
/// bible entries the chunk shows (with the chapter each comes from), the story so far and a
/// note on the book's voice. Derived bible entries wait for the writer's review (prompts use
/// reviewed entries only). Each chunk is stored in one transaction together with the rows
/// that mark its chapters analysed, so a stopped analysis resumes after the last stored chunk.

/// How the chapters are cut into requests.
struct AnalysisOptions {
    std::size_t chunkTokens = 24000; ///< chapter text per request (estimated tokens)
    int maxChaptersPerChunk = 12; ///< the reply grows with the chapters of a chunk
    /// The model's context window: a chapter longer than what fits beside the prompt and the
    /// reply is cut (its start and end kept, with a note in the text where the cut is).
    std::size_t contextTokens = 32000;
    std::size_t carryTokens = 1500; ///< known entries shown to a chunk, at most
    int maxEntriesPerChunk = 24;
    int summaryWords = 120; ///< per chapter
    int storyWords = 500; ///< the story so far
};

/// Names of the two entries the analysis keeps one of per book.
inline constexpr std::string_view kVoiceEntry = "Voice";

/// A chapter as the chunking sees it.
struct ChapterExtent {
    std::int64_t chapterId = 0;
    int position = 0;
    std::size_t tokens = 0; ///< estimated tokens of its text
};

/// One request's chapters: consecutive positions, never part of a chapter.
struct AnalysisChunk {
    std::vector<ChapterExtent> chapters;
    std::size_t tokens = 0; ///< the chapters' tokens as sent (after a cut)
    bool cut = false; ///< its one chapter is longer than the context allows and is cut

    int first() const { return chapters.empty() ? 0 : chapters.front().position; }
    int last() const { return chapters.empty() ? 0 : chapters.back().position; }
};

/// The most chapter text one request may carry: the context less the prompt's own share and
/// the reply's (a quarter of the context each, at least 2,000 tokens).
std::size_t maxChapterTokens(const AnalysisOptions &options);

/// Cuts `chapters` (in reading order) into chunks of at most options.chunkTokens and
/// options.maxChaptersPerChunk chapters; a chapter never splits; a chapter over the budget is
/// a chunk of its own (cut when over maxChapterTokens()). A gap in the positions (an analysed
/// chapter between) also ends a chunk, so a chunk's chapters are consecutive. Pure.
std::vector<AnalysisChunk> chunkChapters(const std::vector<ChapterExtent> &chapters,
                                         const AnalysisOptions &options);

/// What is left to analyse in a book.
struct AnalysisPlan {
    std::vector<AnalysisChunk> chunks;
    int chapters = 0; ///< chapters with text
    int analysed = 0; ///< of those, already analysed (skipped)
    int cut = 0; ///< chapters cut to fit the context
};

/// Reads the book's chapters (their text only to estimate tokens) and chunks those with text
/// that are not analysed yet. Sends nothing. Errors: NotFound (book), the store's.
Result<AnalysisPlan> planAnalysis(SharedDatabase &db, std::int64_t bookId,
                                  const AnalysisOptions &options);

/// The JSON Schema one chunk's reply follows: {chapters: [{number, summary,
/// character_states}] (exactly last-first+1), entries: [{kind, name, aliases, text, chapter}]
/// (at most maxEntries), story_so_far, voice}. Chapter numbers are bounded to [first, last].
nlohmann::json analysisSchema(int first, int last, int maxEntries);

/// A bible entry the analysis derived.
struct DerivedEntry {
    store::BibleKind kind = store::BibleKind::Character;
    std::string name;
    std::vector<std::string> aliases;
    std::string text;
    int chapter = 0; ///< where it comes from, within the chunk
};

/// One chapter's summary and end-of-chapter states.
struct ChapterDigest {
    int number = 0;
    std::string summary;
    std::string states;
};

/// One chunk's reply, read leniently: chapters outside [first, last], without a summary or
/// repeated are dropped; entries without a name or with an unknown kind are dropped, their
/// chapter clamped into the chunk.
struct ChunkAnalysis {
    std::vector<ChapterDigest> chapters;
    std::vector<DerivedEntry> entries;
    std::string storySoFar;
    std::string voice;
};

/// Errors: Parse when the document is not an object or summarises no chapter of the chunk
/// (the JSON step retries then).
Result<ChunkAnalysis> parseAnalysisReply(const nlohmann::json &document, int first, int last);

/// What the analysis knows before a chunk: carried into its prompt so names stay the same.
struct AnalysisCarry {
    std::vector<store::BibleEntry> entries; ///< the book's entries (any origin)
    std::string storySoFar;
    std::string voice;
    std::string states; ///< end states of the chapter before the chunk
};

/// The compact list of known entries ("- Name (kind; also A, B)"), characters first, at most
/// `maxTokens` (entries past it are left out).
std::string renderKnownEntries(const std::vector<store::BibleEntry> &entries,
                               std::string_view language, std::size_t maxTokens);

struct AnalysisPrompt {
    std::string system;
    std::string user;
    std::size_t promptTokens = 0; ///< estimate of system + user
    int maxTokens = 0; ///< the reply's max_tokens
};

/// The prompt of one chunk. `texts` are the chunk's chapters as (title, text) in order; a
/// chapter over maxChapterTokens() is cut here. Errors: the PromptLibrary's.
Result<AnalysisPrompt>
buildAnalysisPrompt(const AnalysisChunk &chunk,
                    const std::vector<std::pair<std::string, std::string>> &texts,
                    const AnalysisCarry &carry, std::string_view language,
                    const PromptLibrary &prompts, const AnalysisOptions &options);

/// The price and time of analysing what planAnalysis() leaves, before anything is sent.
struct AnalysisForecast {
    int chunks = 0;
    int chapters = 0; ///< to analyse now
    int analysed = 0; ///< already analysed, skipped
    int cut = 0;
    ForecastRange promptTokens;
    ForecastRange completionTokens;
    ForecastRange costUsd;
    ForecastRange wallSeconds;
    std::string basis; ///< "history" (this book's earlier analysis chunks) or "default"
};

/// Reply tokens expected per analysed chapter, and per chunk beyond them, without history.
inline constexpr double kDefaultAnalysisTokensPerChapter = 260;
inline constexpr double kDefaultAnalysisTokensPerChunk = 900;

/// Forecasts the analysis: each chunk's prompt is built (with the carry at its cap) and
/// estimated; the reply is this book's succeeded "analyse" chunks' tokens per chapter (else
/// the defaults above), low half of it, high the max_tokens; prices and speed from `prices`
/// (PipelineRuntime::catalogBasis()); chunks run one after another. Errors: planAnalysis's,
/// the PromptLibrary's.
Result<AnalysisForecast> forecastAnalysis(SharedDatabase &db, const PromptLibrary &prompts,
                                          std::int64_t bookId, const CatalogBasis &prices,
                                          const AnalysisOptions &options = {});

/// What one run of the analysis did.
struct AnalysisReport {
    int chunks = 0; ///< chunks stored by this run
    int chapters = 0; ///< chapters summarised by this run
    int missed = 0; ///< chapters a reply left out (a rerun analyses them)
    int cut = 0;
    int entriesAdded = 0;
    int entriesUpdated = 0;
    int requests = 0;
    double costUsd = 0;
    int remainingChunks = 0; ///< not run (stopped)
    /// Why the run ended before the last chunk (Budget, Cancelled, a generation's or Parse
    /// error after the retries); what was stored before it stays, and a rerun resumes.
    std::optional<Error> stopped;
};

/// Progress: chunk `index` (0-based) of `count` covering chapters first..last is about to be
/// sent. Return false to stop before it (the report's `stopped` is Cancelled then).
using AnalysisProgress = std::function<bool(int index, int count, int first, int last)>;

/// Analyses what planAnalysis() leaves, chunk by chunk (stage "analyse", one JSON step each):
/// stores each chunk's summaries and end states in its chapters, merges its entries into the
/// bible by name or alias (a new one: origin analysis, unreviewed, the chapter it comes from;
/// an unreviewed analysed one: text replaced, aliases joined; a reviewed one is the writer's
/// and is left alone), keeps one "Story so far" lore entry and one kVoiceEntry style entry,
/// and marks the chunk's chapters analysed — all in one transaction. Stops cleanly between
/// chunks on a generation error (Budget above all) or when `progress` says so. Errors (before
/// anything is sent): NotFound (book), the PromptLibrary's, the store's.
Result<AnalysisReport> analyseBook(PipelineContext &context, std::int64_t bookId,
                                   const AnalysisOptions &options = {},
                                   const AnalysisProgress &progress = {});

/// Whether a book is ready to be continued: analysed, and nothing waits for review.
struct AnalysisStatus {
    int chapters = 0; ///< chapters with text
    int analysed = 0;
    int unreviewed = 0; ///< bible entries waiting for review
};
Result<AnalysisStatus> analysisStatus(SharedDatabase &db, std::int64_t bookId);

} // namespace scriptorium::novel
