#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/rollup_key.h"
#include "store/stats.h"

#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

constexpr std::int64_t kBase = 1'750'000'000'000LL / kHourMs * kHourMs; // an hour boundary

struct Sample {
    const char *provider;
    const char *quantization;
    std::optional<ErrorCode> error;
    std::optional<double> ttft;
    std::optional<double> decode;
    std::optional<double> e2e;
    std::int64_t completion;
    std::optional<double> cost;
    std::optional<CostSource> source;
    bool fallback;
    bool degraded;
};

// The hand-computed data set: DeepInfra serves fp8 from chapter 1's drafts, Together serves
// chapter 2's summaries at fp16 as a degraded fallback.
const Sample kDeepInfra[] = {
    {"DeepInfra", "fp8", {}, 100, 50, 40, 1000, 0.002, CostSource::Usage, false, false},
    {"DeepInfra", "fp8", {}, 200, 60, 40, 1000, 0.002, CostSource::Usage, false, false},
    {"DeepInfra", "fp8", {}, 300, 70, 40, 1000, 0.002, CostSource::Usage, false, false},
    {"DeepInfra", "fp8", {}, 400, 80, 40, 1000, 0.002, CostSource::Usage, false, false},
    {"DeepInfra", "fp8", ErrorCode::RateLimit, {}, {}, {}, 0, {}, {}, false, false},
    {"DeepInfra",
     "fp8",
     ErrorCode::Cancelled,
     150,
     {},
     {},
     10,
     0.0001,
     CostSource::Generation,
     false,
     false},
};
const Sample kTogether[] = {
    {"Together", "fp16", {}, 1000, 30, 20, 500, 0.003, CostSource::Estimate, true, true},
    {"Together", "fp16", {}, 3000, 30, 20, 500, 0.003, CostSource::Estimate, true, true},
    {"Together", "fp16", ErrorCode::Provider, {}, {}, {}, 0, {}, {}, false, false},
};

} // namespace

class TestStoreStats : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void perProvider_data();
    void perProvider();
    void totalsAndWindow();
    void ledger();
    void reconciliationMovesCost();

private:
    std::int64_t addGeneration(std::int64_t chapter, const char *stage);
    void addAttempts(std::int64_t generation, const Sample &sample, int index, std::int64_t t0);

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::int64_t m_book = 0;
    std::int64_t m_chapter1 = 0;
    std::int64_t m_chapter2 = 0;
    std::int64_t m_reconcileAttempt = 0;
};

std::int64_t TestStoreStats::addGeneration(std::int64_t chapter, const char *stage)
{
    GenerationStore generations(*m_db);
    return *generations.start(GenerationRecord{.bookId = m_book,
                                               .chapterId = chapter,
                                               .stage = stage,
                                               .model = "vendor/model",
                                               .startedAt = kBase});
}

void TestStoreStats::addAttempts(std::int64_t generation, const Sample &s, int index,
                                 std::int64_t t0)
{
    GenerationStore generations(*m_db);
    auto id = generations.recordAttempt(AttemptRecord{.generationId = generation,
                                                      .index = index,
                                                      .model = "vendor/model",
                                                      .provider = s.provider,
                                                      .quantization = s.quantization,
                                                      .quantizationExact = true,
                                                      .errorClass = s.error,
                                                      .t0Ms = t0,
                                                      .ttftMs = s.ttft,
                                                      .decodeTps = s.decode,
                                                      .e2eTps = s.e2e,
                                                      .promptTokens = 100,
                                                      .completionTokens = s.completion,
                                                      .costUsd = s.cost,
                                                      .costSource = s.source,
                                                      .fallback = s.fallback,
                                                      .degraded = s.degraded});
    QVERIFY(id.has_value());
    m_reconcileAttempt = *id;
}

void TestStoreStats::initTestCase()
{
    auto db = Database::open(std::filesystem::path(m_dir.path().toStdString()) / "library.db");
    QVERIFY(db.has_value());
    m_db = std::move(*db);
    BookStore books(*m_db);
    ChapterStore chapters(*m_db);
    m_book = *books.create(Book{.title = "Costs"});
    m_chapter1 = *chapters.add(m_book, Chapter{.title = "One"});
    m_chapter2 = *chapters.add(m_book, Chapter{.title = "Two"});
    // Three drafts of chapter 1 (2 attempts each), spread over two hours.
    for (int g = 0; g < 3; ++g) {
        const auto gen = addGeneration(m_chapter1, "draft");
        for (int i = 0; i < 2; ++i)
            addAttempts(gen, kDeepInfra[g * 2 + i], i, kBase + (g * 2 + i) * 20 * 60 * 1000);
    }
    // Two summaries of chapter 2: the failure then a success, and another success.
    const auto s1 = addGeneration(m_chapter2, "summary");
    addAttempts(s1, kTogether[2], 0, kBase + 1000);
    addAttempts(s1, kTogether[0], 1, kBase + 2000);
    const auto s2 = addGeneration(m_chapter2, "summary");
    addAttempts(s2, kTogether[1], 0, kBase + 3000);
    // Outside the window (a day earlier): must not be counted by windowed queries.
    const auto old = addGeneration(m_chapter1, "draft");
    addAttempts(old, kDeepInfra[0], 0, kBase - 24 * kHourMs);
    // Remember the second Together success for the reconciliation test.
    m_reconcileAttempt = (*GenerationStore(*m_db).attempts(s2)).front().id;
}

void TestStoreStats::cleanupTestCase()
{
    m_db.reset();
}

void TestStoreStats::perProvider_data()
{
    QTest::addColumn<bool>("byBook");
    QTest::addColumn<QByteArray>("provider");
    QTest::addColumn<QByteArray>("precision");
    QTest::addColumn<qint64>("requests");
    QTest::addColumn<qint64>("successes");
    QTest::addColumn<double>("successRate");
    QTest::addColumn<double>("ttftP50");
    QTest::addColumn<double>("ttftP90");
    QTest::addColumn<double>("decodeP50");
    QTest::addColumn<double>("e2eP50");
    QTest::addColumn<qint64>("completion");
    QTest::addColumn<double>("cost");
    QTest::addColumn<double>("usdPerMillion");
    QTest::addColumn<QByteArray>("errorClass");
    QTest::addColumn<double>("fallbackRate");
    QTest::addColumn<double>("degradationRate");
    for (const bool byBook : {false, true}) {
        const char *path = byBook ? "raw " : "rollup ";
        QTest::newRow((std::string(path) + "deepinfra").c_str())
            << byBook << QByteArray("DeepInfra") << QByteArray("fp8") << qint64(6) << qint64(4)
            << 0.8 << 200.0 << 400.0 << 60.0 << 40.0 << qint64(4010) << 0.0081
            << 0.0081 / 4010 * 1e6 << QByteArray("rate_limit") << 0.0 << 0.0;
        QTest::newRow((std::string(path) + "together").c_str())
            << byBook << QByteArray("Together") << QByteArray("fp16") << qint64(3) << qint64(2)
            << 2.0 / 3 << 1000.0 << 3000.0 << 30.0 << 20.0 << qint64(1000) << 0.006 << 6.0
            << QByteArray("provider") << 2.0 / 3 << 2.0 / 3;
    }
}

void TestStoreStats::perProvider()
{
    QFETCH(bool, byBook);
    QFETCH(QByteArray, provider);
    QFETCH(QByteArray, precision);
    StatsQuery query{.sinceMs = kBase, .untilMs = kBase + 2 * kHourMs};
    if (byBook)
        query.bookId = m_book;
    auto report = queryProviderStats(*m_db, query);
    QVERIFY(report.has_value());
    QCOMPARE(report->rows.size(), std::size_t(2));
    const ProviderStats *row = nullptr;
    for (const ProviderStats &r : report->rows) {
        if (r.provider == provider.toStdString())
            row = &r;
    }
    QVERIFY(row);
    QCOMPARE(QByteArray::fromStdString(row->precision), precision);
    QCOMPARE(row->model, std::string("vendor/model"));
    QTEST(qint64(row->requests), "requests");
    QTEST(qint64(row->successes), "successes");
    QTEST(row->successRate, "successRate");
    // Percentiles come from log buckets 10% wide: within 5% of the exact value.
    auto near = [](std::optional<double> got, double want) {
        return got && std::abs(*got - want) <= want * 0.05;
    };
    QFETCH(double, ttftP50);
    QFETCH(double, ttftP90);
    QFETCH(double, decodeP50);
    QFETCH(double, e2eP50);
    QVERIFY2(near(row->ttftP50Ms, ttftP50), qPrintable(QString::number(*row->ttftP50Ms)));
    QVERIFY(near(row->ttftP90Ms, ttftP90));
    QVERIFY(near(row->decodeTpsP50, decodeP50));
    QVERIFY(near(row->e2eTpsP50, e2eP50));
    QTEST(qint64(row->completionTokens), "completion");
    QFETCH(double, cost);
    QVERIFY(std::abs(row->costUsd - cost) < 1e-12);
    QFETCH(double, usdPerMillion);
    QVERIFY(row->usdPerMillionOutput && std::abs(*row->usdPerMillionOutput - usdPerMillion) < 1e-9);
    QFETCH(QByteArray, errorClass);
    QCOMPARE(row->errors.size(), std::size_t(1));
    QCOMPARE(row->errors.at(errorClass.toStdString()), 1);
    QTEST(row->fallbackRate, "fallbackRate");
    QTEST(row->degradationRate, "degradationRate");
}

void TestStoreStats::totalsAndWindow()
{
    auto report = queryProviderStats(*m_db, {.sinceMs = kBase, .untilMs = kBase + 2 * kHourMs});
    QCOMPARE(report->total.requests, 9);
    QCOMPARE(report->total.successes, 6);
    QCOMPARE(report->total.cancelled, 1);
    QCOMPARE(report->total.errors.size(), std::size_t(2));
    QVERIFY(std::abs(report->total.costUsd - 0.0141) < 1e-12);
    auto everything = queryProviderStats(*m_db, {.sinceMs = 0, .untilMs = kBase + 3 * kHourMs});
    QCOMPARE(everything->total.requests, 10);
    auto empty = queryProviderStats(
        *m_db, {.sinceMs = kBase + 5 * kHourMs, .untilMs = kBase + 6 * kHourMs});
    QVERIFY(empty->rows.empty());
    QCOMPARE(empty->total.requests, 0);
    QVERIFY(!empty->total.ttftP50Ms);
    QCOMPARE(queryProviderStats(*m_db, {.sinceMs = 5, .untilMs = 5}).error().code,
             ErrorCode::InvalidArgument);
}

void TestStoreStats::ledger()
{
    auto rows = costLedger(*m_db, m_book);
    QVERIFY(rows.has_value());
    QCOMPARE(rows->size(), std::size_t(2));
    const LedgerRow &drafts = (*rows)[0];
    QCOMPARE(drafts.chapterId, std::optional(m_chapter1));
    QCOMPARE(drafts.chapterPosition, std::optional(1));
    QCOMPARE(drafts.stage, std::string("draft"));
    QCOMPARE(drafts.generations, 4);
    QCOMPARE(drafts.attempts, 7);
    QCOMPARE(drafts.failedAttempts, 2);
    QVERIFY(std::abs(drafts.costUsd - 0.0101) < 1e-12);
    QCOMPARE(drafts.estimatedUsd, 0.0);
    const LedgerRow &summaries = (*rows)[1];
    QCOMPARE(summaries.stage, std::string("summary"));
    QCOMPARE(summaries.generations, 2);
    QCOMPARE(summaries.attempts, 3);
    QCOMPARE(summaries.failedAttempts, 1);
    QVERIFY(std::abs(summaries.costUsd - 0.006) < 1e-12);
    QVERIFY(std::abs(summaries.estimatedUsd - 0.006) < 1e-12);
    QVERIFY(costLedger(*m_db, 12345)->empty());
}

void TestStoreStats::reconciliationMovesCost()
{
    GenerationStore generations(*m_db);
    QVERIFY(generations.reconcileAttemptCost(m_reconcileAttempt, 0.004, CostSource::Generation)
                .has_value());
    for (const bool byBook : {false, true}) {
        StatsQuery query{.sinceMs = kBase, .untilMs = kBase + 2 * kHourMs};
        if (byBook)
            query.bookId = m_book;
        auto report = queryProviderStats(*m_db, query);
        for (const ProviderStats &r : report->rows) {
            if (r.provider == "Together")
                QVERIFY(std::abs(r.costUsd - 0.007) < 1e-12);
        }
    }
    auto rows = costLedger(*m_db, m_book);
    QVERIFY(std::abs((*rows)[1].estimatedUsd - 0.003) < 1e-12);
    QCOMPARE(generations.reconcileAttemptCost(999999, 1, CostSource::Usage).error().code,
             ErrorCode::NotFound);
}

QTEST_APPLESS_MAIN(TestStoreStats)
#include "test_store_stats.moc"
