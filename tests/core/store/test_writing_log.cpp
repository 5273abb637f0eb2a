#include "store/writing_log.h"

#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/schema.h"

#include <filesystem>
#include <fstream>

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

// Noon UTC on 2026-03-10: one local date in every time zone within ±11 hours.
constexpr std::int64_t kNoon = 1773144000000;

std::filesystem::path fileIn(const QTemporaryDir &dir)
{
    return std::filesystem::path(dir.path().toStdString()) / "library.db";
}

std::int64_t makeBook(Database &db, const std::string &language)
{
    auto id = BookStore(db).create(Book{.title = "Book " + language, .language = language});
    return id ? *id : -1;
}

std::int64_t makeChapter(Database &db, std::int64_t bookId)
{
    auto id = ChapterStore(db).add(bookId, Chapter{.title = "One"});
    return id ? *id : -1;
}

WritingDay day(const std::string &date, std::int64_t byHand, std::int64_t accepted = 0)
{
    return WritingDay{.bookId = 1, .day = date, .byHand = byHand, .accepted = accepted};
}

} // namespace

Q_DECLARE_METATYPE(std::vector<scriptorium::store::WritingDay>)

class TestWritingLog : public QObject {
    Q_OBJECT

private slots:
    void accumulatesPerBookAndDay();
    void rejectsMalformedInput();
    void handSavesCountGrowthInTheBooksUnit_data();
    void handSavesCountGrowthInTheBooksUnit();
    void shrinkingCountsNothing();
    void generationsCountAsAccepted();
    void streak_data();
    void streak();
    void goalsAreKeptPerBook();
    void addDaysCrossesMonthsAndLeapDays();
    void everyDayFillsTheSilentDays();
    void sessionCountsFromItsFirstLookAcrossMidnight();
    void upgradeFromVersion8KeepsDataAndLogs();
};

void TestWritingLog::accumulatesPerBookAndDay()
{
    QTemporaryDir dir;
    auto db = Database::open(fileIn(dir));
    QVERIFY(db.has_value());
    const std::int64_t a = makeBook(**db, "en");
    const std::int64_t b = makeBook(**db, "en");
    WritingLog log(**db);
    QVERIFY(log.addWritten(a, "2026-03-09", 100, 0).has_value());
    QVERIFY(log.addWritten(a, "2026-03-09", 20, 300).has_value());
    QVERIFY(log.addWritten(a, "2026-03-10", 5, 0).has_value());
    QVERIFY(log.addWritten(b, "2026-03-09", 7, 1).has_value());
    QVERIFY(log.addWritten(b, "2026-03-11", 0, 0).has_value()); // no row for nothing

    auto one = log.history(a, "2026-03-01", "2026-03-31");
    QVERIFY(one.has_value());
    QCOMPARE(one->size(), std::size_t{2});
    QCOMPARE(one->at(0).day, std::string("2026-03-09"));
    QCOMPARE(one->at(0).byHand, 120);
    QCOMPARE(one->at(0).accepted, 300);
    QCOMPARE(one->at(0).bookId, a);
    QCOMPARE(one->at(1).total(), 5);

    auto all = log.history(std::nullopt, "2026-03-09", "2026-03-11");
    QVERIFY(all.has_value());
    QCOMPARE(all->size(), std::size_t{2});
    QCOMPARE(all->at(0).byHand, 127);
    QCOMPARE(all->at(0).accepted, 301);
    QCOMPARE(all->at(0).bookId, 0);

    auto window = log.history(a, "2026-03-10", "2026-03-10");
    QVERIFY(window.has_value());
    QCOMPARE(window->size(), std::size_t{1});
    QCOMPARE(window->at(0).byHand, 5);
}

void TestWritingLog::rejectsMalformedInput()
{
    QTemporaryDir dir;
    auto db = Database::open(fileIn(dir));
    QVERIFY(db.has_value());
    const std::int64_t book = makeBook(**db, "en");
    WritingLog log(**db);
    QCOMPARE(log.addWritten(book, "2026-02-30", 1, 0).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(log.addWritten(book, "10.03.2026", 1, 0).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(log.addWritten(book, "2026-03-10", -1, 0).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(log.history(book, "yesterday", "2026-03-10").error().code, ErrorCode::InvalidArgument);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM writing_days"), 0);
}

void TestWritingLog::handSavesCountGrowthInTheBooksUnit_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("English words")
        << QStringLiteral("en") << QStringLiteral("The keeper climbed the stairs again.") << 6;
    QTest::newRow("Chinese characters")
        << QStringLiteral("zh") << QStringLiteral("灯塔看守人又爬上了楼梯。") << 11;
    QTest::newRow("Japanese characters")
        << QStringLiteral("ja") << QStringLiteral("灯台守はまた階段を上った。") << 12;
    QTest::newRow("Chinese with a Latin name")
        << QStringLiteral("zh") << QStringLiteral("Anna 爬上了楼梯") << 6;
}

void TestWritingLog::handSavesCountGrowthInTheBooksUnit()
{
    QFETCH(QString, language);
    QFETCH(QString, text);
    QFETCH(int, expected);
    QTemporaryDir dir;
    auto db = Database::open(fileIn(dir));
    QVERIFY(db.has_value());
    const std::int64_t book = makeBook(**db, language.toStdString());
    const std::int64_t chapter = makeChapter(**db, book);
    ChapterStore chapters(**db);
    QVERIFY(
        chapters.replaceBody(chapter, text.toStdString(), BodySource::Writer, std::nullopt, kNoon)
            .has_value());
    auto days = WritingLog(**db).history(book, localDay(kNoon), localDay(kNoon));
    QVERIFY(days.has_value());
    QCOMPARE(days->size(), std::size_t{1});
    QCOMPARE(days->at(0).byHand, expected);
    QCOMPARE(days->at(0).accepted, 0);
}

void TestWritingLog::shrinkingCountsNothing()
{
    QTemporaryDir dir;
    auto db = Database::open(fileIn(dir));
    QVERIFY(db.has_value());
    const std::int64_t book = makeBook(**db, "en");
    const std::int64_t chapter = makeChapter(**db, book);
    ChapterStore chapters(**db);
    const std::string today = localDay(kNoon);
    auto byHand = [&]() -> std::int64_t {
        auto days = WritingLog(**db).history(book, today, today);
        return days && !days->empty() ? days->front().byHand : -1;
    };
    QVERIFY(chapters
                .replaceBody(chapter, "one two three four five", BodySource::Writer, std::nullopt,
                             kNoon)
                .has_value());
    QCOMPARE(byHand(), 5);
    // Deleting three words takes nothing off the day…
    QVERIFY(chapters.replaceBody(chapter, "one two", BodySource::Writer, std::nullopt, kNoon + 1)
                .has_value());
    QCOMPARE(byHand(), 5);
    // …and writing four new ones adds four: effort, not net length.
    QVERIFY(chapters
                .replaceBody(chapter, "one two six seven eight nine", BodySource::Writer,
                             std::nullopt, kNoon + 2)
                .has_value());
    QCOMPARE(byHand(), 9);
    QCOMPARE(writtenGrowth("a b c", "a"), 0);
    QCOMPARE(writtenGrowth("a", "a b c"), 2);
}

void TestWritingLog::generationsCountAsAccepted()
{
    QTemporaryDir dir;
    auto db = Database::open(fileIn(dir));
    QVERIFY(db.has_value());
    const std::int64_t book = makeBook(**db, "en");
    const std::int64_t chapter = makeChapter(**db, book);
    ChapterStore chapters(**db);
    const std::string today = localDay(kNoon);
    QVERIFY(chapters
                .replaceBody(chapter, "generated words here", BodySource::Generation, std::nullopt,
                             kNoon)
                .has_value());
    // The writer's first save after accepting adds only what they typed.
    QVERIFY(chapters
                .replaceBody(chapter, "generated words here and mine", BodySource::Writer,
                             std::nullopt, kNoon + 1)
                .has_value());
    // A restore or an import is nobody's writing today.
    QVERIFY(chapters
                .replaceBody(chapter, "a b c d e f g h i j k l", BodySource::Restore, std::nullopt,
                             kNoon + 2)
                .has_value());
    QVERIFY(chapters
                .replaceBody(chapter, "a b c d e f g h i j k l m n o p q", BodySource::Import,
                             std::nullopt, kNoon + 3)
                .has_value());
    auto days = WritingLog(**db).history(book, today, today);
    QVERIFY(days.has_value());
    QCOMPARE(days->size(), std::size_t{1});
    QCOMPARE(days->at(0).accepted, 3);
    QCOMPARE(days->at(0).byHand, 2);
}

void TestWritingLog::streak_data()
{
    QTest::addColumn<std::vector<WritingDay>>("days");
    QTest::addColumn<int>("goal");
    QTest::addColumn<int>("expected");
    const std::vector<WritingDay> three{day("2026-03-08", 10), day("2026-03-09", 0, 600),
                                        day("2026-03-10", 700)};
    QTest::newRow("no goal: any writing counts") << three << 0 << 3;
    QTest::newRow("goal met every day") << three << 10 << 3;
    QTest::newRow("goal missed two days ago") << three << 600 << 2;
    QTest::newRow("goal above every day") << three << 1000 << 0;
    QTest::newRow("today not yet met keeps yesterday's streak")
        << std::vector<WritingDay>{day("2026-03-08", 500), day("2026-03-09", 500),
                                   day("2026-03-10", 100)}
        << 500 << 2;
    QTest::newRow("nothing today yet")
        << std::vector<WritingDay>{day("2026-03-08", 1), day("2026-03-09", 1)} << 0 << 2;
    QTest::newRow("a gap ends it")
        << std::vector<WritingDay>{day("2026-03-07", 9), day("2026-03-09", 9), day("2026-03-10", 9)}
        << 0 << 2;
    QTest::newRow("nothing yesterday or today")
        << std::vector<WritingDay>{day("2026-03-07", 9), day("2026-03-08", 9)} << 0 << 0;
    QTest::newRow("books summed per day, in any order")
        << std::vector<WritingDay>{day("2026-03-10", 300), day("2026-03-09", 200),
                                   day("2026-03-10", 0, 300), day("2026-03-09", 300)}
        << 500 << 2;
    QTest::newRow("across a month")
        << std::vector<WritingDay>{day("2026-02-28", 1), day("2026-03-01", 1)} << 0 << 0;
}

void TestWritingLog::streak()
{
    QFETCH(std::vector<WritingDay>, days);
    QFETCH(int, goal);
    QFETCH(int, expected);
    QCOMPARE(store::streak(days, "2026-03-10", goal), expected);
    QCOMPARE(store::streak({day("2026-02-28", 1), day("2026-03-01", 1)}, "2026-03-01", 0), 2);
    QCOMPARE(store::streak(days, "not a day", goal), 0);
}

void TestWritingLog::goalsAreKeptPerBook()
{
    QTemporaryDir dir;
    auto db = Database::open(fileIn(dir));
    QVERIFY(db.has_value());
    const std::int64_t book = makeBook(**db, "zh");
    const std::int64_t other = makeBook(**db, "en");
    WritingLog log(**db);
    QVERIFY(!log.dailyGoal(book)->has_value());
    QVERIFY(log.setDailyGoal(book, 3000).has_value());
    QVERIFY(log.setSessionGoal(book, 800).has_value());
    QCOMPARE(log.dailyGoal(book)->value_or(-1), 3000);
    QCOMPARE(log.sessionGoal(book)->value_or(-1), 800);
    QVERIFY(!log.dailyGoal(other)->has_value());
    QCOMPARE(log.setDailyGoal(book, -5).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(log.setDailyGoal(9999, 10).error().code, ErrorCode::NotFound);
    QVERIFY(log.setDailyGoal(book, 0).has_value()); // 0 removes
    QVERIFY(!log.dailyGoal(book)->has_value());

    // Deleting the book takes its goals and its log along.
    QVERIFY(log.setDailyGoal(book, 100).has_value());
    QVERIFY(log.addWritten(book, "2026-03-10", 5, 5).has_value());
    QVERIFY(BookStore(**db).remove(book).has_value());
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM library_settings"), 0);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM writing_days"), 0);
}

void TestWritingLog::addDaysCrossesMonthsAndLeapDays()
{
    QCOMPARE(*addDays("2026-03-01", -1), std::string("2026-02-28"));
    QCOMPARE(*addDays("2028-03-01", -1), std::string("2028-02-29"));
    QCOMPARE(*addDays("2026-12-31", 1), std::string("2027-01-01"));
    QCOMPARE(addDays("2026-13-01", 1).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(localDay(kNoon).size(), std::size_t{10});
}

void TestWritingLog::everyDayFillsTheSilentDays()
{
    // Two books' rows on one day are summed; days outside the window are left out.
    const std::vector<WritingDay> history{day("2026-02-26", 7, 0), day("2026-02-28", 10, 5),
                                          day("2026-02-28", 1, 0), day("2026-03-02", 0, 40),
                                          day("2026-03-04", 99, 0)};
    auto days = everyDay(history, "2026-02-27", "2026-03-03", 0);
    QVERIFY(days.has_value());
    QCOMPARE(days->size(), std::size_t{5});
    QCOMPARE((*days)[0].day, std::string("2026-02-27"));
    QCOMPARE((*days)[0].total(), std::int64_t{0});
    QCOMPARE((*days)[1].byHand, std::int64_t{11});
    QCOMPARE((*days)[1].accepted, std::int64_t{5});
    QCOMPARE((*days)[2].day, std::string("2026-03-01"));
    QCOMPARE((*days)[3].accepted, std::int64_t{40});
    QCOMPARE((*days)[4].day, std::string("2026-03-03"));
    QCOMPARE((*days)[4].total(), std::int64_t{0});
    for (const WritingDay &d : *days)
        QCOMPARE(d.bookId, std::int64_t{0});
    QCOMPARE(everyDay(history, "2026-3-1", "2026-03-03", 0).error().code,
             ErrorCode::InvalidArgument);
    QVERIFY(everyDay(history, "2026-03-03", "2026-03-01", 0)->empty());
}

void TestWritingLog::sessionCountsFromItsFirstLookAcrossMidnight()
{
    WritingSession session("2026-05-01");
    // The first look is the baseline: what was written before the sitting is not its own.
    QCOMPARE(session.written(1, {day("2026-04-30", 900, 0), day("2026-05-01", 120, 30)}),
             std::int64_t{0});
    QCOMPARE(session.written(1, {day("2026-05-01", 200, 30)}), std::int64_t{80});
    // Past midnight the next day's writing adds to the same sitting.
    QCOMPARE(session.written(1, {day("2026-05-01", 200, 30), day("2026-05-02", 15, 100)}),
             std::int64_t{195});
    // Each book has its own baseline.
    QCOMPARE(session.written(2, {day("2026-05-02", 60, 0)}), std::int64_t{0});
    QCOMPARE(session.written(2, {day("2026-05-02", 70, 0)}), std::int64_t{10});
    // A log that shrank (the book deleted, its id reused) starts again rather than going
    // negative.
    QCOMPARE(session.written(1, {day("2026-05-02", 5, 0)}), std::int64_t{0});
    QCOMPARE(session.written(1, {day("2026-05-02", 9, 0)}), std::int64_t{4});
}

void TestWritingLog::upgradeFromVersion8KeepsDataAndLogs()
{
    QTemporaryDir dir;
    const auto file = fileIn(dir);
    std::ofstream(file).close();
    {
        auto raw = Database::openRaw(file);
        QVERIFY(raw.has_value());
        QVERIFY((*raw)->migrateTo(8).has_value());
        QVERIFY((*raw)
                    ->exec("INSERT INTO books (id, title, language, created_at, updated_at) "
                           "VALUES (1, 'Old', 'zh', 1, 1);"
                           "INSERT INTO chapters (id, book_id, position, title, body, "
                           "body_length, created_at, updated_at) VALUES (1, 1, 1, 'One', "
                           "'旧文', 2, 1, 1);"
                           "INSERT INTO library_settings (key, value) VALUES "
                           "('book:1:routing_preset', 'fast');")
                    .has_value());
    }
    auto db = Database::open(file);
    QVERIFY2(db.has_value(), db ? "" : db.error().detail.c_str());
    QCOMPARE(*(*db)->schemaVersion(), kSchemaVersion);
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM writing_days"), 0);
    QCOMPARE(ChapterStore(**db).get(1)->body, std::string("旧文"));
    QCOMPARE(*(*db)->queryInt("SELECT count(*) FROM library_settings"), 1);
    // The chapter written before the upgrade is not counted; what is added after it is.
    QVERIFY(ChapterStore(**db)
                .replaceBody(1, "旧文新的三", BodySource::Writer, std::nullopt, kNoon)
                .has_value());
    auto days = WritingLog(**db).history(1, localDay(kNoon), localDay(kNoon));
    QVERIFY(days.has_value());
    QCOMPARE(days->size(), std::size_t{1});
    QCOMPARE(days->at(0).byHand, 3);
}

QTEST_APPLESS_MAIN(TestWritingLog)
#include "test_writing_log.moc"
