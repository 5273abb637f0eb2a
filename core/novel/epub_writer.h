#pragma once

#include "novel/book_exporter.h"
#include "util/result.h"

#include <chrono>
#include <string>
#include <string_view>

namespace scriptorium::novel {

/// Builds an EPUB 3 file for `book` in memory: mimetype (stored, first), container.xml, a
/// package document (dc:identifier, dc:title, dc:language, dc:creator, dcterms:modified set
/// to `modified`), a nav document, toc.ncx, a CSS with a CJK font fallback list, a title page
/// and one XHTML file per chapter whose blank-line separated paragraphs become <p>.
/// Errors: ErrorCode::Internal when the ZIP container cannot be built. Thread-safe.
Result<std::string> buildEpub(const ExportBook &book,
                              std::chrono::system_clock::time_point modified);

/// `text` with &, <, > and " escaped and characters XML 1.0 forbids (control characters,
/// invalid UTF-8) removed or replaced.
std::string escapeXml(std::string_view text);

/// The dc:language value for a book language: "zh" → "zh-CN", "en" or empty → "en",
/// other well-formed tags unchanged.
std::string epubLanguage(std::string_view language);

} // namespace scriptorium::novel
