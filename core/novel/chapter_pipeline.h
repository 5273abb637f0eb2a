#pragma once

#include "novel/context_assembler.h"
#include "novel/pipeline_context.h"
#include "routing/attempt_record.h"
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace scriptorium::novel {

/// How to draft a chapter.
struct DraftOptions {
    /// Parallel batches draft from the plan only: no previous ending, recent summaries, global
    /// summary or evolved character states (those need the earlier chapters finalized).
    bool outlineOnly = false;
    /// A previewed (and possibly edited) prompt to send instead of assembling a new one.
    std::optional<AssembledPrompt> prompt;
    std::function<void(std::string_view delta)> onDelta;
    /// Continue the chapter's body instead of drafting anew when a generation written at or
    /// after this time (Unix ms) left it shorter than the length floor — a draft a spending
    /// cap cut short. A batch passes its creation time, so a resumed chapter is not paid for
    /// twice.
    std::optional<std::int64_t> continueSince;
};

/// What drafting a chapter did.
struct DraftReport {
    std::int64_t chapterId = 0;
    std::optional<std::int64_t> generationId; ///< the stored "draft" generation
    std::size_t length = 0; ///< CJK-aware length of the stored body
    std::size_t target = 0;
    std::string unit; ///< "words" or "characters"
    int continuations = 0; ///< length-guard continuations that ran (stage "continue")
    bool revisionKept = false; ///< the previous body was kept as a revision
    double costUsd = 0; ///< draft + continuations, failed attempts included
    std::string finishReason;
    std::string provider;
    std::string quantization;
    std::int64_t completionTokens = 0;
};

/// Reads from the library everything chapter `position` of `bookId` is drafted from: style
/// guide (book + style entries), the running global summary, the character states after the
/// latest finalized earlier chapter (else the bible's initial states), the bible, the latest
/// chapter summaries, the previous chapter's body (its end is used), this chapter's outline and
/// scene beats, the next chapter's outline, and the target length. Errors: NotFound, the
/// store's codes.
Result<ChapterContext> loadChapterContext(SharedDatabase &db, std::int64_t bookId, int position,
                                          bool outlineOnly, std::size_t recentChapters = 3);

/// The library setting that gives a book a larger draft prompt budget than the pipeline's
/// (tokens): continuing an analysed book sets it, since such a book brings a full bible and
/// long summaries; every draft of the book — CLI, batch, window — reads it.
std::string bookPromptTokensKey(std::int64_t bookId);

/// `context.options.assembly`, with the book's own prompt budget when it has a larger one.
AssemblyBudget assemblyBudgetFor(PipelineContext &context, std::int64_t bookId);

/// The prompt that draftChapter() would send, for the writer to preview and edit.
Result<AssembledPrompt> previewDraft(PipelineContext &context, std::int64_t bookId, int position,
                                     bool outlineOnly = false);

/// The newest succeeded draft generation of a chapter started at or after `sinceMs`.
std::optional<std::int64_t> latestDraftSince(SharedDatabase &db, std::int64_t chapterId,
                                             std::int64_t sinceMs);

/// True when the chapter's body is a generation written at or after `sinceMs` that is shorter
/// than the length floor: draftChapter() with DraftOptions::continueSince would continue it.
bool draftCutShort(PipelineContext &context, std::int64_t bookId, int position,
                   std::int64_t sinceMs);

/// Drafts chapter `position`: one "draft" generation, then the length guard: while the draft
/// stopped on `length` or is under options.continueBelow × target, a "continue" generation
/// sends the text so far as an assistant prefill (at most options.maxContinuations). The body
/// is stored as a generation (the previous body, if any, becomes a revision: nothing is
/// overwritten) and the chapter becomes Generated. An empty draft or a failed generation
/// stores nothing. Errors: the generation's error class (Budget, Auth, Credits, …), Parse for
/// an empty reply, NotFound, TooLarge (prompt over budget). When the budget stops the length
/// guard below the floor, the text so far is stored and the Budget error returned: the chapter
/// is continued (DraftOptions::continueSince) once the budget allows.
Result<DraftReport> draftChapter(PipelineContext &context, std::int64_t bookId, int position,
                                 const DraftOptions &options = {});

} // namespace scriptorium::novel
