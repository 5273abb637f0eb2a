#include "ui/batch/batch_bridge.h"

#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "store/batch_store.h"
#include "store/database.h"
#include "ui/library_session.h"

#include <algorithm>
#include <memory>

namespace scriptorium::ui {

BatchBridge::BatchBridge(AppRuntime *runtime, QObject *parent)
    : QObject(parent)
    , m_app(runtime ? runtime : new AppRuntime(this))
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
    // The shared runtime of this connection and library (started when none runs yet).
    m_app->use(request.connection.baseUrl, request.connection.apiKey, request.libraryPath,
               request.connection.config, request.connection.strategy);
    m_profileThread = std::thread(
        [this, request = std::move(request), access = m_app->access(), stop = m_stop.get_token()] {
            std::optional<novel::ForecastProfile> profile;
            if (auto live = access->await(std::chrono::seconds(60), stop)) {
                // The run's own model and preset: its catalog prices and stage policies.
                auto run = (*live)->runtime->openRun(novel::RunRouting{
                    request.connection.config, toStd(request.connection.model), nullptr});
                profile = run->forecastProfile(request.bookId, request.firstPosition);
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
    m_app->use(connection.baseUrl, connection.apiKey, libraryPath, connection.config,
               connection.strategy);
    m_runThread = std::thread(&BatchBridge::runWorker, this, toStd(libraryPath), connection,
                              batchId, m_app->access());
    return true;
}

void BatchBridge::runWorker(std::string libraryPath, BatchConnection connection,
                            std::int64_t batchId, std::shared_ptr<AppRuntime::Access> access)
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
    // The application's runtime for this connection and library: the same client, Router and
    // strategy the Generate dock uses. The run holds it until the batch ends.
    auto live = access->await(std::chrono::seconds(60), m_stop.get_token());
    if (!live) {
        // Closed while the runtime was starting: the batch is saved Paused, like one stopped
        // mid-run, so the next start offers to resume it.
        if (m_stop.stop_requested())
            if (auto db = store::Database::open(libraryPath))
                (void)store::BatchStore(**db).setState(batchId, store::BatchState::Paused);
        return failed(errorText(live.error()));
    }
    novel::SharedDatabase &shared = *(*live)->shared;
    auto batch = shared.with([&](store::Database &d) { return store::BatchStore(d).get(batchId); });
    if (!batch)
        return failed(errorText(batch.error()));
    // The batch's own preset, model and Budget; the scheduler restarts that Budget with the
    // batch's cap and everything it has spent (earlier runs, and what a crashed run left
    // reserved). Single generations on the same runtime do not count against it.
    auto run = (*live)->runtime->openRun(
        novel::RunRouting{std::move(connection.config), toStd(connection.model), nullptr});
    auto scheduler = std::make_unique<novel::BatchScheduler>(run->context({}), run->budget());
    {
        std::lock_guard lock(m_controlMutex);
        if (m_stopRequested)
            scheduler->pause(); // quitting already: mark it running and paused at once
        m_scheduler = scheduler.get();
        m_runtime = (*live)->runtime.get();
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
    run.reset();
    live->reset(); // the last holder of a replaced runtime destroys it here, off the GUI thread
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
        // The shared runtime: the window is quitting, so every generation on it stops now
        // without waiting for cost checks.
        if (m_runtime)
            m_runtime->shutdown();
    }
    m_stop.request_stop(); // a worker still waiting for the runtime to start gives up
    if (m_runThread.joinable())
        m_runThread.join();
    if (m_profileThread.joinable())
        m_profileThread.join();
    m_flushTimer.stop();
    m_running = false;
    if (m_app && m_app->parent() == this)
        m_app->shutdown();
}

} // namespace scriptorium::ui
