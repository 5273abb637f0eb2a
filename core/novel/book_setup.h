#pragma once

#include "novel/pipeline_context.h"
#include "novel/story_plan.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace scriptorium::novel {

/// What a writer gives to start a book.
struct BookSetupRequest {
    std::string title;
    std::string premise;
    std::string genre;
    std::string styleGuide;
    std::string language = "en"; ///< "en" or "zh" (picks templates and the length unit)
    int chapters = 10;
    std::optional<std::int64_t> chapterTarget; ///< per chapter, in words (en) / characters (zh)
    int characterCount = 4;
    int worldCount = 4;
};

/// Creates the book row (title, language, premise, style guide, chapter target and unit).
/// Errors: InvalidArgument for an empty title or premise; the store's codes.
Result<std::int64_t> createBook(SharedDatabase &db, const BookSetupRequest &request);

/// Generates the story bible of `bookId` from its premise (one JSON step, retried on malformed
/// output) and stores it: a lore entry kCoreIdeaEntry, one character entry per character (its
/// text holds the initial state) and the world entries. Existing entries with the same kind
/// and name are updated, so running it twice does not duplicate the bible.
Result<StoryBible> generateBible(PipelineContext &context, std::int64_t bookId,
                                 const BookSetupRequest &request);

/// Writes `bible` into the book's bible entries (see generateBible()).
Status storeBible(SharedDatabase &db, std::int64_t bookId, const StoryBible &bible,
                  std::string_view language);

/// The bible as the outline step reads it back from the store (the writer may have edited it).
Result<StoryBible> loadBible(SharedDatabase &db, std::int64_t bookId);

} // namespace scriptorium::novel
