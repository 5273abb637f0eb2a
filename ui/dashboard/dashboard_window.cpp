#include "ui/dashboard/dashboard_window.h"

#include "store/stats_table.h"
#include "ui/dashboard/cost_ledger_model.h"
#include "ui/dashboard/dashboard_charts.h"
#include "ui/dashboard/provider_stats_model.h"
#include "ui/dashboard/quality_rates_model.h"
#include "ui/dashboard/routing_view.h"
#include "ui/error_messages.h"

#include <algorithm>

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace scriptorium::ui {

namespace {

/// Sorts by the model's numeric sort role and keeps the total row last in either order.
class StatsSortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const int last = sourceModel()->rowCount() - 1;
        const bool ascending = sortOrder() == Qt::AscendingOrder;
        if (left.row() == last)
            return !ascending;
        if (right.row() == last)
            return ascending;
        const QVariant a = left.data(ProviderStatsModel::kSortRole);
        const QVariant b = right.data(ProviderStatsModel::kSortRole);
        if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double)
            return a.toDouble() < b.toDouble();
        if (a.typeId() == QMetaType::Double || b.typeId() == QMetaType::Double)
            return b.typeId() == QMetaType::Double; // missing values sort first
        return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    }
};

} // namespace

DashboardWindow::DashboardWindow(const QString &libraryPath, QWidget *parent,
                                 std::function<std::int64_t()> nowMs)
    : QWidget(parent, Qt::Window)
    , m_refresher(new DashboardRefresher(libraryPath, this, std::move(nowMs)))
    , m_model(new ProviderStatsModel(this))
    , m_sorted(new StatsSortProxy(this))
    , m_ledgerModel(new CostLedgerModel(this))
    , m_ledgerSorted(new QSortFilterProxyModel(this))
    , m_qualityModel(new QualityRatesModel(this))
{
    setObjectName(QStringLiteral("dashboardWindow"));
    setWindowTitle(tr("Provider Dashboard"));
    m_sorted->setSourceModel(m_model);
    buildUi();
    connect(m_refresher, &DashboardRefresher::snapshotReady, this, &DashboardWindow::applySnapshot);
    connect(m_refresher, &DashboardRefresher::qualityReady, this,
            [this](const QualityRatesPtr &rates) {
                if (!rates)
                    return;
                m_qualityModel->setRates(*rates);
                m_charts->setQualityRates(rates);
            });
    connect(m_refresher, &DashboardRefresher::failed, this, [this](const QString &message) {
        m_status->setText(tr("The statistics could not be read: %1. Check that the library "
                             "file is still there.")
                              .arg(message));
    });
    queryChanged();
    resize(1200, 800);
}

DashboardWindow::~DashboardWindow() = default;

void DashboardWindow::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    auto *filters = new QHBoxLayout;
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("rangeFilter"));
    m_range->addItem(tr("Live (15 min)"), static_cast<int>(store::DashboardRange::Live15m));
    m_range->addItem(tr("24 hours"), static_cast<int>(store::DashboardRange::Day));
    m_range->addItem(tr("7 days"), static_cast<int>(store::DashboardRange::Week));
    m_range->addItem(tr("30 days"), static_cast<int>(store::DashboardRange::Month));
    m_range->addItem(tr("All time"), static_cast<int>(store::DashboardRange::All));
    m_range->setCurrentIndex(1);
    m_book = new QComboBox(this);
    m_book->setObjectName(QStringLiteral("bookFilter"));
    m_book->addItem(tr("All books"), QVariant());
    m_modelFilter = new QComboBox(this);
    m_modelFilter->setObjectName(QStringLiteral("modelFilter"));
    m_modelFilter->addItem(tr("All models"), QString());
    m_precisionFilter = new QComboBox(this);
    m_precisionFilter->setObjectName(QStringLiteral("precisionFilter"));
    m_precisionFilter->addItem(tr("All precisions"), QString());
    filters->addWidget(new QLabel(tr("Range:"), this));
    filters->addWidget(m_range);
    filters->addWidget(new QLabel(tr("Book:"), this));
    filters->addWidget(m_book);
    filters->addWidget(new QLabel(tr("Model:"), this));
    filters->addWidget(m_modelFilter);
    filters->addWidget(new QLabel(tr("Precision:"), this));
    filters->addWidget(m_precisionFilter);
    filters->addStretch();
    auto *csv = new QPushButton(tr("Export CSV…"), this);
    auto *png = new QPushButton(tr("Export Charts…"), this);
    auto *routing = new QPushButton(tr("Routing…"), this);
    routing->setToolTip(tr("Open the routing editor to reorder providers and set precisions"));
    filters->addWidget(csv);
    filters->addWidget(png);
    filters->addWidget(routing);
    layout->addLayout(filters);

    for (QComboBox *combo : {m_range, m_book, m_modelFilter, m_precisionFilter})
        connect(combo, &QComboBox::activated, this, &DashboardWindow::queryChanged);
    connect(csv, &QPushButton::clicked, this, &DashboardWindow::chooseCsvFile);
    connect(png, &QPushButton::clicked, this, &DashboardWindow::chooseChartDirectory);
    connect(routing, &QPushButton::clicked, this, &DashboardWindow::routingEditorRequested);

    m_tabs = new QTabWidget(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("providerTable"));
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(static_cast<int>(store::StatsColumn::Requests), Qt::DescendingOrder);
    // Columns are fitted when rows come or go (and on the first snapshot), not on every
    // refresh: measuring every cell's text was a large part of a refresh's GUI time.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    auto fitColumns = [this] {
        m_table->resizeColumnsToContents();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, fitColumns);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, fitColumns);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_charts = new DashboardCharts(this);
    m_ledgerSorted->setSourceModel(m_ledgerModel);
    m_ledgerSorted->setSortRole(CostLedgerModel::kSortRole);
    m_ledger = new QTableView(this);
    m_ledger->setObjectName(QStringLiteral("ledger"));
    m_ledger->setModel(m_ledgerSorted);
    // A ledger has a row per chapter × stage (hundreds), and a header that fits its columns
    // to their contents measures every cell's text after every change, even on a hidden tab:
    // that was most of a refresh's GUI time. Columns are fitted to the rows on screen when
    // rows come or go while the ledger is in front, or when it comes to the front.
    m_ledger->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_ledger->horizontalHeader()->setResizeContentsPrecision(0);
    auto fitLedger = [this] {
        m_ledgerNeedsFit = m_tabs->currentWidget() != m_ledger;
        if (!m_ledgerNeedsFit)
            m_ledger->resizeColumnsToContents();
    };
    connect(m_ledgerModel, &QAbstractItemModel::rowsInserted, this, fitLedger);
    connect(m_ledgerModel, &QAbstractItemModel::rowsRemoved, this, fitLedger);
    m_ledger->verticalHeader()->hide();
    m_ledger->setSortingEnabled(true);
    // Unsorted until the writer clicks a header: the snapshot's order (book, chapter, stage).
    m_ledger->sortByColumn(-1, Qt::AscendingOrder);
    m_tabs->addTab(m_table, tr("Providers"));
    m_tabs->addTab(m_charts, tr("Charts"));
    m_tabs->addTab(m_ledger, tr("Cost Ledger"));
    auto *quality = new QWidget(this);
    auto *qualityLayout = new QVBoxLayout(quality);
    auto *qualityCaption
        = new QLabel(tr("Findings of the local quality checks per 10,000 output tokens; intervals "
                        "are exact 95 % Poisson intervals. Intentional findings are not counted."),
                     quality);
    qualityCaption->setWordWrap(true);
    m_qualityTable = new QTableView(quality);
    m_qualityTable->setObjectName(QStringLiteral("qualityTable"));
    m_qualityTable->setModel(m_qualityModel);
    m_qualityTable->verticalHeader()->hide();
    m_qualityTable->setAlternatingRowColors(true);
    // A handful of rows that change only when a check runs: fitting them on a reset is cheap.
    connect(m_qualityModel, &QAbstractItemModel::modelReset, m_qualityTable,
            &QTableView::resizeColumnsToContents);
    qualityLayout->addWidget(qualityCaption);
    qualityLayout->addWidget(m_qualityTable, 1);
    m_tabs->addTab(quality, tr("Quality"));
    m_routingView = new RoutingView(this);
    m_tabs->addTab(m_routingView, tr("Routing"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_ledgerNeedsFit && m_tabs->currentWidget() == m_ledger) {
            m_ledgerNeedsFit = false;
            m_ledger->resizeColumnsToContents();
        }
    });
    layout->addWidget(m_tabs, 1);

    auto *statusRow = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_balance = new QLabel(this);
    m_balance->setObjectName(QStringLiteral("balance"));
    m_balance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *balanceButton = new QPushButton(tr("Refresh Balance"), this);
    connect(balanceButton, &QPushButton::clicked, this, &DashboardWindow::refreshBalance);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_balance);
    statusRow->addWidget(balanceButton);
    layout->addLayout(statusRow);
}

void DashboardWindow::setBooks(const QList<QPair<qint64, QString>> &books)
{
    const QVariant current = m_book->currentData();
    m_book->clear();
    m_book->addItem(tr("All books"), QVariant());
    for (const auto &[id, title] : books)
        m_book->addItem(title, id);
    m_book->setCurrentIndex(std::max(0, m_book->findData(current)));
}

void DashboardWindow::setKeyFetcher(KeyFetcher fetcher)
{
    m_keyFetcher = std::move(fetcher);
    refreshBalance();
}

void DashboardWindow::setRange(store::DashboardRange range)
{
    m_range->setCurrentIndex(m_range->findData(static_cast<int>(range)));
    queryChanged();
}

void DashboardWindow::setBookFilter(std::optional<std::int64_t> bookId)
{
    m_book->setCurrentIndex(
        bookId ? std::max(0, m_book->findData(QVariant::fromValue<qint64>(*bookId))) : 0);
    queryChanged();
}

void DashboardWindow::setRoutingStrategy(std::shared_ptr<routing::RoutingStrategy> strategy)
{
    m_routingView->setStrategy(std::move(strategy));
}

void DashboardWindow::queryChanged()
{
    store::DashboardQuery query;
    query.range = static_cast<store::DashboardRange>(m_range->currentData().toInt());
    if (m_book->currentData().isValid())
        query.bookId = m_book->currentData().toLongLong();
    query.model = m_modelFilter->currentData().toString().toStdString();
    query.precision = m_precisionFilter->currentData().toString().toStdString();
    m_refresher->setQuery(query);
}

void DashboardWindow::fillChoices(QComboBox *combo, const std::vector<std::string> &values)
{
    // Refilling a combo re-measures it and the filter row; most refreshes bring the same list.
    QStringList wanted;
    for (const std::string &v : values)
        wanted << QString::fromStdString(v);
    const QString current = combo->currentData().toString();
    if (!current.isEmpty() && !wanted.contains(current))
        wanted << current;
    QStringList shown;
    for (int i = 1; i < combo->count(); ++i)
        shown << combo->itemData(i).toString();
    if (shown == wanted)
        return;
    const QString all = combo->itemText(0);
    combo->clear();
    combo->addItem(all, QString());
    for (const QString &v : std::as_const(wanted))
        combo->addItem(v, v);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

void DashboardWindow::applySnapshot(const DashboardSnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    QElapsedTimer timer;
    timer.start();
    m_model->setReport(snapshot->stats, snapshot->drift);
    m_charts->setSnapshot(snapshot);
    m_ledgerModel->setSlices(snapshot->slices);
    fillChoices(m_modelFilter, snapshot->models);
    fillChoices(m_precisionFilter, snapshot->precisions);
    const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(snapshot->query.nowMs),
                                            QLocale::ShortFormat);
    m_status->setText(snapshot->runningGenerations > 0
                          ? tr("Updated %1 · %n generation(s) running", nullptr,
                               static_cast<int>(snapshot->runningGenerations))
                                .arg(when)
                          : tr("Updated %1").arg(when));
    m_lastApplyMicros = timer.nsecsElapsed() / 1000;
    emit refreshed();
}

QString DashboardWindow::exportCsv(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_model->toCsv()) < 0 || !file.commit()) {
        const QString message = tr("%1 could not be written: %2. Choose another folder.")
                                    .arg(QDir::toNativeSeparators(path), file.errorString());
        m_status->setText(message);
        return message;
    }
    return {};
}

QStringList DashboardWindow::exportCharts(const QString &directory)
{
    QStringList written;
    for (int i = 0; i < DashboardCharts::ChartCount; ++i) {
        const auto chart = static_cast<DashboardCharts::Chart>(i);
        const QString path
            = QDir(directory).filePath(DashboardCharts::chartStem(chart) + QStringLiteral(".png"));
        if (m_charts->exportPng(chart, path))
            written << path;
    }
    return written;
}

void DashboardWindow::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Table"), QStringLiteral("providers.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const QString error = exportCsv(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), error);
}

void DashboardWindow::chooseChartDirectory()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Charts to Folder"));
    if (dir.isEmpty())
        return;
    const QStringList written = exportCharts(dir);
    if (written.size() < DashboardCharts::ChartCount) {
        QMessageBox::warning(this, tr("Export failed"),
                             tr("Only %1 of %2 charts could be written to %3. Check that the "
                                "folder is writable.")
                                 .arg(written.size())
                                 .arg(static_cast<int>(DashboardCharts::ChartCount))
                                 .arg(QDir::toNativeSeparators(dir)));
    }
}

void DashboardWindow::refreshBalance()
{
    if (!m_keyFetcher) {
        m_balance->clear();
        return;
    }
    m_balance->setText(tr("Balance: asking OpenRouter…"));
    auto *watcher = new QFutureWatcher<Result<openrouter::KeyInfo>>(this);
    connect(watcher, &QFutureWatcher<Result<openrouter::KeyInfo>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<openrouter::KeyInfo> key = watcher->result();
        if (!key) {
            m_balance->setText(tr("Balance unavailable: %1").arg(errorText(key.error())));
            m_balance->setToolTip(errorDetail(key.error()));
            return;
        }
        m_balance->setToolTip(QString());
        const QString used = tr("used %1 USD today, %2 this month, %3 in all")
                                 .arg(key->usageDaily, 0, 'f', 4)
                                 .arg(key->usageMonthly, 0, 'f', 4)
                                 .arg(key->usage, 0, 'f', 4);
        if (key->limitRemaining && key->limit) {
            m_balance->setText(tr("Balance: %1 of %2 USD left; %3")
                                   .arg(*key->limitRemaining, 0, 'f', 4)
                                   .arg(*key->limit, 0, 'f', 2)
                                   .arg(used));
        } else {
            m_balance->setText(tr("Balance: no limit on this key; %1").arg(used));
        }
    });
    watcher->setFuture(QtConcurrent::run(m_keyFetcher));
}

void DashboardWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_refresher->start(1000);
}

void DashboardWindow::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresher->stop();
}

} // namespace scriptorium::ui
