// The dashboard's Quality tab: finding rates per provider × model × precision as
// store::QualityStore::rates() computes them, loaded off the GUI thread, limited to the window,
// intentional findings left out, a dash for a row without output tokens, and a finding
// recorded while the dashboard is open shows up on the next probe.
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/quality_store.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/dashboard/quality_rates_model.h"

#include <QDir>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <string>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

constexpr std::int64_t kNow = 1'800'000'000'000; // on an hour boundary
constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;
constexpr const char *kModel = "m/model";

QString dash()
{
    return QString(QChar(0x2013));
}

QString cell(const QAbstractItemModel *model, int row, QualityRatesModel::Column column)
{
    return model->index(row, column).data().toString();
}

int rowOf(const QAbstractItemModel *model, const QString &provider)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (cell(model, r, QualityRatesModel::Provider) == provider)
            return r;
    }
    return -1;
}

/// The interval text the tab must show for `findings` over `tokens`, from the store's own
/// poissonInterval (the UI shows it and never computes its own).
QString intervalText(std::int64_t findings, std::int64_t tokens)
{
    const store::CountInterval ci = store::poissonInterval(findings);
    const double scale = 10000.0 / static_cast<double>(tokens);
    return QString::number(ci.low * scale, 'f', 2) + dash()
        + QString::number(ci.high * scale, 'f', 2);
}

} // namespace

class TestDashboardQuality : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void ratesPerProviderAndPrecision();
    void windowLimitsTheRows();
    void newFindingsShowWhileOpen();

private:
    std::unique_ptr<store::Database> open();
    std::int64_t generation(store::Database &db, const std::string &provider,
                            const std::string &precision, std::optional<std::int64_t> tokens,
                            std::int64_t startedAt);
    static store::StoredFinding finding(const std::string &evidence, bool intentional = false);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::int64_t m_book = 0;
    std::int64_t m_chapter = 0;
    std::int64_t m_together = 0;
};

void TestDashboardQuality::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = QDir(m_dir->path()).filePath(QStringLiteral("library.db"));
    auto db = open();
    QVERIFY(db);
    m_book = store::BookStore(*db).create(store::Book{.title = "Ledger", .language = "en"}).value();
    m_chapter = store::ChapterStore(*db).add(m_book, store::Chapter{.title = "One"}).value();
    const std::int64_t recent = kNow - 2 * kHour;
    store::QualityStore quality(*db);

    // DeepInfra fp8: two generations, 5,000 tokens, three findings and one intentional one.
    const std::int64_t a = generation(*db, "DeepInfra", "fp8", 3000, recent);
    const std::int64_t b = generation(*db, "DeepInfra", "fp8", 2000, recent + 1);
    QVERIFY(
        quality.record(a, {finding("the bell rang"), finding("the bell rang again")}).has_value());
    QVERIFY(quality.record(b, {finding("she smiled"), finding("meant so", true)}).has_value());
    // Together bf16: checked, clean.
    m_together = generation(*db, "Together", "bf16", 10000, recent + 2);
    QVERIFY(quality.record(m_together, {}).has_value());
    // Novita fp4: checked but no token count: no rate, however many findings.
    const std::int64_t c = generation(*db, "Novita", "fp4", std::nullopt, recent + 3);
    QVERIFY(quality.record(c, {finding("the door opened")}).has_value());
    // Never checked: not a row.
    generation(*db, "Unchecked", "fp8", 4000, recent + 4);
    // Three days old: only in the "All time" window.
    const std::int64_t old = generation(*db, "Parasail", "fp8", 1000, kNow - 3 * kDay);
    QVERIFY(quality.record(old, {finding("an old loop")}).has_value());
}

void TestDashboardQuality::cleanup()
{
    m_dir.reset();
}

void TestDashboardQuality::ratesPerProviderAndPrecision()
{
    DashboardWindow window(m_path, nullptr, [] { return kNow; });
    window.setRange(store::DashboardRange::Day);
    const QAbstractItemModel *model = window.qualityModel();
    QTRY_COMPARE(model->rowCount(), 3);
    QVERIFY(window.qualityTable()->model() == model);

    // Sorted by model, then the worst rate first; no rate last.
    QCOMPARE(cell(model, 0, QualityRatesModel::Provider), QStringLiteral("DeepInfra"));
    QCOMPARE(cell(model, 1, QualityRatesModel::Provider), QStringLiteral("Together"));
    QCOMPARE(cell(model, 2, QualityRatesModel::Provider), QStringLiteral("Novita"));

    QCOMPARE(cell(model, 0, QualityRatesModel::Model), QString::fromLatin1(kModel));
    QCOMPARE(cell(model, 0, QualityRatesModel::Precision), QStringLiteral("fp8"));
    QCOMPARE(cell(model, 0, QualityRatesModel::Generations), QStringLiteral("2"));
    QCOMPARE(cell(model, 0, QualityRatesModel::OutputTokens), QStringLiteral("5000"));
    // The intentional finding is not counted: 3, not 4, so 6 per 10k tokens.
    QCOMPARE(cell(model, 0, QualityRatesModel::Findings), QStringLiteral("3"));
    QCOMPARE(cell(model, 0, QualityRatesModel::PerTenThousand), QStringLiteral("6.00"));
    QCOMPARE(cell(model, 0, QualityRatesModel::Interval), intervalText(3, 5000));
    QCOMPARE(intervalText(3, 5000), QStringLiteral("1.24") + dash() + QStringLiteral("17.53"));

    // A clean provider has a rate of 0 and the upper bound of a count of 0.
    QCOMPARE(cell(model, 1, QualityRatesModel::Findings), QStringLiteral("0"));
    QCOMPARE(cell(model, 1, QualityRatesModel::PerTenThousand), QStringLiteral("0.00"));
    QCOMPARE(cell(model, 1, QualityRatesModel::Interval), intervalText(0, 10000));

    // No tokens: a dash for rate and interval, the count still shown.
    QCOMPARE(cell(model, 2, QualityRatesModel::OutputTokens), QStringLiteral("0"));
    QCOMPARE(cell(model, 2, QualityRatesModel::Findings), QStringLiteral("1"));
    QCOMPARE(cell(model, 2, QualityRatesModel::PerTenThousand), dash());
    QCOMPARE(cell(model, 2, QualityRatesModel::Interval), dash());

    QCOMPARE(model->headerData(QualityRatesModel::PerTenThousand, Qt::Horizontal).toString(),
             QStringLiteral("Findings / 10k tokens"));
    QCOMPARE(model->headerData(QualityRatesModel::Interval, Qt::Horizontal).toString(),
             QStringLiteral("95 % interval"));
    QCOMPARE(model->columnCount(), 8);
}

void TestDashboardQuality::windowLimitsTheRows()
{
    DashboardWindow window(m_path, nullptr, [] { return kNow; });
    window.setRange(store::DashboardRange::Day);
    const QAbstractItemModel *model = window.qualityModel();
    QTRY_COMPARE(model->rowCount(), 3);
    QCOMPARE(rowOf(model, QStringLiteral("Parasail")), -1);
    window.setRange(store::DashboardRange::All);
    QTRY_COMPARE(model->rowCount(), 4);
    const int old = rowOf(model, QStringLiteral("Parasail"));
    QVERIFY(old >= 0);
    QCOMPARE(cell(model, old, QualityRatesModel::PerTenThousand), QStringLiteral("10.00"));
    QCOMPARE(cell(model, old, QualityRatesModel::Interval), intervalText(1, 1000));
}

void TestDashboardQuality::newFindingsShowWhileOpen()
{
    DashboardWindow window(m_path, nullptr, [] { return kNow; });
    window.setRange(store::DashboardRange::Day);
    const QAbstractItemModel *model = window.qualityModel();
    QTRY_COMPARE(model->rowCount(), 3);
    QCOMPARE(cell(model, rowOf(model, QStringLiteral("Together")), QualityRatesModel::Findings),
             QStringLiteral("0"));
    window.refresher()->start(50);
    {
        auto db = open();
        QVERIFY(db);
        QVERIFY(store::QualityStore(*db)
                    .record(m_together, {finding("a"), finding("b"), finding("c"), finding("d")})
                    .has_value());
    }
    // No new generation or attempt: only the quality probe sees this.
    QTRY_COMPARE(cell(model, rowOf(model, QStringLiteral("Together")), QualityRatesModel::Findings),
                 QStringLiteral("4"));
    QCOMPARE(cell(model, 0, QualityRatesModel::Provider), QStringLiteral("DeepInfra"));
    const int together = rowOf(model, QStringLiteral("Together"));
    QCOMPARE(cell(model, together, QualityRatesModel::PerTenThousand), QStringLiteral("4.00"));
    QCOMPARE(cell(model, together, QualityRatesModel::Interval), intervalText(4, 10000));
    window.refresher()->stop();
}

std::unique_ptr<store::Database> TestDashboardQuality::open()
{
    auto db = store::Database::open(m_path.toStdString());
    if (!db)
        return nullptr;
    return std::move(*db);
}

std::int64_t TestDashboardQuality::generation(store::Database &db, const std::string &provider,
                                              const std::string &precision,
                                              std::optional<std::int64_t> tokens,
                                              std::int64_t startedAt)
{
    store::GenerationRecord g;
    g.bookId = m_book;
    g.chapterId = m_chapter;
    g.stage = "draft";
    g.model = kModel;
    g.provider = provider;
    g.precision = precision;
    g.completionTokens = tokens;
    g.status = store::GenerationStatus::Succeeded;
    g.startedAt = startedAt;
    g.finishedAt = startedAt + 1000;
    g.id = store::GenerationStore(db).start(g).value();
    store::GenerationStore(db).finish(g).value();
    return g.id;
}

store::StoredFinding TestDashboardQuality::finding(const std::string &evidence, bool intentional)
{
    store::StoredFinding f;
    f.kind = "repetition";
    f.evidence = evidence;
    f.intentional = intentional;
    return f;
}

QTEST_MAIN(TestDashboardQuality)
#include "test_dashboard_quality.moc"
