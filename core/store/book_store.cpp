#include "store/book_store.h"

#include "store/database.h"

namespace scriptorium::store {

namespace {

constexpr std::string_view kColumns = "id, title, language, author, premise, style_guide, "
                                      "target_length, target_unit, created_at, updated_at";

Book readBook(const Statement &s, int first = 0)
{
    Book b;
    b.id = s.int64(first);
    b.title = s.text(first + 1);
    b.language = s.text(first + 2);
    b.author = s.text(first + 3);
    b.premise = s.text(first + 4);
    b.styleGuide = s.text(first + 5);
    b.targetLength = s.optInt64(first + 6);
    b.targetUnit = s.text(first + 7);
    b.createdAt = s.int64(first + 8);
    b.updatedAt = s.int64(first + 9);
    return b;
}

Status validate(const Book &book)
{
    if (book.title.empty())
        return fail(ErrorCode::InvalidArgument, "a book needs a title: pass --title");
    if (book.language.empty())
        return fail(ErrorCode::InvalidArgument, "a book needs a language such as 'en' or 'zh'");
    return {};
}

Error notFound(std::int64_t id)
{
    return Error{ErrorCode::NotFound,
                 "there is no book " + std::to_string(id) + ": see 'scriptorium-cli book list'",
                 {}};
}

} // namespace

Result<std::int64_t> BookStore::create(const Book &book)
{
    if (auto s = validate(book); !s)
        return fail(s.error());
    auto stmt = m_db.prepare("INSERT INTO books (title, language, author, premise, style_guide, "
                             "target_length, target_unit, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return fail(stmt.error());
    const std::int64_t now = nowMs();
    stmt->bind(1, book.title)
        .bind(2, book.language)
        .bind(3, book.author)
        .bind(4, book.premise)
        .bind(5, book.styleGuide)
        .bind(6, book.targetLength)
        .bind(7, book.targetUnit)
        .bind(8, now)
        .bind(9, now);
    if (auto s = stmt->run(); !s)
        return fail(s.error());
    return m_db.lastInsertId();
}

Result<Book> BookStore::get(std::int64_t id)
{
    auto stmt = m_db.prepare("SELECT " + std::string(kColumns) + " FROM books WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(notFound(id));
    return readBook(*stmt);
}

Result<std::vector<BookSummary>> BookStore::list()
{
    auto stmt = m_db.prepare(
        "SELECT " + std::string(kColumns)
        + ", (SELECT count(*) FROM chapters c WHERE c.book_id = books.id AND c.deleted_at IS "
          "NULL) FROM books ORDER BY id");
    if (!stmt)
        return fail(stmt.error());
    std::vector<BookSummary> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) {
            out.push_back(BookSummary{readBook(row), row.int64(10)});
        });
        !s) {
        return fail(s.error());
    }
    return out;
}

Status BookStore::update(const Book &book)
{
    if (auto s = validate(book); !s)
        return s;
    auto stmt = m_db.prepare("UPDATE books SET title = ?, language = ?, author = ?, premise = ?, "
                             "style_guide = ?, target_length = ?, target_unit = ?, updated_at = ? "
                             "WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, book.title)
        .bind(2, book.language)
        .bind(3, book.author)
        .bind(4, book.premise)
        .bind(5, book.styleGuide)
        .bind(6, book.targetLength)
        .bind(7, book.targetUnit)
        .bind(8, nowMs())
        .bind(9, book.id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(notFound(book.id));
    return {};
}

Status BookStore::remove(std::int64_t id)
{
    auto stmt = m_db.prepare("DELETE FROM books WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(notFound(id));
    return {};
}

} // namespace scriptorium::store
