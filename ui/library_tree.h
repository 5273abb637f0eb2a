#pragma once

#include <QTreeView>

#include <cstdint>

class QStandardItem;
class QStandardItemModel;

namespace scriptorium::store {
enum class ChapterStatus;
}

namespace scriptorium::ui {

class LibrarySession;

/// The library dock's tree: books → chapters (with status icon, length vs target and book
/// totals) and, per book, a Trash folder with its trashed chapters. Live chapters can be
/// dragged to a new place in their book. Rebuilt from the session on every structural change;
/// books and chapter lists are small, so that stays well under a frame.
class LibraryTree : public QTreeView {
    Q_OBJECT

public:
    enum Role { KindRole = Qt::UserRole + 1, IdRole, BookIdRole };
    enum class Kind { Book = 1, Chapter, TrashFolder, TrashedChapter };

    explicit LibraryTree(QWidget *parent = nullptr);

    /// Borrowed; null clears the tree.
    void setSession(LibrarySession *session);
    void reload();

    std::int64_t currentBookId() const;
    /// The selected live chapter, or 0.
    std::int64_t currentChapterId() const;
    /// The selected trashed chapter, or 0.
    std::int64_t currentTrashedChapterId() const;
    bool selectChapter(std::int64_t chapterId);
    bool selectBook(std::int64_t bookId);
    /// The row of `chapterId` (live or trashed), or null.
    QStandardItem *itemForChapter(std::int64_t chapterId) const;
    QStandardItem *itemForBook(std::int64_t bookId) const;
    QStandardItemModel *libraryModel() const { return m_model; }

    static QIcon statusIcon(store::ChapterStatus status);
    static QString statusText(store::ChapterStatus status);

signals:
    /// The selection moved to a live chapter (0: to something else).
    void chapterSelected(std::int64_t chapterId);
    void bookSelected(std::int64_t bookId);
    /// A drop asked to move a chapter; the window performs it (after saving the editor).
    void moveRequested(std::int64_t chapterId, int position);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void onCurrentChanged(const QModelIndex &current);
    /// The chapter position a drop at `pos` means for a chapter of `bookId`, or 0.
    int dropPosition(const QPoint &pos, std::int64_t bookId) const;
    bool isOwnDrag(const QDropEvent *event) const;

    LibrarySession *m_session = nullptr;
    QStandardItemModel *m_model = nullptr;
};

} // namespace scriptorium::ui
