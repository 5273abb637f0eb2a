#pragma once

#include "novel/batch_forecast.h"
#include "novel/context_assembler.h"
#include "novel/pipeline_context.h"
#include "novel/prompt_template.h"
#include "novel/quality_checks.h"
#include "store/quality_store.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

class SharedDatabase;

/// The paid continuity audit (issue 15, docs/quality.md "Continuity audit"): one LLM pass per
/// chapter against the story bible, the character states and the previous summaries, answered
/// as a JSON document of findings with a quote from each side.

/// The audit's system and user messages for one chapter.
struct AuditPrompt {
    std::string system;
    std::string user;
    std::size_t promptTokens = 0; ///< estimate of system + user (util/token_estimate.h)
};

/// One contradiction the audit found, located in the audited text.
struct AuditFinding {
    /// kind Continuity; evidence = the chapter's quote as the model gave it; the range is where
    /// that quote is in the text (whitespace-insensitive), or the whole text when it is not.
    QualityFinding finding;
    std::string reference; ///< what the bible, the states or a summary says
    bool located = false; ///< the chapter quote was found in the text
};

/// The JSON Schema the audit asks for: {findings: [{quote_chapter, quote_reference,
/// explanation, severity: "minor"|"major"}]} (at most 12 findings).
nlohmann::json auditSchema();

/// The audit prompt for a chapter of `context` (its language picks audit_system/audit_user;
/// the bible, character states, global summary and recent summaries are the reference; the
/// outline is not). Errors: the PromptLibrary's (NotFound, Parse).
Result<AuditPrompt> buildAuditPrompt(const ChapterContext &context, std::string_view chapterText,
                                     const PromptLibrary &prompts);

/// Where `quote` is in `text`: byte range [first, second), ignoring all white space (also
/// U+3000) and ASCII case, and allowing an ellipsis ("..." or "…") in the quote to stand for
/// omitted text. nullopt when the quote is empty or not found.
std::optional<std::pair<std::size_t, std::size_t>> locateQuote(std::string_view text,
                                                               std::string_view quote);

/// The findings of an audit reply document, located in `chapterText`. Entries without a
/// chapter quote or explanation are skipped; an unknown severity is "minor". Errors: Parse
/// when the document has no `findings` array (the JSON step retries then).
Result<std::vector<AuditFinding>> parseAuditReply(const nlohmann::json &document,
                                                  std::string_view chapterText);

/// The library form of audit findings (source "audit"; reference and detail filled).
std::vector<store::StoredFinding> toStoredFindings(const std::vector<AuditFinding> &findings);

/// What one audit request produced.
struct AuditRun {
    std::vector<AuditFinding> findings;
    std::vector<std::int64_t> auditGenerationIds; ///< stage "audit", one per try
    double costUsd = 0; ///< every try
    int tries = 0;
};

/// Runs the audit of `chapterText` against `context` through `pipeline` (a JSON step with
/// stage "audit", recorded in the library when the generator records; `bookId`/`chapterId`
/// are recorded with it). Stores nothing else. Blocks. Errors: the generation's, Parse after
/// the JSON retries, the PromptLibrary's.
Result<AuditRun> runAudit(PipelineContext &pipeline, const ChapterContext &context,
                          std::string_view chapterText, std::optional<std::int64_t> bookId,
                          std::optional<std::int64_t> chapterId);

/// The generation that wrote the chapter's current text: its latest succeeded "draft" or
/// "continue" generation. nullopt for a chapter the writer typed or imported.
std::optional<std::int64_t> writingGeneration(SharedDatabase &db, std::int64_t chapterId);

/// One audited chapter.
struct ChapterAudit {
    int position = 0;
    std::int64_t chapterId = 0;
    /// The generation the findings are stored against (their provenance); nullopt: none, the
    /// findings were not stored (see writingGeneration()).
    std::optional<std::int64_t> writingGenerationId;
    AuditRun run;
    /// The stored rows of this audit (ids for `audit --intentional`; intentional ones are
    /// those the writer marked before), in text order. Empty when not stored.
    std::vector<store::StoredFinding> stored;
};

/// Audits chapter `position` of `bookId`: loads its context (loadChapterContext) and body,
/// runs the audit and stores the findings against writingGeneration() with source "audit"
/// (marking that generation audited; a finding marked intentional before is stored as
/// intentional). An empty chapter is InvalidArgument. Errors: runAudit's, the store's.
Result<ChapterAudit> auditChapter(PipelineContext &pipeline, std::int64_t bookId, int position);

/// The price of auditing chapters `first`..`last` before anything is sent.
struct AuditForecast {
    int chapters = 0; ///< chapters with text in the range (empty ones are skipped)
    ForecastRange promptTokens;
    ForecastRange completionTokens;
    ForecastRange costUsd;
    std::string basis; ///< "history" (this book's earlier audits) or "default"
};

/// Output tokens expected per audit when the book has no audit history.
inline constexpr double kDefaultAuditCompletionTokens = 450;
/// The audit's max_tokens.
inline constexpr int kAuditMaxTokens = 2000;

/// Forecasts the audit of chapters `first`..`last` of `bookId`: the prompt of each chapter is
/// built and its tokens estimated; the output is the mean of this book's succeeded audits
/// (else kDefaultAuditCompletionTokens), low a third of it, high kAuditMaxTokens; prices from
/// `prices` (low/expected/high per token, PipelineRuntime::catalogBasis()). Errors: NotFound
/// (book), InvalidArgument (empty range), the PromptLibrary's.
Result<AuditForecast> forecastAudit(SharedDatabase &db, const PromptLibrary &prompts,
                                    std::int64_t bookId, int first, int last,
                                    const CatalogBasis &prices, std::size_t recentChapters = 3);

} // namespace scriptorium::novel
