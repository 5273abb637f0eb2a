#pragma once

#include "novel/pipeline_context.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::novel {

/// What finalizing a chapter did.
struct FinalizeReport {
    std::vector<std::string> ran; ///< stages generated now
    std::vector<std::string> reused; ///< stages taken from an earlier run's stored output
    double costUsd = 0;
};

/// The finalize stages, in the order they run.
inline constexpr const char *kFinalizeStages[] = {"summary", "global_summary", "character_states"};

/// Finalizes an accepted chapter: three generations, each recorded with its stage:
///  - "summary": the chapter summary (stored in the chapter);
///  - "global_summary": the running story-so-far, rewritten to include it (stored as the lore
///    bible entry kGlobalSummaryEntry, which the writer may edit);
///  - "character_states": the character-state sheet at the chapter's end (stored as the
///    chapter's end state; the next chapter's draft reads it).
/// With `afterGenerationId` (a resumed batch), a stage that already succeeded for this chapter
/// in a generation newer than it is not paid for again: its stored output is applied instead.
/// Errors: the generation's error class, Parse for an empty reply, NotFound, the store's codes.
Result<FinalizeReport> finalizeChapter(PipelineContext &context, std::int64_t bookId, int position,
                                       std::optional<std::int64_t> afterGenerationId = {});

} // namespace scriptorium::novel
