#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/schema.h"

#include <fstream>
#include <string>

#include <sys/stat.h>

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

QByteArray fileHash(const std::filesystem::path &file)
{
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

std::filesystem::path pathIn(const QTemporaryDir &dir, const char *name)
{
    return std::filesystem::path(dir.path().toStdString()) / name;
}

// A file at schema `version` built from the migration steps, with one row per table that
// version knows about.
void buildAtVersion(const std::filesystem::path &file, int version)
{
    auto db = Database::openRaw(file);
    QVERIFY(db.has_value() || !std::filesystem::exists(file));
    if (!db) {
        std::ofstream(file).close();
        db = Database::openRaw(file);
    }
    QVERIFY(db.has_value());
    QVERIFY((*db)->migrateTo(version).has_value());
    if (version >= 1) {
        QVERIFY((*db)
                    ->exec("INSERT INTO books (id, title, created_at, updated_at) VALUES (1, "
                           "'Old book', 1, 1);"
                           "INSERT INTO chapters (book_id, position, title, body, created_at, "
                           "updated_at) VALUES (1, 1, 'Opening', '旧的正文 old body', 1, 1);"
                           "INSERT INTO revisions (chapter_id, body, replaced_by, created_at) "
                           "VALUES (1, 'first draft', 'writer', 1);")
                    .has_value());
    }
}

// Rows in which cost_rollups and the grouped raw attempts disagree, in either direction.
constexpr std::string_view kCostRollupDiff = R"sql(
WITH raw AS (
    SELECT a.t0_ms / 3600000 AS hour, coalesce(g.book_id, 0) AS book_id,
           coalesce(g.chapter_id, 0) AS chapter_id, g.stage AS stage, a.model AS model,
           CASE WHEN a.quantization != '' THEN a.quantization ELSE 'unknown' END AS precision,
           count(*) AS attempts, count(a.error_class) AS failed, total(a.cost_usd) AS cost
    FROM attempts a JOIN generations g ON g.id = a.generation_id GROUP BY 1, 2, 3, 4, 5, 6),
rolled AS (
    SELECT hour, book_id, chapter_id, stage, model, precision, attempts,
           failed_attempts AS failed, round(cost_usd, 9) AS cost FROM cost_rollups)
SELECT count(*) FROM (
    SELECT hour, book_id, chapter_id, stage, model, precision, attempts, failed, round(cost, 9)
    FROM raw EXCEPT SELECT * FROM rolled
    UNION ALL
    SELECT * FROM rolled EXCEPT
    SELECT hour, book_id, chapter_id, stage, model, precision, attempts, failed, round(cost, 9)
    FROM raw))sql";

// Rows in which daily_cost_rollups and cost_rollups summed per day disagree.
constexpr std::string_view kDailyRollupDiff = R"sql(
WITH summed AS (
    SELECT hour / 24 AS day, book_id, chapter_id, stage, sum(attempts) AS attempts,
           sum(failed_attempts) AS failed, round(total(cost_usd), 9) AS cost
    FROM cost_rollups GROUP BY 1, 2, 3, 4),
daily AS (
    SELECT day, book_id, chapter_id, stage, attempts, failed_attempts AS failed,
           round(cost_usd, 9) AS cost FROM daily_cost_rollups)
SELECT count(*) FROM (
    SELECT * FROM summed EXCEPT SELECT * FROM daily
    UNION ALL
    SELECT * FROM daily EXCEPT SELECT * FROM summed))sql";

// Two generations of a version-3 library, one with a failed retry, one without a book.
void addVersion3Attempts(Database &db)
{
    QVERIFY(db.exec("INSERT INTO generations (id, book_id, chapter_id, stage, model, started_at) "
                    "VALUES (1, 1, 1, 'draft', 'm', 1), (2, NULL, NULL, 'summary', 'm', 1);"
                    "INSERT INTO attempts (generation_id, attempt_index, model, quantization, "
                    "t0_ms, cost_usd, error_class) VALUES "
                    "(1, 1, 'm', 'fp8', 3600000, NULL, 'rate_limit'), "
                    "(1, 2, 'm', 'fp8', 3600500, 0.5, NULL), "
                    "(2, 1, 'm', '', 7300000, 0.25, NULL);")
                .has_value());
}

} // namespace

class TestStoreDatabase : public QObject {
    Q_OBJECT

private slots:
    void createsPrivateWalFile();
    void migratesFromEveryEarlierVersion_data();
    void migratesFromEveryEarlierVersion();
    void refusesNewerVersionUntouched();
    void everyLibraryCarriesTheApplicationId_data();
    void everyLibraryCarriesTheApplicationId();
    void refusesForeignApplicationIdUntouched();
    void costRollupIsFilledOnUpgradeAndKept();
    void corruptFileIsReported();
    void garbageFileIsReported();
    void readOnlyFileIsReported();
    void diskFullKeepsCommittedData();
    void secondWriterIsToldBusy();
    void defaultPathFollowsXdg();
    void statementRunsAgainWithNewBindings();
};

void TestStoreDatabase::createsPrivateWalFile()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "sub/library.db");
    auto db = Database::open(file);
    QVERIFY(db.has_value());
    struct stat st { };
    QCOMPARE(::stat(file.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600U);
    auto version = (*db)->schemaVersion();
    QCOMPARE(*version, kSchemaVersion);
    auto fk = (*db)->queryInt("PRAGMA foreign_keys");
    QCOMPARE(*fk, 1);
    auto stmt = (*db)->prepare("PRAGMA journal_mode");
    QVERIFY(stmt.has_value());
    QVERIFY(*stmt->step());
    QCOMPARE(stmt->text(0), std::string("wal"));
}

void TestStoreDatabase::migratesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("from");
    for (int v = 0; v < kSchemaVersion; ++v)
        QTest::newRow(("version " + std::to_string(v)).c_str()) << v;
}

void TestStoreDatabase::migratesFromEveryEarlierVersion()
{
    QFETCH(int, from);
    QTemporaryDir dir;
    const auto file = pathIn(dir, "old.db");
    buildAtVersion(file, from);
    {
        auto raw = Database::openRaw(file);
        QCOMPARE(*(*raw)->schemaVersion(), from);
    }
    auto db = Database::open(file);
    QVERIFY2(db.has_value(), db ? "" : db.error().detail.c_str());
    QCOMPARE(*(*db)->schemaVersion(), kSchemaVersion);
    QVERIFY((*db)->integrityCheck().has_value());
    if (from >= 1) {
        ChapterStore chapters(**db);
        auto c = chapters.getAt(1, 1);
        QVERIFY(c.has_value());
        QCOMPARE(c->body, std::string("旧的正文 old body"));
        // The search index added in version 3 covers rows written before it existed.
        auto hits = (*db)->queryInt(
            "SELECT count(*) FROM search_index WHERE search_index MATCH '\"old body\"'");
        QCOMPARE(*hits, 1);
    }
    // Every table of the newest schema works after migrating.
    BookStore books(**db);
    QVERIFY(books.create(Book{.title = "New"}).has_value());
}

void TestStoreDatabase::costRollupIsFilledOnUpgradeAndKept()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "v3.db");
    buildAtVersion(file, 3);
    {
        auto raw = Database::openRaw(file);
        QVERIFY(raw.has_value());
        addVersion3Attempts(**raw);
    }
    auto db = Database::open(file);
    QVERIFY(db.has_value());
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM cost_rollups"), 2);
    QCOMPARE(*(*db)->queryInt("SELECT attempts * 10 + failed_attempts FROM cost_rollups "
                              "WHERE book_id = 1 AND chapter_id = 1 AND stage = 'draft'"),
             21);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM cost_rollups WHERE book_id = 0 AND "
                              "chapter_id = 0 AND precision = 'unknown' AND hour = 2"),
             1);
    QCOMPARE(*(*db)->queryInt(kCostRollupDiff), 0);
    // Schema 5: the daily rollup is filled from the hourly one, and opening built book 1's
    // per-book rollup from its raw attempts (generation 2 has no book).
    QCOMPARE(*(*db)->queryInt(kDailyRollupDiff), 0);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM daily_cost_rollups"), 2);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM book_rollup_stale"), 0);
    QCOMPARE(*(*db)->queryInt("SELECT requests * 10 + successes FROM book_attempt_rollups "
                              "WHERE book_id = 1 AND hour = 1 AND precision = 'fp8'"),
             21);
    QCOMPARE(*(*db)->queryInt("SELECT count FROM book_error_rollups WHERE book_id = 1 "
                              "AND error_class = 'rate_limit'"),
             1);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM book_attempt_rollups"), 1);

    // Recording, reconciling, moving a generation to another chapter and stage, deleting the
    // book (ON DELETE SET NULL) and deleting a generation all keep it equal to the raw rows.
    GenerationStore generations(**db);
    auto attempt = generations.recordAttempt(AttemptRecord{.generationId = 1,
                                                           .index = 3,
                                                           .model = "m",
                                                           .quantization = "bf16",
                                                           .t0Ms = 3700000,
                                                           .costUsd = 0.125});
    QVERIFY(attempt.has_value());
    QCOMPARE(*(*db)->queryInt(kCostRollupDiff), 0);
    QVERIFY(generations.reconcileAttemptCost(*attempt, 0.5, CostSource::Generation).has_value());
    QCOMPARE(*(*db)->queryInt(kCostRollupDiff), 0);
    QVERIFY((*db)
                ->exec("INSERT INTO chapters (id, book_id, position, title, created_at, "
                       "updated_at) VALUES (2, 1, 2, 'Second', 1, 1);"
                       "UPDATE generations SET chapter_id = 2, stage = 'state' WHERE id = 1")
                .has_value());
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM cost_rollups WHERE chapter_id = 1"), 0);
    QCOMPARE(*(*db)->queryInt(kCostRollupDiff), 0);
    QCOMPARE(*(*db)->queryInt(kDailyRollupDiff), 0);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM daily_cost_rollups WHERE chapter_id = 1"), 0);
    QVERIFY((*db)->exec("DELETE FROM books WHERE id = 1").has_value());
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM cost_rollups WHERE book_id = 1"), 0);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM book_attempt_rollups"), 0);
    QCOMPARE(*(*db)->queryInt(kDailyRollupDiff), 0);
    QCOMPARE(*(*db)->queryInt(kCostRollupDiff), 0);
    QVERIFY((*db)->exec("DELETE FROM generations WHERE id = 2").has_value());
    QCOMPARE(*(*db)->queryInt("SELECT sum(attempts) FROM cost_rollups"), 3);
    QCOMPARE(*(*db)->queryInt(kCostRollupDiff), 0);
    QCOMPARE(*(*db)->queryInt(kDailyRollupDiff), 0);
    QCOMPARE(*(*db)->queryInt("SELECT sum(attempts) FROM daily_cost_rollups"), 3);
}

void TestStoreDatabase::refusesNewerVersionUntouched()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "future.db");
    {
        auto db = Database::open(file);
        QVERIFY(db.has_value());
        QVERIFY((*db)
                    ->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)
                           + "; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")
                    .has_value());
    }
    const QByteArray before = fileHash(file);
    auto db = Database::open(file);
    QVERIFY(!db.has_value());
    QCOMPARE(db.error().code, ErrorCode::TooNew);
    QCOMPARE(fileHash(file), before);
    QVERIFY(!std::filesystem::exists(file.string() + "-wal"));
}

void TestStoreDatabase::everyLibraryCarriesTheApplicationId_data()
{
    // -1: a new file; otherwise a file at that schema version from before the id existed.
    QTest::addColumn<int>("from");
    QTest::newRow("new library") << -1;
    for (int v = 0; v <= kSchemaVersion; ++v)
        QTest::newRow(("version " + std::to_string(v) + " without id").c_str()) << v;
}

void TestStoreDatabase::everyLibraryCarriesTheApplicationId()
{
    QFETCH(int, from);
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    if (from >= 0) {
        buildAtVersion(file, from);
        auto raw = Database::openRaw(file);
        QVERIFY((*raw)->exec("PRAGMA application_id = 0").has_value());
    }
    {
        auto db = Database::open(file);
        QVERIFY2(db.has_value(), db ? "" : db.error().message.c_str());
        QCOMPARE(*(*db)->applicationId(), kApplicationId);
    }
    // Written to the file itself, not only to the connection.
    auto raw = Database::openRaw(file, true);
    QCOMPARE(*(*raw)->applicationId(), kApplicationId);
}

void TestStoreDatabase::refusesForeignApplicationIdUntouched()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "other.db");
    {
        std::ofstream(file).close();
        auto raw = Database::openRaw(file);
        QVERIFY((*raw)
                    ->exec("PRAGMA application_id = 305419896; CREATE TABLE notes (t TEXT)")
                    .has_value());
    }
    const QByteArray before = fileHash(file);
    auto db = Database::open(file);
    QVERIFY(!db.has_value());
    QCOMPARE(db.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(fileHash(file), before);
    QVERIFY(!std::filesystem::exists(file.string() + "-wal"));
}

void TestStoreDatabase::corruptFileIsReported()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    {
        auto db = Database::open(file);
        QVERIFY(db.has_value());
        BookStore books(**db);
        ChapterStore chapters(**db);
        auto book = books.create(Book{.title = "B"});
        for (int i = 0; i < 200; ++i)
            QVERIFY(chapters.add(*book, Chapter{.body = std::string(3000, 'x')}).has_value());
        QVERIFY((*db)->exec("PRAGMA wal_checkpoint(TRUNCATE)").has_value());
    }
    // Overwrite pages in the middle of the file (b-tree pages) with garbage.
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 3);
        const std::string junk(4096 * 4, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto db = Database::open(file);
    QVERIFY(!db.has_value());
    QCOMPARE(db.error().code, ErrorCode::Corrupt);
}

void TestStoreDatabase::garbageFileIsReported()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    std::ofstream(file) << std::string(10000, 'g');
    const QByteArray before = fileHash(file);
    auto db = Database::open(file);
    QVERIFY(!db.has_value());
    QCOMPARE(db.error().code, ErrorCode::Corrupt);
    QCOMPARE(fileHash(file), before);
}

void TestStoreDatabase::readOnlyFileIsReported()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    {
        auto db = Database::open(file);
        QVERIFY(db.has_value());
        BookStore books(**db);
        QVERIFY(books.create(Book{.title = "Kept"}).has_value());
    }
    ::chmod(file.c_str(), 0400);
    if (::access(file.c_str(), W_OK) == 0) // running as root: permissions do not bind
        ::chmod(file.c_str(), 0600);
    else {
        auto db = Database::open(file);
        QVERIFY(!db.has_value());
        QCOMPARE(db.error().code, ErrorCode::ReadOnly);
        ::chmod(file.c_str(), 0600);
    }
    // A connection that is read-only refuses writes with ReadOnly and keeps the data.
    OpenOptions readOnly;
    readOnly.readOnly = true;
    auto db = Database::open(file, readOnly);
    QVERIFY(db.has_value());
    BookStore books(**db);
    auto created = books.create(Book{.title = "New"});
    QVERIFY(!created.has_value());
    QCOMPARE(created.error().code, ErrorCode::ReadOnly);
    auto list = books.list();
    QCOMPARE(list->size(), std::size_t(1));
    QVERIFY((*db)->integrityCheck().has_value());
}

void TestStoreDatabase::diskFullKeepsCommittedData()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    auto db = Database::open(file);
    QVERIFY(db.has_value());
    BookStore books(**db);
    ChapterStore chapters(**db);
    auto book = books.create(Book{.title = "Full"});
    auto chapter = chapters.add(*book, Chapter{.title = "One", .body = "committed text"});
    QVERIFY(chapter.has_value());
    // Cap the file at its current size: the next large write hits SQLITE_FULL.
    auto pages = (*db)->queryInt("PRAGMA page_count");
    QVERIFY((*db)->exec("PRAGMA max_page_count = " + std::to_string(*pages + 2)).has_value());
    auto saved = chapters.replaceBody(*chapter, std::string(200000, 'y'), BodySource::Writer);
    QVERIFY(!saved.has_value());
    QCOMPARE(saved.error().code, ErrorCode::DiskFull);
    auto c = chapters.get(*chapter);
    QCOMPARE(c->body, std::string("committed text"));
    QVERIFY((*db)->integrityCheck().has_value());
    db->reset();
    auto reopened = Database::open(file);
    QVERIFY(reopened.has_value());
    ChapterStore again(**reopened);
    QCOMPARE(again.get(*chapter)->body, std::string("committed text"));
}

void TestStoreDatabase::secondWriterIsToldBusy()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    auto first = Database::open(file);
    QVERIFY(first.has_value());
    OpenOptions quick;
    quick.busyTimeoutMs = 50;
    auto second = Database::open(file, quick);
    QVERIFY(second.has_value());
    QVERIFY((*first)->begin().has_value());
    BookStore books(**second);
    auto created = books.create(Book{.title = "Blocked"});
    QVERIFY(!created.has_value());
    QCOMPARE(created.error().code, ErrorCode::Busy);
    // Readers are not blocked by the writer (WAL).
    QVERIFY(books.list().has_value());
    QVERIFY((*first)->commit().has_value());
    QVERIFY(books.create(Book{.title = "Now"}).has_value());
}

void TestStoreDatabase::defaultPathFollowsXdg()
{
    qputenv("XDG_DATA_HOME", "/tmp/xdg-test");
    QCOMPARE(defaultLibraryPath(), std::filesystem::path("/tmp/xdg-test/scriptorium/library.db"));
    qunsetenv("XDG_DATA_HOME");
    qputenv("HOME", "/home/writer");
    QCOMPARE(defaultLibraryPath(),
             std::filesystem::path("/home/writer/.local/share/scriptorium/library.db"));
}

void TestStoreDatabase::statementRunsAgainWithNewBindings()
{
    QTemporaryDir dir;
    auto db = Database::open(pathIn(dir, "library.db"));
    QVERIFY(db.has_value());
    QVERIFY((*db)->exec("CREATE TABLE t (v INTEGER)").has_value());
    auto insert = (*db)->prepare("INSERT INTO t (v) VALUES (?)");
    QVERIFY(insert.has_value());
    for (std::int64_t v : {1, 2, 3}) {
        insert->bind(1, v);
        QVERIFY(insert->run().has_value());
    }
    auto sum = (*db)->queryInt("SELECT sum(v) * 10 + count(DISTINCT v) FROM t");
    QVERIFY(sum.has_value());
    QCOMPARE(*sum, std::int64_t(63)); // 1 + 2 + 3, three distinct values
}

QTEST_APPLESS_MAIN(TestStoreDatabase)
#include "test_store_database.moc"
