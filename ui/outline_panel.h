#pragma once

#include "util/result.h"

#include <QTimer>
#include <QWidget>

#include <cstdint>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace scriptorium::ui {

class BeatList;
class LibrarySession;

/// The open chapter's plan beside the editor: title, status, target length, outline, its
/// scene beats (BeatList), summary and end-of-chapter state notes. Saved 800 ms after the last
/// change and on chapter switch.
class OutlinePanel : public QWidget {
    Q_OBJECT

public:
    explicit OutlinePanel(QWidget *parent = nullptr);

    void setSession(LibrarySession *session);
    void setChapter(std::int64_t chapterId);
    std::int64_t chapterId() const { return m_chapterId; }
    /// Saves pending edits now; core's error (also emitted as saveFailed) when a write failed.
    Status flush();

    QLineEdit *titleEdit() const { return m_title; }
    QComboBox *statusBox() const { return m_status; }
    QSpinBox *targetBox() const { return m_target; }
    QPlainTextEdit *outlineEdit() const { return m_outline; }
    QPlainTextEdit *summaryEdit() const { return m_summary; }
    BeatList *beatList() const { return m_beats; }

signals:
    /// Title, status or target changed and was saved (the tree shows them).
    void metaSaved(std::int64_t chapterId);
    void targetChanged(int target);
    /// A save failed, including the debounced ones no caller waits for.
    void saveFailed(const scriptorium::Error &error);

private:
    void markDirty();

    LibrarySession *m_session = nullptr;
    std::int64_t m_chapterId = 0;
    QLineEdit *m_title = nullptr;
    QComboBox *m_status = nullptr;
    QSpinBox *m_target = nullptr;
    QPlainTextEdit *m_outline = nullptr;
    BeatList *m_beats = nullptr;
    QPlainTextEdit *m_summary = nullptr;
    QPlainTextEdit *m_endState = nullptr;
    QTimer m_saveTimer;
    bool m_dirty = false;
    bool m_loading = false;
};

} // namespace scriptorium::ui
