#pragma once

#include "store/beat_store.h"
#include "util/result.h"

#include <QTimer>
#include <QWidget>

#include <cstdint>

class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QToolButton;

namespace scriptorium::ui {

class LibrarySession;

/// The open chapter's scene beats in the Outline panel: a list in order (drag to reorder, or
/// Move up / Move down), Add and Remove, an editor for the selected beat's text, POV and
/// location (saved 800 ms after the last change, on selection change and on flush()), and
/// "Draft at cursor", which asks the window to draft the selected beat into the editor.
/// Writes go through BeatStore on the GUI thread, like the rest of the panel: each is a
/// single small transaction. A save that fails is reported through saveFailed.
class BeatList : public QWidget {
    Q_OBJECT

public:
    explicit BeatList(QWidget *parent = nullptr);

    void setSession(LibrarySession *session);
    /// Shows `chapterId`'s beats (0: none); pending edits of the previous chapter are saved.
    void setChapter(std::int64_t chapterId);
    /// Saves the selected beat's pending edit now.
    Status flush();
    /// Saves the pending edit, then shows the beats as stored (keeping the selection).
    void refresh();

    /// Adds a beat after the selected one (at the end when none is), selects it and puts the
    /// focus in its text with the placeholder text selected.
    Status addBeat();
    Status removeSelected();
    /// Moves the selected beat `delta` places (−1 up, +1 down); nothing at either end.
    Status moveSelected(int delta);
    /// The selected beat's id, or 0.
    std::int64_t selectedBeatId() const;
    /// The beats as stored, in order (empty without a chapter).
    std::vector<store::Beat> beats() const;

    QListWidget *list() const { return m_list; }
    QPlainTextEdit *textEdit() const { return m_text; }
    QLineEdit *povEdit() const { return m_pov; }
    QLineEdit *locationEdit() const { return m_location; }
    QToolButton *draftButton() const { return m_draft; }

signals:
    /// The writer asked to draft beat `beatId` of the open chapter at the editor's cursor.
    void draftBeatRequested(std::int64_t beatId);
    void saveFailed(const scriptorium::Error &error);

private:
    void reload(std::int64_t select);
    void showSelected();
    void updateButtons();
    void markDirty();
    void onRowsMoved(int from, int destination);
    Status report(Status status);
    QString label(const store::Beat &beat, int number) const;

    LibrarySession *m_session = nullptr;
    std::int64_t m_chapterId = 0;
    std::int64_t m_editing = 0; ///< the beat the editor fields show
    QListWidget *m_list = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLineEdit *m_pov = nullptr;
    QLineEdit *m_location = nullptr;
    QToolButton *m_add = nullptr;
    QToolButton *m_remove = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    QToolButton *m_draft = nullptr;
    QTimer m_saveTimer;
    bool m_dirty = false;
    bool m_loading = false;
};

} // namespace scriptorium::ui
