#pragma once

#include "novel/outline_generator.h"
#include "novel/pipeline_context.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

namespace scriptorium::novel {

class SharedDatabase;

/// Continuing a book the writer wrote (issue 16, docs/continue-a-book.md), after its analysis
/// was reviewed: the next chapters are outlined after the last chapter with text, from the
/// analysed summaries, states and bible, and then drafted as a batch in the book's voice.

/// The chapters a continuation of `chapters` chapters writes.
struct ContinuationRange {
    int first = 0; ///< the chapter after the last one with text
    int last = 0;
    /// Target length of each new chapter in the book's unit: the mean of the written chapters
    /// (so a continuation is as long as the book's own chapters).
    std::int64_t chapterTarget = 0;
};

/// Checks that `bookId` is ready to be continued and where the continuation goes. Errors:
/// NotFound (book), InvalidArgument with what to do when the book has no text, is not fully
/// analysed (run `book analyse`) or has analysed entries waiting for review (`book review`),
/// or `chapters` < 1.
Result<ContinuationRange> continuationRange(SharedDatabase &db, std::int64_t bookId, int chapters);

/// The draft prompt budget (tokens) a continued book gets (chapter_pipeline.h
/// bookPromptTokensKey): an analysed book brings a full bible and long summaries.
inline constexpr std::size_t kContinuationPromptTokens = 16000;

/// Outlines `range`: first gives every written chapter without an outline its analysed
/// summary as the outline (so outlineBook() continues after them and shows the latest ones
/// to the model), then outlines up to range.last, and gives the new chapters the range's
/// target, and the book at least kContinuationPromptTokens of draft prompt, so its drafts —
/// from the CLI, a batch or the window — have room for what the analysis derived. Nothing is
/// drafted. Errors: outlineBook's, the store's.
Result<OutlineReport> outlineContinuation(PipelineContext &context, std::int64_t bookId,
                                          const ContinuationRange &range,
                                          const std::function<void(int, int)> &onChunk = {});

} // namespace scriptorium::novel
