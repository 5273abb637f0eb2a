#include "store/batch_store.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/revision_store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;
using namespace std::chrono_literals;

class TestStoreChapters : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void booksRoundTrip();
    void chaptersKeepOrder();
    void trashAndRestore();
    void move_data();
    void move();
    void moveRefusesTrashedChapter();
    void generationAlwaysKeepsOldBody();
    void writerRevisionRule_data();
    void writerRevisionRule();
    void restoreCreatesRevision();
    void bibleEntries();
    void batchesResume();
    void invalidInputIsRejected();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::int64_t m_book = 0;
};

void TestStoreChapters::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(std::filesystem::path(m_dir->path().toStdString()) / "library.db");
    QVERIFY(db.has_value());
    m_db = std::move(*db);
    BookStore books(*m_db);
    m_book = *books.create(Book{.title = "测试之书", .language = "zh", .premise = "A test"});
}

void TestStoreChapters::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestStoreChapters::booksRoundTrip()
{
    BookStore books(*m_db);
    auto book = books.get(m_book);
    QVERIFY(book.has_value());
    QCOMPARE(book->title, std::string("测试之书"));
    QCOMPARE(book->language, std::string("zh"));
    book->styleGuide = "short sentences";
    book->targetLength = 90000;
    QVERIFY(books.update(*book).has_value());
    QCOMPARE(books.get(m_book)->styleGuide, std::string("short sentences"));
    ChapterStore chapters(*m_db);
    QVERIFY(chapters.add(m_book, Chapter{.title = "一"}).has_value());
    auto list = books.list();
    QCOMPARE(list->size(), std::size_t(1));
    QCOMPARE(list->front().chapters, 1);
    QCOMPARE(books.get(999).error().code, ErrorCode::NotFound);
    QVERIFY(books.remove(m_book).has_value());
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM chapters"), 0);
}

void TestStoreChapters::chaptersKeepOrder()
{
    ChapterStore chapters(*m_db);
    const auto a = *chapters.add(m_book, Chapter{.title = "A"});
    const auto c = *chapters.add(m_book, Chapter{.title = "C"});
    const auto b = *chapters.add(m_book, Chapter{.position = 2, .title = "B"});
    auto list = chapters.list(m_book);
    QCOMPARE(list->size(), std::size_t(3));
    QCOMPARE((*list)[0].id, a);
    QCOMPARE((*list)[1].id, b);
    QCOMPARE((*list)[2].id, c);
    QCOMPARE((*list)[2].position, 3);
    QCOMPARE(chapters.getAt(m_book, 2)->title, std::string("B"));
    QVERIFY(chapters.replaceBody(b, "第一句话。第二句话。", BodySource::Writer).has_value());
    auto got = chapters.get(b);
    QCOMPARE(got->bodyLength, 8); // CJK characters, punctuation not counted
    QCOMPARE(got->status, ChapterStatus::Drafted);
    got->outline = "outline";
    got->summary = "summary";
    got->endState = "Lin is in the capital";
    got->status = ChapterStatus::Final;
    QVERIFY(chapters.updateMeta(*got).has_value());
    auto again = chapters.get(b);
    QCOMPARE(again->endState, std::string("Lin is in the capital"));
    QCOMPARE(again->status, ChapterStatus::Final);
}

void TestStoreChapters::trashAndRestore()
{
    ChapterStore chapters(*m_db);
    const auto a = *chapters.add(m_book, Chapter{.title = "A"});
    const auto b = *chapters.add(m_book, Chapter{.title = "B", .body = "precious"});
    const auto c = *chapters.add(m_book, Chapter{.title = "C"});
    QVERIFY(chapters.trash(b).has_value());
    auto list = chapters.list(m_book);
    QCOMPARE(list->size(), std::size_t(2));
    QCOMPARE((*list)[1].id, c);
    QCOMPARE((*list)[1].position, 2);
    auto trash = chapters.listTrash(m_book);
    QCOMPARE(trash->size(), std::size_t(1));
    QCOMPARE(trash->front().id, b);
    QVERIFY(chapters.untrash(b).has_value());
    list = chapters.list(m_book);
    QCOMPARE(list->size(), std::size_t(3));
    QCOMPARE((*list)[0].id, a);
    QCOMPARE((*list)[1].id, b);
    QCOMPARE((*list)[2].id, c);
    QCOMPARE(chapters.get(b)->body, std::string("precious"));
    QVERIFY(chapters.listTrash(m_book)->empty());
}

void TestStoreChapters::move_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<QString>("order");
    QTest::newRow("first to last") << 1 << 5 << "BCDEA";
    QTest::newRow("last to first") << 5 << 1 << "EABCD";
    QTest::newRow("down one") << 2 << 3 << "ACBDE";
    QTest::newRow("up two") << 4 << 2 << "ADBCE";
    QTest::newRow("in place") << 3 << 3 << "ABCDE";
    QTest::newRow("past the end is clamped") << 2 << 99 << "ACDEB";
    QTest::newRow("before the start is clamped") << 3 << -4 << "CABDE";
}

void TestStoreChapters::move()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(QString, order);
    ChapterStore chapters(*m_db);
    std::vector<std::int64_t> ids;
    for (const char *title : {"A", "B", "C", "D", "E"})
        ids.push_back(*chapters.add(m_book, Chapter{.title = title}));
    // A trashed chapter keeps its old position out of the live numbering; it must not move.
    const auto trashed = *chapters.add(m_book, Chapter{.title = "T"});
    QVERIFY(chapters.trash(trashed).has_value());
    QVERIFY(chapters.move(ids[std::size_t(from - 1)], to).has_value());
    auto list = chapters.list(m_book);
    QVERIFY(list.has_value());
    QString got;
    for (std::size_t i = 0; i < list->size(); ++i) {
        QCOMPARE((*list)[i].position, int(i) + 1);
        got += QString::fromStdString((*list)[i].title);
    }
    QCOMPARE(got, order);
    QCOMPARE(chapters.listTrash(m_book)->size(), std::size_t(1));
}

void TestStoreChapters::moveRefusesTrashedChapter()
{
    ChapterStore chapters(*m_db);
    const auto a = *chapters.add(m_book, Chapter{.title = "A"});
    const auto b = *chapters.add(m_book, Chapter{.title = "B"});
    QVERIFY(chapters.trash(a).has_value());
    auto moved = chapters.move(a, 2);
    QVERIFY(!moved.has_value());
    QCOMPARE(moved.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(chapters.get(b)->position, 1);
    auto missing = chapters.move(987654, 1);
    QVERIFY(!missing.has_value());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

void TestStoreChapters::generationAlwaysKeepsOldBody()
{
    ChapterStore chapters(*m_db);
    GenerationStore generations(*m_db);
    RevisionStore revisions(*m_db);
    const auto id = *chapters.add(m_book, Chapter{.title = "A"});
    QVERIFY(chapters.replaceBody(id, "the writer's draft", BodySource::Writer).has_value());
    const auto gen = *generations.start(
        GenerationRecord{.bookId = m_book, .chapterId = id, .stage = "draft", .model = "m"});
    auto made = chapters.replaceBody(id, "generated text", BodySource::Generation, gen);
    QVERIFY(made.has_value());
    QVERIFY(*made);
    auto history = revisions.list(id);
    QCOMPARE(history->size(), std::size_t(1));
    QCOMPARE(history->front().replacedBy, BodySource::Generation);
    QCOMPARE(history->front().generationId, std::optional<std::int64_t>(gen));
    QCOMPARE(revisions.get(history->front().id)->body, std::string("the writer's draft"));
    QCOMPARE(chapters.get(id)->status, ChapterStatus::Generated);
    // The writer's first small edit after a generation keeps the generated text.
    QVERIFY(*chapters.replaceBody(id, "generated text!", BodySource::Writer));
    QCOMPARE(revisions.list(id)->front().replacedBy, BodySource::Writer);
    QCOMPARE(revisions.get(revisions.list(id)->front().id)->body, std::string("generated text"));
    QCOMPARE(chapters.get(id)->status, ChapterStatus::Edited);
}

void TestStoreChapters::writerRevisionRule_data()
{
    QTest::addColumn<QString>("next");
    QTest::addColumn<qint64>("afterMs");
    QTest::addColumn<bool>("revision");
    const QString base = QStringLiteral("0123456789").repeated(10); // 100 characters
    QTest::newRow("small edit soon") << base + QStringLiteral("x") << qint64(1000) << false;
    QTest::newRow("small edit after interval")
        << base + QStringLiteral("x") << qint64(11 * 60 * 1000) << true;
    QTest::newRow("large edit soon") << base.left(50) << qint64(1000) << true;
    QTest::newRow("unchanged") << base << qint64(1000) << false;
}

void TestStoreChapters::writerRevisionRule()
{
    QFETCH(QString, next);
    QFETCH(qint64, afterMs);
    QFETCH(bool, revision);
    ChapterStore chapters(*m_db,
                          RevisionPolicy{.writerInterval = 10min, .significantFraction = 0.2});
    const std::string base = QStringLiteral("0123456789").repeated(10).toStdString();
    const auto id = *chapters.add(m_book, Chapter{.title = "A"});
    const std::int64_t t = 1'000'000;
    QVERIFY(!*chapters.replaceBody(id, "start", BodySource::Writer, std::nullopt, t));
    QVERIFY(*chapters.replaceBody(id, base, BodySource::Writer, std::nullopt, t)); // 100% change
    auto made = chapters.replaceBody(id, next.toStdString(), BodySource::Writer, std::nullopt,
                                     t + afterMs);
    QVERIFY(made.has_value());
    QCOMPARE(*made, revision);
    QCOMPARE(chapters.get(id)->body, next.toStdString());
}

void TestStoreChapters::restoreCreatesRevision()
{
    ChapterStore chapters(*m_db);
    RevisionStore revisions(*m_db);
    const auto id = *chapters.add(m_book, Chapter{.title = "A", .body = "version one"});
    QVERIFY(*chapters.replaceBody(id, "version two", BodySource::Import));
    auto history = revisions.list(id);
    QCOMPARE(history->size(), std::size_t(1));
    QVERIFY(revisions.restore(id, history->front().id).has_value());
    QCOMPARE(chapters.get(id)->body, std::string("version one"));
    history = revisions.list(id);
    QCOMPARE(history->size(), std::size_t(2));
    QCOMPARE(history->front().replacedBy, BodySource::Restore);
    QCOMPARE(revisions.get(history->front().id)->body, std::string("version two"));
    const auto other = *chapters.add(m_book, Chapter{.title = "B"});
    QCOMPARE(revisions.restore(other, history->front().id).error().code, ErrorCode::NotFound);
}

void TestStoreChapters::bibleEntries()
{
    BibleStore bible(*m_db);
    auto id = bible.add(BibleEntry{.bookId = m_book,
                                   .kind = BibleKind::Character,
                                   .name = "林黛玉",
                                   .aliases = "颦儿, Lin",
                                   .text = "Sharp-tongued poet."});
    QVERIFY(id.has_value());
    QVERIFY(bible.add(BibleEntry{.bookId = m_book, .kind = BibleKind::Place, .name = "大观园"})
                .has_value());
    auto list = bible.list(m_book);
    QCOMPARE(list->size(), std::size_t(2));
    QCOMPARE(list->front().kind, BibleKind::Character);
    auto entry = bible.get(*id);
    entry->text = "Poet.";
    QVERIFY(bible.update(*entry).has_value());
    QCOMPARE(bible.get(*id)->text, std::string("Poet."));
    QVERIFY(bible.remove(*id).has_value());
    QCOMPARE(bible.get(*id).error().code, ErrorCode::NotFound);
    QCOMPARE(bible.add(BibleEntry{.bookId = m_book}).error().code, ErrorCode::InvalidArgument);
}

void TestStoreChapters::batchesResume()
{
    ChapterStore chapters(*m_db);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(*chapters.add(m_book, Chapter{.title = std::to_string(i)}));
    BatchStore batches(*m_db);
    auto id = batches.create(Batch{.bookId = m_book,
                                   .firstPosition = 2,
                                   .lastPosition = 4,
                                   .mode = "draft",
                                   .concurrency = 2,
                                   .budgetUsd = 1.5});
    QVERIFY(id.has_value());
    QVERIFY(batches.setState(*id, BatchState::Running).has_value());
    QVERIFY(batches.setItem(*id, BatchItem{.chapterId = ids[1], .state = BatchItemState::Done})
                .has_value());
    QVERIFY(batches
                .setItem(*id,
                         BatchItem{.chapterId = ids[2],
                                   .state = BatchItemState::Failed,
                                   .errorClass = ErrorCode::RateLimit})
                .has_value());
    QVERIFY(batches.addSpent(*id, 0.25).has_value());
    auto open = batches.unfinished();
    QCOMPARE(open->size(), std::size_t(1));
    const Batch &b = open->front();
    QCOMPARE(b.items.size(), std::size_t(3));
    QCOMPARE(b.items[0].chapterId, ids[1]);
    QCOMPARE(b.items[0].state, BatchItemState::Done);
    QCOMPARE(b.items[1].errorClass, std::optional(ErrorCode::RateLimit));
    QCOMPARE(b.items[2].state, BatchItemState::Pending);
    QCOMPARE(b.spentUsd, 0.25);
    QCOMPARE(b.budgetUsd, std::optional(1.5));
    QVERIFY(batches.setState(*id, BatchState::Done).has_value());
    QVERIFY(batches.unfinished()->empty());
    QCOMPARE(batches.setItem(*id, BatchItem{.chapterId = ids[0]}).error().code,
             ErrorCode::NotFound);
}

void TestStoreChapters::invalidInputIsRejected()
{
    BookStore books(*m_db);
    QCOMPARE(books.create(Book{}).error().code, ErrorCode::InvalidArgument);
    ChapterStore chapters(*m_db);
    QCOMPARE(chapters.add(4242, Chapter{.title = "orphan"}).error().code, ErrorCode::NotFound);
    QCOMPARE(chapters.getAt(m_book, 7).error().code, ErrorCode::NotFound);
    QCOMPARE(chapters.replaceBody(999, "x", BodySource::Writer).error().code, ErrorCode::NotFound);
    QCOMPARE(chapterStatusFromName("done").error().code, ErrorCode::InvalidArgument);
}

QTEST_APPLESS_MAIN(TestStoreChapters)
#include "test_store_chapters.moc"
