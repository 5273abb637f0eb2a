#pragma once

#include "util/result.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

namespace scriptorium::ui {

/// Debounced autosave for the open chapter. Every edit restarts a timer; when typing pauses
/// for `interval` (1.5 s by default) the text is saved through the save function. flush()
/// saves at once (chapter switch, quit). Saving one chapter is a single small write, so it
/// runs on the GUI thread.
class Autosaver : public QObject {
    Q_OBJECT

public:
    enum class State { Saved, Unsaved, Saving, Failed };
    Q_ENUM(State)

    /// Saves the text; an error keeps the edit unsaved (retried on the next pause).
    using SaveFunction = std::function<Status(const QString &text)>;
    using TextFunction = std::function<QString()>;

    explicit Autosaver(QObject *parent = nullptr);

    void setFunctions(TextFunction text, SaveFunction save);
    /// Forgets any pending edit (after a chapter was loaded).
    void reset();
    void setInterval(int ms) { m_timer.setInterval(ms); }

    /// Records an edit and restarts the debounce timer.
    void markDirty();
    /// Saves now when there is something unsaved; true when nothing is left unsaved.
    bool flush();

    State state() const { return m_state; }
    bool isDirty() const { return m_dirty; }
    /// Why the last save failed; empty after a successful one.
    const std::optional<Error> &lastError() const { return m_lastError; }

signals:
    void stateChanged(scriptorium::ui::Autosaver::State state);

private:
    void setState(State state);

    QTimer m_timer;
    TextFunction m_text;
    SaveFunction m_save;
    State m_state = State::Saved;
    bool m_dirty = false;
    std::optional<Error> m_lastError;
};

} // namespace scriptorium::ui
