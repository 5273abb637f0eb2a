#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scriptorium {
struct TextStats;
}

namespace scriptorium::novel {

/// What a book's lengths and targets are counted in. util/text_stats.h counts Han, kana and
/// Hangul one per character and every other script in words; the unit follows the same split.
enum class LengthUnit {
    Words,
    Characters,
};

/// The unit of a book written in `language` (a BCP 47 tag: "zh", "zh-CN", "zh-Hant-TW", "ja",
/// "ko-KR", "en"; the primary subtag decides, case-insensitively): characters for Chinese,
/// Japanese and Korean, whose length countText() takes per character — Korean puts spaces
/// between words, but Korean writers count 자 (characters) and so does countText(); words for
/// every other language and for an empty or malformed tag. Pure.
LengthUnit lengthUnitFor(std::string_view language);

/// The unit of a text whose language is unknown (the editor's live count): characters when it
/// is mostly CJK (TextStats::isMostlyCjk), else words. Pure.
LengthUnit lengthUnitOf(const TextStats &stats);

/// "words" or "characters": the value of books.target_unit and chapters.target_unit, and the
/// word the CLI prints after a length.
std::string_view lengthUnitName(LengthUnit unit);

/// The length of a chapter whose chapter and book set no target: a typical web-novel chapter,
/// 2000 words or 3000 characters.
std::size_t defaultChapterTarget(LengthUnit unit);

/// Tokens one unit takes, for forecasts before any history exists: about one for a CJK
/// character, about 4/3 for an English word.
double tokensPerUnit(LengthUnit unit);

/// `count` with its unit as a prompt in `promptLanguage` writes it, in Chinese for "zh…" and
/// else in English: "3000字", "2000 words" (and "3000 characters", "2000词").
std::string lengthForPrompt(std::size_t count, LengthUnit unit, std::string_view promptLanguage);

} // namespace scriptorium::novel
