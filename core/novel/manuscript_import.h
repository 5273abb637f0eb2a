#pragma once

#include "util/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::novel {

/// One chapter found in an imported manuscript.
struct ImportedChapter {
    std::string title; ///< the heading as written ("Chapter 3: The Storm", "第三章 风起")
    std::string body; ///< UTF-8, LF line ends, no leading or trailing blank lines
};

/// What importManuscript() found, for the caller to show before writing anything.
struct ImportedManuscript {
    std::string title; ///< from a leading `# Title`, a 《title》 line or the file name
    std::string language; ///< "zh" when the text is mostly CJK, else "en"
    std::string sourceEncoding; ///< "UTF-8" | "GB18030"
    std::vector<ImportedChapter> chapters; ///< never empty on success
    std::vector<std::string> warnings; ///< things the writer should check, in plain words
};

/// Largest manuscript accepted, in bytes.
inline constexpr std::size_t kMaxManuscriptBytes = std::size_t{64} << 20;

/// Parses a Markdown or plain-text manuscript held in memory and splits it into chapters.
///
/// `fileName` supplies the title when the text has none and is only used for that. Accepts
/// UTF-8 (with or without BOM) and GB18030. Chapters are split at Markdown headings (the level
/// that looks like chapters), at "Chapter 12" / "CHAPTER XII" / "Prologue" lines and at Chinese
/// headings (第十二章, 第12章, 第一百零三回, 序章, 楔子, 尾声, 番外); a text without headings
/// becomes one chapter with a warning. Errors: ErrorCode::Parse for binary data, broken
/// encodings and empty input; ErrorCode::TooLarge for input over kMaxManuscriptBytes or a line
/// over 1 MiB. Pure function, thread-safe.
Result<ImportedManuscript> importManuscript(std::string_view bytes, std::string_view fileName);

/// Reads `file` and calls importManuscript(). Additional errors: ErrorCode::NotFound when the
/// file does not exist, ErrorCode::InvalidArgument for a directory, ErrorCode::Io when it
/// cannot be read; the size limit is checked before reading.
Result<ImportedManuscript> importManuscriptFile(const std::filesystem::path &file);

} // namespace scriptorium::novel
