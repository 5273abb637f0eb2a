// The dashboard's Charts tab (issue 15): the endpoint scatter's points, Pareto frontier and
// "worse" flag computed from hand-made stats and quality rates, and a dashboard window over a
// library with four endpoints showing one small tokens/s chart per provider and the scatter.
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/quality_store.h"
#include "ui/dashboard/dashboard_charts.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/dashboard/endpoint_scatter.h"
#include "ui/dashboard/endpoint_scatter_points.h"
#include "ui/dashboard/provider_multiples.h"
#include "ui/dashboard/provider_stats_model.h"
#include "ui/dashboard/quality_rates_model.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

constexpr std::int64_t kNow = 1'800'000'000'000; // on an hour boundary
constexpr std::int64_t kHour = 3'600'000;
constexpr const char *kModel = "m/model";

ScatterPoint point(double tps, double usd)
{
    ScatterPoint p;
    p.decodeTps = tps;
    p.usdPerMillion = usd;
    return p;
}

store::ProviderStats row(const std::string &provider, const std::string &precision,
                         std::optional<double> tps, std::optional<double> usd,
                         std::int64_t requests)
{
    store::ProviderStats s;
    s.provider = provider;
    s.model = kModel;
    s.precision = precision;
    s.requests = requests;
    s.successes = requests;
    s.decodeTpsP50 = tps;
    s.usdPerMillionOutput = usd;
    return s;
}

/// A rate as QualityStore::rates() reports it: per 10,000 tokens with the store's interval.
store::QualityRate rate(const std::string &provider, const std::string &model,
                        const std::string &precision, std::int64_t findings, std::int64_t tokens)
{
    store::QualityRate r;
    r.provider = provider;
    r.model = model;
    r.precision = precision;
    r.generations = 1;
    r.outputTokens = tokens;
    r.findings = findings;
    const double scale = tokens > 0 ? 10000.0 / static_cast<double>(tokens) : 0.0;
    const store::CountInterval ci = store::poissonInterval(findings);
    r.perTenThousand = static_cast<double>(findings) * scale;
    r.low = ci.low * scale;
    r.high = ci.high * scale;
    return r;
}

const ScatterPoint *pointOf(const std::vector<ScatterPoint> &points, const std::string &provider,
                            const std::string &precision)
{
    for (const ScatterPoint &p : points) {
        if (p.provider == provider && p.precision == precision)
            return &p;
    }
    return nullptr;
}

} // namespace

class TestDashboardCharts : public QObject {
    Q_OBJECT

private slots:
    void frontierLeavesOutDominatedPoints();
    void frontierOfNothingAndOfOne();
    void joinFlagsTheWorseEndpoint();
    void precisionFamilies_data();
    void precisionFamilies();
    void chartsTabShowsMultiplesAndScatter();

private:
    static void buildLibrary(const QString &path);
};

void TestDashboardCharts::frontierLeavesOutDominatedPoints()
{
    const std::vector<ScatterPoint> points = {
        point(100, 10), // 0: on the frontier
        point(50, 20), // 1: slower and dearer than 0
        point(200, 30), // 2: the fastest
        point(80, 5), // 3: the cheapest
        point(100, 10), // 4: the same as 0: neither dominates the other
        point(100, 12), // 5: as fast as 0 but dearer
        point(60, 5), // 6: as cheap as 3 but slower
    };
    const std::vector<std::size_t> frontier = paretoFrontier(points);
    // Sorted by speed: 3 (80), 0 and 4 (100), 2 (200).
    QCOMPARE(frontier, (std::vector<std::size_t>{3, 0, 4, 2}));
}

void TestDashboardCharts::frontierOfNothingAndOfOne()
{
    QVERIFY(paretoFrontier({}).empty());
    QCOMPARE(paretoFrontier({point(10, 1)}), std::vector<std::size_t>{0});
}

void TestDashboardCharts::joinFlagsTheWorseEndpoint()
{
    store::DashboardSnapshot snapshot;
    snapshot.stats.rows = {
        row("Alpha", "fp8", 100, 10, 60),       row("Bravo", "bf16", 50, 20, 20),
        row("Charlie", "fp4", 200, 30, 10),     row("Delta", "unknown", 80, 5, 10),
        row("Echo", "fp8", std::nullopt, 4, 5), // no speed: not on the axes
    };
    const std::vector<store::QualityRate> rates = {
        rate("Alpha", kModel, "fp8", 0, 10000),
        rate("Bravo", kModel, "bf16", 20, 10000), // interval ≈ 12.2–30.9: clearly above
        rate("Charlie", kModel, "fp4", 1, 10000), // one finding among clean ones: not yet
        rate("Delta", kModel, "", 0, 10000), // the rates' "" is the table's "unknown"
        rate("Bravo", kModel, "fp8", 0, 10000), // another precision: must not join bf16
        rate("Alpha", "other/model", "fp8", 40, 10000), // another model: must not join
    };
    const std::vector<ScatterPoint> points = scatterPoints(snapshot, rates);
    QCOMPARE(points.size(), std::size_t(4));

    const ScatterPoint *alpha = pointOf(points, "Alpha", "fp8");
    const ScatterPoint *bravo = pointOf(points, "Bravo", "bf16");
    const ScatterPoint *charlie = pointOf(points, "Charlie", "fp4");
    const ScatterPoint *delta = pointOf(points, "Delta", "unknown");
    QVERIFY(alpha && bravo && charlie && delta);
    QVERIFY(!pointOf(points, "Echo", "fp8"));

    QVERIFY(bravo->worse);
    QCOMPARE(bravo->findingRate.value_or(-1), 20.0);
    QVERIFY(!charlie->worse);
    QCOMPARE(charlie->findingRate.value_or(-1), 1.0);
    QVERIFY(!alpha->worse);
    QCOMPARE(alpha->findingRate.value_or(-1), 0.0);
    QVERIFY(delta->findingRate.has_value());
    QVERIFY(!delta->worse);

    // The table's numbers and the precision family.
    QCOMPARE(alpha->decodeTps, 100.0);
    QCOMPARE(alpha->usdPerMillion, 10.0);
    QCOMPARE(alpha->family, PrecisionFamily::Fp8);
    QCOMPARE(bravo->family, PrecisionFamily::Fp16);
    QCOMPARE(charlie->family, PrecisionFamily::Fp4);
    QCOMPARE(delta->family, PrecisionFamily::Other);

    // Size follows traffic, within the bounds; Alpha has 60 of the 100 plotted requests.
    QVERIFY(alpha->markerPx > bravo->markerPx);
    QVERIFY(bravo->markerPx > charlie->markerPx);
    for (const ScatterPoint &p : points)
        QVERIFY(p.markerPx >= kMinMarkerPx && p.markerPx <= kMaxMarkerPx);
    QVERIFY(qAbs(alpha->markerPx - (kMinMarkerPx + (kMaxMarkerPx - kMinMarkerPx) * std::sqrt(0.6)))
            < 1e-9);

    // Without rates nothing is flagged and nothing has a rate.
    for (const ScatterPoint &p : scatterPoints(snapshot, {}))
        QVERIFY(!p.worse && !p.findingRate);
}

void TestDashboardCharts::precisionFamilies_data()
{
    QTest::addColumn<QString>("precision");
    QTest::addColumn<int>("family");
    QTest::newRow("fp4") << "fp4" << static_cast<int>(PrecisionFamily::Fp4);
    QTest::newRow("nvfp4") << "NVFP4" << static_cast<int>(PrecisionFamily::Fp4);
    QTest::newRow("int4") << "int4" << static_cast<int>(PrecisionFamily::Fp4);
    QTest::newRow("fp8") << "fp8" << static_cast<int>(PrecisionFamily::Fp8);
    QTest::newRow("bf16") << "bf16" << static_cast<int>(PrecisionFamily::Fp16);
    QTest::newRow("fp16") << "fp16" << static_cast<int>(PrecisionFamily::Fp16);
    QTest::newRow("fp32") << "fp32" << static_cast<int>(PrecisionFamily::Other);
    QTest::newRow("unknown") << "unknown" << static_cast<int>(PrecisionFamily::Other);
}

void TestDashboardCharts::precisionFamilies()
{
    QFETCH(QString, precision);
    QFETCH(int, family);
    QCOMPARE(static_cast<int>(precisionFamily(precision.toStdString())), family);
}

void TestDashboardCharts::buildLibrary(const QString &path)
{
    auto opened = store::Database::open(path.toStdString());
    if (!opened)
        qFatal("library: %s", opened.error().message.c_str());
    store::Database &db = **opened;
    const std::int64_t book
        = store::BookStore(db).create(store::Book{.title = "Charts", .language = "en"}).value();
    const std::int64_t chapter
        = store::ChapterStore(db).add(book, store::Chapter{.title = "One"}).value();
    store::GenerationStore generations(db);
    store::QualityStore quality(db);
    std::int64_t t0 = kNow - 2 * kHour;
    // provider, precision, decode tokens/s, USD for 10,000 output tokens, findings
    struct Endpoint {
        std::string provider;
        std::string precision;
        double decode;
        double cost;
        int findings;
    };
    const std::vector<Endpoint> endpoints = {
        {"Alpha", "fp8", 100, 0.10, 0}, // 10 USD/M
        {"Alpha", "fp8", 100, 0.10, 0},
        {"Bravo", "bf16", 50, 0.20, 20}, // 20 USD/M: slower and dearer than Alpha
        {"Charlie", "fp4", 200, 0.30, 1}, // 30 USD/M
        {"Delta", "fp8", 80, 0.05, 0}, // 5 USD/M
    };
    for (const Endpoint &e : endpoints) {
        store::GenerationRecord g;
        g.bookId = book;
        g.chapterId = chapter;
        g.stage = "draft";
        g.model = kModel;
        g.provider = e.provider;
        g.precision = e.precision;
        g.completionTokens = 10000;
        g.status = store::GenerationStatus::Succeeded;
        g.startedAt = t0;
        g.finishedAt = t0 + 1000;
        g.id = generations.start(g).value();
        generations.finish(g).value();
        store::AttemptRecord a;
        a.generationId = g.id;
        a.index = 1;
        a.model = kModel;
        a.provider = e.provider;
        a.providerSlug = QString::fromStdString(e.provider).toLower().toStdString();
        a.quantization = e.precision;
        a.quantizationExact = true;
        a.t0Ms = t0;
        a.ttftMs = 300;
        a.decodeTps = e.decode;
        a.e2eTps = e.decode / 2;
        a.promptTokens = 100;
        a.completionTokens = 10000;
        a.costUsd = e.cost;
        a.costSource = store::CostSource::Usage;
        generations.recordAttempt(a).value();
        std::vector<store::StoredFinding> found;
        for (int i = 0; i < e.findings; ++i) {
            store::StoredFinding f;
            f.kind = "repetition";
            f.evidence = "loop number " + std::to_string(i);
            found.push_back(f);
        }
        quality.record(g.id, found).value();
        t0 += 1000;
    }
}

void TestDashboardCharts::chartsTabShowsMultiplesAndScatter()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = QDir(dir.path()).filePath(QStringLiteral("library.db"));
    buildLibrary(path);
    DashboardWindow window(path, nullptr, [] { return kNow; });
    QTRY_COMPARE(window.statsModel()->report().rows.size(), std::size_t(4));
    QTRY_COMPARE(window.qualityModel()->rowCount(), 4);
    DashboardCharts *charts = window.charts();
    // Legend markers are laid out (and only then visible) in a shown chart.
    window.findChild<QTabWidget *>()->setCurrentWidget(charts);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // One small chart per provider, one line each, all on the same y range.
    ProviderMultiples *multiples = charts->multiples();
    QCOMPARE(multiples->chartCount(), 4);
    QCOMPARE(charts->seriesCount(DashboardCharts::TokensPerSecond), 4);
    QStringList providers = multiples->providers();
    providers.sort();
    QCOMPARE(providers,
             (QStringList{QStringLiteral("Alpha"), QStringLiteral("Bravo"),
                          QStringLiteral("Charlie"), QStringLiteral("Delta")}));
    QCOMPARE(multiples->findChildren<QChartView *>().size(), qsizetype(4));
    std::optional<double> yMax;
    for (const QString &provider : std::as_const(providers)) {
        QChartView *view = multiples->chartView(provider);
        QVERIFY(view);
        QCOMPARE(view->chart()->title(), provider);
        QVERIFY(!view->chart()->legend()->isVisible());
        QCOMPARE(view->chart()->series().size(), qsizetype(1));
        auto *line = qobject_cast<QLineSeries *>(view->chart()->series().first());
        QVERIFY(line && line->count() >= 1);
        const auto axes = view->chart()->axes(Qt::Vertical);
        QCOMPARE(axes.size(), qsizetype(1));
        const double max = qobject_cast<QValueAxis *>(axes.first())->max();
        QVERIFY(max >= 200); // Charlie's 200 tokens/s fits in every chart
        if (yMax)
            QCOMPARE(max, *yMax);
        yMax = max;
    }

    // The scatter: four endpoints, Bravo (50 tokens/s, 20 USD/M) square, the rest round.
    QChart *chart = charts->view(DashboardCharts::Endpoints)->chart();
    int points = 0;
    QList<QPointF> squares;
    for (QAbstractSeries *series : chart->series()) {
        auto *scatter = qobject_cast<QScatterSeries *>(series);
        if (!scatter)
            continue;
        points += static_cast<int>(scatter->count());
        if (scatter->markerShape() == QScatterSeries::MarkerShapeRectangle)
            squares += scatter->points();
    }
    QCOMPARE(points, 4);
    QCOMPARE(squares, QList<QPointF>{QPointF(50, 20)});

    // The frontier: Delta (80, 5), Alpha (100, 10), Charlie (200, 30); Bravo is dominated.
    QLineSeries *frontier = charts->scatter()->frontier();
    QVERIFY(chart->series().contains(frontier));
    QCOMPARE(frontier->points(),
             (QList<QPointF>{QPointF(80, 5), QPointF(100, 10), QPointF(200, 30)}));

    // The legend: one entry per precision family present (fp4, fp8, 16-bit) and the frontier.
    QStringList legend;
    for (QLegendMarker *marker : chart->legend()->markers()) {
        if (marker->isVisible())
            legend << marker->label();
    }
    legend.sort();
    QStringList expected{EndpointScatter::familyName(PrecisionFamily::Fp4),
                         EndpointScatter::familyName(PrecisionFamily::Fp8),
                         EndpointScatter::familyName(PrecisionFamily::Fp16), frontier->name()};
    expected.sort();
    QCOMPARE(legend, expected);
}

QTEST_MAIN(TestDashboardCharts)
#include "test_dashboard_charts.moc"
