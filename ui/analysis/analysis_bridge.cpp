#include "ui/analysis/analysis_bridge.h"

#include "novel/book_continuation.h"
#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "routing/budget.h"
#include "ui/error_messages.h"

#include <QMetaObject>
#include <QWidget>

namespace scriptorium::ui {

AnalysisBridge::AnalysisBridge(AppRuntime *runtime, QObject *parent)
    : QObject(parent)
    , m_app(runtime)
{
}

AnalysisBridge::~AnalysisBridge()
{
    shutdown();
}

void AnalysisBridge::startWork(std::function<void(AppRuntime::Live &, novel::PipelineRun &)> work,
                               const QString &libraryPath, const BatchConnection &connection,
                               std::optional<double> budgetUsd)
{
    m_busy = true;
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = false;
    }
    if (!m_app)
        m_app = AppRuntime::ensureFor(qobject_cast<QWidget *>(parent()));
    m_app->use(connection.baseUrl, connection.apiKey, libraryPath, connection.config,
               connection.strategy);
    m_thread = std::thread([this, work = std::move(work), access = m_app->access(),
                            stop = m_stop.get_token(), config = connection.config,
                            model = connection.model.toStdString(), budgetUsd] {
        auto live = access->await(std::chrono::seconds(60), stop);
        if (!live) {
            const QString message = errorText(live.error());
            QMetaObject::invokeMethod(
                this,
                [this, message] {
                    finishWork();
                    emit failed(message);
                },
                Qt::QueuedConnection);
            return;
        }
        // A run of its own: the book's preset and model, and the cap the writer chose.
        auto run = (*live)->runtime->openRun(
            novel::RunRouting{config, model, std::make_shared<routing::Budget>(budgetUsd)});
        work(**live, *run);
    });
}

void AnalysisBridge::finishWork()
{
    if (m_thread.joinable())
        m_thread.join();
    m_busy = false;
}

void AnalysisBridge::setRun(novel::PipelineRun *run)
{
    std::lock_guard lock(m_mutex);
    m_run = run;
    if (run && m_cancelled)
        run->generator().cancelAll();
}

bool AnalysisBridge::cancelled()
{
    std::lock_guard lock(m_mutex);
    return m_cancelled;
}

bool AnalysisBridge::forecast(const QString &libraryPath, const BatchConnection &connection,
                              std::int64_t bookId)
{
    if (m_busy || m_stopped)
        return false;
    startWork(
        [this, bookId](AppRuntime::Live &live, novel::PipelineRun &run) {
            const novel::PipelineContext context = run.context({});
            auto forecast = novel::forecastAnalysis(*live.shared, context.prompts, bookId,
                                                    live.runtime->catalogBasis(0));
            QMetaObject::invokeMethod(
                this,
                [this, forecast = std::move(forecast)] {
                    finishWork();
                    if (forecast)
                        emit forecastReady(*forecast);
                    else
                        emit failed(errorText(forecast.error()));
                },
                Qt::QueuedConnection);
        },
        libraryPath, connection, std::nullopt);
    return true;
}

bool AnalysisBridge::run(const QString &libraryPath, const BatchConnection &connection,
                         std::int64_t bookId, std::optional<double> budgetUsd)
{
    if (m_busy || m_stopped)
        return false;
    startWork(
        [this, bookId](AppRuntime::Live &, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            setRun(&run);
            auto report = novel::analyseBook(
                context, bookId, {}, [this](int index, int count, int first, int last) {
                    if (cancelled())
                        return false;
                    QMetaObject::invokeMethod(
                        this,
                        [this, index, count, first, last] {
                            emit chunkStarted(index, count, first, last);
                        },
                        Qt::QueuedConnection);
                    return true;
                });
            setRun(nullptr);
            QMetaObject::invokeMethod(
                this,
                [this, report = std::move(report)] {
                    finishWork();
                    if (report)
                        emit finished(*report);
                    else
                        emit failed(errorText(report.error()));
                },
                Qt::QueuedConnection);
        },
        libraryPath, connection, budgetUsd);
    return true;
}

bool AnalysisBridge::outlineContinuation(const QString &libraryPath,
                                         const BatchConnection &connection, std::int64_t bookId,
                                         int chapters)
{
    if (m_busy || m_stopped)
        return false;
    startWork(
        [this, bookId, chapters](AppRuntime::Live &live, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            setRun(&run);
            auto range = novel::continuationRange(*live.shared, bookId, chapters);
            Result<novel::OutlineReport> outlined = range
                ? novel::outlineContinuation(context, bookId, *range)
                : Result<novel::OutlineReport>(fail(range.error()));
            setRun(nullptr);
            QMetaObject::invokeMethod(
                this,
                [this, bookId, range, outlined = std::move(outlined)] {
                    finishWork();
                    if (outlined)
                        emit continuationOutlined(bookId, range->first, range->last,
                                                  outlined->costUsd);
                    else
                        emit failed(errorText(outlined.error()));
                },
                Qt::QueuedConnection);
        },
        libraryPath, connection, std::nullopt);
    return true;
}

void AnalysisBridge::cancel()
{
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    if (m_run)
        m_run->generator().cancelAll();
}

void AnalysisBridge::shutdown()
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
