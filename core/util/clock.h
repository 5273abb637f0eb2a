#pragma once

#include <atomic>
#include <chrono>

namespace scriptorium {

/// Monotonic time source, injected wherever time is measured or waited on, so tests can drive
/// time by hand. Implementations are thread-safe.
class Clock {
public:
    using Duration = std::chrono::steady_clock::duration;
    using TimePoint = std::chrono::steady_clock::time_point;

    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    /// How many of this clock's seconds pass in one real second (a simulated-time clock runs
    /// faster), so a thread that must wait until one of its time points can sleep the right
    /// real time. 1 for the real clock; a manual clock moves only when told.
    virtual double speed() const { return 1.0; }

    /// The process-wide real clock.
    static const Clock &real();
};

/// The real steady clock.
class SteadyClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::steady_clock::now(); }
};

inline const Clock &Clock::real()
{
    static const SteadyClock clock;
    return clock;
}

/// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
public:
    TimePoint now() const override { return TimePoint(Duration(m_ticks.load())); }
    void advance(Duration by) { m_ticks.fetch_add(by.count()); }
    void set(TimePoint at) { m_ticks.store(at.time_since_epoch().count()); }

private:
    std::atomic<Duration::rep> m_ticks{0};
};

} // namespace scriptorium
