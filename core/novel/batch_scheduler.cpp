#include "novel/batch_scheduler.h"

#include "novel/chapter_finalizer.h"
#include "novel/chapter_pipeline.h"
#include "novel/shared_database.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/reservation_store.h"
#include "util/token_estimate.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <set>
#include <thread>

namespace scriptorium::novel {

namespace {

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

bool stopsBatch(ErrorCode code)
{
    return code == ErrorCode::Auth || code == ErrorCode::Credits || code == ErrorCode::Budget
        || code == ErrorCode::Cancelled;
}

/// The draft a killed run stored before it could note it in the batch: a succeeded draft of
/// the chapter started during this batch whose text is the chapter's current body.
std::optional<std::int64_t> draftStoredSince(store::Database &db, std::int64_t chapterId,
                                             std::int64_t sinceMs)
{
    auto stmt = db.prepare("SELECT g.id FROM generations g JOIN chapters c ON c.id = g.chapter_id "
                           "WHERE g.chapter_id = ? AND g.stage = 'draft' AND g.status = "
                           "'succeeded' AND g.started_at >= ? AND c.body_source = 'generation' "
                           "AND c.updated_at >= g.finished_at ORDER BY g.id DESC LIMIT 1");
    if (!stmt)
        return std::nullopt;
    stmt->bind(1, chapterId).bind(2, sinceMs);
    auto row = stmt->step();
    if (!row || !*row)
        return std::nullopt;
    return stmt->int64(0);
}

} // namespace

std::string_view chapterPhaseName(ChapterPhase phase)
{
    switch (phase) {
    case ChapterPhase::Pending:
        return "pending";
    case ChapterPhase::Drafting:
        return "drafting";
    case ChapterPhase::Drafted:
        return "drafted";
    case ChapterPhase::Finalizing:
        return "finalizing";
    case ChapterPhase::Done:
        return "done";
    case ChapterPhase::Failed:
        return "failed";
    }
    return "pending";
}

struct BatchScheduler::Item {
    ChapterProgress progress;
    std::optional<std::int64_t> draftGenerationId;
    std::chrono::steady_clock::time_point stepStart;
};

struct BatchScheduler::Shared {
    std::mutex mutex;
    std::int64_t batchId = 0;
    std::int64_t bookId = 0;
    std::int64_t createdAt = 0; ///< the batch's: drafts it cut short are continued, not redone
    BatchObserver observer;
    std::map<std::int64_t, Item *> byChapter;
    std::map<std::pair<std::string, std::string>, ProviderSummary> providers;
    std::map<std::pair<std::string, std::string>, std::pair<int, int>> speedSamples;
    std::optional<Error> stopReason;
    /// Parallel mode: the cap refused a step that ran alone. Its chapter waits for a resume
    /// with more budget; cheaper steps of other chapters (drafts shrink) still run.
    std::optional<Error> budgetParked;
    double cpuSeconds = 0;
};

BatchScheduler::BatchScheduler(PipelineContext context, std::shared_ptr<routing::Budget> budget)
    : m_context(std::move(context))
    , m_budget(budget ? std::move(budget) : std::make_shared<routing::Budget>())
    , m_shared(std::make_shared<Shared>())
{
    // Every step of this batch is held to its own cap, also on a Router whose other
    // generations (the window's single ones) are not.
    m_context.budget = m_budget;
    m_context.onStep = [this, outer = m_context.onStep](const GenerationTask &task,
                                                        const GenerationOutcome &outcome) {
        recordStep(task, outcome);
        if (outer)
            outer(task, outcome);
    };
}

Result<std::int64_t> BatchScheduler::createBatch(SharedDatabase &db, std::int64_t bookId, int first,
                                                 int last, BatchMode mode, int concurrency,
                                                 std::optional<double> budgetUsd)
{
    if (concurrency < 1 || concurrency > 64)
        return fail(ErrorCode::InvalidArgument, "Concurrency must be between 1 and 64.");
    if (budgetUsd && *budgetUsd <= 0)
        return fail(ErrorCode::InvalidArgument, "A budget must be more than $0.");
    return db.with([&](store::Database &d) -> Result<std::int64_t> {
        auto chapters = store::ChapterStore(d).list(bookId);
        if (!chapters)
            return fail(chapters.error());
        const bool any = std::ranges::any_of(*chapters, [&](const store::ChapterListItem &c) {
            return c.position >= first && c.position <= last;
        });
        if (!any)
            return fail(ErrorCode::NotFound,
                        "The book has no chapters " + std::to_string(first) + "–"
                            + std::to_string(last) + "; outline them first.");
        store::Batch batch;
        batch.bookId = bookId;
        batch.firstPosition = first;
        batch.lastPosition = last;
        batch.mode = std::string(batchModeName(mode));
        batch.concurrency = concurrency;
        batch.budgetUsd = budgetUsd;
        return store::BatchStore(d).create(batch);
    });
}

Result<std::optional<store::Batch>> BatchScheduler::unfinishedBatch(SharedDatabase &db,
                                                                    std::int64_t bookId)
{
    auto batches = db.with([](store::Database &d) { return store::BatchStore(d).unfinished(); });
    if (!batches)
        return fail(batches.error());
    std::optional<store::Batch> latest;
    for (store::Batch &b : *batches)
        if (b.bookId == bookId)
            latest = std::move(b);
    return latest;
}

void BatchScheduler::pause()
{
    m_pause = true;
}

void BatchScheduler::cancel()
{
    m_cancel = true;
    m_context.generator.cancelAll();
}

void BatchScheduler::publish(const Item &item)
{
    if (m_shared->observer.onChapter)
        m_shared->observer.onChapter(item.progress);
}

void BatchScheduler::recordStep(const GenerationTask &task, const GenerationOutcome &outcome)
{
    const routing::GenerationResult &r = outcome.result;
    const double cost = r.totalCostUsd();
    std::lock_guard lock(m_shared->mutex);
    for (const routing::AttemptRecord &a : r.attempts) {
        const auto key = std::make_pair(a.provider.empty() ? std::string("(none)") : a.provider,
                                        a.quantization);
        ProviderSummary &p = m_shared->providers[key];
        p.provider = key.first;
        p.quantization = a.quantization;
        ++p.attempts;
        if (a.errorClass)
            ++p.failures;
        p.completionTokens += a.completionTokens;
        p.costUsd += a.costUsd.value_or(0);
        auto &[ttftCount, tpsCount] = m_shared->speedSamples[key];
        if (a.e2eTokensPerSecond && !a.errorClass) {
            const int e2eCount = p.attempts - p.failures - 1;
            p.e2eTpsMean
                = (p.e2eTpsMean.value_or(0) * e2eCount + *a.e2eTokensPerSecond) / (e2eCount + 1);
        }
        if (a.ttftMs) {
            p.ttftMsMean = (p.ttftMsMean.value_or(0) * ttftCount + *a.ttftMs) / (ttftCount + 1);
            ++ttftCount;
        }
        if (a.decodeTokensPerSecond) {
            p.decodeTpsMean = (p.decodeTpsMean.value_or(0) * tpsCount + *a.decodeTokensPerSecond)
                / (tpsCount + 1);
            ++tpsCount;
        }
    }
    // A recording generator adds the cost to the batch in the transaction that records it.
    if (cost > 0 && !outcome.costBooked)
        (void)m_context.db.with([&](store::Database &d) {
            return store::BatchStore(d).addSpent(m_shared->batchId, cost);
        });
    if (!task.chapterId)
        return;
    const auto it = m_shared->byChapter.find(*task.chapterId);
    if (it == m_shared->byChapter.end())
        return;
    Item &item = *it->second;
    item.progress.costUsd += cost;
    if (const auto *last = r.finalAttempt()) {
        if (last->e2eTokensPerSecond)
            item.progress.tokensPerSecond = *last->e2eTokensPerSecond;
        if (task.stage == "draft" || task.stage == "continue")
            item.progress.tokens = std::max(item.progress.tokens, last->completionTokens);
    }
    if (task.stage == "continue")
        ++item.progress.continuations;
    publish(item);
}

void BatchScheduler::noteStop(const Error &error, bool)
{
    std::lock_guard lock(m_shared->mutex);
    if (!m_shared->stopReason)
        m_shared->stopReason = error;
}

Status BatchScheduler::processChapter(Item &item, bool outlineOnly, bool finalize)
{
    const std::int64_t batchId = m_shared->batchId;
    auto setItem = [&](store::BatchItemState state, std::optional<ErrorCode> error) {
        store::BatchItem stored{item.progress.chapterId, state, item.draftGenerationId, error};
        return m_context.db.with(
            [&](store::Database &d) { return store::BatchStore(d).setItem(batchId, stored); });
    };
    auto setPhase = [&](ChapterPhase phase) {
        std::lock_guard lock(m_shared->mutex);
        item.progress.phase = phase;
        item.stepStart = std::chrono::steady_clock::now();
        publish(item);
    };
    if (item.progress.phase != ChapterPhase::Drafted) {
        if (auto ok = setItem(store::BatchItemState::Running, std::nullopt); !ok)
            return ok;
        setPhase(ChapterPhase::Drafting);
        DraftOptions options;
        options.outlineOnly = outlineOnly;
        options.continueSince = m_shared->createdAt;
        options.onDelta = [this, &item](std::string_view delta) {
            std::lock_guard lock(m_shared->mutex);
            item.progress.tokens += static_cast<std::int64_t>(estimateTokens(delta));
            const double seconds
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - item.stepStart)
                      .count();
            if (seconds > 0.2)
                item.progress.tokensPerSecond = static_cast<double>(item.progress.tokens) / seconds;
            publish(item);
        };
        auto draft = draftChapter(m_context, m_shared->bookId, item.progress.position, options);
        if (!draft)
            return fail(draft.error());
        item.draftGenerationId = draft->generationId;
        if (auto ok = setItem(store::BatchItemState::Running, std::nullopt); !ok)
            return ok;
        setPhase(ChapterPhase::Drafted);
    }
    if (!finalize)
        return {};
    setPhase(ChapterPhase::Finalizing);
    auto done = finalizeChapter(m_context, m_shared->bookId, item.progress.position,
                                item.draftGenerationId);
    if (!done)
        return fail(done.error());
    if (auto ok = setItem(store::BatchItemState::Done, std::nullopt); !ok)
        return ok;
    setPhase(ChapterPhase::Done);
    return {};
}

Result<BatchReport> BatchScheduler::run(std::int64_t batchId, BatchObserver observer)
{
    const auto started = std::chrono::steady_clock::now();
    auto batch
        = m_context.db.with([&](store::Database &d) { return store::BatchStore(d).get(batchId); });
    if (!batch)
        return fail(batch.error());
    auto mode = batchModeFromName(batch->mode);
    if (!mode)
        return fail(mode.error());
    m_shared->batchId = batchId;
    m_shared->bookId = batch->bookId;
    m_shared->createdAt = batch->createdAt;
    m_context.batchId = batchId;
    // The cap and what the batch has spent in every run, counting what a crashed run left
    // reserved and OpenRouter could not yet say it billed (PipelineRuntime books the rest).
    {
        auto held = m_context.db.with(
            [&](store::Database &d) { return store::ReservationStore(d).heldUsd(batchId); });
        if (!held)
            return fail(held.error());
        m_budget->restart(batch->budgetUsd, batch->spentUsd + *held);
    }
    m_shared->observer = std::move(observer);
    m_shared->stopReason.reset();
    m_shared->budgetParked.reset();

    // Rebuild each chapter's phase from what the library says happened.
    std::vector<Item> items(batch->items.size());
    for (std::size_t i = 0; i < batch->items.size(); ++i) {
        const store::BatchItem &stored = batch->items[i];
        Item &item = items[i];
        item.progress.chapterId = stored.chapterId;
        auto chapter = m_context.db.with(
            [&](store::Database &d) { return store::ChapterStore(d).get(stored.chapterId); });
        if (!chapter)
            return fail(chapter.error());
        item.progress.position = chapter->position;
        item.draftGenerationId = stored.generationId;
        if (stored.state == store::BatchItemState::Done
            || stored.state == store::BatchItemState::Skipped) {
            item.progress.phase = ChapterPhase::Done;
        } else if (stored.state == store::BatchItemState::Running) {
            if (!item.draftGenerationId)
                item.draftGenerationId = m_context.db.with([&](store::Database &d) {
                    return draftStoredSince(d, stored.chapterId, batch->createdAt);
                });
            item.progress.phase
                = item.draftGenerationId ? ChapterPhase::Drafted : ChapterPhase::Pending;
            // A draft the budget cut short is continued before it is finalized.
            if (item.progress.phase == ChapterPhase::Drafted
                && draftCutShort(m_context, batch->bookId, item.progress.position,
                                 batch->createdAt)) {
                item.progress.phase = ChapterPhase::Pending;
                item.draftGenerationId.reset();
            }
        } else if (stored.state == store::BatchItemState::Failed && item.draftGenerationId) {
            // It failed while finalizing: its draft is in the chapter and paid for, so a
            // retry only finalizes it.
            item.progress.phase = ChapterPhase::Drafted;
        }
        m_shared->byChapter[stored.chapterId] = &item;
    }
    if (auto ok = m_context.db.with([&](store::Database &d) {
            return store::BatchStore(d).setState(batchId, store::BatchState::Running);
        });
        !ok)
        return fail(ok.error());

    auto stopping = [&] {
        std::lock_guard lock(m_shared->mutex);
        return m_pause || m_cancel || m_shared->stopReason.has_value();
    };
    const bool parallel = *mode != BatchMode::Sequential;
    auto handle = [&](Item &item, const Status &status) {
        if (status)
            return;
        const Error &e = status.error();
        if (e.code == ErrorCode::Budget && parallel) {
            std::lock_guard lock(m_shared->mutex);
            if (!m_shared->budgetParked)
                m_shared->budgetParked = e;
            item.progress.phase
                = item.draftGenerationId ? ChapterPhase::Drafted : ChapterPhase::Pending;
            item.progress.message = e.message;
            publish(item);
            return;
        }
        if (stopsBatch(e.code)) {
            noteStop(e, true);
            std::lock_guard lock(m_shared->mutex);
            item.progress.phase
                = item.draftGenerationId ? ChapterPhase::Drafted : ChapterPhase::Pending;
            item.progress.message = e.message;
            publish(item);
            return;
        }
        store::BatchItem stored{item.progress.chapterId, store::BatchItemState::Failed,
                                item.draftGenerationId, e.code};
        (void)m_context.db.with(
            [&](store::Database &d) { return store::BatchStore(d).setItem(batchId, stored); });
        std::lock_guard lock(m_shared->mutex);
        item.progress.phase = ChapterPhase::Failed;
        item.progress.error = e.code;
        item.progress.message = e.message;
        publish(item);
        if (m_shared->observer.onNotice)
            m_shared->observer.onNotice("chapter " + std::to_string(item.progress.position)
                                        + " failed (" + std::string(errorCodeName(e.code))
                                        + "): " + e.message);
    };

    double cpu = 0;
    if (*mode == BatchMode::Sequential) {
        const double cpuStart = threadCpuSeconds();
        for (Item &item : items) {
            if (item.progress.phase == ChapterPhase::Done)
                continue;
            if (stopping())
                break;
            handle(item, processChapter(item, false, true));
        }
        cpu += threadCpuSeconds() - cpuStart;
    } else {
        // Drafts run `concurrency` at a time; the finalize passes follow on this thread in
        // chapter order, each as soon as its chapter is drafted (overlapping later drafts).
        std::vector<Item *> drafts;
        for (Item &item : items)
            if (item.progress.phase == ChapterPhase::Pending)
                drafts.push_back(&item);
        std::deque<Item *> queue(drafts.begin(), drafts.end());
        std::mutex progressMutex;
        std::condition_variable progressCv;
        std::set<const Item *> settled; // drafted or failed by a worker
        std::size_t limit
            = std::min<std::size_t>(static_cast<std::size_t>(batch->concurrency), drafts.size());
        std::size_t drafting = 0; // workers holding a chapter (also while they wait to retry)
        std::size_t inFlight = 0; // steps running now: drafts and the finalize pass
        std::uint64_t ended = 0; // steps ended so far
        std::size_t workersLeft = limit;

        // Runs one step. When the cap refuses it while other steps still hold reservations,
        // their real costs will free money when they end: lower the drafting concurrency,
        // wait for one of them to end and answer "retry" (nullopt). A step refused when it
        // runs alone gets its Budget error, which pauses the batch.
        auto attempt = [&](Item &item, bool outlineOnly, bool finalize) -> std::optional<Status> {
            {
                std::lock_guard lock(progressMutex);
                ++inFlight;
            }
            Status status = processChapter(item, outlineOnly, finalize);
            std::unique_lock lock(progressMutex);
            --inFlight;
            ++ended;
            progressCv.notify_all();
            if (status || status.error().code != ErrorCode::Budget || inFlight == 0)
                return status;
            if (limit > 1) {
                --limit;
                if (m_shared->observer.onNotice)
                    m_shared->observer.onNotice("lowering concurrency to " + std::to_string(limit)
                                                + " to stay within the budget");
            }
            const std::uint64_t seen = ended;
            progressCv.wait(lock, [&] { return ended != seen || inFlight == 0 || stopping(); });
            return std::nullopt;
        };
        // Retries a refused step until it runs or the batch stops (then it is left pending).
        auto run = [&](Item &item, bool outlineOnly, bool finalize) -> Status {
            while (true) {
                if (auto status = attempt(item, outlineOnly, finalize))
                    return *status;
                std::lock_guard lock(m_shared->mutex);
                item.progress.phase
                    = item.draftGenerationId ? ChapterPhase::Drafted : ChapterPhase::Pending;
                publish(item);
                if (m_pause || m_cancel || m_shared->stopReason)
                    return {};
            }
        };

        std::vector<std::jthread> workers;
        for (std::size_t w = 0, count = workersLeft; w < count; ++w) {
            workers.emplace_back([&] {
                const double cpuStart = threadCpuSeconds();
                while (true) {
                    Item *item = nullptr;
                    {
                        std::unique_lock lock(progressMutex);
                        progressCv.wait(
                            lock, [&] { return stopping() || queue.empty() || drafting < limit; });
                        if (stopping() || queue.empty())
                            break;
                        item = queue.front();
                        queue.pop_front();
                        ++drafting;
                    }
                    handle(*item, run(*item, true, false));
                    std::lock_guard lock(progressMutex);
                    --drafting;
                    settled.insert(item);
                    progressCv.notify_all();
                }
                std::lock_guard lock(progressMutex);
                cpu += threadCpuSeconds() - cpuStart;
                --workersLeft;
                progressCv.notify_all();
            });
        }
        const double cpuStart = threadCpuSeconds();
        bool finalizeParked = false;
        for (Item &item : items) {
            const bool needsDraft = std::ranges::find(drafts, &item) != drafts.end();
            if (needsDraft) {
                std::unique_lock lock(progressMutex);
                progressCv.wait(lock, [&] { return settled.contains(&item) || workersLeft == 0; });
            }
            ChapterPhase phase;
            {
                std::lock_guard lock(m_shared->mutex);
                phase = item.progress.phase;
            }
            if (phase != ChapterPhase::Drafted)
                continue;
            if (stopping())
                break;
            // Chapters finalize in order: once the cap parks one, the later ones wait too.
            if (finalizeParked)
                continue;
            const Status finalized = run(item, false, true);
            finalizeParked = !finalized && finalized.error().code == ErrorCode::Budget;
            handle(item, finalized);
        }
        {
            std::lock_guard lock(progressMutex);
            cpu += threadCpuSeconds() - cpuStart;
        }
        workers.clear(); // joins
    }

    BatchReport report;
    report.batchId = batchId;
    report.budgetUsd = batch->budgetUsd;
    for (const Item &item : items) {
        report.chapters.push_back(item.progress);
        if (item.progress.phase == ChapterPhase::Done)
            ++report.done;
        else if (item.progress.phase == ChapterPhase::Failed)
            ++report.failed;
        else
            ++report.remaining;
    }
    {
        std::lock_guard lock(m_shared->mutex);
        report.stopReason = m_shared->stopReason ? m_shared->stopReason : m_shared->budgetParked;
        for (const auto &[key, summary] : m_shared->providers)
            report.providers.push_back(summary);
        m_shared->byChapter.clear();
    }
    std::ranges::sort(report.providers, [](const ProviderSummary &a, const ProviderSummary &b) {
        return a.attempts > b.attempts;
    });
    if (m_cancel)
        report.state = store::BatchState::Cancelled;
    else if (report.remaining > 0)
        report.state = store::BatchState::Paused;
    else if (report.failed > 0)
        report.state = store::BatchState::Failed;
    else
        report.state = store::BatchState::Done;
    if (report.state == store::BatchState::Paused && !report.stopReason)
        report.stopReason = Error{
            ErrorCode::Cancelled, "The batch was paused; run generate --resume to continue.", {}};
    auto stored = m_context.db.with([&](store::Database &d) -> Result<store::Batch> {
        store::BatchStore batches(d);
        if (auto ok = batches.setState(batchId, report.state); !ok)
            return fail(ok.error());
        return batches.get(batchId);
    });
    if (!stored)
        return fail(stored.error());
    report.spentUsd = stored->spentUsd;
    report.wallSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report.schedulerCpuSeconds = cpu;
    return report;
}

} // namespace scriptorium::novel
