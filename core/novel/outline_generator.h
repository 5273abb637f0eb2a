#pragma once

#include "novel/pipeline_context.h"
#include "util/result.h"

#include <cstdint>
#include <functional>

namespace scriptorium::novel {

/// What outlining did.
struct OutlineReport {
    int firstChapter = 0; ///< first chapter outlined by this run (0: nothing to do)
    int lastChapter = 0;
    int requests = 0; ///< outline requests sent (chunks, retries and gap repairs)
    int gapRepairs = 0; ///< chunks that skipped chapters and were continued from the gap
    double costUsd = 0;
};

/// Outlines chapters up to `totalChapters` in chunks of `options.outlineChunkSize`, continuing
/// after the last chapter that already has an outline (so an interrupted or extended outline
/// resumes instead of starting over). Each chunk sees the book's bible and the latest
/// `options.outlineContext` outline entries. A chunk that skips chapter numbers (a known
/// failure of long outlines) is stored only up to the gap and the next chunk starts at the
/// gap, so the stored outline never has holes. Malformed or truncated JSON is retried
/// (runJsonStep) and never stored. Each outlined chapter is created (or its title, outline and
/// target updated) at its position. `onChunk(first, last)` reports progress.
/// Errors: NotFound (book), Parse after the retries, Conflict when a chunk makes no progress,
/// and the generation's errors.
Result<OutlineReport> outlineBook(PipelineContext &context, std::int64_t bookId, int totalChapters,
                                  const std::function<void(int, int)> &onChunk = {});

} // namespace scriptorium::novel
