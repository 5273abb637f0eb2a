#pragma once

#include "ui/batch/batch_bridge.h"
#include "ui/runtime/app_runtime.h"

#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

class QObject;

namespace scriptorium::routing {
class Budget;
}

namespace scriptorium::novel {
class PipelineRun;
}

namespace scriptorium::ui {

/// The worker thread of a bridge that runs paid readings of a book for the window (the
/// continuity audit and questions in AuditBridge, the analysis in AnalysisBridge): one piece of
/// work at a time on the application's runtime (AppRuntime), as a run of its own, with cancel
/// that reaches the request in flight and a shutdown that joins. The bridge emits its own
/// signals; this owns the thread and its state. GUI thread, except attach()/detach()/
/// cancelled(), which the work calls on the worker thread.
class RunWorker {
public:
    using Work = std::function<void(AppRuntime::Live &, novel::PipelineRun &)>;

    /// `owner` is the bridge (results are posted to it; its parent widget finds the window's
    /// runtime when there is no `runtime`).
    RunWorker(QObject *owner, AppRuntime *runtime);
    ~RunWorker();

    /// False while work runs or after shutdown().
    bool available() const { return !m_busy && !m_stopped; }
    bool isBusy() const { return m_busy; }

    /// Runs `work` on the worker thread with the runtime of `connection` and a run of its own
    /// (the connection's preset and model, and `budget` as its cap when given). When the
    /// runtime cannot start, `startFailed` is called on the GUI thread with what to tell the
    /// writer, after finish().
    void start(Work work, const QString &libraryPath, const BatchConnection &connection,
               std::shared_ptr<routing::Budget> budget,
               std::function<void(const QString &)> startFailed);
    /// Joins the finished work (the work's last act posts a call to the GUI thread that ends
    /// with this).
    void finish();

    /// The run cancel() should stop (worker thread); null detaches. A run attached after
    /// cancel() is stopped at once.
    void attach(novel::PipelineRun *run);
    bool cancelled();
    /// Stops the request in flight; the work sees cancelled().
    void cancel();
    /// For quit: cancels and joins. Idempotent.
    void shutdown();

private:
    QObject *m_owner;
    QPointer<AppRuntime> m_app;
    std::thread m_thread;
    std::stop_source m_stop;
    std::mutex m_mutex;
    novel::PipelineRun *m_run = nullptr; ///< under m_mutex
    bool m_cancelled = false; ///< under m_mutex
    bool m_busy = false;
    bool m_stopped = false;
};

} // namespace scriptorium::ui
