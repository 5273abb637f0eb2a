#include "store/backup.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/schema.h"
#include "store/streaming_text_writer.h"

#include <cerrno>
#include <cstdio>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;
using namespace std::chrono_literals;

namespace {

std::filesystem::path pathIn(const QTemporaryDir &dir, const char *name)
{
    return std::filesystem::path(dir.path().toStdString()) / name;
}

std::vector<std::string> titles(Database &db)
{
    std::vector<std::string> out;
    const auto list = BookStore(db).list();
    for (const BookSummary &b : *list)
        out.push_back(b.book.title);
    return out;
}

// A library with one book and a backup of it at `backup`.
void makeLibraryAndBackup(const std::filesystem::path &file, const std::filesystem::path &backup)
{
    auto db = Database::open(file);
    QVERIFY(db.has_value());
    QVERIFY(BookStore(**db).create(Book{.title = "Current"}).has_value());
    QVERIFY(backupTo(**db, backup).has_value());
}

// Nothing of a refused restore is left behind: the library, no safety copy, no temp file.
void checkRestoreLeftNothing(const QTemporaryDir &dir, const std::filesystem::path &file,
                             const std::vector<std::string> &expectedTitles)
{
    for (const auto &entry : std::filesystem::directory_iterator(dir.path().toStdString())) {
        const std::string name = entry.path().filename().string();
        QVERIFY2(name.find("before-restore") == std::string::npos, name.c_str());
        QVERIFY2(name.find(".restoring") == std::string::npos, name.c_str());
    }
    auto db = Database::open(file);
    QVERIFY(db.has_value());
    QCOMPARE(titles(**db), expectedTitles);
}

} // namespace

class TestStoreBackup : public QObject {
    Q_OBJECT

private slots:
    void backupAndRestore();
    void autoBackupIsDailyAndKeepsN();
    void damagedBackupIsRefused();
    void corruptLibraryNamesLatestBackup();
    void foreignFileIsRefused_data();
    void foreignFileIsRefused();
    void libraryFromBeforeApplicationIdIsAccepted();
    void restoreIsRefusedWhileLibraryIsOpen();
    void failedFinalRenameLeavesLibraryInPlace();
    void damagedLibraryKeepsItsSideFiles();
    void streamingWriterPersistsWhileRunning();
    void streamingWriterNeedsGeneration();
};

void TestStoreBackup::backupAndRestore()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    const auto backup = pathIn(dir, "copies/one.db");
    {
        auto db = Database::open(file);
        QVERIFY(db.has_value());
        QVERIFY(BookStore(**db).create(Book{.title = "Before"}).has_value());
        QVERIFY(backupTo(**db, backup).has_value());
        QVERIFY(BookStore(**db).create(Book{.title = "After"}).has_value());
    }
    struct stat st { };
    QCOMPARE(::stat(backup.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600U);
    QVERIFY(!std::filesystem::exists(backup.string() + ".part"));

    auto safety = restoreBackup(file, backup, 1234);
    QVERIFY(safety.has_value());
    QVERIFY(std::filesystem::exists(*safety));
    {
        auto db = Database::open(file);
        QVERIFY(db.has_value());
        QCOMPARE(titles(**db), std::vector<std::string>{"Before"});
    }
    // The safety copy still holds everything, WAL included.
    auto kept = Database::open(*safety);
    QVERIFY(kept.has_value());
    QCOMPARE(titles(**kept), (std::vector<std::string>{"Before", "After"}));
    QCOMPARE(restoreBackup(file, pathIn(dir, "missing.db"), 1).error().code, ErrorCode::NotFound);
}

void TestStoreBackup::autoBackupIsDailyAndKeepsN()
{
    QTemporaryDir dir;
    auto db = Database::open(pathIn(dir, "library.db"));
    QVERIFY(db.has_value());
    const AutoBackupPolicy policy{.interval = 24h, .keep = 3};
    auto first = autoBackup(**db, policy, nowMs());
    QVERIFY(first.has_value() && first->has_value());
    auto notDue = autoBackup(**db, policy, nowMs() + 60 * 60 * 1000);
    QVERIFY(notDue.has_value() && !notDue->has_value());
    for (int day = 1; day <= 4; ++day) {
        // Let a day pass: every backup's file time moves 25 hours into the past.
        for (const auto &backup : listBackups((*db)->backupDir())) {
            struct stat st { };
            QCOMPARE(::stat(backup.c_str(), &st), 0);
            const struct timespec times[2]
                = {{st.st_mtim.tv_sec - 25 * 3600, 0}, {st.st_mtim.tv_sec - 25 * 3600, 0}};
            QCOMPARE(::utimensat(AT_FDCWD, backup.c_str(), times, 0), 0);
        }
        auto made = autoBackup(**db, policy, nowMs());
        QVERIFY(made.has_value() && made->has_value());
        QCOMPARE(latestBackup((*db)->backupDir()), std::optional(**made));
    }
    QCOMPARE(listBackups((*db)->backupDir()).size(), std::size_t(3));
}

void TestStoreBackup::damagedBackupIsRefused()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    {
        auto db = Database::open(file);
        QVERIFY(BookStore(**db).create(Book{.title = "Current"}).has_value());
    }
    const auto junk = pathIn(dir, "junk.db");
    std::ofstream(junk) << std::string(8192, 'j');
    auto restored = restoreBackup(file, junk, 1);
    QVERIFY(!restored.has_value());
    QCOMPARE(restored.error().code, ErrorCode::Corrupt);
    auto db = Database::open(file);
    QCOMPARE(titles(**db), std::vector<std::string>{"Current"});
}

void TestStoreBackup::corruptLibraryNamesLatestBackup()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    std::filesystem::path backup;
    {
        auto db = Database::open(file);
        QVERIFY(BookStore(**db).create(Book{.title = "Saved"}).has_value());
        backup = *backupNow(**db, nowMs());
    }
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
    std::ofstream(file, std::ios::trunc) << std::string(8192, 'z');
    auto db = Database::open(file);
    QVERIFY(!db.has_value());
    QCOMPARE(db.error().code, ErrorCode::Corrupt);
    QVERIFY(db.error().message.find(backup.string()) != std::string::npos);
    QVERIFY(restoreBackup(file, backup, 2).has_value());
    auto reopened = Database::open(file);
    QVERIFY(reopened.has_value());
    QCOMPARE(titles(**reopened), std::vector<std::string>{"Saved"});
}

void TestStoreBackup::foreignFileIsRefused_data()
{
    // How to turn a good backup into a file that is not a Scriptorium library.
    QTest::addColumn<QByteArray>("kind");
    QTest::newRow("empty file") << QByteArray("empty");
    QTest::newRow("SQLite, user_version 0") << QByteArray("version0");
    QTest::newRow("other program, user_version 3") << QByteArray("other");
    QTest::newRow("other application_id") << QByteArray("foreign-id");
}

void TestStoreBackup::foreignFileIsRefused()
{
    QFETCH(QByteArray, kind);
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    const auto backup = pathIn(dir, "copies/one.db");
    makeLibraryAndBackup(file, backup);
    if (kind == "empty") {
        std::ofstream(backup, std::ios::trunc).close();
    } else if (kind == "foreign-id") {
        auto raw = Database::openRaw(backup);
        QVERIFY(raw.has_value());
        QVERIFY((*raw)->exec("PRAGMA application_id = 305419896").has_value());
    } else {
        std::filesystem::remove(backup);
        std::ofstream(backup).close();
        auto raw = Database::openRaw(backup);
        QVERIFY(raw.has_value());
        QVERIFY((*raw)
                    ->exec(kind == "other" ? "CREATE TABLE notes (t TEXT); PRAGMA user_version = 3"
                                           : "CREATE TABLE notes (t TEXT)")
                    .has_value());
    }
    auto restored = restoreBackup(file, backup, 7);
    QVERIFY(!restored.has_value());
    QCOMPARE(restored.error().code, ErrorCode::InvalidArgument);
    checkRestoreLeftNothing(dir, file, {"Current"});
}

void TestStoreBackup::libraryFromBeforeApplicationIdIsAccepted()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    const auto backup = pathIn(dir, "copies/old.db");
    makeLibraryAndBackup(file, backup);
    {
        // Libraries written before the application id existed carry 0.
        auto raw = Database::openRaw(backup);
        QVERIFY(raw.has_value());
        QVERIFY((*raw)->exec("PRAGMA application_id = 0").has_value());
    }
    auto restored = restoreBackup(file, backup, 8);
    QVERIFY2(restored.has_value(), restored ? "" : restored.error().message.c_str());
    auto raw = Database::openRaw(file, true);
    QVERIFY(raw.has_value());
    QCOMPARE(*(*raw)->applicationId(), kApplicationId);
    auto db = Database::open(file);
    QVERIFY(db.has_value());
    QCOMPARE(titles(**db), std::vector<std::string>{"Current"});
}

void TestStoreBackup::restoreIsRefusedWhileLibraryIsOpen()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    const auto backup = pathIn(dir, "copies/one.db");
    makeLibraryAndBackup(file, backup);
    // A running app keeps its connection open: the restore must not swap the file under it.
    auto running = Database::open(file);
    QVERIFY(running.has_value());
    QVERIFY(BookStore(**running).create(Book{.title = "Unsaved elsewhere"}).has_value());
    auto restored = restoreBackup(file, backup, 9);
    QVERIFY(!restored.has_value());
    QCOMPARE(restored.error().code, ErrorCode::Busy);
    // The running app still writes into the library, not into a file moved aside.
    QVERIFY(BookStore(**running).create(Book{.title = "Later"}).has_value());
    running->reset();
    checkRestoreLeftNothing(dir, file, {"Current", "Unsaved elsewhere", "Later"});
    // Once it is closed, the restore goes through.
    QVERIFY(restoreBackup(file, backup, 10).has_value());
    auto db = Database::open(file);
    QCOMPARE(titles(**db), std::vector<std::string>{"Current"});
}

void TestStoreBackup::failedFinalRenameLeavesLibraryInPlace()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    const auto backup = pathIn(dir, "copies/one.db");
    makeLibraryAndBackup(file, backup);
    {
        auto db = Database::open(file);
        QVERIFY(BookStore(**db).create(Book{.title = "After"}).has_value());
    }
    RestoreOptions failing;
    failing.rename = [&file](const char *from, const char *to) {
        if (std::filesystem::path(to) == file) {
            errno = EIO;
            return -1;
        }
        return ::rename(from, to);
    };
    auto restored = restoreBackup(file, backup, 11, failing);
    QVERIFY(!restored.has_value());
    QCOMPARE(restored.error().code, ErrorCode::Io);
    checkRestoreLeftNothing(dir, file, {"Current", "After"});
}

void TestStoreBackup::damagedLibraryKeepsItsSideFiles()
{
    // A damaged library cannot be settled through SQLite: its WAL goes with the safety copy,
    // never beside the restored file (SQLite would apply it there), and comes back if the
    // restore fails.
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    const auto backup = pathIn(dir, "copies/one.db");
    makeLibraryAndBackup(file, backup);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
    std::ofstream(file, std::ios::trunc) << std::string(8192, 'z');
    std::ofstream(file.string() + "-wal") << std::string(4096, 'w');
    RestoreOptions failing;
    failing.rename = [&file](const char *from, const char *to) {
        if (std::filesystem::path(to) == file) {
            errno = ENOSPC;
            return -1;
        }
        return ::rename(from, to);
    };
    auto refused = restoreBackup(file, backup, 12, failing);
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, ErrorCode::DiskFull);
    QCOMPARE(std::filesystem::file_size(file), std::uintmax_t(8192));
    QCOMPARE(std::filesystem::file_size(file.string() + "-wal"), std::uintmax_t(4096));
    QVERIFY(!std::filesystem::exists(file.string() + ".before-restore-12"));

    auto safety = restoreBackup(file, backup, 13);
    QVERIFY(safety.has_value());
    QVERIFY(!std::filesystem::exists(file.string() + "-wal"));
    QCOMPARE(std::filesystem::file_size(*safety), std::uintmax_t(8192));
    QCOMPARE(std::filesystem::file_size(safety->string() + "-wal"), std::uintmax_t(4096));
    auto db = Database::open(file);
    QVERIFY(db.has_value());
    QCOMPARE(titles(**db), std::vector<std::string>{"Current"});
}

void TestStoreBackup::streamingWriterPersistsWhileRunning()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    auto db = Database::open(file);
    GenerationStore generations(**db);
    const auto gen = *generations.start(GenerationRecord{.stage = "draft", .model = "m"});
    auto writer = StreamingTextWriter::start(file, gen, {.flushInterval = 50ms});
    QVERIFY(writer.has_value());
    std::string expected;
    for (int i = 0; i < 20; ++i) {
        const std::string piece = "片段" + std::to_string(i) + " ";
        (*writer)->append(piece);
        expected += piece;
    }
    // Visible to another connection while the stream is still open.
    QTRY_COMPARE_WITH_TIMEOUT(generations.get(gen)->output, expected, 2000);
    QCOMPARE((*writer)->persistedBytes(), expected.size());
    (*writer)->append("end");
    QVERIFY((*writer)->finish().has_value());
    QCOMPARE(generations.get(gen)->output, expected + "end");
    QVERIFY((*writer)->finish().has_value());
}

void TestStoreBackup::streamingWriterNeedsGeneration()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, "library.db");
    auto db = Database::open(file);
    auto writer = StreamingTextWriter::start(file, 77);
    QVERIFY(!writer.has_value());
    QCOMPARE(writer.error().code, ErrorCode::NotFound);
}

QTEST_APPLESS_MAIN(TestStoreBackup)
#include "test_store_backup.moc"
