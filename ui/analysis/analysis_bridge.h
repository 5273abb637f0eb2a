#pragma once

#include "novel/book_analysis.h"
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

/// Runs the analysis of a book the writer wrote (novel::analyseBook, issue 16) and the outline
/// of its continuation (novel::outlineContinuation) for the window, on a worker thread it owns
/// over the application's runtime (AppRuntime) as a run of its own with its own cap, like
/// AuditBridge, so the GUI thread never waits on the network. Forecasts the price first
/// (novel::forecastAnalysis). Every signal is emitted on the GUI thread. GUI thread only; one
/// job at a time; destroying the bridge (or shutdown()) stops the request in flight at once
/// and joins the thread.
class AnalysisBridge : public QObject {
    Q_OBJECT

public:
    explicit AnalysisBridge(AppRuntime *runtime = nullptr, QObject *parent = nullptr);
    ~AnalysisBridge() override;

    /// The price of analysing what is left of `bookId`; `forecastReady` or `failed` follows.
    /// False while busy or after shutdown().
    bool forecast(const QString &libraryPath, const BatchConnection &connection,
                  std::int64_t bookId);
    /// Analyses what is left, held to `budgetUsd` (none: no cap of its own); `chunkStarted`
    /// per request, then `finished` (also when a budget or a cancel stopped it between
    /// requests) or `failed`. False while busy or after shutdown().
    bool run(const QString &libraryPath, const BatchConnection &connection, std::int64_t bookId,
             std::optional<double> budgetUsd);
    /// Outlines the next `chapters` chapters of `bookId` (which must be analysed and
    /// reviewed); `continuationOutlined` or `failed` follows. False while busy or after
    /// shutdown().
    bool outlineContinuation(const QString &libraryPath, const BatchConnection &connection,
                             std::int64_t bookId, int chapters);
    /// Stops after the request in flight is cancelled.
    void cancel();
    bool isBusy() const { return m_worker.isBusy(); }
    /// For quit: cancels and joins. Idempotent.
    void shutdown();

signals:
    void forecastReady(const scriptorium::novel::AnalysisForecast &forecast);
    void chunkStarted(int index, int count, int first, int last);
    void finished(const scriptorium::novel::AnalysisReport &report);
    void continuationOutlined(std::int64_t bookId, int first, int last, double costUsd);
    void failed(const QString &message);

private:
    /// Runs `work` on the worker (RunWorker::start) with a cap of `budgetUsd` (none: no cap);
    /// `failed` when the runtime cannot start.
    void startWork(RunWorker::Work work, const QString &libraryPath,
                   const BatchConnection &connection, std::optional<double> budgetUsd);

    RunWorker m_worker;
};

} // namespace scriptorium::ui
