#pragma once

#include "util/result.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

/// A main character as book setup invents it: who they are and the state they start in.
struct CharacterSeed {
    std::string name;
    std::string role;
    std::string description;
    std::string initialState;
};

/// A place, item or piece of lore of the book's world.
struct WorldEntry {
    std::string kind; ///< "place", "item" or "lore"
    std::string name;
    std::string description;
};

/// The story bible book setup produces (stored as bible entries; the writer may edit them).
struct StoryBible {
    std::string coreIdea;
    std::vector<CharacterSeed> characters;
    std::vector<WorldEntry> world;
};

/// One scene beat of a chapter's outline: what happens, optionally whose eyes and where.
struct BeatPlan {
    std::string text;
    std::string pov{};
    std::string location{};
};

/// One chapter of the outline.
struct ChapterPlan {
    int number = 0;
    std::string title;
    std::string purpose;
    std::vector<std::string> keyEvents;
    std::vector<std::string> characters;
    std::vector<std::string> foreshadowing; ///< threads to plant, reinforce or pay off
    std::string summary;
    std::vector<BeatPlan> beats{}; ///< scene beats in order; optional in the reply
};

/// The JSON Schema the bible step asks the model to follow (sent inside the prompt).
nlohmann::json bibleSchema(int characterCount, int worldCount);

/// The JSON Schema of an outline chunk for chapters [first, last]. Known character names are
/// offered as the allowed values of `characters` and of a beat's `pov`, so the outline uses
/// the bible's names. Each chapter may carry `beats` (optional): its scenes in order.
nlohmann::json outlineSchema(int first, int last, const std::vector<std::string> &characterNames);

/// Reads a bible from the model's JSON. Errors: Parse when the shape is wrong or it names no
/// character (the message says what is missing).
Result<StoryBible> parseBible(const nlohmann::json &document);

/// An outline reply read leniently: the usable plans in [first, last] (ascending, first of
/// each number kept) and what was wrong with the rest.
struct OutlineChunk {
    std::vector<ChapterPlan> plans;
    std::vector<int> missing; ///< numbers in [first, last] with no plan
    std::vector<int> duplicates; ///< numbers given more than once
    std::vector<int> outside; ///< numbers outside [first, last]
    bool complete() const { return missing.empty(); }
};

/// Reads an outline reply for chapters [first, last]. Errors: Parse for a wrong shape (no
/// chapter list, an entry without a number). Beats are read leniently: a missing or malformed
/// list is no beats, a bare string is a beat without POV or location, empty beats are dropped.
Result<OutlineChunk> readOutlineChunk(const nlohmann::json &document, int first, int last);

/// Reads an outline chunk that must cover exactly chapters [first, last]. Errors: Parse for a
/// wrong shape; ErrorCode::Conflict for a chunk with gaps, duplicates or numbers outside the
/// range (the detail lists the missing numbers, e.g. "missing: 7-9").
Result<std::vector<ChapterPlan>> parseOutlineChunk(const nlohmann::json &document, int first,
                                                   int last);

/// Chapter numbers in [first, last] that `plans` does not cover, ascending.
std::vector<int> missingChapters(const std::vector<ChapterPlan> &plans, int first, int last);

/// "3, 7-9, 12": a compact list of chapter numbers for messages.
std::string describeNumbers(const std::vector<int> &numbers);

/// The chunks [first, last] that outline chapters `from`..`to` in steps of at most `chunkSize`.
std::vector<std::pair<int, int>> chunkRanges(int from, int to, int chunkSize);

/// The outline text stored in a chapter (and shown to the writer, who may edit it), in the
/// book's language ("en" or "zh").
std::string formatChapterPlan(const ChapterPlan &plan, std::string_view language);

/// A character's bible text: role, description and initial state, in the book's language.
std::string formatCharacter(const CharacterSeed &character, std::string_view language);

/// The bible entry name of the book's core idea, and of the running global summary: both are
/// lore entries so the writer sees and edits them with the rest of the bible.
inline constexpr std::string_view kCoreIdeaEntry = "Core idea";
inline constexpr std::string_view kGlobalSummaryEntry = "Story so far";

/// "zh" for a Chinese book ("zh", "zh-CN", …), else "en": picks the templates.
std::string templateLanguage(std::string_view bookLanguage);

} // namespace scriptorium::novel
