#include "ui/quality/audit_bridge.h"

#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "ui/error_messages.h"

#include <QMetaObject>
#include <QWidget>

namespace scriptorium::ui {

namespace {

std::string toStd(const QString &text)
{
    return text.toStdString();
}

} // namespace

AuditBridge::AuditBridge(AppRuntime *runtime, QObject *parent)
    : QObject(parent)
    , m_app(runtime)
{
}

AuditBridge::~AuditBridge()
{
    shutdown();
}

void AuditBridge::startWork(std::function<void(AppRuntime::Live &, novel::PipelineRun &)> work,
                            const QString &libraryPath, const BatchConnection &connection)
{
    m_busy = true;
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = false;
    }
    if (!m_app)
        m_app = AppRuntime::ensureFor(qobject_cast<QWidget *>(parent()));
    // The shared runtime of this connection and library (started when none runs yet).
    m_app->use(connection.baseUrl, connection.apiKey, libraryPath, connection.config,
               connection.strategy);
    m_thread = std::thread([this, work = std::move(work), access = m_app->access(),
                            stop = m_stop.get_token(), config = connection.config,
                            model = toStd(connection.model)] {
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
        // A run of its own on the shared runtime: the book's preset and model, like a batch.
        auto run = (*live)->runtime->openRun(novel::RunRouting{config, model, nullptr});
        work(**live, *run);
    });
}

void AuditBridge::finishWork()
{
    if (m_thread.joinable())
        m_thread.join();
    m_busy = false;
}

bool AuditBridge::forecast(const QString &libraryPath, const BatchConnection &connection,
                           std::int64_t bookId, int first, int last)
{
    if (m_busy || m_stopped)
        return false;
    startWork(
        [this, bookId, first, last](AppRuntime::Live &live, novel::PipelineRun &run) {
            const novel::PipelineContext context = run.context({});
            auto forecast = novel::forecastAudit(*live.shared, context.prompts, bookId, first, last,
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
        libraryPath, connection);
    return true;
}

bool AuditBridge::run(const QString &libraryPath, const BatchConnection &connection,
                      std::int64_t bookId, int first, int last)
{
    if (m_busy || m_stopped)
        return false;
    startWork(
        [this, bookId, first, last](AppRuntime::Live &, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            {
                std::lock_guard lock(m_mutex);
                m_run = &run;
                if (m_cancelled)
                    run.generator().cancelAll();
            }
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
                std::lock_guard lock(m_mutex);
                if (m_cancelled) {
                    stopped = Error{ErrorCode::Cancelled, "The audit was cancelled.", {}};
                    break;
                }
            }
            {
                std::lock_guard lock(m_mutex);
                m_run = nullptr;
            }
            QMetaObject::invokeMethod(
                this,
                [this, chapters, findings, spent, stopped] {
                    finishWork();
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
    if (m_busy || m_stopped)
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
                    finishWork();
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
    if (m_busy || m_stopped || !m_question)
        return false;
    startWork(
        [this, bookId, prompt = *m_question](AppRuntime::Live &, novel::PipelineRun &run) {
            novel::PipelineContext context = run.context({});
            {
                std::lock_guard lock(m_mutex);
                m_run = &run;
                if (m_cancelled)
                    run.generator().cancelAll();
            }
            auto answer = novel::askManuscript(context, bookId, prompt);
            {
                std::lock_guard lock(m_mutex);
                m_run = nullptr;
            }
            QMetaObject::invokeMethod(
                this,
                [this, answer = std::move(answer)] {
                    finishWork();
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
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    if (m_run)
        m_run->generator().cancelAll();
}

void AuditBridge::shutdown()
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
