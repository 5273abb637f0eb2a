#pragma once

#include <QString>
#include <QTextCursor>

#include <cstdint>

namespace scriptorium::ui {

class LibrarySession;
class RoutingSession;

/// What a dock (the Generate and Batch panels) may ask of the window that hosts the editor:
/// the open library and chapter, the editor's text, saving and reopening. Narrow on purpose,
/// so a panel cannot reach into the window's widgets and a test can host a panel without a
/// MainWindow. Implemented by MainWindow; GUI thread only.
class EditorHost {
public:
    virtual ~EditorHost() = default;

    /// The open library; null when none is open.
    virtual LibrarySession *session() const = 0;
    /// The window's routing config and strategy; null before the window made it.
    virtual RoutingSession *routingSession() const = 0;
    /// The chapter in the editor, or 0.
    virtual std::int64_t openChapterId() const = 0;
    /// The editor's text, with edits not yet saved.
    virtual QString editorText() const = 0;
    /// The editor's cursor (its selection is what Rewrite and Expand work on).
    virtual QTextCursor editorCursor() const = 0;
    /// True while the editor holds edits that are not in the library yet.
    virtual bool hasUnsavedEdits() const = 0;
    /// Saves the editor and panels now; false when a write failed (reported by the host).
    virtual bool saveAll() = 0;
    /// Opens `chapterId` in the editor, reloading it when it is open already.
    virtual bool openChapter(std::int64_t chapterId) = 0;

protected:
    EditorHost() = default;
    EditorHost(const EditorHost &) = default;
    EditorHost &operator=(const EditorHost &) = default;
};

} // namespace scriptorium::ui
