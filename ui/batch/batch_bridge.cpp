#include "ui/batch/batch_bridge.h"

#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "store/batch_store.h"
#include "store/database.h"
#include "ui/library_session.h"

#include <algorithm>
#include <memory>

namespace scriptorium::ui {

BatchBridge::BatchBridge(QObject *parent)
    : QObject(parent)
{
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &BatchBridge::flush);
}

BatchBridge::~BatchBridge()
{
    shutdown();
}

void BatchBridge::loadProfile(const QString &libraryPath, const BatchConnection &connection,
                              std::int64_t bookId, int firstPosition, quint64 tag)
{
    if (m_stopped)
        return;
    ProfileRequest request{libraryPath, connection, bookId, firstPosition, tag};
    if (m_profileBusy) {
        m_nextProfile = std::move(request);
        return;
    }
    startProfile(std::move(request));
}

void BatchBridge::startProfile(ProfileRequest request)
{
    m_profileBusy = true;
    m_profileStopper = std::make_shared<novel::RuntimeStopper>();
    m_profileThread = std::thread([this, request = std::move(request), stopper = m_profileStopper] {
        // Its own connection and routing core: the catalog fetch blocks for a round trip.
        std::optional<novel::ForecastProfile> profile;
        if (auto db = store::Database::open(toStd(request.libraryPath))) {
            novel::SharedDatabase shared(**db);
            novel::RoutingSetup setup;
            setup.baseUrl = toStd(request.connection.baseUrl);
            setup.apiKey = routing::ApiKey(toStd(request.connection.apiKey));
            setup.config = request.connection.config;
            setup.model = toStd(request.connection.model);
            setup.stopper = stopper;
            setup.strategy = request.connection.strategy; // not primed again per forecast
            if (auto runtime = novel::PipelineRuntime::start(shared, std::move(setup)))
                profile = (*runtime)->forecastProfile(request.bookId, request.firstPosition);
        }
        QMetaObject::invokeMethod(
            this,
            [this, tag = request.tag, bookId = request.bookId, profile = std::move(profile)] {
                if (m_profileThread.joinable())
                    m_profileThread.join();
                m_profileBusy = false;
                if (profile)
                    emit profileReady(tag, bookId, *profile);
                if (m_nextProfile && !m_stopped) {
                    ProfileRequest next = std::move(*m_nextProfile);
                    m_nextProfile.reset();
                    startProfile(std::move(next));
                }
            },
            Qt::QueuedConnection);
    });
}

bool BatchBridge::run(const QString &libraryPath, const BatchConnection &connection,
                      std::int64_t batchId)
{
    if (m_running || m_stopped)
        return false;
    m_running = true;
    m_batchId = batchId;
    {
        std::lock_guard lock(m_progressMutex);
        m_latest.clear();
    }
    m_flushTimer.start();
    m_runStopper = std::make_shared<novel::RuntimeStopper>();
    m_runThread = std::thread(&BatchBridge::runWorker, this, toStd(libraryPath), connection,
                              batchId, m_runStopper);
    return true;
}

void BatchBridge::runWorker(std::string libraryPath, BatchConnection connection,
                            std::int64_t batchId, std::shared_ptr<novel::RuntimeStopper> stopper)
{
    auto failed = [this](const QString &message) {
        QMetaObject::invokeMethod(
            this,
            [this, message] {
                if (m_runThread.joinable()) // not yet joined by shutdown()
                    m_runThread.join();
                m_running = false;
                m_flushTimer.stop();
                emit runFailed(message);
            },
            Qt::QueuedConnection);
    };
    auto db = store::Database::open(libraryPath);
    if (!db)
        return failed(errorText(db.error()));
    novel::SharedDatabase shared(**db);
    auto batch = shared.with([&](store::Database &d) { return store::BatchStore(d).get(batchId); });
    if (!batch)
        return failed(errorText(batch.error()));
    // The batch's run restarts the Router's Budget with the batch's cap and everything it has
    // spent (earlier runs, and what a crashed run left reserved).
    novel::RoutingSetup setup;
    setup.baseUrl = toStd(connection.baseUrl);
    setup.apiKey = routing::ApiKey(toStd(connection.apiKey));
    setup.config = std::move(connection.config);
    setup.model = toStd(connection.model);
    setup.stopper = std::move(stopper);
    setup.strategy = std::move(connection.strategy);
    setup.budgetUsd = batch->budgetUsd;
    auto runtime = novel::PipelineRuntime::start(shared, std::move(setup));
    if (!runtime)
        return failed(errorText(runtime.error()));
    auto scheduler
        = std::make_unique<novel::BatchScheduler>((*runtime)->context({}), (*runtime)->budget());
    {
        std::lock_guard lock(m_controlMutex);
        if (m_stopRequested)
            scheduler->pause(); // quitting already: mark it running and paused at once
        m_scheduler = scheduler.get();
        m_runtime = runtime->get();
    }
    novel::BatchObserver observer;
    observer.onChapter = [this](const novel::ChapterProgress &progress) {
        std::lock_guard lock(m_progressMutex);
        m_latest.insert(progress.chapterId, progress);
    };
    observer.onNotice = [this](const std::string &text) {
        QMetaObject::invokeMethod(
            this, [this, text = toQ(text)] { emit notice(text); }, Qt::QueuedConnection);
    };
    auto report = scheduler->run(batchId, std::move(observer));
    {
        std::lock_guard lock(m_controlMutex);
        m_scheduler = nullptr;
        m_runtime = nullptr;
    }
    scheduler.reset();
    runtime->reset(); // the routing core records into `shared`: it goes first
    if (!report)
        return failed(errorText(report.error()));
    QMetaObject::invokeMethod(
        this,
        [this, report = std::move(*report)] {
            if (m_runThread.joinable())
                m_runThread.join();
            m_running = false;
            m_flushTimer.stop();
            flush();
            emit runFinished(report);
        },
        Qt::QueuedConnection);
}

void BatchBridge::flush()
{
    QList<novel::ChapterProgress> changed;
    {
        std::lock_guard lock(m_progressMutex);
        if (m_latest.isEmpty())
            return;
        changed = m_latest.values();
        m_latest.clear();
    }
    std::ranges::sort(changed, {}, &novel::ChapterProgress::position);
    emit chaptersProgressed(changed);
}

void BatchBridge::pause()
{
    std::lock_guard lock(m_controlMutex);
    if (m_scheduler)
        m_scheduler->pause();
}

void BatchBridge::cancel()
{
    std::lock_guard lock(m_controlMutex);
    if (m_scheduler)
        m_scheduler->cancel();
}

void BatchBridge::shutdown()
{
    m_stopped = true;
    m_nextProfile.reset();
    {
        // pause() alone would let running chapters finish (minutes); cancelling the
        // generations in flight as well stops them now while the batch still ends Paused,
        // so the next start offers to resume it.
        std::lock_guard lock(m_controlMutex);
        m_stopRequested = true;
        if (m_scheduler)
            m_scheduler->pause();
        if (m_runtime)
            m_runtime->shutdown(); // cancels without waiting for cost checks
        else if (m_runStopper) // still starting: its catalog fetch may never return
            m_runStopper->stop();
    }
    if (m_profileStopper)
        m_profileStopper->stop();
    if (m_runThread.joinable())
        m_runThread.join();
    if (m_profileThread.joinable())
        m_profileThread.join();
    m_flushTimer.stop();
    m_running = false;
}

} // namespace scriptorium::ui
