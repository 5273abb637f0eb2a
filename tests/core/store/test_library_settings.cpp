// Settings kept in the library (issue 14): a key → text map whose per-book keys belong to the
// book, so two libraries whose books share an id never share a setting, and a book that reuses
// a deleted book's id starts clean.
#include "store/book_store.h"
#include "store/database.h"
#include "store/library_settings.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

std::unique_ptr<Database> openLibrary(const QTemporaryDir &dir, const char *name)
{
    auto db = Database::open(std::filesystem::path(dir.path().toStdString()) / name);
    return db ? std::move(*db) : nullptr;
}

std::optional<std::string> read(Database &db, const std::string &key)
{
    auto value = LibrarySettings(db).value(key);
    return value ? *value : std::optional<std::string>("<error>");
}

} // namespace

class TestLibrarySettings : public QObject {
    Q_OBJECT

private slots:
    void setReadReplaceRemove();
    void twoLibrariesWithTheSameBookIdKeepTheirOwn();
    void deletingABookDropsOnlyItsSettings();
};

void TestLibrarySettings::setReadReplaceRemove()
{
    QTemporaryDir dir;
    auto db = openLibrary(dir, "lib.db");
    QVERIFY(db);
    LibrarySettings settings(*db);
    QCOMPARE(read(*db, "theme"), std::optional<std::string>());
    QVERIFY(settings.setValue("theme", "dark").has_value());
    QCOMPARE(read(*db, "theme"), std::optional<std::string>("dark"));
    QVERIFY(settings.setValue("theme", "").has_value()); // an empty value is a value
    QCOMPARE(read(*db, "theme"), std::optional<std::string>(""));
    QVERIFY(settings.remove("theme").has_value());
    QCOMPARE(read(*db, "theme"), std::optional<std::string>());
    QVERIFY(settings.remove("theme").has_value()); // unsetting twice is fine
    QCOMPARE(LibrarySettings::bookKey(7, "routing_preset"), std::string("book:7:routing_preset"));
}

void TestLibrarySettings::twoLibrariesWithTheSameBookIdKeepTheirOwn()
{
    QTemporaryDir dir;
    auto first = openLibrary(dir, "first.db");
    auto second = openLibrary(dir, "second.db");
    QVERIFY(first && second);
    const auto a = BookStore(*first).create(Book{.title = "Storm", .language = "en"});
    const auto b = BookStore(*second).create(Book{.title = "风暴", .language = "zh"});
    QVERIFY(a && b);
    QCOMPARE(*a, *b); // the collision a per-user file keyed by book id had
    const std::string key = LibrarySettings::bookKey(*a, "routing_preset");
    QVERIFY(LibrarySettings(*first).setValue(key, "careful").has_value());
    QCOMPARE(read(*first, key), std::optional<std::string>("careful"));
    QCOMPARE(read(*second, key), std::optional<std::string>());
    QVERIFY(LibrarySettings(*second).setValue(key, "cheap fast").has_value());
    QCOMPARE(read(*first, key), std::optional<std::string>("careful"));
    QCOMPARE(read(*second, key), std::optional<std::string>("cheap fast"));
}

void TestLibrarySettings::deletingABookDropsOnlyItsSettings()
{
    QTemporaryDir dir;
    auto db = openLibrary(dir, "lib.db");
    QVERIFY(db);
    BookStore books(*db);
    LibrarySettings settings(*db);
    std::vector<std::int64_t> ids;
    // Twelve books, so that book 1's keys are a prefix of book 12's ("book:1" / "book:12").
    for (int i = 0; i < 12; ++i)
        ids.push_back(books.create(Book{.title = "Book", .language = "en"}).value());
    const std::int64_t one = ids.front();
    const std::int64_t twelve = ids.back();
    QVERIFY(QString::number(twelve).startsWith(QString::number(one)));
    QVERIFY(settings.setValue(LibrarySettings::bookKey(one, "routing_preset"), "a").has_value());
    QVERIFY(settings.setValue(LibrarySettings::bookKey(twelve, "routing_preset"), "b").has_value());
    QVERIFY(settings.setValue("stage_default", "c").has_value());

    QVERIFY(books.remove(one).has_value());
    QCOMPARE(read(*db, LibrarySettings::bookKey(one, "routing_preset")),
             std::optional<std::string>());
    QCOMPARE(read(*db, LibrarySettings::bookKey(twelve, "routing_preset")),
             std::optional<std::string>("b"));
    QCOMPARE(read(*db, "stage_default"), std::optional<std::string>("c"));

    // The last book's id is reused by SQLite after it is deleted: the new book starts clean.
    QVERIFY(books.remove(twelve).has_value());
    const auto reused = books.create(Book{.title = "New", .language = "en"});
    QVERIFY(reused.has_value());
    QCOMPARE(*reused, twelve);
    QCOMPARE(read(*db, LibrarySettings::bookKey(*reused, "routing_preset")),
             std::optional<std::string>());
}

QTEST_APPLESS_MAIN(TestLibrarySettings)
#include "test_library_settings.moc"
