// The provider dashboard: numbers against a hand-computed fixed data set (data-driven), drift
// warnings, the ledger, CSV round trip, PNG export, live updates while a simulated generation
// streams, and no queries while idle.
#include "dashboard_fixture.h"
#include "net/http_client.h"
#include "novel/generation_recorder.h"
#include "routing/router.h"
#include "sim/sim_server.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/stats_table.h"
#include "ui/app_settings.h"
#include "ui/dashboard/cost_ledger_model.h"
#include "ui/dashboard/dashboard_charts.h"
#include "ui/dashboard/dashboard_launcher.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/dashboard/provider_multiples.h"
#include "ui/dashboard/provider_stats_model.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace scriptorium;
using namespace scriptorium::test;
using namespace scriptorium::ui;

namespace {

const store::ProviderStats *rowFor(const store::StatsReport &r, const std::string &provider)
{
    for (const store::ProviderStats &s : r.rows) {
        if (s.provider == provider)
            return &s;
    }
    return nullptr;
}

QString cellText(const QAbstractItemModel *model, int row, store::StatsColumn column)
{
    return model->index(row, static_cast<int>(column)).data().toString();
}

int modelRowFor(const QAbstractItemModel *model, const QString &provider)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (cellText(model, r, store::StatsColumn::Provider) == provider)
            return r;
    }
    return -1;
}

} // namespace

class TestDashboard : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void statsMatchHandComputed_data();
    void statsMatchHandComputed();
    void driftTurnsRowIntoWarning();
    void ledgerShowsCostPerThousandWords();
    void csvExportRoundTrips();
    void chartsExportAsPng();
    void updatesWhileSimulatedGenerationStreams();
    void refreshUpdatesInPlace();

private:
    QTemporaryDir m_settingsDir;
};

void TestDashboard::initTestCase()
{
    // The main window reads and writes settings: keep them out of the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    qunsetenv("OPENROUTER_API_KEY");
    qunsetenv("SCRIPTORIUM_BASE_URL");
}

void TestDashboard::statsMatchHandComputed_data()
{
    QTest::addColumn<int>("range");
    QTest::addColumn<bool>("bookOnly");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("precision");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<int>("requests");
    QTest::addColumn<double>("successRate");
    QTest::addColumn<double>("cost");
    QTest::addColumn<double>("ttftP50"); // -1: not checked
    QTest::addColumn<double>("usdPerMillion"); // -1: not checked
    QTest::addColumn<int>("totalRequests");

    const int day = static_cast<int>(store::DashboardRange::Day);
    // 24 h: DeepInfra 4 requests (3 ok + one 429), TTFT {200,300,400} → p50 300; cost 0.010 over
    // 1,000 costed output tokens → 10 USD/M. Fireworks adds 2 → total 6.
    QTest::newRow("24h DeepInfra") << day << false << ""
                                   << ""
                                   << "DeepInfra" << 4 << 0.75 << 0.010 << 300.0 << 10.0 << 6;
    // Fireworks: the cancelled attempt is neither success nor error: 1/1; cost 0.0045 over 110.
    QTest::newRow("24h Fireworks")
        << day << false << ""
        << ""
        << "Fireworks" << 2 << 1.0 << 0.0045 << 500.0 << 0.0045 / 110 * 1e6 << 6;
    // TTFT {200, 250, 300, 400}: the nearest-rank median is the 2nd, 250.
    QTest::newRow("7d adds the old one")
        << static_cast<int>(store::DashboardRange::Week) << false << ""
        << ""
        << "DeepInfra" << 5 << 0.8 << 1.010 << 250.0 << 1.010 / 2000 * 1e6 << 7;
    // The book: a1, a2, a3 → 2 of 3 succeed; TTFT {200,300} nearest-rank p50 → 200.
    QTest::newRow("book only") << day << true << ""
                               << ""
                               << "DeepInfra" << 3 << 2.0 / 3 << 0.005 << 200.0 << 10.0 << 5;
    QTest::newRow("precision bf16") << day << false << ""
                                    << "bf16"
                                    << "Fireworks" << 2 << 1.0 << 0.0045 << 500.0 << -1.0 << 2;
    QTest::newRow("other model") << day << false << "deepseek/deepseek-chat"
                                 << ""
                                 << "DeepInfra" << 0 << 0.0 << 0.0 << -1.0 << -1.0 << 0;
    QTest::newRow("live 15 min") << static_cast<int>(store::DashboardRange::Live15m) << false << ""
                                 << ""
                                 << "DeepInfra" << 1 << 1.0 << 0.005 << 400.0 << 10.0 << 1;
}

void TestDashboard::statsMatchHandComputed()
{
    QFETCH(int, range);
    QFETCH(bool, bookOnly);
    QFETCH(QString, model);
    QFETCH(QString, precision);
    QFETCH(QString, provider);
    QFETCH(int, requests);
    QFETCH(double, successRate);
    QFETCH(double, cost);
    QFETCH(double, ttftP50);
    QFETCH(double, usdPerMillion);
    QFETCH(int, totalRequests);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    const std::int64_t bookId = buildLibrary(path);

    // The core query.
    auto db = store::Database::open(path.toStdString());
    QVERIFY(db.has_value());
    store::DashboardQuery query;
    query.nowMs = kNow;
    query.range = static_cast<store::DashboardRange>(range);
    if (bookOnly)
        query.bookId = bookId;
    query.model = model.toStdString();
    query.precision = precision.toStdString();
    auto snapshot = store::queryDashboard(**db, query);
    QVERIFY(snapshot.has_value());
    QCOMPARE(snapshot->stats.total.requests, totalRequests);
    const store::ProviderStats *row = rowFor(snapshot->stats, provider.toStdString());
    if (requests == 0) {
        QVERIFY(row == nullptr);
    } else {
        QVERIFY(row != nullptr);
        QCOMPARE(row->requests, requests);
        QVERIFY(qAbs(row->successRate - successRate) < 1e-9);
        QVERIFY(qAbs(row->costUsd - cost) < 1e-9);
        if (ttftP50 >= 0) {
            QVERIFY(row->ttftP50Ms.has_value());
            QVERIFY2(qAbs(*row->ttftP50Ms - ttftP50) <= ttftP50 * 0.05,
                     qPrintable(QString::number(*row->ttftP50Ms)));
        }
        if (usdPerMillion >= 0) {
            QVERIFY(row->usdPerMillionOutput.has_value());
            QVERIFY(qAbs(*row->usdPerMillionOutput - usdPerMillion) < 1e-6);
        }
    }

    // The window shows the same numbers, formatted as the CLI prints them.
    DashboardWindow window(path, nullptr, [] { return kNow; });
    window.setBooks({{bookId, QStringLiteral("Harbour Lights")}});
    window.setRange(static_cast<store::DashboardRange>(range));
    window.setBookFilter(bookOnly ? std::optional(bookId) : std::nullopt);
    window.applySnapshot(std::make_shared<const store::DashboardSnapshot>(*snapshot));
    const QAbstractItemModel *shown = window.statsModel();
    QCOMPARE(shown->rowCount(), static_cast<int>(snapshot->stats.rows.size()) + 1);
    const int last = shown->rowCount() - 1;
    QCOMPARE(cellText(shown, last, store::StatsColumn::Requests), QString::number(totalRequests));
    const int r = modelRowFor(shown, provider);
    if (requests == 0) {
        QCOMPARE(r, -1);
        return;
    }
    QVERIFY(r >= 0);
    QCOMPARE(cellText(shown, r, store::StatsColumn::Requests), QString::number(requests));
    QCOMPARE(cellText(shown, r, store::StatsColumn::SuccessRate),
             QString::number(successRate * 100, 'f', 1) + QLatin1Char('%'));
    QCOMPARE(cellText(shown, r, store::StatsColumn::CostUsd), QString::number(cost, 'f', 4));
}

void TestDashboard::driftTurnsRowIntoWarning()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    buildLibrary(path, true);
    auto db = store::Database::open(path.toStdString());
    QVERIFY(db.has_value());
    auto snapshot = store::queryDashboard(**db, store::DashboardQuery{.nowMs = kNow});
    QVERIFY(snapshot.has_value());
    ProviderStatsModel model;
    model.setReport(snapshot->stats, snapshot->drift);
    const int deepinfra = modelRowFor(&model, QStringLiteral("DeepInfra"));
    const int fireworks = modelRowFor(&model, QStringLiteral("Fireworks"));
    QVERIFY(deepinfra >= 0 && fireworks >= 0);
    // Baseline decode p50 200 tok/s; now 120 → below 70%: a speed warning. Its price fell.
    QVERIFY(snapshot->drift[static_cast<std::size_t>(deepinfra)].speed);
    QVERIFY(!snapshot->drift[static_cast<std::size_t>(deepinfra)].price);
    QVERIFY(model.index(deepinfra, 0).data(ProviderStatsModel::kDriftRole).toBool());
    QVERIFY(!model.index(deepinfra, 0).data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(model.index(deepinfra, 0).data(Qt::BackgroundRole).isValid());
    // Fireworks has no baseline: no warning.
    QVERIFY(!model.index(fireworks, 0).data(ProviderStatsModel::kDriftRole).toBool());
}

void TestDashboard::ledgerShowsCostPerThousandWords()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    const std::int64_t bookId = buildLibrary(path);
    DashboardWindow window(path, nullptr, [] { return kNow; });
    window.setBooks({{bookId, QStringLiteral("Harbour Lights")}});
    window.setBookFilter(bookId);
    const QAbstractItemModel *ledger = window.ledger()->model();
    QTRY_VERIFY(ledger->rowCount() == 1);
    // Chapter 1 "draft": a1 + a2 + a3 (429) + Fireworks ok + cancelled = 5 attempts, 2 failed,
    // 0.0095 USD over 400 words → 0.0238 USD per 1,000 words.
    auto cell = [ledger](int column) {
        return ledger->index(0, column).data().toString();
    };
    QCOMPARE(cell(CostLedgerModel::Stage), QStringLiteral("draft"));
    QCOMPARE(cell(CostLedgerModel::Attempts), QStringLiteral("5"));
    QCOMPARE(cell(CostLedgerModel::FailedAttempts), QStringLiteral("2"));
    QCOMPARE(cell(CostLedgerModel::CostUsd), QStringLiteral("0.0095"));
    QVERIFY(qAbs(cell(CostLedgerModel::UsdPerThousand).toDouble() - 0.0095 / 400 * 1000) < 1e-4);
}

void TestDashboard::csvExportRoundTrips()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    buildLibrary(path);
    DashboardWindow window(path, nullptr, [] { return kNow; });
    QTRY_VERIFY(window.statsModel()->rowCount() == 3);
    const QString csvPath = dir.filePath(QStringLiteral("providers.csv"));
    QCOMPARE(window.exportCsv(csvPath), QString());
    QFile file(csvPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto rows = store::parseCsv(file.readAll().toStdString());
    const QAbstractItemModel *model = window.statsModel();
    QCOMPARE(static_cast<int>(rows.size()), model->rowCount() + 1);
    for (int c = 0; c < model->columnCount(); ++c) {
        QCOMPARE(
            QString::fromStdString(rows[0][static_cast<std::size_t>(c)]),
            QString::fromUtf8(store::statsColumnHeader(static_cast<store::StatsColumn>(c)).data()));
    }
    for (int r = 0; r < model->rowCount(); ++r) {
        QCOMPARE(static_cast<int>(rows[static_cast<std::size_t>(r) + 1].size()),
                 model->columnCount());
        for (int c = 0; c < model->columnCount(); ++c) {
            QString shown = model->index(r, c).data().toString();
            if (r == model->rowCount() - 1 && c == 0)
                shown = QStringLiteral("all"); // the total row's label is translated on screen
            QCOMPARE(QString::fromStdString(
                         rows[static_cast<std::size_t>(r) + 1][static_cast<std::size_t>(c)]),
                     shown);
        }
    }
    // Quoting survives too (an errors cell lists classes with commas).
    const auto quoted = store::parseCsv("a,\"b,\"\"c\"\"\"\r\n");
    QCOMPARE(quoted.size(), std::size_t(1));
    QCOMPARE(quoted[0][1], std::string("b,\"c\""));
}

void TestDashboard::chartsExportAsPng()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    buildLibrary(path);
    DashboardWindow window(path, nullptr, [] { return kNow; });
    QTRY_VERIFY(window.statsModel()->rowCount() == 3);
    QCOMPARE(window.charts()->seriesCount(DashboardCharts::TokensPerSecond), 2);
    const QStringList files = window.exportCharts(dir.path());
    QCOMPARE(files.size(), static_cast<int>(DashboardCharts::ChartCount));
    for (const QString &f : files) {
        QImage image(f);
        QVERIFY2(!image.isNull() && image.width() >= 300, qPrintable(f));
    }
}

void TestDashboard::updatesWhileSimulatedGenerationStreams()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    {
        auto db = store::Database::open(path.toStdString());
        QVERIFY(db.has_value());
    }
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.5, .seed = 3, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    net::HttpClient client;
    routing::Router::Options options;
    options.baseUrl = sim.baseUrl();
    options.apiKey = routing::ApiKey("sk-sim-dashboard-test");
    options.config = routing::RoutingConfig::defaults();
    options.config.defaultModel = kModel;
    options.config.models.clear();
    options.config.provider.order = {"deepinfra", "together"};
    options.reconcileTimeout = std::chrono::milliseconds(0);
    routing::Router router(client, options);

    // A fixed "now" ten minutes ahead keeps the window still, so only new data can trigger a
    // query.
    const std::int64_t now = store::nowMs() + 10 * kMinute;
    DashboardWindow window(path, nullptr, [now] { return now; });
    window.setRange(store::DashboardRange::Live15m);
    window.refresher()->start(50);
    QTRY_VERIFY(window.refresher()->snapshotCount() >= 1);
    QCOMPARE(window.statsModel()->report().total.requests, 0);

    constexpr int kGenerations = 6;
    std::atomic<int> recorded{0};
    std::atomic<bool> running{true};
    std::vector<std::int64_t> seenWhileRunning;
    std::thread writer([&] {
        auto db = store::Database::open(path.toStdString());
        if (!db)
            return;
        for (int i = 0; i < kGenerations; ++i) {
            auto id
                = novel::startGenerationRecord(**db, "draft", std::nullopt, std::nullopt, kModel);
            std::mutex mutex;
            std::condition_variable cv;
            std::optional<routing::GenerationResult> result;
            routing::GenerationRequest request;
            request.model = kModel;
            request.messages
                = {{"user", "Write about a harbour at dawn, number " + std::to_string(i)}};
            request.maxTokens = 60;
            routing::GenerationCallbacks callbacks;
            callbacks.onDone = [&](const routing::GenerationResult &r) {
                std::lock_guard lock(mutex);
                result = r;
                cv.notify_all();
            };
            if (!router.start(std::move(request), std::move(callbacks)))
                break;
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return result.has_value(); });
            if (id)
                (void)novel::finishGenerationRecord(**db, *id, *result);
            ++recorded;
        }
        running = false;
    });
    // The table follows the stream of finished generations while they run.
    QTRY_VERIFY_WITH_TIMEOUT(window.statsModel()->report().total.requests >= 1, 30000);
    const bool sawPartial = running.load();
    QTRY_VERIFY_WITH_TIMEOUT(!running.load(), 60000);
    writer.join();
    QCOMPARE(recorded.load(), kGenerations);
    QTRY_COMPARE_WITH_TIMEOUT(window.statsModel()->report().total.requests,
                              static_cast<std::int64_t>(kGenerations), 10000);
    QVERIFY2(sawPartial, "the dashboard only updated after every generation had finished");
    QVERIFY(window.charts()->seriesCount(DashboardCharts::CumulativeCost) == 1);

    // Idle: probes keep running, queries do not.
    const int queries = window.refresher()->queryCount();
    const int probes = window.refresher()->probeCount();
    QTRY_VERIFY(window.refresher()->probeCount() >= probes + 5);
    QCOMPARE(window.refresher()->queryCount(), queries);
}

void TestDashboard::refreshUpdatesInPlace()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    const std::int64_t bookId = buildLibrary(path);
    auto db = store::Database::open(path.toStdString());
    QVERIFY(db.has_value());
    auto query = [&](store::DashboardRange range, std::optional<std::int64_t> book) {
        store::DashboardQuery q;
        q.nowMs = kNow;
        q.range = range;
        q.bookId = book;
        auto s = store::queryDashboard(**db, q);
        if (!s)
            qFatal("query: %s", s.error().message.c_str());
        return std::make_shared<const store::DashboardSnapshot>(std::move(*s));
    };
    // 15 minutes: DeepInfra only. 24 hours: DeepInfra with other numbers, and Fireworks.
    const auto live = query(store::DashboardRange::Live15m, std::nullopt);
    const auto day = query(store::DashboardRange::Day, std::nullopt);
    const auto book = query(store::DashboardRange::Day, bookId);

    DashboardWindow window(path, nullptr, [] { return kNow; });
    window.refresher()->stop();
    window.applySnapshot(live);
    auto *table = window.findChild<QTableView *>(QStringLiteral("providerTable"));
    QVERIFY(table);
    table->sortByColumn(static_cast<int>(store::StatsColumn::CostUsd), Qt::AscendingOrder);
    QAbstractItemModel *sorted = window.sortedModel();
    const int deepinfra = modelRowFor(sorted, QStringLiteral("DeepInfra"));
    QVERIFY(deepinfra >= 0);
    table->selectionModel()->select(sorted->index(deepinfra, 0),
                                    QItemSelectionModel::ClearAndSelect
                                        | QItemSelectionModel::Rows);
    QChartView *deepinfraTps = window.charts()->multiples()->chartView(QStringLiteral("DeepInfra"));
    QVERIFY(deepinfraTps);
    auto *tps = qobject_cast<QLineSeries *>(deepinfraTps->chart()->series().value(0));
    QVERIFY(tps);

    QSignalSpy resets(window.statsModel(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(window.statsModel(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(window.statsModel(), &QAbstractItemModel::dataChanged);
    window.applySnapshot(day);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1); // Fireworks
    QVERIFY(changed.count() >= 1); // DeepInfra's numbers and the total
    // Sorted by cost (0.0045 < 0.010), the total last; DeepInfra is still the selected row.
    QCOMPARE(cellText(sorted, 0, store::StatsColumn::Provider), QStringLiteral("Fireworks"));
    QCOMPARE(cellText(sorted, 1, store::StatsColumn::Provider), QStringLiteral("DeepInfra"));
    QCOMPARE(cellText(sorted, 2, store::StatsColumn::Provider), QStringLiteral("Total"));
    const QModelIndexList selected = table->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data().toString(), QStringLiteral("DeepInfra"));
    QCOMPARE(cellText(sorted, 1, store::StatsColumn::Requests), QStringLiteral("4"));
    // DeepInfra kept its small chart and series; only the points were replaced.
    QCOMPARE(window.charts()->multiples()->chartView(QStringLiteral("DeepInfra")), deepinfraTps);
    QChart *chart = deepinfraTps->chart();
    QVERIFY(chart->series().contains(tps));
    QCOMPARE(window.charts()->seriesCount(DashboardCharts::TokensPerSecond), 2);

    // Back to 15 minutes: Fireworks leaves (rows removed, not reset).
    QSignalSpy removed(window.statsModel(), &QAbstractItemModel::rowsRemoved);
    window.applySnapshot(live);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(window.statsModel()->rowCount(), 2);
    QCOMPARE(window.charts()->seriesCount(DashboardCharts::TokensPerSecond), 1);
    QCOMPARE(window.charts()->multiples()->chartView(QStringLiteral("DeepInfra")), deepinfraTps);
    QVERIFY(chart->series().contains(tps));
    QCOMPARE(table->selectionModel()->selectedRows().value(0).data().toString(),
             QStringLiteral("DeepInfra"));

    // The ledger is updated in place too: sorted by cost, the book's draft row stays selected
    // when the summary outside the book joins.
    window.applySnapshot(book);
    QTableView *ledger = window.ledger();
    QCOMPARE(ledger->model()->rowCount(), 1);
    ledger->sortByColumn(CostLedgerModel::CostUsd, Qt::AscendingOrder);
    ledger->selectionModel()->select(ledger->model()->index(0, 0),
                                     QItemSelectionModel::ClearAndSelect
                                         | QItemSelectionModel::Rows);
    QSignalSpy ledgerResets(window.ledgerModel(), &QAbstractItemModel::modelReset);
    window.applySnapshot(day);
    QCOMPARE(ledgerResets.count(), 0);
    QCOMPARE(ledger->model()->rowCount(), 2);
    // The summary (0.005) sorts before the draft (0.0095).
    QCOMPARE(ledger->model()->index(0, CostLedgerModel::Stage).data().toString(),
             QStringLiteral("summary"));
    const QModelIndexList ledgerSelection = ledger->selectionModel()->selectedRows();
    QCOMPARE(ledgerSelection.size(), 1);
    QCOMPARE(ledgerSelection.first().siblingAtColumn(CostLedgerModel::Stage).data().toString(),
             QStringLiteral("draft"));
}

QTEST_MAIN(TestDashboard)
#include "test_dashboard.moc"
