#include "ui/quality/audit_bridge.h"

#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "ui/error_messages.h"

#include <QMetaObject>
#include <QWidget>

namespace scriptorium::ui {

AuditBridge::AuditBridge(AppRuntime *runtime, QObject *parent)
    : QObject(parent)
    , m_worker(this, runtime)
{
}

AuditBridge::~AuditBridge()
{
    shutdown();
}

void AuditBridge::startWork(RunWorker::Work work, const QString &libraryPath,
                            const BatchConnection &connection)
{
    m_worker.start(std::move(work), libraryPath, connection, nullptr,
                   [this](const QString &message) { emit failed(message); });
}

bool AuditBridge::forecast(const QString &libraryPath, const BatchConnection &connection,
                           std::int64_t bookId, int first, int last)
{
    if (!m_worker.available())
        return false;
    startWork(
        [this, bookId, first, last](AppRuntime::Live &live, novel::PipelineRun &run) {
            const novel::PipelineContext context = run.context({});
            auto forecast = novel::forecastAudit(*live.shared, context.prompts, bookId, first, last,
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
        libraryPath, connection);
    return true;
}

bool AuditBridge::run(const QString &libraryPath, const BatchConnection &connection,
                      std::int64_t bookId, int first, int last)
{
    if (!m_worker.available())
        return false;
    startWork(
        [this, bookId, first, last](AppRuntime::Live &, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            m_worker.attach(&run);
            int chapters = 0;
            int findings = 0;
            double spent = 0;
            std::optional<Error> stopped;
            for (int position = first; position <= last; ++position) {
                auto audit = novel::auditChapter(context, bookId, position);
                if (!audit) {
                    // Empty chapters are skipped; a missing one ends the range.
                    if (audit.error().code == ErrorCode::InvalidArgument)
                        continue;
                    if (audit.error().code != ErrorCode::NotFound)
                        stopped = audit.error();
                    break;
                }
                ++chapters;
                spent += audit->run.costUsd;
                const int found = static_cast<int>(audit->run.findings.size());
                findings += found;
                QMetaObject::invokeMethod(
                    this,
                    [this, position, found, cost = audit->run.costUsd] {
                        emit chapterAudited(position, found, cost);
                    },
                    Qt::QueuedConnection);
                if (m_worker.cancelled()) {
                    stopped = Error{ErrorCode::Cancelled, "The audit was cancelled.", {}};
                    break;
                }
            }
            m_worker.attach(nullptr);
            QMetaObject::invokeMethod(
                this,
                [this, chapters, findings, spent, stopped] {
                    m_worker.finish();
                    if (stopped)
                        emit failed(errorText(*stopped));
                    else
                        emit finished(chapters, findings, spent);
                },
                Qt::QueuedConnection);
        },
        libraryPath, connection);
    return true;
}

bool AuditBridge::priceQuestion(const QString &libraryPath, const BatchConnection &connection,
                                std::int64_t bookId, const QString &question)
{
    if (!m_worker.available())
        return false;
    m_question.reset();
    startWork(
        [this, bookId, question = question.toStdString()](AppRuntime::Live &live,
                                                          novel::PipelineRun &run) {
            const novel::PipelineContext context = run.context({});
            auto retrieved = novel::retrieveForQuestion(*live.shared, bookId, question);
            Result<novel::AskPrompt> prompt = retrieved
                ? novel::buildAskPrompt(*retrieved, context.prompts)
                : Result<novel::AskPrompt>(fail(retrieved.error()));
            QList<int> chapters;
            if (retrieved)
                for (const novel::AskPassage &p : retrieved->passages)
                    chapters << p.position;
            const novel::AskForecast price = prompt
                ? novel::forecastAsk(*prompt, live.runtime->catalogBasis(0))
                : novel::AskForecast{};
            // An empty or vague question is the writer's to fix, and says how.
            const QString problem = prompt ? QString()
                : prompt.error().code == ErrorCode::InvalidArgument
                ? tr("The question names nothing to look for in the book: name a character, a "
                     "place or a thing.")
                : errorText(prompt.error());
            QMetaObject::invokeMethod(
                this,
                [this, ok = prompt.has_value(), prompt = std::move(prompt), chapters, price,
                 problem] {
                    m_worker.finish();
                    if (!ok) {
                        emit failed(problem);
                        return;
                    }
                    if (!chapters.isEmpty())
                        m_question = *prompt;
                    emit questionPriced(chapters, price);
                },
                Qt::QueuedConnection);
        },
        libraryPath, connection);
    return true;
}

bool AuditBridge::askQuestion(const QString &libraryPath, const BatchConnection &connection,
                              std::int64_t bookId)
{
    if (!m_worker.available() || !m_question)
        return false;
    startWork(
        [this, bookId, prompt = *m_question](AppRuntime::Live &, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            m_worker.attach(&run);
            auto answer = novel::askManuscript(context, bookId, prompt);
            m_worker.attach(nullptr);
            QMetaObject::invokeMethod(
                this,
                [this, answer = std::move(answer)] {
                    m_worker.finish();
                    if (answer)
                        emit answered(*answer);
                    else
                        emit failed(errorText(answer.error()));
                },
                Qt::QueuedConnection);
        },
        libraryPath, connection);
    return true;
}

void AuditBridge::cancel()
{
    m_worker.cancel();
}

void AuditBridge::shutdown()
{
    m_worker.shutdown();
}

} // namespace scriptorium::ui
