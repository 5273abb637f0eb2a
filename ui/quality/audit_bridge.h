#pragma once

#include "novel/continuity_audit.h"
#include "novel/manuscript_question.h"
#include "ui/batch/batch_bridge.h"
#include "ui/runtime/app_runtime.h"
#include "ui/runtime/run_worker.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace scriptorium::novel {
class PipelineRun;
}

namespace scriptorium::ui {

/// Runs the paid readings of a book for the window — the continuity audit
/// (novel::auditChapter) and questions to the manuscript (novel::askManuscript) — on a worker
/// thread it owns, over the application's runtime (AppRuntime) as a run of its own (the book's
/// preset and model, like a batch), so the GUI thread never waits on the network. Forecasts the
/// price first (novel::forecastAudit). Every signal is emitted on the GUI thread. GUI thread
/// only; one forecast or audit at a time; destroying the bridge (or shutdown()) stops the
/// audit's request at once and joins the thread.
class AuditBridge : public QObject {
    Q_OBJECT

public:
    explicit AuditBridge(AppRuntime *runtime = nullptr, QObject *parent = nullptr);
    ~AuditBridge() override;

    /// The price of auditing chapters `first`..`last` of `bookId`; `forecastReady` or
    /// `failed` follows. False while busy or after shutdown().
    bool forecast(const QString &libraryPath, const BatchConnection &connection,
                  std::int64_t bookId, int first, int last);
    /// Audits chapters `first`..`last` (empty ones are skipped); `chapterAudited` per chapter,
    /// then `finished` or `failed`. False while busy or after shutdown().
    bool run(const QString &libraryPath, const BatchConnection &connection, std::int64_t bookId,
             int first, int last);
    /// Retrieves the passages for `question` about `bookId` and prices asking it;
    /// `questionPriced` or `failed` follows. False while busy or after shutdown().
    bool priceQuestion(const QString &libraryPath, const BatchConnection &connection,
                       std::int64_t bookId, const QString &question);
    /// Asks the question last priced (its prompt, as priced); `answered` or `failed` follows.
    /// False without a priced question, while busy or after shutdown().
    bool askQuestion(const QString &libraryPath, const BatchConnection &connection,
                     std::int64_t bookId);
    /// Stops the audit after the request in flight is cancelled; `failed` follows.
    void cancel();
    bool isBusy() const { return m_worker.isBusy(); }
    /// For quit: cancels and joins. Idempotent.
    void shutdown();

signals:
    void forecastReady(const scriptorium::novel::AuditForecast &forecast);
    /// `findings`: what the audit reported for chapter `position` (intentional ones included).
    void chapterAudited(int position, int findings, double costUsd);
    void finished(int chapters, int findings, double costUsd);
    /// The chapters the passages come from and the price of asking.
    void questionPriced(const QList<int> &chapters, const scriptorium::novel::AskForecast &price);
    void answered(const scriptorium::novel::AskAnswer &answer);
    void failed(const QString &message);

private:
    /// Runs `work` on the worker (RunWorker::start); `failed` when the runtime cannot start.
    void startWork(RunWorker::Work work, const QString &libraryPath,
                   const BatchConnection &connection);

    RunWorker m_worker;
    std::optional<novel::AskPrompt> m_question; ///< the question last priced (GUI thread)
};

} // namespace scriptorium::ui
