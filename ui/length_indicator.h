#pragma once

#include <QLabel>
#include <QTimer>

class QPlainTextEdit;

namespace scriptorium::ui {

/// Status-bar label with the live length of an editor's text, counted the way writers count
/// (words, or characters for Chinese text). Recounts at most every 150 ms while typing, so a
/// 100,000-character chapter never slows keystrokes.
class LengthIndicator : public QLabel {
    Q_OBJECT

public:
    explicit LengthIndicator(QPlainTextEdit *editor, QWidget *parent = nullptr);

    /// Recounts now instead of waiting for the debounce timer.
    void refresh();

private:
    QPlainTextEdit *m_editor;
    QTimer m_debounce;
};

} // namespace scriptorium::ui
