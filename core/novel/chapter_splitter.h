#pragma once

#include "novel/manuscript_import.h"

#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::novel {

/// The chapters found in a decoded manuscript.
struct ChapterSplit {
    std::string title; ///< empty when the text names no book title
    std::vector<ImportedChapter> chapters;
    std::vector<std::string> warnings;
};

/// Splits UTF-8 text with LF line ends into chapters (see importManuscript() for the rules).
/// `language` ("zh" or "en") only chooses the name of a preface chapter. Never fails: text
/// without headings is one untitled chapter plus a warning. Pure, thread-safe.
ChapterSplit splitChapters(std::string_view text, std::string_view language);

} // namespace scriptorium::novel
