#pragma once

#include "store/dashboard_data.h"
#include "ui/dashboard/dashboard_refresher.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

class QTimer;

namespace scriptorium::store {
class Database;
}

namespace scriptorium::ui {

/// The refresher's worker: lives on the refresher's thread, owns that thread's connection to
/// the library, and runs every probe and query there. Internal to DashboardRefresher.
class DashboardWorker : public QObject {
    Q_OBJECT

public:
    DashboardWorker(QString path, std::function<std::int64_t()> nowMs);
    ~DashboardWorker() override;

    void setQuery(const store::DashboardQuery &query);
    void startTimer(int intervalMs);
    void stopTimer();
    void forceRefresh();
    /// Stops the timer and closes the connection (on the worker's thread).
    void close();
    /// Probes for a change; queries and emits ready() when something changed.
    void tick();

    std::atomic<int> queries{0};
    std::atomic<int> probes{0};

signals:
    void ready(const scriptorium::ui::DashboardSnapshotPtr &snapshot);
    void qualityReady(const scriptorium::ui::QualityRatesPtr &rates);
    void failed(const QString &message);

private:
    /// Probes the quality findings and queries their rates when they or the window changed.
    void refreshQuality();

    QString m_path;
    std::function<std::int64_t()> m_nowMs;
    std::unique_ptr<store::Database> m_db;
    store::DashboardQuery m_query;
    store::DashboardCache m_cache;
    std::string m_token;
    std::string m_qualityToken;
    std::int64_t m_sinceMs = 0; ///< the last snapshot's window start
    QTimer *m_timer = nullptr;
};

} // namespace scriptorium::ui
