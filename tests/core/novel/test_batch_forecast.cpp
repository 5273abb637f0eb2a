#include "novel/batch_forecast.h"
#include "novel/shared_database.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;

namespace {

ForecastProfile simpleProfile()
{
    ForecastProfile p;
    p.basis = "history";
    p.sampleChapters = 4;
    p.stages = {{"draft", 1, 3000, 2000, 0.010, 10, true},
                {"continue", 0.5, 5000, 600, 0.004, 4, true},
                {"summary", 1, 2500, 150, 0.001, 2, false}};
    p.chapterCostCv = 0.2;
    p.chapterSecondsCv = 0.2;
    return p;
}

} // namespace

class TestBatchForecast : public QObject {
    Q_OBJECT

private slots:
    void wallTime_data()
    {
        QTest::addColumn<int>("chapters");
        QTest::addColumn<bool>("parallel");
        QTest::addColumn<int>("concurrency");
        QTest::addColumn<double>("wall");
        // Draft chain 10 + 0.5 × 4 = 12 s per chapter; finalize 2 s per chapter.
        QTest::newRow("sequential") << 10 << false << 4 << 140.0;
        // Parallel: finalize k starts when draft k (wave ⌈k/c⌉) and finalize k−1 are done.
        QTest::newRow("parallel 4") << 10 << true << 4 << 40.0;
        QTest::newRow("parallel 10") << 10 << true << 10 << 12.0 + 20.0;
        QTest::newRow("parallel 1 overlaps finalize") << 10 << true << 1 << 122.0;
        QTest::newRow("nothing") << 0 << false << 1 << 0.0;
    }

    void wallTime()
    {
        QFETCH(int, chapters);
        QFETCH(bool, parallel);
        QFETCH(int, concurrency);
        QFETCH(double, wall);
        const BatchForecast f
            = forecastBatch(simpleProfile(), chapters,
                            parallel ? BatchMode::Parallel : BatchMode::Sequential, concurrency);
        QVERIFY(std::abs(f.wallSeconds.expected - wall) < 1e-9);
        QVERIFY(f.wallSeconds.low <= f.wallSeconds.expected);
        QVERIFY(f.wallSeconds.high >= f.wallSeconds.expected);
    }

    void costAndRanges()
    {
        const BatchForecast f = forecastBatch(simpleProfile(), 20, BatchMode::Sequential, 1);
        QCOMPARE(f.chapters, 20);
        QVERIFY(std::abs(f.calls.expected - 20 * 2.5) < 1e-9);
        QVERIFY(std::abs(f.costUsd.expected - 20 * (0.010 + 0.002 + 0.001)) < 1e-12);
        QVERIFY(std::abs(f.completionTokens.expected - 20 * (2000 + 300 + 150)) < 1e-9);
        // History of a low-variance book: ±15% (the floor).
        QVERIFY(std::abs(f.costUsd.high / f.costUsd.expected - 1.15) < 1e-9);
        QVERIFY(std::abs(f.costUsd.low / f.costUsd.expected - 0.85) < 1e-9);
    }

    void catalogProfileIsWider()
    {
        CatalogBasis basis;
        basis.promptPrice = basis.promptPriceLow = basis.promptPriceHigh = 1e-7;
        basis.completionPrice = basis.completionPriceLow = basis.completionPriceHigh = 3e-7;
        basis.ttftSeconds = 0.5;
        basis.tokensPerSecond = 50;
        basis.continuationsPerChapter = 0;
        const ForecastProfile p = profileFromCatalog(basis);
        QCOMPARE(p.basis, std::string("catalog"));
        const StageProfile &draft = p.stages.front();
        QCOMPARE(draft.stage, std::string("draft"));
        QVERIFY(std::abs(draft.costUsd - (3000 * 1e-7 + 2600 * 3e-7)) < 1e-12);
        QVERIFY(std::abs(draft.seconds - (0.5 + 2600 / 50.0)) < 1e-9);
        const BatchForecast f = forecastBatch(p, 10, BatchMode::Sequential, 1);
        QVERIFY(f.costUsd.high / f.costUsd.expected >= 1.35 - 1e-9);
    }

    void historyFromLibrary()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("lib.db")).toStdString());
        QVERIFY(db.has_value());
        SharedDatabase shared(**db);
        store::Book book;
        book.title = "B";
        const auto bookId = store::BookStore(**db).create(book).value();
        QCOMPARE(profileFromHistory(shared, bookId).error().code, ErrorCode::NotFound);

        std::vector<std::int64_t> chapterIds;
        for (int p = 1; p <= 2; ++p) {
            store::Chapter c;
            c.position = p;
            chapterIds.push_back(store::ChapterStore(**db).add(bookId, c).value());
        }
        store::GenerationStore generations(**db);
        auto record = [&](std::int64_t chapter, const char *stage, double cost, std::int64_t ms,
                          std::int64_t completion, store::GenerationStatus status) {
            store::GenerationRecord g;
            g.bookId = bookId;
            g.chapterId = chapter;
            g.stage = stage;
            g.model = "m";
            g.startedAt = 1'000'000;
            const auto id = generations.start(g).value();
            g.id = id;
            g.status = status;
            g.costUsd = cost;
            g.promptTokens = 1000;
            g.completionTokens = completion;
            g.finishedAt = g.startedAt + ms;
            QVERIFY(generations.finish(g).has_value());
        };
        record(chapterIds[0], "draft", 0.02, 10'000, 800, store::GenerationStatus::Succeeded);
        record(chapterIds[0], "summary", 0.002, 2'000, 100, store::GenerationStatus::Succeeded);
        record(chapterIds[1], "draft", 0.04, 20'000, 1200, store::GenerationStatus::Succeeded);
        record(chapterIds[1], "draft", 0.01, 1'000, 0, store::GenerationStatus::Failed);
        record(chapterIds[1], "summary", 0.004, 4'000, 100, store::GenerationStatus::Cancelled);

        auto profile = profileFromHistory(shared, bookId);
        QVERIFY(profile.has_value());
        QCOMPARE(profile->sampleChapters, 2);
        const auto draft
            = std::ranges::find(profile->stages, std::string("draft"), &StageProfile::stage);
        QVERIFY(draft != profile->stages.end());
        QVERIFY(std::abs(draft->callsPerChapter - 1.5) < 1e-9); // the failed try counts
        QVERIFY(std::abs(draft->costUsd - 0.07 / 3) < 1e-12);
        QVERIFY(std::abs(draft->seconds - 31.0 / 3) < 1e-9);
        const auto summary
            = std::ranges::find(profile->stages, std::string("summary"), &StageProfile::stage);
        QVERIFY(std::abs(summary->callsPerChapter - 0.5) < 1e-9); // the cancelled one does not
    }
};

QTEST_APPLESS_MAIN(TestBatchForecast)
#include "test_batch_forecast.moc"
