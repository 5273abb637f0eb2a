#include "ui/runtime/run_worker.h"

#include "novel/pipeline_runtime.h"
#include "ui/error_messages.h"

#include <QMetaObject>
#include <QWidget>

#include <chrono>

namespace scriptorium::ui {

RunWorker::RunWorker(QObject *owner, AppRuntime *runtime)
    : m_owner(owner)
    , m_app(runtime)
{
}

RunWorker::~RunWorker()
{
    shutdown();
}

void RunWorker::start(Work work, const QString &libraryPath, const BatchConnection &connection,
                      std::shared_ptr<routing::Budget> budget,
                      std::function<void(const QString &)> startFailed)
{
    m_busy = true;
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = false;
    }
    if (!m_app)
        m_app = AppRuntime::ensureFor(qobject_cast<QWidget *>(m_owner->parent()));
    // The shared runtime of this connection and library (started when none runs yet).
    m_app->use(connection.baseUrl, connection.apiKey, libraryPath, connection.config,
               connection.strategy);
    m_thread = std::thread([this, work = std::move(work), access = m_app->access(),
                            stop = m_stop.get_token(), config = connection.config,
                            model = connection.model.toStdString(), budget = std::move(budget),
                            startFailed = std::move(startFailed)] {
        auto live = access->await(std::chrono::seconds(60), stop);
        if (!live) {
            QMetaObject::invokeMethod(
                m_owner,
                [this, startFailed, message = errorText(live.error())] {
                    finish();
                    startFailed(message);
                },
                Qt::QueuedConnection);
            return;
        }
        // A run of its own on the shared runtime: the book's preset and model, like a batch.
        auto run = (*live)->runtime->openRun(novel::RunRouting{config, model, budget});
        work(**live, *run);
    });
}

void RunWorker::finish()
{
    if (m_thread.joinable())
        m_thread.join();
    m_busy = false;
}

void RunWorker::attach(novel::PipelineRun *run)
{
    std::lock_guard lock(m_mutex);
    m_run = run;
    if (run && m_cancelled)
        run->generator().cancelAll();
}

bool RunWorker::cancelled()
{
    std::lock_guard lock(m_mutex);
    return m_cancelled;
}

void RunWorker::cancel()
{
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    if (m_run)
        m_run->generator().cancelAll();
}

void RunWorker::shutdown()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stop.request_stop();
    cancel();
    if (m_thread.joinable())
        m_thread.join();
    m_busy = false;
}

} // namespace scriptorium::ui
