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
    , m_worker(this, runtime)
{
}

AnalysisBridge::~AnalysisBridge()
{
    shutdown();
}

void AnalysisBridge::startWork(RunWorker::Work work, const QString &libraryPath,
                               const BatchConnection &connection, std::optional<double> budgetUsd)
{
    // A run of its own: the book's preset and model, and the cap the writer chose.
    m_worker.start(std::move(work), libraryPath, connection,
                   std::make_shared<routing::Budget>(budgetUsd),
                   [this](const QString &message) { emit failed(message); });
}

bool AnalysisBridge::forecast(const QString &libraryPath, const BatchConnection &connection,
                              std::int64_t bookId)
{
    if (!m_worker.available())
        return false;
    startWork(
        [this, bookId](AppRuntime::Live &live, novel::PipelineRun &run) {
            const novel::PipelineContext context = run.context({});
            auto forecast = novel::forecastAnalysis(*live.shared, context.prompts, bookId,
                                                    live.runtime->catalogBasis(0));
            QMetaObject::invokeMethod(
                this,
                [this, forecast = std::move(forecast)] {
                    m_worker.finish();
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
    if (!m_worker.available())
        return false;
    startWork(
        [this, bookId](AppRuntime::Live &, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            m_worker.attach(&run);
            auto report = novel::analyseBook(
                context, bookId, {}, [this](int index, int count, int first, int last) {
                    if (m_worker.cancelled())
                        return false;
                    QMetaObject::invokeMethod(
                        this,
                        [this, index, count, first, last] {
                            emit chunkStarted(index, count, first, last);
                        },
                        Qt::QueuedConnection);
                    return true;
                });
            m_worker.attach(nullptr);
            QMetaObject::invokeMethod(
                this,
                [this, report = std::move(report)] {
                    m_worker.finish();
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
    if (!m_worker.available())
        return false;
    startWork(
        [this, bookId, chapters](AppRuntime::Live &live, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            m_worker.attach(&run);
            auto range = novel::continuationRange(*live.shared, bookId, chapters);
            Result<novel::OutlineReport> outlined = range
                ? novel::outlineContinuation(context, bookId, *range)
                : Result<novel::OutlineReport>(fail(range.error()));
            m_worker.attach(nullptr);
            QMetaObject::invokeMethod(
                this,
                [this, bookId, range, outlined = std::move(outlined)] {
                    m_worker.finish();
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
    m_worker.cancel();
}

void AnalysisBridge::shutdown()
{
    m_worker.shutdown();
}

} // namespace scriptorium::ui
