#pragma once

#include "novel/book_exporter.h"
#include "util/result.h"

#include <filesystem>

namespace scriptorium::cli {

/// `book export --format pdf`: the window's print-ready PDF (ui/print/pdf_book.h) written
/// without a display. Qt's PDF writer needs a QGuiApplication for its fonts; this starts one on
/// the offscreen platform (unless QT_QPA_PLATFORM names another) for the duration of the call.
/// Call from the main thread, with no QGuiApplication running. Errors: writePdfBook's.
Status exportPdf(const novel::ExportBook &book, const std::filesystem::path &out);

} // namespace scriptorium::cli
