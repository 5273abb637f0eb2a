#include "sim/sim_state.h"

#include "sim/text_bank.h"

namespace scriptorium::sim {

bool WaitGate::waitUntil(Clock::TimePoint deadline, std::uint64_t epoch)
{
    std::unique_lock lock(m_mutex);
    const bool interrupted
        = m_cv.wait_until(lock, deadline, [&] { return m_stopping || m_epoch != epoch; });
    return !interrupted;
}

std::uint64_t WaitGate::epoch() const
{
    std::lock_guard lock(m_mutex);
    return m_epoch;
}

void WaitGate::interrupt(bool stopping)
{
    {
        std::lock_guard lock(m_mutex);
        ++m_epoch;
        m_stopping = m_stopping || stopping;
    }
    m_cv.notify_all();
}

bool WaitGate::stopping() const
{
    std::lock_guard lock(m_mutex);
    return m_stopping;
}

Clock::TimePoint SimState::started() const
{
    return Clock::TimePoint(Clock::Duration(m_startedTicks.load()));
}

void SimState::restartClock()
{
    m_startedTicks.store(clock.now().time_since_epoch().count());
}

double SimState::simSeconds(Clock::TimePoint t) const
{
    return std::chrono::duration<double>(t - started()).count() / options.timeScale;
}

Clock::Duration SimState::scaled(double simMs) const
{
    return std::chrono::duration_cast<Clock::Duration>(
        std::chrono::duration<double, std::milli>(simMs * options.timeScale));
}

double SimState::msSinceStart(Clock::TimePoint t) const
{
    return std::chrono::duration<double, std::milli>(t - started()).count();
}

std::uint64_t SimState::requestSeed(const std::string &body)
{
    const std::uint64_t key = mixSeed(0, body, 0);
    std::uint64_t ordinal = 0;
    {
        std::lock_guard lock(m_counterMutex);
        ordinal = m_occurrences[key]++;
    }
    return mixSeed(options.seed, body, ordinal);
}

void SimState::resetCounters()
{
    std::lock_guard lock(m_counterMutex);
    m_occurrences.clear();
}

void SimState::reset()
{
    truth.clear();
    script.clear();
    resetCounters();
    restartClock();
    gate.interrupt(false);
}

} // namespace scriptorium::sim
