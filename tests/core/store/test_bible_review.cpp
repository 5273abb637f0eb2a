// Provenance and review of story bible entries (schema 10) and the analysis progress of a book.
#include "store/analysis_store.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;

class TestBibleReview : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::int64_t m_book = 0;
    std::int64_t m_chapter = 0;

    std::int64_t add(const std::string &name, BibleOrigin origin, bool reviewed,
                     std::optional<std::int64_t> source = std::nullopt)
    {
        BibleEntry e;
        e.bookId = m_book;
        e.name = name;
        e.origin = origin;
        e.reviewed = reviewed;
        e.sourceChapterId = source;
        auto id = BibleStore(*m_db).add(e);
        if (!id)
            qFatal("add failed");
        return *id;
    }

    static std::vector<std::string> names(const Result<std::vector<BibleEntry>> &entries)
    {
        std::vector<std::string> out;
        for (const BibleEntry &e : *entries)
            out.push_back(e.name);
        return out;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto db = Database::open(std::filesystem::path(m_dir->path().toStdString()) / "lib.db");
        QVERIFY(db.has_value());
        m_db = std::move(*db);
        m_book = *BookStore(*m_db).create(Book{.title = "Review", .language = "en"});
        m_chapter = *ChapterStore(*m_db).add(m_book, Chapter{.title = "One", .body = "Text."});
    }

    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void roundTripsOriginSourceAndReviewed()
    {
        const std::int64_t id = add("Mara", BibleOrigin::Analysis, false, m_chapter);
        auto e = BibleStore(*m_db).get(id);
        QVERIFY(e.has_value());
        QCOMPARE(e->origin, BibleOrigin::Analysis);
        QCOMPARE(e->sourceChapterId, std::optional(m_chapter));
        QVERIFY(!e->reviewed);
        const std::int64_t own = add("Pier", BibleOrigin::Writer, true);
        QCOMPARE(BibleStore(*m_db).get(own)->sourceChapterId, std::nullopt);
        QCOMPARE(bibleOriginName(BibleOrigin::Setup), std::string_view("setup"));
        QCOMPARE(bibleOriginFromName("ghost").error().code, ErrorCode::InvalidArgument);
    }

    void listsReviewedAndUnreviewedApart()
    {
        add("Anna", BibleOrigin::Writer, true);
        const std::int64_t derived = add("Bert", BibleOrigin::Analysis, false, m_chapter);
        add("Cora", BibleOrigin::Analysis, false, m_chapter);
        BibleStore bible(*m_db);
        QCOMPARE(names(bible.listReviewed(m_book)), std::vector<std::string>{"Anna"});
        QCOMPARE(names(bible.listUnreviewed(m_book)), (std::vector<std::string>{"Bert", "Cora"}));
        QCOMPARE(bible.list(m_book)->size(), std::size_t(3));
        QVERIFY(bible.setReviewed(derived, true).has_value());
        QCOMPARE(names(bible.listReviewed(m_book)), (std::vector<std::string>{"Anna", "Bert"}));
        QCOMPARE(*bible.acceptAll(m_book), 1);
        QVERIFY(bible.listUnreviewed(m_book)->empty());
        QCOMPARE(*bible.acceptAll(m_book), 0);
        QCOMPARE(bible.setReviewed(9999, true).error().code, ErrorCode::NotFound);
    }

    void updateKeepsTheReviewMark()
    {
        const std::int64_t id = add("Mara", BibleOrigin::Analysis, false, m_chapter);
        BibleStore bible(*m_db);
        auto e = bible.get(id);
        e->text = "Edited by the writer.";
        e->reviewed = true; // ignored: only setReviewed()/acceptAll() review
        QVERIFY(bible.update(*e).has_value());
        QVERIFY(!bible.get(id)->reviewed);
        QCOMPARE(bible.get(id)->text, std::string("Edited by the writer."));
    }

    void deletingTheSourceChapterKeepsTheEntry()
    {
        const std::int64_t id = add("Mara", BibleOrigin::Analysis, false, m_chapter);
        QVERIFY(m_db->exec("DELETE FROM chapters WHERE id = " + std::to_string(m_chapter)));
        auto e = BibleStore(*m_db).get(id);
        QVERIFY(e.has_value());
        QCOMPARE(e->sourceChapterId, std::nullopt);
    }

    void recordsAnalysedChapters()
    {
        const std::int64_t second
            = *ChapterStore(*m_db).add(m_book, Chapter{.title = "Two", .body = "More."});
        AnalysisStore analysis(*m_db);
        QVERIFY(analysis.analysedChapters(m_book)->empty());
        QVERIFY(analysis.markAnalysed(m_book, {m_chapter}, std::nullopt).has_value());
        QVERIFY(analysis.markAnalysed(m_book, {m_chapter, second}, std::nullopt).has_value());
        QCOMPARE(*analysis.analysedChapters(m_book), (std::set<std::int64_t>{m_chapter, second}));
        QVERIFY(analysis.clear(m_book).has_value());
        QVERIFY(analysis.analysedChapters(m_book)->empty());
    }
};

QTEST_GUILESS_MAIN(TestBibleReview)
#include "test_bible_review.moc"
