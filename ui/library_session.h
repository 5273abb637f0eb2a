#pragma once

#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/revision_store.h"
#include "ui/error_messages.h" // errorText(), for everyone who shows a session's errors
#include "util/result.h"

#include <QObject>
#include <QString>

#include <memory>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::ui {

/// The open library on the GUI thread: one Database connection and the stores over it. Every
/// call here is a small read or write of one book or chapter (a few ms); anything that scans a
/// whole book (search, export) opens its own connection on a worker thread with path().
/// Emits `structureChanged` after writes that change the tree (books, chapters, order, trash).
class LibrarySession : public QObject {
    Q_OBJECT

public:
    /// Opens (creating if needed) the library file at `path`.
    static Result<std::unique_ptr<LibrarySession>> open(const QString &path,
                                                        QObject *parent = nullptr);
    ~LibrarySession() override;

    QString path() const { return m_path; }
    store::Database &database() { return *m_db; }
    store::BookStore &books() { return m_books; }
    store::ChapterStore &chapters() { return m_chapters; }
    store::RevisionStore &revisions() { return m_revisions; }
    store::BibleStore &bible() { return m_bible; }

    /// Creates a book titled `title` (language guessed from the UI language) and returns it.
    Result<std::int64_t> createBook(const QString &title);
    Result<std::int64_t> createChapter(std::int64_t bookId, const QString &title, int position);
    Status renameBook(std::int64_t bookId, const QString &title);
    Status renameChapter(std::int64_t chapterId, const QString &title);
    Status trashChapter(std::int64_t chapterId);
    Status restoreChapter(std::int64_t chapterId);
    Status deleteBook(std::int64_t bookId);
    /// Moves a live chapter to `position` (1-based, clamped), shifting the others.
    Status moveChapter(std::int64_t chapterId, int position);

    /// Signals a structural change made directly through the stores.
    void notifyChanged() { emit structureChanged(); }

signals:
    void structureChanged();

private:
    LibrarySession(std::unique_ptr<store::Database> db, const QString &path, QObject *parent);

    std::unique_ptr<store::Database> m_db;
    QString m_path;
    store::BookStore m_books;
    store::ChapterStore m_chapters;
    store::RevisionStore m_revisions;
    store::BibleStore m_bible;
};

/// UTF-8 std::string ↔ QString, the only conversions between core and UI text.
inline QString toQ(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
inline std::string toStd(const QString &s)
{
    return s.toStdString();
}

} // namespace scriptorium::ui
