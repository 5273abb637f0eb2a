#pragma once

#include "novel/batch_forecast.h"
#include "novel/pipeline_context.h"
#include "routing/budget.h"
#include "store/batch_store.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::novel {

/// Where one chapter of a batch is.
enum class ChapterPhase { Pending, Drafting, Drafted, Finalizing, Done, Failed };
std::string_view chapterPhaseName(ChapterPhase phase);

/// Live state of one chapter of a running batch.
struct ChapterProgress {
    int position = 0;
    std::int64_t chapterId = 0;
    ChapterPhase phase = ChapterPhase::Pending;
    std::int64_t tokens = 0; ///< completion tokens so far (estimated while streaming)
    double tokensPerSecond = 0; ///< of the current or last generation (end-to-end)
    double costUsd = 0;
    int continuations = 0;
    std::optional<ErrorCode> error;
    std::string message;
};

/// Per provider × precision totals over the batch's attempts (the closing summary).
struct ProviderSummary {
    std::string provider;
    std::string quantization;
    int attempts = 0;
    int failures = 0;
    std::int64_t completionTokens = 0;
    double costUsd = 0;
    std::optional<double> ttftMsMean;
    std::optional<double> decodeTpsMean;
    std::optional<double> e2eTpsMean;
};

/// How a batch run ended.
struct BatchReport {
    std::int64_t batchId = 0;
    store::BatchState state = store::BatchState::Pending;
    int done = 0;
    int failed = 0;
    int remaining = 0;
    double spentUsd = 0; ///< the batch's recorded spend (all runs, resumed ones included)
    std::optional<double> budgetUsd;
    std::optional<Error> stopReason; ///< why it paused or stopped early
    double wallSeconds = 0;
    double schedulerCpuSeconds = 0; ///< CPU of the scheduler threads (not the network thread)
    std::vector<ChapterProgress> chapters;
    std::vector<ProviderSummary> providers;
};

/// Callbacks of a running batch; called from worker threads (and onChapter also from the
/// network thread while text streams), so they must be thread-safe and cheap.
struct BatchObserver {
    std::function<void(const ChapterProgress &)> onChapter;
    std::function<void(const std::string &)> onNotice;
};

/// Runs a stored batch (store::BatchStore) over a chapter range and keeps its state in the
/// library after every step, so a killed process resumes with run() on the same batch without
/// redoing or paying again for finished work: Done chapters are skipped, a drafted chapter
/// only finalizes, and finalize stages that already succeeded are reused.
///
/// Failure policy: a failed chapter is recorded (item Failed with its error class) and the
/// batch goes on; ErrorCode::Auth and ErrorCode::Credits stop it (Paused, resumable once the
/// key or credits are fixed); ErrorCode::Budget (the Router refused an attempt whose worst case
/// does not fit the cap, even shrunk to Router::Options::minAffordableTokens) first lowers the
/// concurrency in parallel mode (the chapter waits for the drafts in flight to settle their
/// reservations) and pauses the batch cleanly only when a chapter alone does not fit. A draft
/// the cap cut short is continued on the next run, not redone.
///
/// Money: the batch has its own Budget, which every step's request carries
/// (PipelineContext::budget → GenerationRequest::budget), so on a Router shared with other
/// generations only the batch's own steps count against its cap. run() restarts it with the
/// batch's cap and everything it spent in earlier runs plus what crashed runs left reserved
/// (store::ReservationStore); every step's cost is added to the batch total in the transaction
/// that records it. pause() lets running chapters
/// finish and starts no new one; cancel() also cancels generations in flight.
///
/// Threading: run() blocks its caller and uses `concurrency` worker threads in parallel mode;
/// pause() and cancel() may be called from any thread (e.g. a signal watcher).
class BatchScheduler {
public:
    /// `budget` is the batch's cap (restarted by run()), set on every step's request; null → a
    /// Budget of its own. `context.budget` is replaced by it.
    BatchScheduler(PipelineContext context, std::shared_ptr<routing::Budget> budget = nullptr);
    /// The Budget this batch's steps are held to.
    const std::shared_ptr<routing::Budget> &budget() const { return m_budget; }

    /// Stores a new batch over chapters [first, last] of `bookId`. Errors: InvalidArgument
    /// (range, concurrency), NotFound when the range holds no chapter, the store's codes.
    static Result<std::int64_t> createBatch(SharedDatabase &db, std::int64_t bookId, int first,
                                            int last, BatchMode mode, int concurrency,
                                            std::optional<double> budgetUsd);

    /// The most recent unfinished (pending, running or paused) batch of a book, if any.
    static Result<std::optional<store::Batch>> unfinishedBatch(SharedDatabase &db,
                                                               std::int64_t bookId);

    /// Runs (or resumes) batch `batchId` until every chapter is done or failed, or it is
    /// paused, stopped or cancelled. Errors: only when the batch cannot be read or its state
    /// cannot be written; chapter failures are in the report.
    Result<BatchReport> run(std::int64_t batchId, BatchObserver observer = {});

    void pause();
    void cancel();

private:
    struct Item;
    struct Shared;
    Status processChapter(Item &item, bool outlineOnly, bool finalize);
    void recordStep(const GenerationTask &task, const GenerationOutcome &outcome);
    void noteStop(const Error &error, bool pauseOnly);
    void publish(const Item &item);

    PipelineContext m_context;
    std::shared_ptr<routing::Budget> m_budget;
    std::atomic<bool> m_pause{false};
    std::atomic<bool> m_cancel{false};
    std::shared_ptr<Shared> m_shared;
};

} // namespace scriptorium::novel
