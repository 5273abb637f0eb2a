#pragma once

#include "store/dashboard_data.h"
#include "store/quality_store.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QThread;

namespace scriptorium::ui {

class DashboardWorker;

using DashboardSnapshotPtr = std::shared_ptr<const store::DashboardSnapshot>;
/// store::QualityStore::rates() over the dashboard's window, for the Quality tab.
using QualityRatesPtr = std::shared_ptr<const std::vector<store::QualityRate>>;

/// Runs the dashboard's queries on a worker thread with its own connection to the library and
/// hands finished snapshots to the GUI thread (snapshotReady). While running it probes the
/// library once per interval (store::dashboardChangeToken, a few indexed reads) and queries
/// only when something changed or the query did, so an idle library costs one probe a tick.
/// The quality finding rates (qualityReady) are probed and queried the same way, separately:
/// the checks write findings after the generation they judge, which the stats probe misses.
/// Owns its thread: the destructor stops and joins it.
class DashboardRefresher : public QObject {
    Q_OBJECT

public:
    /// `nowMs` returns the time the window ends at; empty: the wall clock.
    explicit DashboardRefresher(const QString &libraryPath, QObject *parent = nullptr,
                                std::function<std::int64_t()> nowMs = {});
    ~DashboardRefresher() override;

    /// Sets the query (nowMs is filled in per refresh) and refreshes at once.
    void setQuery(const store::DashboardQuery &query);
    /// Starts probing every `intervalMs` (at most 1000 for a live dashboard).
    void start(int intervalMs = 1000);
    void stop();
    /// Queries now, whether or not anything changed.
    void refreshNow();
    /// Snapshots delivered so far.
    int snapshotCount() const { return m_snapshots; }
    /// Queries run so far on the worker (probes that found no change do not count).
    int queryCount() const;
    /// Change probes run so far (one per tick while started).
    int probeCount() const;

signals:
    void snapshotReady(const scriptorium::ui::DashboardSnapshotPtr &snapshot);
    void qualityReady(const scriptorium::ui::QualityRatesPtr &rates);
    void failed(const QString &message);

private:
    QThread *m_thread = nullptr;
    DashboardWorker *m_worker = nullptr;
    int m_snapshots = 0;
};

} // namespace scriptorium::ui

Q_DECLARE_METATYPE(scriptorium::ui::DashboardSnapshotPtr)
Q_DECLARE_METATYPE(scriptorium::ui::QualityRatesPtr)
