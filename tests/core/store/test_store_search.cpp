#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/search.h"

#include <algorithm>

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;

class TestStoreSearch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void finds_data();
    void finds();
    void snippetsMarkTheMatch_data();
    void snippetsMarkTheMatch();
    void followsEdits();
    void emptyQueryIsRejected();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::int64_t m_zh = 0;
    std::int64_t m_en = 0;
    std::int64_t m_trashed = 0;
};

void TestStoreSearch::initTestCase()
{
    auto db = Database::open(std::filesystem::path(m_dir.path().toStdString()) / "library.db");
    QVERIFY(db.has_value());
    m_db = std::move(*db);
    BookStore books(*m_db);
    ChapterStore chapters(*m_db);
    BibleStore bible(*m_db);
    m_zh = *books.create(Book{.title = "红楼", .language = "zh"});
    m_en = *books.create(Book{.title = "Harbour", .language = "en"});
    QVERIFY(chapters
                .add(m_zh,
                     Chapter{.title = "第一章 初到京城",
                             .body = "林黛玉抛父进京都，贾宝玉初见林妹妹。她看见一条龙。"})
                .has_value());
    QVERIFY(chapters
                .add(m_zh,
                     Chapter{.title = "第二章 大观园", .body = "宝玉在大观园里读书，外面下着雨。"})
                .has_value());
    QVERIFY(chapters
                .add(m_en,
                     Chapter{.title = "The Lighthouse",
                             .body = "The keeper climbed the stairs of the lighthouse at "
                                     "dusk. Fog rolled in over the harbour."})
                .has_value());
    m_trashed = *chapters.add(m_en, Chapter{.title = "Cut scene", .body = "A deleted lighthouse."});
    QVERIFY(chapters.trash(m_trashed).has_value());
    QVERIFY(bible
                .add(BibleEntry{.bookId = m_zh,
                                .kind = BibleKind::Character,
                                .name = "林黛玉",
                                .aliases = "颦儿",
                                .text = "多愁善感的诗人。"})
                .has_value());
    QVERIFY(bible
                .add(BibleEntry{.bookId = m_en,
                                .kind = BibleKind::Place,
                                .name = "Lighthouse",
                                .text = "White tower on the northern cape."})
                .has_value());
}

void TestStoreSearch::cleanupTestCase()
{
    m_db.reset();
}

void TestStoreSearch::finds_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<bool>("chineseBook");
    QTest::addColumn<QByteArrayList>("expected"); // "kind:title" in rank order (set comparison)

    QTest::newRow("zh three chars")
        << QByteArray("林黛玉") << true
        << QByteArrayList{"chapter:第一章 初到京城", "character:林黛玉 颦儿"};
    QTest::newRow("zh two chars") << QByteArray(
        "宝玉") << true << QByteArrayList{"chapter:第一章 初到京城", "chapter:第二章 大观园"};
    QTest::newRow("zh one char") << QByteArray("龙") << true
                                 << QByteArrayList{"chapter:第一章 初到京城"};
    QTest::newRow("zh title") << QByteArray("大观园") << true
                              << QByteArrayList{"chapter:第二章 大观园"};
    QTest::newRow("zh alias two chars")
        << QByteArray("颦儿") << true << QByteArrayList{"character:林黛玉 颦儿"};
    QTest::newRow("zh two terms") << QByteArray("宝玉 下着雨") << true
                                  << QByteArrayList{"chapter:第二章 大观园"};
    QTest::newRow("zh no match") << QByteArray("孙悟空") << true << QByteArrayList{};
    QTest::newRow("en word") << QByteArray("lighthouse") << false
                             << QByteArrayList{"chapter:The Lighthouse", "place:Lighthouse"};
    QTest::newRow("en case") << QByteArray("FOG") << false
                             << QByteArrayList{"chapter:The Lighthouse"};
    QTest::newRow("en two words") << QByteArray("keeper harbour") << false
                                  << QByteArrayList{"chapter:The Lighthouse"};
    QTest::newRow("en short word")
        << QByteArray("at") << false << QByteArrayList{"chapter:The Lighthouse"};
    QTest::newRow("en quote safe") << QByteArray("\"tower") << false << QByteArrayList{};
    QTest::newRow("en other book") << QByteArray("宝玉") << false << QByteArrayList{};
}

void TestStoreSearch::finds()
{
    QFETCH(QByteArray, query);
    QFETCH(bool, chineseBook);
    QFETCH(QByteArrayList, expected);
    auto hits
        = search(*m_db, query.toStdString(), SearchOptions{.bookId = chineseBook ? m_zh : m_en});
    QVERIFY2(hits.has_value(), hits ? "" : hits.error().detail.c_str());
    QByteArrayList got;
    for (const SearchHit &hit : *hits)
        got << QByteArray::fromStdString(hit.kind + ":" + hit.title);
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(got, expected);
}

void TestStoreSearch::snippetsMarkTheMatch_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("marked");
    QTest::newRow("indexed zh") << QByteArray("贾宝玉") << QByteArray("[贾宝玉]");
    QTest::newRow("scanned zh") << QByteArray("龙") << QByteArray("[龙]");
    QTest::newRow("indexed en") << QByteArray("stairs") << QByteArray("[stairs]");
    QTest::newRow("scanned en") << QByteArray("at") << QByteArray("[at]");
}

void TestStoreSearch::snippetsMarkTheMatch()
{
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, marked);
    auto hits = search(*m_db, query.toStdString());
    QVERIFY(hits.has_value());
    QVERIFY(!hits->empty());
    const QByteArray snippet = QByteArray::fromStdString(hits->front().snippet);
    QVERIFY2(snippet.contains(marked), snippet.constData());
    QVERIFY(hits->front().chapterPosition.has_value() || hits->front().kind != "chapter");
}

void TestStoreSearch::followsEdits()
{
    ChapterStore chapters(*m_db);
    auto chapter = chapters.getAt(m_en, 1);
    QVERIFY(chapters.replaceBody(chapter->id, "Seagulls circled the quay.", BodySource::Writer)
                .has_value());
    QVERIFY(search(*m_db, "keeper", SearchOptions{.bookId = m_en})->empty());
    QCOMPARE(search(*m_db, "seagulls", SearchOptions{.bookId = m_en})->size(), std::size_t(1));
    QVERIFY(chapters.untrash(m_trashed).has_value());
    auto hits = search(*m_db, "deleted", SearchOptions{.bookId = m_en});
    QCOMPARE(hits->size(), std::size_t(1));
    QVERIFY(chapters.trash(m_trashed).has_value());
    QVERIFY(search(*m_db, "deleted", SearchOptions{.bookId = m_en})->empty());
}

void TestStoreSearch::emptyQueryIsRejected()
{
    QCOMPARE(search(*m_db, "   ").error().code, ErrorCode::InvalidArgument);
}

QTEST_APPLESS_MAIN(TestStoreSearch)
#include "test_store_search.moc"
