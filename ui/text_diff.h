#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace scriptorium::ui {

/// One run of a paragraph diff: paragraphs only in the old text, only in the new one, or in
/// both.
struct DiffRun {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    QStringList paragraphs;
};

/// Paragraph-level diff of two chapter bodies (split on newlines) by longest common
/// subsequence. Common leading and trailing paragraphs are trimmed first, so a long chapter
/// with one edited passage stays cheap; the LCS table covers only the changed middle and is
/// capped (beyond 4,000 × 4,000 paragraphs the middle is reported as removed + added).
QList<DiffRun> diffParagraphs(const QString &oldText, const QString &newText);

} // namespace scriptorium::ui
