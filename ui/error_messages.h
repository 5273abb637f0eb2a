#pragma once

#include "util/error.h"

#include <QString>

namespace scriptorium::ui {

/// What the writer reads for a core error: one translated sentence per ErrorCode, chosen by
/// `error.code` alone, saying what went wrong and what to do. Core's English message and
/// detail never appear in it (they go to errorDetail()). Every panel, dialog and status-bar
/// message shows errors through this one mapping; generationErrorMessage() adds the advice
/// that only holds for a generation's draft. Thread-safe (QCoreApplication::translate is).
QString errorText(const Error &error);

/// Core's own words for the same error: its message and, on the next line, its detail. They
/// are English and name the specifics (a file, a chapter, a count, a CLI command), so they are
/// shown only where the writer asks for more: a tooltip or a message box's details.
QString errorDetail(const Error &error);

/// The message for a library at `path` that could not be opened or upgraded: the file's name
/// and errorText(), except that a file of another program (InvalidArgument) or one SQLite
/// cannot read (Corrupt) is said to be no Scriptorium library, which is what the writer chose.
QString libraryOpenErrorText(const QString &path, const Error &error);

} // namespace scriptorium::ui
