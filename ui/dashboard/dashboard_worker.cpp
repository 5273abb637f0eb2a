#include "ui/dashboard/dashboard_worker.h"

#include "store/database.h"
#include "ui/error_messages.h"

#include <QDateTime>
#include <QTimer>

namespace scriptorium::ui {

DashboardWorker::DashboardWorker(QString path, std::function<std::int64_t()> nowMs)
    : m_path(std::move(path))
    , m_nowMs(std::move(nowMs))
{
}

DashboardWorker::~DashboardWorker() = default;

void DashboardWorker::setQuery(const store::DashboardQuery &query)
{
    m_query = query;
    m_token.clear();
    tick();
}

void DashboardWorker::startTimer(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &DashboardWorker::tick);
    }
    m_timer->start(intervalMs);
}

void DashboardWorker::stopTimer()
{
    if (m_timer)
        m_timer->stop();
}

void DashboardWorker::forceRefresh()
{
    m_token.clear();
    tick();
}

void DashboardWorker::close()
{
    stopTimer();
    m_db.reset();
}

void DashboardWorker::tick()
{
    if (!m_db) {
        store::OpenOptions options;
        options.create = false;
        options.checkIntegrity = false;
        auto db = store::Database::open(m_path.toStdString(), options);
        if (!db) {
            emit failed(errorText(db.error()));
            return;
        }
        m_db = std::move(*db);
        if (auto tuned = store::prepareDashboardConnection(*m_db); !tuned) {
            m_db.reset();
            emit failed(errorText(tuned.error()));
            return;
        }
    }
    const std::int64_t now = m_nowMs ? m_nowMs() : QDateTime::currentMSecsSinceEpoch();
    auto token = store::dashboardChangeToken(*m_db, now);
    ++probes;
    if (!token) {
        emit failed(errorText(token.error()));
        return;
    }
    // A window slides even when nothing changes. The live window moves by the minute; the
    // others (a book's too) are whole hours, so nothing they show can change within the hour
    // and an idle library is not queried again until the next one.
    const bool minutes = m_query.range == store::DashboardRange::Live15m;
    const std::int64_t slide = minutes ? 60'000 : 3'600'000;
    const std::string key = *token + "@" + std::to_string(now / slide);
    if (key == m_token)
        return;
    store::DashboardQuery query = m_query;
    query.nowMs = now;
    auto snapshot = store::queryDashboard(*m_db, query, &m_cache);
    ++queries;
    if (!snapshot) {
        emit failed(errorText(snapshot.error()));
        return;
    }
    m_token = key;
    emit ready(std::make_shared<const store::DashboardSnapshot>(std::move(*snapshot)));
}

} // namespace scriptorium::ui
