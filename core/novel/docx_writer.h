#pragma once

#include "novel/book_exporter.h"
#include "util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::novel {

/// How a manuscript is laid out. The defaults are standard manuscript format (the "Shunn"
/// format agents and editors ask for): Times New Roman 12 pt, double-spaced, 1-inch margins,
/// half-inch first-line indents, a running header "Surname / TITLE / page", each chapter on a
/// new page a third of the way down, scene breaks as a centred "#", and the length on the
/// title page — words for a Latin-script book, characters (字) for a Chinese, Japanese or
/// Korean one, whose text is set in a CJK font.
struct ManuscriptStyle {
    std::string latinFont = "Times New Roman"; ///< or "Courier New"
    std::string cjkFont = "Noto Serif CJK SC"; ///< for East Asian text
    int pointSize = 12;
};

/// The paragraphs of a chapter body as the manuscript sets them: every non-blank line, trimmed,
/// is a paragraph (a blank line between paragraphs or none, as Chinese web novels write, gives
/// the same result), and a scene-break line ("***", "* * *", "#", "---", "◇◇◇", "※※※", "~~~")
/// becomes "#". Pure.
std::vector<std::string> manuscriptParagraphs(std::string_view body);

/// The length line of the title page, counted in the book's unit (novel/length_unit.h):
/// "about 84,000 words" / "约 120,000 字" — rounded to the nearest 100 under 10,000 and to the
/// nearest 1,000 from there, exact under 100, as the format asks. Pure.
std::string manuscriptLengthLine(const ExportBook &book);

/// The .docx (Office Open XML) of `book` in standard manuscript format: every paragraph is one
/// w:p, so a reader (LibreOffice, Word, python-docx) gets the text back exactly — title page
/// lines, then per chapter its heading and manuscriptParagraphs(). Errors: Internal when the
/// ZIP container cannot be built. Thread-safe.
Result<std::string> buildDocx(const ExportBook &book, const ManuscriptStyle &style = {});

} // namespace scriptorium::novel
