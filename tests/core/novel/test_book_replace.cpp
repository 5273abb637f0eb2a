#include "novel/book_replace.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/revision_store.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::novel;

Q_DECLARE_METATYPE(MatchCase)
Q_DECLARE_METATYPE(MatchWords)

class TestBookReplace : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void replaceAll_data();
    void replaceAll();
    void replacesInEnglishAndChineseChapters();
    void revisionsTakeTheReplacementBack();
    void keepsARevisionEvenRightAfterASave();
    void nothingChangesWhenNothingMatches();
    void skipsTheGivenChapters();
    void failureLeavesEveryChapterAsItWas();
    void unknownBookIsNotFound();

private:
    std::int64_t makeBook(const std::vector<std::string> &bodies);
    std::string body(std::int64_t chapterId);
    std::vector<std::int64_t> chapterIds(std::int64_t bookId);

    QTemporaryDir m_dir;
    std::unique_ptr<store::Database> m_db;
    int m_counter = 0;
};

void TestBookReplace::init()
{
    QVERIFY(m_dir.isValid());
    auto db = store::Database::open(
        m_dir.filePath(QStringLiteral("lib%1.db").arg(++m_counter)).toStdString());
    QVERIFY(db.has_value());
    m_db = std::move(*db);
}

void TestBookReplace::cleanup()
{
    m_db.reset();
}

std::int64_t TestBookReplace::makeBook(const std::vector<std::string> &bodies)
{
    store::Book book;
    book.title = "Book " + std::to_string(++m_counter);
    auto id = store::BookStore(*m_db).create(book);
    if (!id)
        qFatal("create book failed");
    int position = 0;
    for (const std::string &text : bodies) {
        store::Chapter c;
        c.position = ++position;
        c.title = "Chapter " + std::to_string(position);
        c.body = text;
        if (!store::ChapterStore(*m_db).add(*id, c))
            qFatal("add chapter failed");
    }
    return *id;
}

std::string TestBookReplace::body(std::int64_t chapterId)
{
    return store::ChapterStore(*m_db).get(chapterId).value().body;
}

std::vector<std::int64_t> TestBookReplace::chapterIds(std::int64_t bookId)
{
    const auto chapters = store::ChapterStore(*m_db).list(bookId).value();
    std::vector<std::int64_t> ids;
    for (const store::ChapterListItem &c : chapters)
        ids.push_back(c.id);
    return ids;
}

void TestBookReplace::replaceAll_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QString>("with");
    QTest::addColumn<MatchCase>("matchCase");
    QTest::addColumn<MatchWords>("words");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("count");

    const auto any = MatchCase::Insensitive;
    const auto exact = MatchCase::Sensitive;
    const auto anywhere = MatchWords::Anywhere;
    const auto whole = MatchWords::Whole;

    QTest::newRow("english") << QStringLiteral("Anna ran. Anna hid.") << QStringLiteral("Anna")
                             << QStringLiteral("Mara") << exact << anywhere
                             << QStringLiteral("Mara ran. Mara hid.") << 2;
    QTest::newRow("ignoring case")
        << QStringLiteral("Anna met ANNA and anna.") << QStringLiteral("anna")
        << QStringLiteral("Ben") << any << anywhere << QStringLiteral("Ben met Ben and Ben.") << 3;
    QTest::newRow("matching case")
        << QStringLiteral("Anna met anna.") << QStringLiteral("anna") << QStringLiteral("Ben")
        << exact << anywhere << QStringLiteral("Anna met Ben.") << 1;
    QTest::newRow("inside words") << QStringLiteral("cat catalog") << QStringLiteral("cat")
                                  << QStringLiteral("dog") << any << anywhere
                                  << QStringLiteral("dog dogalog") << 2;
    QTest::newRow("whole words") << QStringLiteral("cat catalog (cat) cat1 cat")
                                 << QStringLiteral("cat") << QStringLiteral("dog") << any << whole
                                 << QStringLiteral("dog catalog (dog) cat1 dog") << 3;
    QTest::newRow("whole words next to accents")
        << QStringLiteral("café cafés Café") << QStringLiteral("café") << QStringLiteral("bar")
        << any << whole << QStringLiteral("bar cafés bar") << 2;
    QTest::newRow("chinese") << QStringLiteral("林黛玉进贾府。林黛玉哭了。")
                             << QStringLiteral("林黛玉") << QStringLiteral("黛玉") << exact
                             << anywhere << QStringLiteral("黛玉进贾府。黛玉哭了。") << 2;
    QTest::newRow("chinese whole words need punctuation")
        << QStringLiteral("「林」说：林黛玉。") << QStringLiteral("林") << QStringLiteral("木")
        << any << whole << QStringLiteral("「木」说：林黛玉。") << 1;
    QTest::newRow("replacement contains the needle")
        << QStringLiteral("Ann and Ann") << QStringLiteral("Ann") << QStringLiteral("Anna") << exact
        << anywhere << QStringLiteral("Anna and Anna") << 2;
    QTest::newRow("no overlaps") << QStringLiteral("aaaaa") << QStringLiteral("aa")
                                 << QStringLiteral("b") << exact << anywhere
                                 << QStringLiteral("bba") << 2;
    QTest::newRow("greek") << QStringLiteral("ΟΔΟΣ οδος Οδός") << QStringLiteral("οδος")
                           << QStringLiteral("x") << any << anywhere << QStringLiteral("x x Οδός")
                           << 2;
    QTest::newRow("cyrillic") << QStringLiteral("Ёлка ЁЛКА") << QStringLiteral("ёлка")
                              << QStringLiteral("ель") << any << anywhere
                              << QStringLiteral("ель ель") << 2;
    QTest::newRow("full-width latin")
        << QStringLiteral("ＡＢＣ ａｂｃ") << QStringLiteral("ａｂｃ") << QStringLiteral("x") << any
        << anywhere << QStringLiteral("x x") << 2;
    QTest::newRow("regex characters are literal")
        << QStringLiteral("a.b a+b axb") << QStringLiteral("a.b") << QStringLiteral("c") << any
        << anywhere << QStringLiteral("c a+b axb") << 1;
    QTest::newRow("to nothing") << QStringLiteral("very very good") << QStringLiteral("very ")
                                << QString() << any << anywhere << QStringLiteral("good") << 2;
    QTest::newRow("no match") << QStringLiteral("abc") << QStringLiteral("x") << QStringLiteral("y")
                              << any << anywhere << QStringLiteral("abc") << 0;
    QTest::newRow("empty needle") << QStringLiteral("abc") << QString() << QStringLiteral("y")
                                  << any << anywhere << QStringLiteral("abc") << 0;
}

void TestBookReplace::replaceAll()
{
    QFETCH(QString, text);
    QFETCH(QString, needle);
    QFETCH(QString, with);
    QFETCH(MatchCase, matchCase);
    QFETCH(MatchWords, words);
    QFETCH(QString, expected);
    QFETCH(int, count);
    std::string utf8 = text.toStdString();
    const Replacement replacement{needle.toStdString(), with.toStdString(), matchCase, words};
    QCOMPARE(static_cast<int>(novel::replaceAll(utf8, replacement)), count);
    QCOMPARE(QString::fromStdString(utf8), expected);
}

void TestBookReplace::replacesInEnglishAndChineseChapters()
{
    const auto book = makeBook({"Anna ran. Anna hid.", "Nobody here.", "安娜跑了。安娜躲了。安娜"});
    const auto ids = chapterIds(book);
    auto english = replaceInBook(*m_db, book, {"Anna", "Mara", MatchCase::Sensitive, {}});
    QVERIFY(english.has_value());
    QCOMPARE(english->total(), std::size_t{2});
    QCOMPARE(english->chapters.size(), std::size_t{1});
    QCOMPARE(english->chapters[0].chapterId, ids[0]);
    QCOMPARE(english->chapters[0].position, 1);
    QCOMPARE(english->chapters[0].count, std::size_t{2});

    auto chinese = replaceInBook(*m_db, book, {"安娜", "玛拉", {}, {}});
    QVERIFY(chinese.has_value());
    QCOMPARE(chinese->total(), std::size_t{3});
    QCOMPARE(chinese->chapters.size(), std::size_t{1});
    QCOMPARE(chinese->chapters[0].position, 3);

    QCOMPARE(body(ids[0]), std::string("Mara ran. Mara hid."));
    QCOMPARE(body(ids[1]), std::string("Nobody here."));
    QCOMPARE(body(ids[2]), std::string("玛拉跑了。玛拉躲了。玛拉"));
    // The stored length follows the new text.
    QCOMPARE(store::ChapterStore(*m_db).get(ids[2])->bodyLength, std::int64_t{10});
}

void TestBookReplace::revisionsTakeTheReplacementBack()
{
    const auto book = makeBook({"Anna ran.", "Where was Anna?"});
    const auto ids = chapterIds(book);
    QVERIFY(replaceInBook(*m_db, book, {"Anna", "Mara", {}, {}}).has_value());
    store::RevisionStore revisions(*m_db);
    const std::vector<std::pair<std::int64_t, std::string>> originals{{ids[0], "Anna ran."},
                                                                      {ids[1], "Where was Anna?"}};
    for (const auto &[id, original] : originals) {
        auto kept = revisions.list(id);
        QVERIFY(kept.has_value());
        QCOMPARE(kept->size(), std::size_t{1});
        QCOMPARE(kept->front().replacedBy, store::BodySource::Writer);
        QCOMPARE(revisions.get(kept->front().id)->body, original);
        QVERIFY(revisions.restore(id, kept->front().id).has_value());
        QCOMPARE(body(id), original);
    }
}

void TestBookReplace::keepsARevisionEvenRightAfterASave()
{
    // A writer's save a moment ago would let the next small writer edit overwrite in place
    // (store::RevisionPolicy); a book-wide replace keeps the old text all the same.
    const auto book = makeBook({"Draft."});
    const auto id = chapterIds(book).front();
    QVERIFY(store::ChapterStore(*m_db)
                .replaceBody(id, "Anna waits at the quay.", store::BodySource::Writer)
                .has_value());
    const auto before = store::RevisionStore(*m_db).list(id)->size();
    auto replaced = replaceInChapter(*m_db, id, {"Anna", "Mara", {}, {}});
    QVERIFY(replaced.has_value());
    QCOMPARE(*replaced, std::size_t{1});
    auto kept = store::RevisionStore(*m_db).list(id);
    QCOMPARE(kept->size(), before + 1);
    QCOMPARE(store::RevisionStore(*m_db).get(kept->front().id)->body,
             std::string("Anna waits at the quay."));
}

void TestBookReplace::nothingChangesWhenNothingMatches()
{
    const auto book = makeBook({"Anna ran.", "安娜跑了。"});
    const auto ids = chapterIds(book);
    const auto updatedAt = store::ChapterStore(*m_db).get(ids[0])->updatedAt;
    auto replaced = replaceInBook(*m_db, book, {"Zed", "Mara", {}, {}});
    QVERIFY(replaced.has_value());
    QCOMPARE(replaced->total(), std::size_t{0});
    QVERIFY(replaced->chapters.empty());
    QCOMPARE(body(ids[0]), std::string("Anna ran."));
    QCOMPARE(body(ids[1]), std::string("安娜跑了。"));
    QCOMPARE(store::ChapterStore(*m_db).get(ids[0])->updatedAt, updatedAt);
    for (const auto id : ids)
        QVERIFY(store::RevisionStore(*m_db).list(id)->empty());
}

void TestBookReplace::skipsTheGivenChapters()
{
    const auto book = makeBook({"Anna one.", "Anna two.", "Anna three."});
    const auto ids = chapterIds(book);
    const std::vector<std::int64_t> skip{ids[1]};
    auto replaced = replaceInBook(*m_db, book, {"Anna", "Mara", {}, {}}, skip);
    QVERIFY(replaced.has_value());
    QCOMPARE(replaced->total(), std::size_t{2});
    QCOMPARE(body(ids[0]), std::string("Mara one."));
    QCOMPARE(body(ids[1]), std::string("Anna two."));
    QCOMPARE(body(ids[2]), std::string("Mara three."));
}

void TestBookReplace::failureLeavesEveryChapterAsItWas()
{
    const auto book = makeBook({"Anna one.", "Anna two.", "Anna three."});
    const auto ids = chapterIds(book);
    // The second chapter's write fails (as on a full disk) after the first was written.
    QVERIFY(m_db->exec("CREATE TRIGGER refuse_second BEFORE UPDATE OF body ON chapters WHEN "
                       "NEW.id = "
                       + std::to_string(ids[1])
                       + " BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")
                .has_value());
    auto replaced = replaceInBook(*m_db, book, {"Anna", "Mara", {}, {}});
    QVERIFY(!replaced.has_value());
    QCOMPARE(body(ids[0]), std::string("Anna one."));
    QCOMPARE(body(ids[1]), std::string("Anna two."));
    QCOMPARE(body(ids[2]), std::string("Anna three."));
    for (const auto id : ids)
        QVERIFY(store::RevisionStore(*m_db).list(id)->empty());
    // The connection is usable afterwards: no transaction was left open.
    QVERIFY(m_db->exec("DROP TRIGGER refuse_second").has_value());
    QCOMPARE(replaceInBook(*m_db, book, {"Anna", "Mara", {}, {}})->total(), std::size_t{3});
}

void TestBookReplace::unknownBookIsNotFound()
{
    auto replaced = replaceInBook(*m_db, 4242, {"Anna", "Mara", {}, {}});
    QVERIFY(!replaced.has_value());
    QCOMPARE(replaced.error().code, ErrorCode::NotFound);
}

QTEST_APPLESS_MAIN(TestBookReplace)
#include "test_book_replace.moc"
