// Batch scheduling against the simulator (docs/pipeline.md "Measured"):
//  1. a 50-chapter parallel batch, concurrency 8, at a fast time scale: wall time against the
//     ideal computed from the simulator's truth log, and scheduler CPU per chapter;
//  2. forecast accuracy: after 5 chapters of history, the forecast for a 20-chapter batch
//     against what that batch then measures (cost and wall time).
// Usage: bench_batch [time-scale]   (default 0.05). Exit 1 when a target is missed.
#include "../e2e/novel_sim_fixture.h"
#include "novel/batch_scheduler.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <vector>

using namespace scriptorium;
using namespace scriptorium::novel;

namespace {

std::filesystem::path tempDir(const char *name)
{
    std::string pattern
        = (std::filesystem::temp_directory_path() / (std::string(name) + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data()))
        std::exit(2);
    return pattern;
}

/// Ideal wall time of a parallel batch from the served durations alone (no client, network or
/// scheduling cost): the chapters' draft chains list-scheduled in chapter order on `slots`
/// workers; chapter k's finalize calls start when its draft and chapter k−1's finalize are done.
double idealSeconds(const std::vector<double> &draftChains, const std::vector<double> &finalize,
                    int slots)
{
    std::vector<double> free(static_cast<std::size_t>(slots), 0.0);
    double finalizeEnd = 0;
    for (std::size_t k = 0; k < draftChains.size(); ++k) {
        auto it = std::ranges::min_element(free);
        *it += draftChains[k];
        finalizeEnd = std::max(finalizeEnd, *it) + finalize[k];
    }
    return std::max(finalizeEnd, *std::ranges::max_element(free));
}

} // namespace

int main(int argc, char **argv)
{
    const double timeScale = argc > 1 ? std::atof(argv[1]) : 0.05;
    bool ok = true;

    // 1. 50 chapters, parallel, concurrency 8.
    {
        const auto dir = tempDir("bench-batch");
        test::SimSetup setup;
        setup.timeScale = timeScale;
        test::NovelSim sim(dir, setup);
        if (!sim.ready) {
            std::fprintf(stderr, "simulator setup failed\n");
            return 2;
        }
        const auto book = sim.makeOutlinedBook(50);
        std::mutex mutex;
        std::map<std::string, std::pair<std::string, std::int64_t>>
            byGenerationId; // → stage, chapter
        double clientFinalize = 0; // what the client measured for the same calls (t0 → end)
        PipelineContext ctx = sim.context();
        ctx.onStep = [&](const GenerationTask &task, const GenerationOutcome &outcome) {
            std::lock_guard lock(mutex);
            for (const auto &a : outcome.result.attempts) {
                byGenerationId[a.generationId] = {task.stage, task.chapterId.value_or(0)};
                if (task.stage != "draft" && task.stage != "continue")
                    clientFinalize += a.e2eMs.value_or(0) / 1000.0;
            }
        };
        auto batchId = BatchScheduler::createBatch(*sim.shared, book, 1, 50, BatchMode::Parallel, 8,
                                                   std::nullopt);
        BatchScheduler scheduler(ctx, sim.budget);
        auto report = scheduler.run(*batchId);
        if (!report || report->done != 50) {
            std::fprintf(stderr, "batch did not finish\n");
            return 2;
        }
        std::map<std::int64_t, double> chains;
        std::map<std::int64_t, double> finalizeByChapter;
        double finalize = 0;
        for (const auto &t : sim.server->truth()) {
            const auto it = byGenerationId.find(t.value("generation_id", std::string()));
            if (it == byGenerationId.end())
                continue;
            const double ms = t.value("t_end_ms", 0.0) - t.value("t_request_ms", 0.0);
            if (it->second.first == "draft" || it->second.first == "continue")
                chains[it->second.second] += ms / 1000.0;
            else
                finalizeByChapter[it->second.second] += ms / 1000.0;
        }
        // Chapter ids grow with the position (the book was created in order).
        std::vector<double> ordered;
        std::vector<double> finalizeOrdered;
        for (const auto &[chapter, seconds] : chains) {
            ordered.push_back(seconds);
            finalizeOrdered.push_back(finalizeByChapter[chapter]);
            finalize += finalizeByChapter[chapter];
        }
        const double ideal = idealSeconds(ordered, finalizeOrdered, 8);
        const double ratio = report->wallSeconds / ideal;
        const bool pass = ratio <= 1.10;
        ok = ok && pass;
        std::printf("parallel batch: 50 chapters, concurrency 8, time scale %.3f\n", timeScale);
        std::printf(
            "  wall %.2f s, ideal from the truth log %.2f s (finalize chain %.2f s served): "
            "%.1f%% over ideal %s\n",
            report->wallSeconds, ideal, finalize, (ratio - 1) * 100,
            pass ? "PASS (≤ 10%)" : "FAIL (> 10%)");
        std::printf("  finalize calls as the client measured them: %.2f s\n", clientFinalize);
        std::printf("  scheduler CPU %.2f ms per chapter (%.3f s total)\n",
                    report->schedulerCpuSeconds * 1000.0 / 50, report->schedulerCpuSeconds);
        std::filesystem::remove_all(dir);
    }

    // 2. Forecast accuracy: 5 chapters of history, then a 20-chapter batch.
    {
        const auto dir = tempDir("bench-forecast");
        test::SimSetup setup;
        setup.timeScale = timeScale;
        setup.seed = 23;
        test::NovelSim sim(dir, setup);
        const auto book = sim.makeOutlinedBook(25);
        auto history = BatchScheduler::createBatch(*sim.shared, book, 1, 5, BatchMode::Sequential,
                                                   1, std::nullopt);
        {
            BatchScheduler scheduler(sim.context(), sim.budget);
            if (!scheduler.run(*history)) {
                std::fprintf(stderr, "history batch failed\n");
                return 2;
            }
        }
        auto profile = profileFromHistory(*sim.shared, book);
        const BatchForecast forecast = forecastBatch(*profile, 20, BatchMode::Sequential, 1);
        auto batchId = BatchScheduler::createBatch(*sim.shared, book, 6, 25, BatchMode::Sequential,
                                                   1, std::nullopt);
        BatchScheduler scheduler(sim.context(), sim.budget);
        auto report = scheduler.run(*batchId);
        if (!report || report->done != 20) {
            std::fprintf(stderr, "20-chapter batch did not finish\n");
            return 2;
        }
        const double costError = forecast.costUsd.expected / report->spentUsd - 1;
        const double timeError = forecast.wallSeconds.expected / report->wallSeconds - 1;
        const bool pass = std::abs(costError) <= 0.25 && std::abs(timeError) <= 0.25;
        ok = ok && pass;
        std::printf("forecast accuracy: 20-chapter sequential batch after 5 chapters of history\n");
        std::printf("  cost: forecast $%.6f ($%.6f–$%.6f), measured $%.6f: %+.1f%%\n",
                    forecast.costUsd.expected, forecast.costUsd.low, forecast.costUsd.high,
                    report->spentUsd, costError * 100);
        std::printf("  time: forecast %.2f s (%.2f–%.2f s), measured %.2f s: %+.1f%% %s\n",
                    forecast.wallSeconds.expected, forecast.wallSeconds.low,
                    forecast.wallSeconds.high, report->wallSeconds, timeError * 100,
                    pass ? "PASS (both within ±25%)" : "FAIL");
        std::filesystem::remove_all(dir);
    }
    return ok ? 0 : 1;
}
