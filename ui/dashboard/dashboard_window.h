#pragma once

#include "openrouter/catalog_json.h"
#include "routing/routing_strategy.h"
#include "store/dashboard_data.h"
#include "ui/dashboard/dashboard_refresher.h"
#include "util/result.h"

#include <QList>
#include <QPair>
#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;

namespace scriptorium::ui {

class CostLedgerModel;
class DashboardCharts;
class ProviderStatsModel;
class QualityRatesModel;
class RoutingView;

/// The live provider dashboard (issue 8): the provider × model × precision table (sortable,
/// drift warnings), charts, the cost ledger, the /key balance, filters (time range, book,
/// model, precision) and CSV / PNG export. All numbers come from store::queryDashboard() run by
/// a DashboardRefresher on its own thread; this window only shows finished snapshots, so a
/// refresh costs the GUI thread an in-place update of what changed. The Routing tab (issue 12,
/// a RoutingView) shows the owner's routing strategy instead: what it estimates now, not the
/// library's history, so the filters do not apply to it. The Quality tab (a QualityRatesModel)
/// shows the local quality checks' finding rates per provider × model × precision over the
/// window; the model and precision filters apply to it, the book filter does not.
class DashboardWindow : public QWidget {
    Q_OBJECT

public:
    using KeyFetcher = std::function<Result<openrouter::KeyInfo>()>;

    /// Opens its own connection to the library at `libraryPath` on a worker thread.
    explicit DashboardWindow(const QString &libraryPath, QWidget *parent = nullptr,
                             std::function<std::int64_t()> nowMs = {});
    ~DashboardWindow() override;

    /// The books offered by the book filter (id, title).
    void setBooks(const QList<QPair<qint64, QString>> &books);
    /// How to ask /key for the balance (run off the GUI thread); unset hides the balance.
    void setKeyFetcher(KeyFetcher fetcher);
    void setRange(store::DashboardRange range);
    void setBookFilter(std::optional<std::int64_t> bookId);
    /// The strategy the Routing tab shows (the owner window's); null: static routing.
    void setRoutingStrategy(std::shared_ptr<routing::RoutingStrategy> strategy);

    ProviderStatsModel *statsModel() const { return m_model; }
    QSortFilterProxyModel *sortedModel() const { return m_sorted; }
    DashboardCharts *charts() const { return m_charts; }
    DashboardRefresher *refresher() const { return m_refresher; }
    QTableView *ledger() const { return m_ledger; }
    CostLedgerModel *ledgerModel() const { return m_ledgerModel; }
    QLabel *balanceLabel() const { return m_balance; }
    RoutingView *routingView() const { return m_routingView; }
    QualityRatesModel *qualityModel() const { return m_qualityModel; }
    QTableView *qualityTable() const { return m_qualityTable; }
    QTabWidget *tabs() const { return m_tabs; }

    /// Writes the table as CSV. Errors are shown to the writer and returned as text.
    QString exportCsv(const QString &path);
    /// Writes every chart as <dir>/<stem>.png; returns the files written.
    QStringList exportCharts(const QString &directory);
    /// Asks /key again (asynchronously).
    void refreshBalance();
    /// GUI-thread time spent applying the last snapshot, in microseconds.
    qint64 lastApplyMicros() const { return m_lastApplyMicros; }

    /// Applies a snapshot (what the refresher's signal does).
    void applySnapshot(const DashboardSnapshotPtr &snapshot);

signals:
    void routingEditorRequested();
    /// Emitted after each applied snapshot.
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildUi();
    void queryChanged();
    void fillChoices(QComboBox *combo, const std::vector<std::string> &values);
    void chooseCsvFile();
    void chooseChartDirectory();

    DashboardRefresher *m_refresher = nullptr;
    ProviderStatsModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_table = nullptr;
    DashboardCharts *m_charts = nullptr;
    CostLedgerModel *m_ledgerModel = nullptr;
    QSortFilterProxyModel *m_ledgerSorted = nullptr;
    QTableView *m_ledger = nullptr;
    bool m_ledgerNeedsFit = false;
    QTabWidget *m_tabs = nullptr;
    RoutingView *m_routingView = nullptr;
    QualityRatesModel *m_qualityModel = nullptr;
    QTableView *m_qualityTable = nullptr;
    QComboBox *m_range = nullptr;
    QComboBox *m_book = nullptr;
    QComboBox *m_modelFilter = nullptr;
    QComboBox *m_precisionFilter = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_balance = nullptr;
    KeyFetcher m_keyFetcher;
    qint64 m_lastApplyMicros = 0;
};

} // namespace scriptorium::ui
