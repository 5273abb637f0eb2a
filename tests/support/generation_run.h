#pragma once

// Collects what a Router's callbacks report for one generation, for tests that drive the
// Router directly: the attempts as they start and finish (with when), the text, and the result.

#include "routing/router.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::testing {

struct GenerationRun {
    std::mutex mutex;
    std::condition_variable cv;
    std::optional<routing::GenerationResult> result;
    std::vector<routing::AttemptRecord> started;
    std::vector<Clock::TimePoint> startedAt;
    std::vector<routing::AttemptRecord> finished;
    std::optional<Clock::TimePoint> firstFinishedAt; ///< when the first attempt ended
    std::optional<Clock::TimePoint> attemptFinishedAt; ///< when the last attempt ended
    std::string deltas; ///< content deltas, in order

    routing::GenerationCallbacks callbacks()
    {
        routing::GenerationCallbacks cb;
        cb.onAttemptStarted = [this](const routing::AttemptRecord &a) {
            std::lock_guard lock(mutex);
            started.push_back(a);
            startedAt.push_back(Clock::real().now());
        };
        cb.onDelta = [this](std::string_view d, bool reasoning) {
            std::lock_guard lock(mutex);
            if (!reasoning)
                deltas += d;
            cv.notify_all();
        };
        cb.onAttemptFinished = [this](const routing::AttemptRecord &a) {
            std::lock_guard lock(mutex);
            finished.push_back(a);
            attemptFinishedAt = Clock::real().now();
            if (!firstFinishedAt)
                firstFinishedAt = attemptFinishedAt;
            cv.notify_all();
        };
        cb.onDone = [this](const routing::GenerationResult &r) {
            std::lock_guard lock(mutex);
            result = r;
            cv.notify_all();
        };
        return cb;
    }
    /// The result, waiting up to a minute for it (an empty result when none came).
    routing::GenerationResult wait()
    {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, std::chrono::seconds(60), [&] { return result.has_value(); });
        return result.value_or(routing::GenerationResult{});
    }
    bool waitForText(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, timeout, [&] { return !deltas.empty(); });
    }
    /// Waits up to 30 s for `predicate` (evaluated under the lock).
    template<typename Predicate> bool waitFor(Predicate predicate)
    {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(30), predicate);
    }
};

} // namespace scriptorium::testing
