#pragma once

#include "novel/batch_forecast.h"
#include "novel/batch_scheduler.h"
#include "routing/routing_config.h"
#include "routing/routing_strategy.h"
#include "ui/runtime/app_runtime.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

namespace scriptorium::novel {
class BatchScheduler;
class PipelineRuntime;
} // namespace scriptorium::novel

namespace scriptorium::ui {

/// Where and how a batch's requests go, gathered on the GUI thread.
struct BatchConnection {
    QString baseUrl;
    QString apiKey;
    routing::RoutingConfig config = routing::RoutingConfig::defaults();
    QString model; ///< empty → the routing config's default model
    /// The window's strategy (shared: what the batch teaches it the Generate dock uses); null
    /// with a static config keeps the config's order, with an adaptive one the runtime builds
    /// its own.
    std::shared_ptr<routing::RoutingStrategy> strategy;
};

/// Runs the core's BatchScheduler for the Batch dock on a worker thread it owns, over the
/// application's one routing core (AppRuntime: the novel::PipelineRuntime the Generate dock
/// uses too) as a run of its own (novel::PipelineRun: the batch's preset and model, its own
/// cap, so single generations never count against it), so the GUI thread never waits on the
/// network or on a batch step. Also computes forecast profiles (which read the catalog) on a
/// second worker thread.
///
/// The scheduler's callbacks arrive on worker and network threads, many per second per
/// stream: they only store the latest state of each chapter, and a 100 ms timer on the GUI
/// thread hands what changed to `chaptersProgressed`, so any number of streams costs the
/// event loop at most ten updates a second. Every signal is emitted on the GUI thread.
/// GUI thread only; destroying the bridge (or shutdown()) stops running chapters, keeps the
/// batch resumable and joins both threads.
class BatchBridge : public QObject {
    Q_OBJECT

public:
    /// Runs on `runtime` (the window's); null → a runtime of its own.
    explicit BatchBridge(AppRuntime *runtime = nullptr, QObject *parent = nullptr);
    ~BatchBridge() override;

    /// Computes the forecast profile of `bookId` in the background (the book's history, else
    /// catalog prices); `profileReady` follows with `tag`. A request while one is in flight
    /// replaces any request still waiting.
    void loadProfile(const QString &libraryPath, const BatchConnection &connection,
                     std::int64_t bookId, int firstPosition, quint64 tag);
    /// Runs (or resumes, or retries the failed chapters of) stored batch `batchId` of the
    /// library at `libraryPath`; `runFinished` or `runFailed` follows. False when a batch is
    /// already running or after shutdown().
    bool run(const QString &libraryPath, const BatchConnection &connection, std::int64_t batchId);
    bool isRunning() const { return m_running; }
    std::int64_t runningBatchId() const { return m_running ? m_batchId : 0; }

    /// Running chapters finish; no new one starts; the batch ends Paused (resumable).
    void pause();
    /// Stops everything at once; the batch ends Cancelled.
    void cancel();
    /// For quit: running chapters stop at once (the shared runtime is shut down: it is
    /// quitting too), the batch is saved Paused (resumable), a wait for the runtime to start
    /// is abandoned (a server that never answers cannot hold the window open), and both
    /// threads are joined.
    void shutdown();

    /// Coalescing interval of chaptersProgressed (ms).
    static constexpr int kFlushIntervalMs = 100;

signals:
    /// Chapters whose state changed since the last flush (latest state each).
    void chaptersProgressed(const QList<scriptorium::novel::ChapterProgress> &chapters);
    void notice(const QString &text);
    void runFinished(const scriptorium::novel::BatchReport &report);
    /// The batch could not run at all (library, base URL); `message` is for people.
    void runFailed(const QString &message);
    void profileReady(quint64 tag, std::int64_t bookId,
                      const scriptorium::novel::ForecastProfile &profile);

private:
    struct ProfileRequest {
        QString libraryPath;
        BatchConnection connection;
        std::int64_t bookId = 0;
        int firstPosition = 1;
        quint64 tag = 0;
    };
    void startProfile(ProfileRequest request);
    void flush();
    void runWorker(std::string libraryPath, BatchConnection connection, std::int64_t batchId,
                   std::shared_ptr<AppRuntime::Access> access);

    QPointer<AppRuntime> m_app;
    std::thread m_runThread;
    std::thread m_profileThread;
    /// Requested by shutdown(): a worker waiting for the runtime to start gives up.
    std::stop_source m_stop;
    bool m_running = false;
    bool m_profileBusy = false;
    bool m_stopped = false;
    std::int64_t m_batchId = 0;
    std::optional<ProfileRequest> m_nextProfile;
    QTimer m_flushTimer;

    /// The running scheduler, for pause/cancel from the GUI thread. Two locks, so a control
    /// call that ends up in a callback can never wait on itself.
    std::mutex m_controlMutex;
    novel::BatchScheduler *m_scheduler = nullptr;
    novel::PipelineRuntime *m_runtime = nullptr;
    bool m_stopRequested = false; ///< shutdown() came before the scheduler existed
    /// Latest state per chapter since the last flush; written by worker and network threads.
    std::mutex m_progressMutex;
    QHash<std::int64_t, novel::ChapterProgress> m_latest;
};

} // namespace scriptorium::ui
