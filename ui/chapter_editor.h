#pragma once

#include <QTextEdit>

namespace scriptorium::ui {

/// The plain-text (Markdown-friendly) chapter editor.
///
/// A QTextEdit restricted to plain text rather than a QPlainTextEdit: QPlainTextEdit's layout
/// ignores QTextBlockFormat::lineHeight, so it cannot honour the line-spacing setting. Typing
/// latency in a 100,000-character chapter is the same for both (measured in
/// tests/ui/test_chapter_editor.cpp). Pasted rich text arrives as plain text.
class ChapterEditor : public QTextEdit {
    Q_OBJECT

public:
    explicit ChapterEditor(QWidget *parent = nullptr);

    /// Replaces the whole text without an undo step (loading a chapter is not an edit) and
    /// re-applies the line spacing. Emits no `userEdited`.
    void loadText(const QString &text);
    QString text() const { return toPlainText(); }

    /// Font with CJK fallback families; applies to the whole document.
    void setEditorFont(const QFont &font);
    /// Line height in percent of the natural height (100 = single).
    void setLineSpacing(int percent);
    int lineSpacing() const { return m_lineSpacing; }

    /// Focus mode narrows the text to a centred column of about 40 em.
    void setCentredColumn(bool centred);
    /// The blank margin left and right of the text column (non-zero in focus mode).
    int sideMargin() const { return viewportMargins().left(); }

signals:
    /// The writer changed the text (typing, paste, undo, replace); not emitted by loadText().
    void userEdited();

protected:
    void insertFromMimeData(const QMimeData *source) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyLineSpacing();
    void updateMargins();

    int m_lineSpacing = 100;
    bool m_centred = false;
    bool m_loading = false;
};

} // namespace scriptorium::ui
