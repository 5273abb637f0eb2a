#include "store/beat_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;

class TestBeatStore : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void addKeepsOrder();
    void addAtPosition();
    void updateKeepsPlace();
    void removeCloses();
    void move_data();
    void move();
    void moveOutOfRangeIsRejected();
    void replaceAll();
    void invalidInputIsRejected();
    void chaptersAreSeparate();
    void deletingChapterDeletesBeats();

private:
    std::vector<std::string> texts(std::int64_t chapter);
    std::vector<int> positions(std::int64_t chapter);
    std::int64_t addBeat(const std::string &text, std::int64_t chapter = 0);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::int64_t m_chapter = 0;
    std::int64_t m_other = 0;
};

void TestBeatStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(std::filesystem::path(m_dir->path().toStdString()) / "library.db");
    QVERIFY(db.has_value());
    m_db = std::move(*db);
    BookStore books(*m_db);
    const std::int64_t book = *books.create(Book{.title = "Beats", .language = "en"});
    ChapterStore chapters(*m_db);
    m_chapter = *chapters.add(book, Chapter{.title = "One"});
    m_other = *chapters.add(book, Chapter{.title = "Two"});
}

void TestBeatStore::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

std::vector<std::string> TestBeatStore::texts(std::int64_t chapter)
{
    std::vector<std::string> out;
    auto beats = BeatStore(*m_db).list(chapter);
    if (!beats)
        return out;
    for (const Beat &b : *beats)
        out.push_back(b.text);
    return out;
}

std::vector<int> TestBeatStore::positions(std::int64_t chapter)
{
    std::vector<int> out;
    auto beats = BeatStore(*m_db).list(chapter);
    if (!beats)
        return out;
    for (const Beat &b : *beats)
        out.push_back(b.position);
    return out;
}

std::int64_t TestBeatStore::addBeat(const std::string &text, std::int64_t chapter)
{
    auto id = BeatStore(*m_db).add(Beat{.chapterId = chapter ? chapter : m_chapter, .text = text});
    return id ? *id : 0;
}

void TestBeatStore::addKeepsOrder()
{
    BeatStore beats(*m_db);
    auto a = beats.add(Beat{.chapterId = m_chapter,
                            .text = "Mara finds the ledger",
                            .pov = "Mara",
                            .location = "the archive"});
    QVERIFY(a.has_value());
    addBeat("She hides it");
    addBeat("The clerk notices");
    QCOMPARE(
        texts(m_chapter),
        (std::vector<std::string>{"Mara finds the ledger", "She hides it", "The clerk notices"}));
    QCOMPARE(positions(m_chapter), (std::vector<int>{0, 1, 2}));
    auto first = beats.get(*a);
    QVERIFY(first.has_value());
    QCOMPARE(first->pov, std::string("Mara"));
    QCOMPARE(first->location, std::string("the archive"));
    QVERIFY(first->createdAt > 0);
}

void TestBeatStore::addAtPosition()
{
    addBeat("a");
    addBeat("c");
    BeatStore beats(*m_db);
    QVERIFY(beats.add(Beat{.chapterId = m_chapter, .text = "b"}, 1).has_value());
    QVERIFY(beats.add(Beat{.chapterId = m_chapter, .text = "start"}, 0).has_value());
    QVERIFY(beats.add(Beat{.chapterId = m_chapter, .text = "end"}, 99).has_value());
    QCOMPARE(texts(m_chapter), (std::vector<std::string>{"start", "a", "b", "c", "end"}));
    QCOMPARE(positions(m_chapter), (std::vector<int>{0, 1, 2, 3, 4}));
}

void TestBeatStore::updateKeepsPlace()
{
    addBeat("a");
    const std::int64_t b = addBeat("b");
    addBeat("c");
    BeatStore beats(*m_db);
    QVERIFY(
        beats.update(Beat{.id = b, .text = "B", .pov = "Ines", .location = "quay"}).has_value());
    QCOMPARE(texts(m_chapter), (std::vector<std::string>{"a", "B", "c"}));
    QCOMPARE(beats.get(b)->pov, std::string("Ines"));
    QCOMPARE(beats.get(b)->location, std::string("quay"));
    QCOMPARE(beats.update(Beat{.id = 9999, .text = "x"}).error().code, ErrorCode::NotFound);
}

void TestBeatStore::removeCloses()
{
    addBeat("a");
    const std::int64_t b = addBeat("b");
    addBeat("c");
    BeatStore beats(*m_db);
    QVERIFY(beats.remove(b).has_value());
    QCOMPARE(texts(m_chapter), (std::vector<std::string>{"a", "c"}));
    QCOMPARE(positions(m_chapter), (std::vector<int>{0, 1}));
    QCOMPARE(beats.remove(b).error().code, ErrorCode::NotFound);
}

void TestBeatStore::move_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("first to last") << 0 << 3 << QStringLiteral("bcda");
    QTest::newRow("last to first") << 3 << 0 << QStringLiteral("dabc");
    QTest::newRow("down one") << 1 << 2 << QStringLiteral("acbd");
    QTest::newRow("up one") << 2 << 1 << QStringLiteral("acbd");
    QTest::newRow("stay") << 2 << 2 << QStringLiteral("abcd");
}

void TestBeatStore::move()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(QString, expected);
    std::vector<std::int64_t> ids;
    for (const char *t : {"a", "b", "c", "d"})
        ids.push_back(addBeat(t));
    QVERIFY(BeatStore(*m_db).move(ids[static_cast<std::size_t>(from)], to).has_value());
    std::string joined;
    for (const auto &t : texts(m_chapter))
        joined += t;
    QCOMPARE(QString::fromStdString(joined), expected);
    QCOMPARE(positions(m_chapter), (std::vector<int>{0, 1, 2, 3}));
}

void TestBeatStore::moveOutOfRangeIsRejected()
{
    const std::int64_t a = addBeat("a");
    addBeat("b");
    BeatStore beats(*m_db);
    QCOMPARE(beats.move(a, 2).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(beats.move(a, -1).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(beats.move(12345, 0).error().code, ErrorCode::NotFound);
    QCOMPARE(texts(m_chapter), (std::vector<std::string>{"a", "b"}));
}

void TestBeatStore::replaceAll()
{
    addBeat("old one");
    addBeat("old two");
    addBeat("elsewhere", m_other);
    BeatStore beats(*m_db);
    QVERIFY(beats
                .replaceAll(m_chapter,
                            {Beat{.text = "new one", .pov = "Mara"}, Beat{.text = "  "},
                             Beat{.position = 7, .text = "new two", .location = "roof"}})
                .has_value());
    auto list = beats.list(m_chapter);
    QVERIFY(list.has_value());
    QCOMPARE(list->size(), std::size_t(2));
    QCOMPARE((*list)[0].text, std::string("new one"));
    QCOMPARE((*list)[0].pov, std::string("Mara"));
    QCOMPARE((*list)[1].text, std::string("new two"));
    QCOMPARE((*list)[1].location, std::string("roof"));
    QCOMPARE(positions(m_chapter), (std::vector<int>{0, 1}));
    QCOMPARE(texts(m_other), (std::vector<std::string>{"elsewhere"}));
    QVERIFY(beats.replaceAll(m_chapter, {}).has_value());
    QVERIFY(texts(m_chapter).empty());
}

void TestBeatStore::invalidInputIsRejected()
{
    BeatStore beats(*m_db);
    QCOMPARE(beats.add(Beat{.chapterId = m_chapter, .text = " \n"}).error().code,
             ErrorCode::InvalidArgument);
    const std::int64_t a = addBeat("a");
    QCOMPARE(beats.update(Beat{.id = a, .text = ""}).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(texts(m_chapter), (std::vector<std::string>{"a"}));
    // A beat of a chapter that does not exist breaks the foreign key.
    QVERIFY(!beats.add(Beat{.chapterId = 424242, .text = "x"}).has_value());
}

void TestBeatStore::chaptersAreSeparate()
{
    addBeat("one-a");
    const std::int64_t twoA = addBeat("two-a", m_other);
    addBeat("one-b");
    addBeat("two-b", m_other);
    QVERIFY(BeatStore(*m_db).move(twoA, 1).has_value());
    QCOMPARE(texts(m_chapter), (std::vector<std::string>{"one-a", "one-b"}));
    QCOMPARE(texts(m_other), (std::vector<std::string>{"two-b", "two-a"}));
}

void TestBeatStore::deletingChapterDeletesBeats()
{
    addBeat("a");
    QVERIFY(m_db->exec("DELETE FROM chapters WHERE id = " + std::to_string(m_chapter)).has_value());
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM chapter_beats"), 0);
}

QTEST_APPLESS_MAIN(TestBeatStore)
#include "test_beat_store.moc"
