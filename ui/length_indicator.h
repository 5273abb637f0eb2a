#pragma once

#include <QLabel>
#include <QTimer>

class QTextEdit;

namespace scriptorium::ui {

/// Status-bar label with the live length of an editor's text, counted the way writers count
/// (words, or characters for Chinese text), and the chapter's target when it has one.
/// Recounts at most every 150 ms while typing, so a 100,000-character chapter never slows
/// keystrokes.
class LengthIndicator : public QLabel {
    Q_OBJECT

public:
    explicit LengthIndicator(QTextEdit *editor, QWidget *parent = nullptr);

    /// Recounts now instead of waiting for the debounce timer.
    void refresh();
    /// The chapter's target length (0: none).
    void setTarget(int target);
    int length() const { return m_length; }

private:
    QTextEdit *m_editor;
    QTimer m_debounce;
    int m_target = 0;
    int m_length = 0;
};

} // namespace scriptorium::ui
