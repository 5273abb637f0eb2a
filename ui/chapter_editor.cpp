#include "ui/chapter_editor.h"

#include "ui/app_settings.h"

#include <QMimeData>
#include <QResizeEvent>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace scriptorium::ui {

ChapterEditor::ChapterEditor(QWidget *parent)
    : QTextEdit(parent)
{
    setObjectName(QStringLiteral("chapterEditor"));
    setAcceptRichText(false);
    setLineWrapMode(QTextEdit::WidgetWidth);
    setTabChangesFocus(false);
    document()->setDocumentMargin(12);
    connect(document(), &QTextDocument::contentsChange, this, [this](int, int removed, int added) {
        if (!m_loading && (removed > 0 || added > 0))
            emit userEdited();
    });
}

void ChapterEditor::loadText(const QString &text)
{
    m_loading = true;
    document()->setUndoRedoEnabled(false);
    setPlainText(text);
    applyLineSpacing();
    document()->setUndoRedoEnabled(true); // also clears the undo stack of the previous chapter
    document()->setModified(false);
    moveCursor(QTextCursor::Start);
    m_loading = false;
}

void ChapterEditor::setEditorFont(const QFont &font)
{
    const QFont withFallback = withCjkFallback(font);
    setFont(withFallback);
    document()->setDefaultFont(withFallback);
    updateMargins();
}

void ChapterEditor::setLineSpacing(int percent)
{
    m_lineSpacing = std::clamp(percent, 100, 300);
    const bool wasLoading = m_loading;
    m_loading = true; // formatting is not an edit of the writer's text
    const bool undo = document()->isUndoRedoEnabled();
    document()->setUndoRedoEnabled(false);
    applyLineSpacing();
    document()->setUndoRedoEnabled(undo);
    m_loading = wasLoading;
}

void ChapterEditor::applyLineSpacing()
{
    QTextCursor cursor(document());
    cursor.select(QTextCursor::Document);
    QTextBlockFormat format;
    format.setLineHeight(m_lineSpacing, QTextBlockFormat::ProportionalHeight);
    cursor.mergeBlockFormat(format);
    // New paragraphs inherit the format of the block they split from, so typing keeps it.
}

void ChapterEditor::setCentredColumn(bool centred)
{
    m_centred = centred;
    updateMargins();
}

void ChapterEditor::updateMargins()
{
    int side = 0;
    if (m_centred) {
        // About 80 characters, and never wider than three quarters of the width.
        const int width
            = viewport()->width() + viewportMargins().left() + viewportMargins().right();
        const int column = std::min(fontMetrics().averageCharWidth() * 80, width * 3 / 4);
        side = std::max(0, (width - column) / 2);
    }
    if (viewportMargins().left() != side)
        setViewportMargins(side, 0, side, 0);
}

void ChapterEditor::resizeEvent(QResizeEvent *event)
{
    QTextEdit::resizeEvent(event);
    updateMargins();
}

bool ChapterEditor::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasText();
}

void ChapterEditor::insertFromMimeData(const QMimeData *source)
{
    if (source->hasText())
        textCursor().insertText(source->text());
}

} // namespace scriptorium::ui
