#pragma once

#include "novel/batch_forecast.h"
#include "novel/pipeline_context.h"
#include "novel/prompt_template.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

class SharedDatabase;

/// "Ask the manuscript" (issue 16 part 5): a question about a book answered from its own text.
/// Retrieval uses the library's full-text index (store::search) and the story bible; the model
/// answers with citations (chapter and quote) that are located in the chapters so a reader can
/// open them.

/// A passage the retrieval found: paragraphs of one chapter that contain the question's terms.
struct AskPassage {
    std::int64_t chapterId = 0;
    int position = 0;
    std::string title;
    std::string text; ///< the chosen paragraphs, in order, separated by blank lines
    int score = 0; ///< distinct terms of the question the chapter contains
};

/// What the answer is built from.
struct AskContext {
    std::string language; ///< the book's
    std::string question;
    std::vector<std::string> terms; ///< the search terms taken from the question
    std::vector<AskPassage> passages; ///< best first
    std::string bible; ///< the bible entries the question names, rendered
};

/// The search terms of `question`: Latin words of three letters or more that are not function
/// words, the bible names (and aliases) it mentions, and for Chinese, Japanese or Korean text
/// its two-character runs without function characters. Lower-cased Latin; in order, unique.
std::vector<std::string> questionTerms(std::string_view question,
                                       const std::vector<std::string> &bibleNames);

/// Retrieves up to `maxPassages` chapters of `bookId` for `question` (the chapters matching
/// most terms, later chapters first among equals) with up to three paragraphs each (clipped),
/// and the bible entries it names. Errors: NotFound (book), InvalidArgument (an empty
/// question, or one without a searchable term), the store's.
Result<AskContext> retrieveForQuestion(SharedDatabase &db, std::int64_t bookId,
                                       std::string_view question, std::size_t maxPassages = 6);

/// The system and user messages, in the book's language (ask_system / ask_user).
struct AskPrompt {
    std::string system;
    std::string user;
    std::size_t promptTokens = 0;
};
Result<AskPrompt> buildAskPrompt(const AskContext &context, const PromptLibrary &prompts);

/// {answer, citations: [{chapter, quote}]} (at most 6 citations).
nlohmann::json askSchema();

/// A citation of the answer, located in its chapter.
struct AskCitation {
    int position = 0; ///< the chapter number the model gave
    std::int64_t chapterId = 0; ///< 0 when the book has no such chapter
    std::string quote;
    bool located = false; ///< the quote is in the chapter's text (begin/end are its bytes)
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct AskAnswer {
    std::string answer;
    std::vector<AskCitation> citations;
    std::vector<std::int64_t> generationIds; ///< stage "ask"
    double costUsd = 0;
};

/// The answer of a reply document, its citations located in the book's chapters. Errors: Parse
/// when there is no answer (the JSON step retries).
Result<AskAnswer> parseAskReply(const nlohmann::json &document, SharedDatabase &db,
                                std::int64_t bookId);

/// The price of asking, before anything is sent (prompt from the retrieval, output up to
/// kAskMaxTokens; expected kAskExpectedTokens).
struct AskForecast {
    ForecastRange promptTokens;
    ForecastRange completionTokens;
    ForecastRange costUsd;
};
inline constexpr int kAskMaxTokens = 900;
inline constexpr double kAskExpectedTokens = 250;
AskForecast forecastAsk(const AskPrompt &prompt, const CatalogBasis &prices);

/// Asks: one JSON step (stage "ask", recorded on the book) with `prompt`. Blocks. Errors: the
/// generation's, Parse after the JSON retries.
Result<AskAnswer> askManuscript(PipelineContext &pipeline, std::int64_t bookId,
                                const AskPrompt &prompt);

} // namespace scriptorium::novel
