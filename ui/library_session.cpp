#include "ui/library_session.h"

#include "store/database.h"

#include <QLocale>

namespace scriptorium::ui {

Result<std::unique_ptr<LibrarySession>> LibrarySession::open(const QString &path, QObject *parent)
{
    auto db = store::Database::open(std::filesystem::path(path.toStdString()));
    if (!db)
        return fail(db.error());
    return std::unique_ptr<LibrarySession>(new LibrarySession(std::move(*db), path, parent));
}

LibrarySession::LibrarySession(std::unique_ptr<store::Database> db, const QString &path,
                               QObject *parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_path(path)
    , m_books(*m_db)
    , m_chapters(*m_db)
    , m_revisions(*m_db)
    , m_bible(*m_db)
{
}

LibrarySession::~LibrarySession() = default;

Result<std::int64_t> LibrarySession::createBook(const QString &title)
{
    store::Book book;
    book.title = toStd(title);
    const bool chinese = QLocale().language() == QLocale::Chinese;
    book.language = chinese ? "zh" : "en";
    book.targetUnit = chinese ? "characters" : "words";
    auto id = m_books.create(book);
    if (id)
        emit structureChanged();
    return id;
}

Result<std::int64_t> LibrarySession::createChapter(std::int64_t bookId, const QString &title,
                                                   int position)
{
    auto book = m_books.get(bookId);
    if (!book)
        return fail(book.error());
    store::Chapter chapter;
    chapter.title = toStd(title);
    chapter.position = position;
    chapter.targetUnit = book->targetUnit;
    auto id = m_chapters.add(bookId, chapter);
    if (id)
        emit structureChanged();
    return id;
}

Status LibrarySession::renameBook(std::int64_t bookId, const QString &title)
{
    auto book = m_books.get(bookId);
    if (!book)
        return fail(book.error());
    book->title = toStd(title);
    auto s = m_books.update(*book);
    if (s)
        emit structureChanged();
    return s;
}

Status LibrarySession::renameChapter(std::int64_t chapterId, const QString &title)
{
    auto chapter = m_chapters.get(chapterId);
    if (!chapter)
        return fail(chapter.error());
    chapter->title = toStd(title);
    auto s = m_chapters.updateMeta(*chapter);
    if (s)
        emit structureChanged();
    return s;
}

Status LibrarySession::trashChapter(std::int64_t chapterId)
{
    auto s = m_chapters.trash(chapterId);
    if (s)
        emit structureChanged();
    return s;
}

Status LibrarySession::restoreChapter(std::int64_t chapterId)
{
    auto s = m_chapters.untrash(chapterId);
    if (s)
        emit structureChanged();
    return s;
}

Status LibrarySession::deleteBook(std::int64_t bookId)
{
    auto s = m_books.remove(bookId);
    if (s)
        emit structureChanged();
    return s;
}

Status LibrarySession::moveChapter(std::int64_t chapterId, int position)
{
    auto s = m_chapters.move(chapterId, position);
    if (s)
        emit structureChanged();
    return s;
}

} // namespace scriptorium::ui
