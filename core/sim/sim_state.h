#pragma once

#include "sim/behaviour_script.h"
#include "sim/market.h"
#include "sim/sim_server.h"
#include "sim/truth_store.h"
#include "util/clock.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace scriptorium::sim {

/// Interruptible waits: every stream waits here, so stop() and reset() wake them all at once.
class WaitGate {
public:
    /// Waits until `deadline`. False when the server stops or resets (epoch changed) first.
    bool waitUntil(Clock::TimePoint deadline, std::uint64_t epoch);
    std::uint64_t epoch() const;
    void interrupt(bool stopping);
    bool stopping() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::uint64_t m_epoch = 0;
    bool m_stopping = false;
};

struct SimServerRuntime;

/// Everything the request handlers share. Internal to core/sim.
struct SimState {
    SimState(SimOptions opts, Market m);
    ~SimState();

    SimOptions options;
    Market market;
    const Clock &clock;
    WaitGate gate;
    TruthStore truth;
    BehaviourScript script;
    std::unique_ptr<SimServerRuntime> runtime; ///< the HTTP server; destroyed first

    /// When the simulated clock started: at start() or the last reset(). Thread-safe.
    Clock::TimePoint started() const;
    /// Restarts the simulated clock (event times and truth times count from now).
    void restartClock();
    double simSeconds(Clock::TimePoint t) const;
    Clock::Duration scaled(double simMs) const;
    double msSinceStart(Clock::TimePoint t) const;
    /// Seed for one request: (seed, body, how often this exact body was seen before).
    std::uint64_t requestSeed(const std::string &body);
    void resetCounters();
    /// Clears truth, scripts, generations, spending and counters, restarts the simulated
    /// clock and interrupts streams still waiting (POST /_sim/reset, SimServer::reset()).
    void reset();

private:
    // Read by every server thread, written by reset(): the start's ticks since the clock epoch.
    std::atomic<Clock::Duration::rep> m_startedTicks{0};
    std::mutex m_counterMutex;
    std::map<std::uint64_t, std::uint64_t> m_occurrences;
};

} // namespace scriptorium::sim
