// The rollups a long or one-book dashboard window (and `scriptorium-cli stats`) reads (schema
// 5): each answer from them must equal the same answer computed from the raw attempts, on a random
// library and after every change that moves attempts between books or removes them.
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/dashboard_data.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/log_histogram.h"
#include "store/rollup_key.h"
#include "store/stats.h"
#include "store/stats_accumulator.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

constexpr std::int64_t kDayMs = 24 * kHourMs;
// Mid-hour of mid-day, so every window's first hour and first day are partial.
constexpr std::int64_t kNow = 1'750'000'000'000LL / kDayMs * kDayMs + 17 * kHourMs + 1'234'567;
constexpr DashboardRange kRanges[]
    = {DashboardRange::Day, DashboardRange::Week, DashboardRange::Month, DashboardRange::All};

QString describe(const ProviderStats &s)
{
    std::ostringstream out;
    auto opt = [&out](const char *name, const std::optional<double> &v) {
        out << ' ' << name << '=';
        if (v)
            out << *v;
        else
            out << '-';
    };
    out << s.provider << '|' << s.model << '|' << s.precision << " requests=" << s.requests
        << " ok=" << s.successes << " cancelled=" << s.cancelled << " fallbacks=" << s.fallbacks
        << " degraded=" << s.degraded << " prompt=" << s.promptTokens
        << " completion=" << s.completionTokens << " cost=" << s.costUsd;
    opt("ttft50", s.ttftP50Ms);
    opt("ttft90", s.ttftP90Ms);
    opt("decode50", s.decodeTpsP50);
    opt("e2e50", s.e2eTpsP50);
    opt("usdPerM", s.usdPerMillionOutput);
    for (const auto &[name, count] : s.errors)
        out << ' ' << name << '=' << count;
    return QString::fromStdString(out.str());
}

QStringList describe(const std::vector<ProviderStats> &rows)
{
    QStringList out;
    for (const ProviderStats &s : rows)
        out << describe(s);
    out.sort(); // equal request counts may come in either order
    return out;
}

QString rangeName(DashboardRange range)
{
    return QString::fromUtf8(dashboardRangeName(range));
}

} // namespace

class TestStoreRollups : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void oneBookTableMatchesItsRawAttempts_data();
    void oneBookTableMatchesItsRawAttempts();
    void costSlicesMatchTheRawAttempts_data();
    void costSlicesMatchTheRawAttempts();
    void generationGivenAnotherBookIsRebuilt();
    void rawMoveIsReadRawUntilRepaired();
    void deletedBookTakesItsRowsAlong();
    void deletedGenerationIsRebuilt();
    void histogramPercentilesStayInTheSeenRange();

private:
    std::vector<ProviderStats> rawBookStats(std::int64_t book, std::int64_t sinceMs,
                                            std::int64_t untilMs);
    void compareBookWithRaw(std::int64_t book);
    void compareSlicesWithRaw(DashboardRange range, std::optional<std::int64_t> book,
                              const std::string &precision);
    std::int64_t generationOfBook(std::int64_t book);

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::vector<std::int64_t> m_books;
};

void TestStoreRollups::initTestCase()
{
    auto db = Database::open(std::filesystem::path(m_dir.path().toStdString()) / "library.db");
    QVERIFY(db.has_value());
    m_db = std::move(*db);
    BookStore books(*m_db);
    ChapterStore chapters(*m_db);
    GenerationStore generations(*m_db);
    std::vector<std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>> targets;
    for (int b = 0; b < 3; ++b) {
        const std::int64_t book = *books.create(Book{.title = "Book " + std::to_string(b)});
        m_books.push_back(book);
        for (int c = 0; c < 2; ++c)
            targets.emplace_back(book, *chapters.add(book, Chapter{.title = "Chapter"}));
    }
    targets.emplace_back(std::nullopt, std::nullopt); // generations without a book

    const char *stages[] = {"draft", "summary", "state"};
    const char *models[] = {"vendor/small", "vendor/large"};
    const char *precisions[] = {"fp8", "bf16", ""};
    std::mt19937_64 rng(8);
    auto pick = [&rng](std::size_t n) {
        return static_cast<std::size_t>(rng() % n);
    };
    std::uniform_real_distribution<double> unit(0, 1);
    QVERIFY(m_db->begin().has_value());
    for (int g = 0; g < 240; ++g) {
        const auto &[book, chapter] = targets[pick(targets.size())];
        // Over 40 days, so the 30-day window leaves some out.
        const std::int64_t start = kNow - static_cast<std::int64_t>(unit(rng) * 40 * kDayMs);
        const auto id = generations.start(GenerationRecord{.bookId = book,
                                                           .chapterId = chapter,
                                                           .stage = stages[pick(3)],
                                                           .model = models[pick(2)],
                                                           .startedAt = start});
        QVERIFY(id.has_value());
        const int attempts = 1 + static_cast<int>(pick(3));
        for (int i = 0; i < attempts; ++i) {
            AttemptRecord a{.generationId = *id,
                            .index = i,
                            .model = models[pick(2)],
                            .provider = pick(5) == 0 ? "" : (pick(2) ? "DeepInfra" : "Together"),
                            .providerSlug = pick(2) ? "slug" : "",
                            .quantization = precisions[pick(3)],
                            .t0Ms = start + static_cast<std::int64_t>(i) * 90'000,
                            .promptTokens = 1000,
                            .completionTokens = 100 + static_cast<std::int64_t>(pick(900)),
                            .fallback = pick(4) == 0,
                            .degraded = pick(6) == 0};
            const double roll = unit(rng);
            if (roll < 0.1) {
                a.errorClass = ErrorCode::RateLimit;
            } else if (roll < 0.15) {
                a.errorClass = ErrorCode::Cancelled;
            } else {
                a.ttftMs = 100 + unit(rng) * 3000;
                a.decodeTps = 10 + unit(rng) * 200;
                a.e2eTps = *a.decodeTps * 0.8;
            }
            // Binary fractions add up exactly in any order, so sums compare with ==.
            if (pick(8) != 0)
                a.costUsd = static_cast<double>(1 + pick(64)) / 1024.0;
            QVERIFY(generations.recordAttemptInTransaction(a).has_value());
        }
    }
    QVERIFY(m_db->commit().has_value());
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM book_rollup_stale"), 0);
    QVERIFY(*m_db->queryInt("SELECT count(*) FROM book_attempt_rollups") > 100);
}

// One book's provider rows computed here from its raw attempts in [sinceMs, untilMs): the
// oracle the rollup answers are held to.
std::vector<ProviderStats> TestStoreRollups::rawBookStats(std::int64_t book, std::int64_t sinceMs,
                                                          std::int64_t untilMs)
{
    auto stmt = m_db->prepare("SELECT " + std::string(kAttemptStatsColumns)
                              + " FROM attempts a JOIN generations g ON g.id = a.generation_id "
                                "WHERE g.book_id = ? AND a.t0_ms >= ? AND a.t0_ms < ?");
    std::map<StatsKey, StatsAccumulator> groups;
    if (!stmt)
        return {};
    stmt->bind(1, book).bind(2, sinceMs).bind(3, untilMs);
    while (*stmt->step())
        groups[StatsKey{stmt->text(0), stmt->text(1), stmt->text(2)}].addAttemptRow(*stmt, 3);
    std::vector<ProviderStats> rows;
    StatsAccumulator total;
    for (const auto &[key, accumulator] : groups) {
        rows.push_back(finishStats(key, accumulator));
        total.merge(accumulator);
    }
    rows.push_back(finishStats(StatsKey{"all", "all", "all"}, total));
    return rows;
}

// The dashboard's one-book table and the CLI's `stats --book` against the raw attempts of the
// same whole hours.
void TestStoreRollups::compareBookWithRaw(std::int64_t book)
{
    for (DashboardRange range : kRanges) {
        const std::int64_t since = hourOf(dashboardRangeStart(range, kNow)) * kHourMs;
        const std::int64_t until = (hourOf(kNow) + 1) * kHourMs;
        std::vector<ProviderStats> expected = rawBookStats(book, since, until);
        const ProviderStats expectedTotal = expected.back();
        expected.pop_back();
        QVERIFY2(!expected.empty() || range == DashboardRange::Day, qPrintable(rangeName(range)));

        auto snapshot
            = queryDashboard(*m_db, DashboardQuery{.nowMs = kNow, .range = range, .bookId = book});
        QVERIFY(snapshot.has_value());
        QCOMPARE(snapshot->stats.sinceMs, since);
        QCOMPARE(describe(snapshot->stats.rows), describe(expected));
        QCOMPARE(describe(snapshot->stats.total), describe(expectedTotal));

        auto cli = queryProviderStats(*m_db,
                                      StatsQuery{.sinceMs = dashboardRangeStart(range, kNow) + 1,
                                                 .untilMs = kNow + 1,
                                                 .bookId = book});
        QVERIFY(cli.has_value());
        QCOMPARE(cli->sinceMs, since);
        QCOMPARE(describe(cli->rows), describe(expected));
        QCOMPARE(describe(cli->total), describe(expectedTotal));
    }
}

void TestStoreRollups::oneBookTableMatchesItsRawAttempts_data()
{
    QTest::addColumn<int>("book");
    for (int b = 0; b < 3; ++b)
        QTest::newRow(("book " + std::to_string(b)).c_str()) << b;
}

void TestStoreRollups::oneBookTableMatchesItsRawAttempts()
{
    QFETCH(int, book);
    compareBookWithRaw(m_books[static_cast<std::size_t>(book)]);
}

// The cost breakdown (daily rollup plus the partial days' hours, or the hourly rollup with a
// precision filter) against the raw attempts of the same whole hours.
void TestStoreRollups::compareSlicesWithRaw(DashboardRange range, std::optional<std::int64_t> book,
                                            const std::string &precision)
{
    auto snapshot = queryDashboard(
        *m_db,
        DashboardQuery{.nowMs = kNow, .range = range, .bookId = book, .precision = precision});
    QVERIFY(snapshot.has_value());
    QStringList got;
    for (const CostSlice &s : snapshot->slices) {
        got << QStringLiteral("%1/%2/%3 attempts=%4 failed=%5 cost=%6")
                   .arg(s.bookId.value_or(0))
                   .arg(s.chapterId.value_or(0))
                   .arg(QString::fromStdString(s.stage))
                   .arg(s.attempts)
                   .arg(s.failedAttempts)
                   .arg(s.costUsd, 0, 'g', 17);
    }
    got.sort();
    auto stmt = m_db->prepare(
        "SELECT coalesce(g.book_id, 0), coalesce(g.chapter_id, 0), g.stage, count(*), "
        "count(a.error_class), total(a.cost_usd) FROM attempts a "
        "JOIN generations g ON g.id = a.generation_id WHERE a.t0_ms >= ?1 AND a.t0_ms < ?2 "
        "AND (?3 IS NULL OR g.book_id = ?3) AND (?4 = '' OR (CASE WHEN a.quantization != '' "
        "THEN a.quantization ELSE 'unknown' END) = ?4) GROUP BY 1, 2, 3");
    QVERIFY(stmt.has_value());
    stmt->bind(1, hourOf(dashboardRangeStart(range, kNow)) * kHourMs)
        .bind(2, (hourOf(kNow) + 1) * kHourMs)
        .bind(3, book)
        .bind(4, precision);
    QStringList expected;
    while (*stmt->step()) {
        expected << QStringLiteral("%1/%2/%3 attempts=%4 failed=%5 cost=%6")
                        .arg(stmt->int64(0))
                        .arg(stmt->int64(1))
                        .arg(QString::fromStdString(stmt->text(2)))
                        .arg(stmt->int64(3))
                        .arg(stmt->int64(4))
                        .arg(stmt->real(5), 0, 'g', 17);
    }
    expected.sort();
    QVERIFY(!expected.isEmpty() || range == DashboardRange::Day || range == DashboardRange::Week);
    QCOMPARE(got, expected);
}

void TestStoreRollups::costSlicesMatchTheRawAttempts_data()
{
    QTest::addColumn<int>("range");
    QTest::addColumn<bool>("oneBook");
    QTest::addColumn<QString>("precision");
    for (DashboardRange range : kRanges) {
        for (bool oneBook : {false, true}) {
            for (const char *precision : {"", "bf16"}) {
                const QString name = rangeName(range)
                    + QLatin1String(oneBook ? " one book" : " all books")
                    + QLatin1String(*precision ? " bf16" : "");
                QTest::newRow(qPrintable(name))
                    << static_cast<int>(range) << oneBook << QString::fromLatin1(precision);
            }
        }
    }
}

void TestStoreRollups::costSlicesMatchTheRawAttempts()
{
    QFETCH(int, range);
    QFETCH(bool, oneBook);
    QFETCH(QString, precision);
    compareSlicesWithRaw(static_cast<DashboardRange>(range),
                         oneBook ? std::optional(m_books[1]) : std::nullopt,
                         precision.toStdString());
}

std::int64_t TestStoreRollups::generationOfBook(std::int64_t book)
{
    auto id = m_db->queryInt("SELECT min(g.id) FROM generations g WHERE g.book_id = "
                             + std::to_string(book)
                             + " AND EXISTS (SELECT 1 FROM attempts a WHERE a.generation_id = g.id "
                               "AND a.t0_ms >= "
                             + std::to_string(kNow - 7 * kDayMs) + ")");
    return id ? *id : 0;
}

void TestStoreRollups::generationGivenAnotherBookIsRebuilt()
{
    GenerationStore generations(*m_db);
    const std::int64_t id = generationOfBook(m_books[0]);
    QVERIFY(id > 0);
    auto g = generations.get(id);
    QVERIFY(g.has_value());
    g->bookId = m_books[1];
    QVERIFY(generations.finish(*g).has_value());
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM book_rollup_stale"), 0);
    compareBookWithRaw(m_books[0]);
    compareBookWithRaw(m_books[1]);
    compareSlicesWithRaw(DashboardRange::Week, m_books[1], "");
}

void TestStoreRollups::rawMoveIsReadRawUntilRepaired()
{
    const std::int64_t id = generationOfBook(m_books[1]);
    QVERIFY(id > 0);
    QVERIFY(m_db->exec("UPDATE generations SET book_id = " + std::to_string(m_books[2])
                       + " WHERE id = " + std::to_string(id))
                .has_value());
    QVERIFY(*m_db->queryInt("SELECT count(*) FROM book_rollup_stale WHERE book_id = "
                            + std::to_string(m_books[1]))
            > 0);
    // Marked hours are not trusted: the answer comes from the raw attempts meanwhile.
    compareBookWithRaw(m_books[1]);
    compareBookWithRaw(m_books[2]);
    QVERIFY(repairBookRollups(*m_db).has_value());
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM book_rollup_stale"), 0);
    compareBookWithRaw(m_books[1]);
    compareBookWithRaw(m_books[2]);
}

void TestStoreRollups::deletedBookTakesItsRowsAlong()
{
    BookStore books(*m_db);
    QVERIFY(books.remove(m_books[0]).has_value());
    const std::string book = std::to_string(m_books[0]);
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM book_attempt_rollups WHERE book_id = " + book),
             0);
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM book_error_rollups WHERE book_id = " + book), 0);
    QCOMPARE(*m_db->queryInt("SELECT count(*) FROM book_rollup_stale"), 0);
    // Its attempts now count under no book; the cost breakdown follows.
    for (DashboardRange range : kRanges)
        compareSlicesWithRaw(range, std::nullopt, "");
}

void TestStoreRollups::deletedGenerationIsRebuilt()
{
    const std::int64_t id = generationOfBook(m_books[2]);
    QVERIFY(id > 0);
    QVERIFY(m_db->exec("DELETE FROM generations WHERE id = " + std::to_string(id)).has_value());
    QVERIFY(*m_db->queryInt("SELECT count(*) FROM book_rollup_stale") > 0);
    QVERIFY(repairBookRollups(*m_db).has_value());
    compareBookWithRaw(m_books[2]);
    for (DashboardRange range : kRanges)
        compareSlicesWithRaw(range, m_books[2], "");
}

void TestStoreRollups::histogramPercentilesStayInTheSeenRange()
{
    using scriptorium::store::LogHistogram;
    // One generation's figure is its own p50, not its bucket's middle (one number everywhere).
    LogHistogram one;
    one.add(883.9);
    const double kept = static_cast<double>(static_cast<float>(883.9)); // as rollups keep it
    QCOMPARE(one.percentile(0.5).value(), kept);
    QVERIFY(std::abs(kept - 883.9) < 1e-4);
    QVERIFY(std::abs(LogHistogram::valueOf(LogHistogram::bucketOf(883.9)) - 883.9) > 1e-6);
    // The extremes are exact; the middle stays within the bucket's ±5 %.
    LogHistogram many;
    for (double v : {41.0, 52.5, 60.0, 77.7, 90.2})
        many.add(v);
    QCOMPARE(many.percentile(0.0).value(), 41.0);
    QCOMPARE(many.percentile(1.0).value(), static_cast<double>(static_cast<float>(90.2)));
    QVERIFY(std::abs(many.percentile(0.5).value() / 60.0 - 1.0) < 0.05);
    // A rollup row keeps the range: decoded, the figure is the same to the bit.
    LogHistogram decoded;
    decoded.merge(one.encode());
    QCOMPARE(decoded.percentile(0.5).value(), kept);
    QCOMPARE(decoded.encode(), one.encode());
    LogHistogram merged;
    merged.merge(one);
    QCOMPARE(merged.percentile(0.5).value(), kept);
    // A row written before the range was kept reads as it did: the bucket's middle.
    std::string old = one.encode();
    old.resize(5);
    LogHistogram legacy;
    legacy.merge(old);
    QCOMPARE(legacy.percentile(0.5).value(),
             static_cast<double>(
                 static_cast<float>(LogHistogram::valueOf(LogHistogram::bucketOf(883.9)))));
    QVERIFY(!LogHistogram().percentile(0.5).has_value());
}

QTEST_GUILESS_MAIN(TestStoreRollups)
#include "test_store_rollups.moc"
