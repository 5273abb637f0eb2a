#pragma once

#include "novel/prompt_template.h"
#include "util/result.h"

#include <cstddef>
#include <string>
#include <vector>

namespace scriptorium::novel {

/// The named parts a chapter prompt is built from, in the order they appear in the prompt.
enum class BlockKind {
    StyleGuide,
    GlobalSummary,
    CharacterStates,
    BibleEntries,
    RecentSummaries,
    PreviousEnding,
    ChapterOutline,
    Beats, ///< the chapter's scene beats, numbered, in order
    NextOutline,
    TargetLength,
};

/// Template placeholder name of a block ("previous_ending").
std::string_view blockName(BlockKind kind);

/// One story bible entry as the assembler sees it.
struct BibleEntryText {
    std::string kind; ///< "character", "place", "item", "lore", "style"
    std::string name;
    std::vector<std::string> aliases;
    std::string text;
};

/// One scene beat of the chapter as the assembler sees it.
struct BeatText {
    std::string text;
    std::string pov{}; ///< point-of-view character; empty: not given
    std::string location{};
};

/// The beats block: one numbered line per beat, with POV and location when given
/// ("2. Mara lies to Ilse (POV: Mara; location: the quay)"), in the book's language.
std::string formatBeats(const std::vector<BeatText> &beats, std::string_view language);

/// Everything known about the book when chapter N is drafted.
struct ChapterContext {
    std::string language = "en"; ///< "en" or "zh": picks the templates
    std::string styleGuide;
    std::string globalSummary;
    std::string characterStates;
    std::vector<BibleEntryText> bible;
    /// Summaries of earlier chapters, oldest first: (chapter number, summary).
    std::vector<std::pair<int, std::string>> recentSummaries;
    std::string previousChapterBody; ///< the whole previous chapter; only its end is used
    int chapterNumber = 1;
    std::string chapterTitle;
    std::string chapterOutline;
    std::vector<BeatText> beats; ///< this chapter's scene beats in order (may be empty)
    std::string nextChapterOutline;
    std::size_t targetLength = 0; ///< in the book's unit (characters for zh, words for en)
};

/// Budgets for assembly, in estimated tokens (util/token_estimate.h).
struct AssemblyBudget {
    std::size_t totalTokens = 6000; ///< system + user prompt
    std::size_t previousEndingTokens = 600; ///< verbatim tail of the previous chapter
    std::size_t minPreviousEndingTokens = 150;
    std::size_t recentChapters = 3;
    std::size_t bibleEntryTokens = 300; ///< per entry, after trimming
};

/// One block of the assembled prompt with its size before and after trimming.
struct PromptBlock {
    BlockKind kind;
    std::string text;
    std::size_t tokens = 0;
    std::size_t originalTokens = 0;
    bool dropped = false; ///< removed entirely to fit the budget
};

/// The prompt as it will be sent (and as the writer may preview and edit it).
struct AssembledPrompt {
    std::vector<PromptBlock> blocks; ///< every BlockKind, in prompt order
    std::string system;
    std::string user;
    std::size_t totalTokens = 0; ///< estimate of system + user
    std::vector<std::string> trimSteps; ///< what was shrunk, in order, for the preview
};

/// Builds the draft prompt for one chapter under `budget`.
///
/// Only bible entries whose name or an alias occurs in this or the next chapter's outline or
/// in the previous chapter's ending are included. When over budget, blocks shrink in this order
/// (each step only as far as needed):
///  1. older recent-chapter summaries are dropped, oldest first, keeping the latest one;
///  2. bible entries are cut to `bibleEntryTokens` each, then entries not named in this
///     chapter's outline are dropped;
///  3. the next chapter's outline is cut, then dropped;
///  4. the global summary keeps only its end (the most recent events), or is dropped;
///  5. the previous chapter's ending shrinks down to `minPreviousEndingTokens`;
///  6. character states, then the style guide, are cut (or dropped);
///  7. the last recent-chapter summary is dropped.
/// The chapter outline, its beats and the target length are never cut. If the prompt still does not
/// fit, ErrorCode::TooLarge says to raise the budget or shorten the outline.
Result<AssembledPrompt> assembleDraftPrompt(const ChapterContext &context,
                                            const AssemblyBudget &budget,
                                            const PromptLibrary &library);

} // namespace scriptorium::novel
