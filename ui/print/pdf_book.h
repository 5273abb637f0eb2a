#pragma once

#include "novel/book_exporter.h"
#include "util/result.h"

#include <QString>

namespace scriptorium::ui {

/// A print-ready PDF of `book` through Qt's own PDF writer (QPdfWriter, PDF 1.4 with the fonts
/// embedded): A5 pages with book margins, an 11 pt serif (a CJK serif for a Chinese, Japanese
/// or Korean book, so every glyph is in the file), justified paragraphs with a first-line
/// indent (two characters for CJK), a title page with the author, every chapter on a new page
/// with its heading a quarter down, scene breaks as a centred "* * *", and page numbers. The
/// paragraphs are novel::manuscriptParagraphs(), as in the DOCX manuscript, so the text reads
/// back exactly (pdftotext). Written atomically: an existing file at `path` is replaced only
/// when the whole PDF is written. Errors: Io (ReadOnly, DiskFull where the system says so)
/// with what to do. Thread-safe (no widgets); needs a QGuiApplication for the fonts.
Status writePdfBook(const novel::ExportBook &book, const QString &path);

} // namespace scriptorium::ui
