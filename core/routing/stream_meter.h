#pragma once

#include "util/clock.h"

#include <cstdint>
#include <optional>

namespace scriptorium::routing {

/// The numbers DESIGN.md "Measurements" defines for one attempt, in milliseconds / tokens per
/// second. Unset optionals mean "not measured" (e.g. no first token).
struct StreamMetrics {
    std::optional<double> ttfbMs; ///< first response byte − t0
    std::optional<double> ttftMs; ///< first non-empty content/reasoning delta − t0
    std::optional<double> e2eMs; ///< end − t0
    std::optional<double> decodeTokensPerSecond; ///< see StreamMeter::finish()
    std::optional<double> e2eTokensPerSecond;
    std::int64_t keepAlives = 0; ///< comment events (`: OPENROUTER PROCESSING`)
    std::int64_t dataEvents = 0; ///< SSE data events
    std::int64_t textDeltas = 0; ///< non-empty content or reasoning deltas
};

/// Measures one attempt's stream. Not thread-safe: it lives on the network thread with the
/// attempt. Cheap enough to call per event.
class StreamMeter {
public:
    /// The decode window must be at least this long and hold this many tokens to be reported.
    static constexpr double kMinDecodeWindowSeconds = 0.5;
    static constexpr std::int64_t kMinDecodeTokens = 8;

    void start(Clock::TimePoint t0);
    void firstByte(Clock::TimePoint at);
    void keepAlive(Clock::TimePoint at);
    /// A data event; `hasText` when it carried a non-empty content or reasoning delta.
    void dataEvent(Clock::TimePoint at, bool hasText);

    /// Completes the metrics: decode tokens/s = (completion − 1) / (last delta − first delta)
    /// when that window is ≥ 0.5 s and ≥ 8 tokens; e2e tokens/s = completion / (end − t0).
    StreamMetrics finish(Clock::TimePoint end, std::int64_t completionTokens) const;

    bool started() const { return m_started; }
    bool hasFirstToken() const { return m_firstDelta.has_value(); }
    Clock::TimePoint t0() const { return m_t0; }
    /// The last data event (or t0 when none): the idle-stall watchdog counts from here.
    Clock::TimePoint lastDataEvent() const { return m_lastData; }
    std::optional<Clock::TimePoint> lastKeepAlive() const { return m_lastKeepAlive; }

private:
    bool m_started = false;
    Clock::TimePoint m_t0{};
    Clock::TimePoint m_lastData{};
    std::optional<Clock::TimePoint> m_firstByte;
    std::optional<Clock::TimePoint> m_firstDelta;
    std::optional<Clock::TimePoint> m_lastDelta;
    std::optional<Clock::TimePoint> m_lastKeepAlive;
    std::int64_t m_keepAlives = 0;
    std::int64_t m_dataEvents = 0;
    std::int64_t m_textDeltas = 0;
};

/// The one definition of decode speed (DESIGN "Measurements"): (completion − 1) / window, when
/// the window between the first and the last delta is ≥ kMinDecodeWindowSeconds and holds
/// ≥ kMinDecodeTokens tokens; nullopt otherwise. Benchmarks in simulated time pass a window in
/// simulated seconds.
std::optional<double> decodeTokensPerSecond(std::int64_t completionTokens, double windowSeconds);

/// Milliseconds between two time points, as a double.
double millisecondsBetween(Clock::TimePoint from, Clock::TimePoint to);

} // namespace scriptorium::routing
