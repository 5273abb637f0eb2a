#include "store/backup.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/streaming_text_writer.h"

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

} // namespace

class TestStoreBackup : public QObject {
    Q_OBJECT

private slots:
    void backupAndRestore();
    void autoBackupIsDailyAndKeepsN();
    void damagedBackupIsRefused();
    void corruptLibraryNamesLatestBackup();
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
