#include "ui/dashboard/dashboard_worker.h"

#include "store/database.h"
#include "store/quality_store.h"
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
    m_qualityToken.clear();
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
    m_qualityToken.clear();
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
    if (key != m_token) {
        store::DashboardQuery query = m_query;
        query.nowMs = now;
        auto snapshot = store::queryDashboard(*m_db, query, &m_cache);
        ++queries;
        if (!snapshot) {
            emit failed(errorText(snapshot.error()));
            return;
        }
        m_token = key;
        m_sinceMs = snapshot->stats.sinceMs;
        emit ready(std::make_shared<const store::DashboardSnapshot>(std::move(*snapshot)));
    }
    refreshQuality();
}

void DashboardWorker::refreshQuality()
{
    // Findings are written after the generation they judge and can be marked intentional any
    // time later, and a check with no finding only flags its generation: the probe covers all
    // three. The last count walks the window's generations by the started_at index.
    auto probe = m_db->prepare(
        "SELECT (SELECT coalesce(max(id), 0) FROM quality_findings), "
        "(SELECT count(*) FROM quality_findings WHERE intentional != 0), "
        "(SELECT count(*) FROM generations WHERE quality_checked != 0 AND started_at >= ?1), "
        "(SELECT total(completion_tokens) FROM generations WHERE quality_checked != 0 "
        "AND started_at >= ?1)");
    if (!probe) {
        emit failed(errorText(probe.error()));
        return;
    }
    probe->bind(1, m_sinceMs);
    auto row = probe->step();
    if (!row) {
        emit failed(errorText(row.error()));
        return;
    }
    std::string key = std::to_string(m_sinceMs);
    if (*row) {
        key += "/" + std::to_string(probe->int64(0)) + "/" + std::to_string(probe->int64(1)) + "/"
            + std::to_string(probe->int64(2)) + "/" + std::to_string(probe->real(3));
    }
    if (key == m_qualityToken)
        return;
    auto rates = store::QualityStore(*m_db).rates(m_sinceMs);
    if (!rates) {
        emit failed(errorText(rates.error()));
        return;
    }
    // The model and precision filters pick whole rows; rates() has no book, so the book filter
    // does not apply to this table.
    std::erase_if(*rates, [this](const store::QualityRate &r) {
        return (!m_query.model.empty() && r.model != m_query.model)
            || (!m_query.precision.empty() && r.precision != m_query.precision);
    });
    m_qualityToken = key;
    emit qualityReady(std::make_shared<const std::vector<store::QualityRate>>(std::move(*rates)));
}

} // namespace scriptorium::ui
