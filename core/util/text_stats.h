#pragma once

#include <cstddef>
#include <string_view>

namespace scriptorium {

/// Length of a text as a novelist counts it. Chinese, Japanese and Korean text is counted per
/// character (a 3000-character Chinese chapter is 3000, not 9000 bytes or one "word"); every
/// other script is counted in words. Mixed text adds both, which is how Chinese writers count
/// a Latin name or number inside a Chinese sentence (one unit each).
struct TextStats {
    std::size_t latinWords = 0; ///< runs of letters/digits outside CJK ("don't", "3.14": 1)
    std::size_t cjkCharacters = 0; ///< Han, kana and Hangul characters, one unit each
    std::size_t characters = 0; ///< visible code points (no whitespace, no joiners/marks)
    std::size_t symbols = 0; ///< punctuation, symbols and emoji outside words
    std::size_t invalidSequences = 0; ///< malformed UTF-8 sequences, skipped and not counted

    /// The writer's length unit: words plus CJK characters.
    std::size_t length() const { return latinWords + cjkCharacters; }

    /// True when CJK characters make up at least half of the length; such a text's targets
    /// are given in characters, otherwise in words.
    bool isMostlyCjk() const { return cjkCharacters > 0 && cjkCharacters * 2 >= length(); }

    /// True when the input was well-formed UTF-8.
    bool isValidUtf8() const { return invalidSequences == 0; }
};

/// Counts `utf8`. Never fails: malformed bytes are counted in `invalidSequences`, act as
/// separators and are otherwise ignored. Runs in one pass, O(n), no allocation.
TextStats countText(std::string_view utf8);

/// True for code points counted one per character (Han, kana, Hangul, Bopomofo).
bool isCjkCharacter(char32_t cp);

} // namespace scriptorium
