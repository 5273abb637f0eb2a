#include "ui/dashboard/dashboard_refresher.h"

#include "store/database.h"
#include "ui/dashboard/dashboard_worker.h"

#include <QDateTime>
#include <QThread>
#include <QTimer>

#include <atomic>

namespace scriptorium::ui {

DashboardRefresher::DashboardRefresher(const QString &libraryPath, QObject *parent,
                                       std::function<std::int64_t()> nowMs)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new DashboardWorker(libraryPath, std::move(nowMs)))
{
    qRegisterMetaType<DashboardSnapshotPtr>();
    qRegisterMetaType<QualityRatesPtr>();
    m_thread->setObjectName(QStringLiteral("dashboard"));
    m_worker->moveToThread(m_thread);
    connect(m_worker, &DashboardWorker::ready, this, [this](const DashboardSnapshotPtr &snapshot) {
        ++m_snapshots;
        emit snapshotReady(snapshot);
    });
    connect(m_worker, &DashboardWorker::qualityReady, this, &DashboardRefresher::qualityReady);
    connect(m_worker, &DashboardWorker::failed, this, &DashboardRefresher::failed);
    m_thread->start();
}

DashboardRefresher::~DashboardRefresher()
{
    QMetaObject::invokeMethod(m_worker, &DashboardWorker::close, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void DashboardRefresher::setQuery(const store::DashboardQuery &query)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, query] { worker->setQuery(query); });
}

void DashboardRefresher::start(int intervalMs)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, intervalMs] { worker->startTimer(intervalMs); });
}

void DashboardRefresher::stop()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->stopTimer(); });
}

void DashboardRefresher::refreshNow()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->forceRefresh(); });
}

int DashboardRefresher::queryCount() const
{
    return m_worker->queries.load();
}

int DashboardRefresher::probeCount() const
{
    return m_worker->probes.load();
}

} // namespace scriptorium::ui
