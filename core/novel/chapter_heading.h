#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scriptorium::novel {

/// What a line of a manuscript announces, judged from its text alone.
enum class HeadingRole {
    None, ///< ordinary text
    Chapter, ///< "Chapter 12: …", "CHAPTER XII", "Prologue", "第十二章 …", "楔子", "番外一" …
    Part, ///< a grouping above chapters: "Part Two", "Book III", "第一卷 …", "第二部"
};

/// Classifies one line (without its line end). Recognises English chapter lines with Arabic
/// or Roman numerals or number words, Prologue/Epilogue/Interlude, and Chinese headings
/// (第…章/回/节, 第…卷/部/篇/集, 序章, 楔子, 尾声, 番外 …). Lines that read like a sentence
/// ("Chapter 3 was the best.", "第一章就这样结束了。") are not headings. Pure, thread-safe.
HeadingRole classifyHeadingLine(std::string_view line);

/// The heading of chapter `number` (1-based) when it has no title, in the book's `language`:
/// "第12章" for Chinese ("zh", "zh-TW", …), "Chapter 12" for every other language. Pure.
std::string untitledChapterHeading(std::size_t number, std::string_view language);

/// `line` without leading and trailing white space (ASCII and U+3000 ideographic space).
std::string_view trimLine(std::string_view line);

} // namespace scriptorium::novel
