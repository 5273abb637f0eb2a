#pragma once

#include "util/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::novel {

/// The file formats a book can be exported to.
enum class ExportFormat { Markdown, PlainText, Epub, Docx };

/// Parses a format name: "md" (or "markdown"), "txt" (or "text"), "epub", "docx";
/// case-insensitive.
/// Errors: ErrorCode::InvalidArgument for any other name.
Result<ExportFormat> exportFormatFromName(std::string_view name);

/// One chapter to export. `body` is plain text: paragraphs separated by blank lines.
struct ExportChapter {
    std::string title;
    std::string body;
};

/// Everything an export needs, copied out of the library by the caller.
struct ExportBook {
    std::string identifier; ///< stable id (a UUID becomes urn:uuid:…); empty: a random UUID
    std::string title;
    std::string language; ///< "zh", "en" or a BCP 47 tag; EPUB uses "zh-CN" for "zh"
    std::string author; ///< may be empty
    std::string premise; ///< EPUB description and title page only
    std::vector<ExportChapter> chapters;
};

/// The Markdown text of `book`: `# Title`, then `## Chapter title` and the body per chapter.
std::string renderMarkdown(const ExportBook &book);

/// The plain text of `book`: the title underlined with '=', each chapter title underlined with
/// '-' (so importManuscript() finds the chapters again), bodies as they are.
std::string renderPlainText(const ExportBook &book);

/// Writes `book` to `out` in `format`, atomically (see writeFileAtomically()): on failure an
/// existing `out` is untouched and nothing half-written remains. EPUB output is EPUB 3 with
/// a nav document and toc.ncx and passes epubcheck; DOCX output is a manuscript in standard
/// manuscript format (novel/docx_writer.h). Errors: those of writeFileAtomically(),
/// ErrorCode::Internal if the EPUB container cannot be built. Thread-safe; blocking I/O.
Status exportBook(const ExportBook &book, ExportFormat format, const std::filesystem::path &out);

} // namespace scriptorium::novel
