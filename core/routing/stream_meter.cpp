#include "routing/stream_meter.h"

#include <chrono>

namespace scriptorium::routing {

double millisecondsBetween(Clock::TimePoint from, Clock::TimePoint to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

void StreamMeter::start(Clock::TimePoint t0)
{
    *this = StreamMeter{};
    m_started = true;
    m_t0 = t0;
    m_lastData = t0;
}

void StreamMeter::firstByte(Clock::TimePoint at)
{
    if (!m_firstByte)
        m_firstByte = at;
}

void StreamMeter::keepAlive(Clock::TimePoint at)
{
    firstByte(at);
    ++m_keepAlives;
    m_lastKeepAlive = at;
}

void StreamMeter::dataEvent(Clock::TimePoint at, bool hasText)
{
    firstByte(at);
    ++m_dataEvents;
    m_lastData = at;
    if (!hasText)
        return;
    ++m_textDeltas;
    if (!m_firstDelta)
        m_firstDelta = at;
    m_lastDelta = at;
}

StreamMetrics StreamMeter::finish(Clock::TimePoint end, std::int64_t completionTokens) const
{
    StreamMetrics m;
    m.keepAlives = m_keepAlives;
    m.dataEvents = m_dataEvents;
    m.textDeltas = m_textDeltas;
    if (!m_started)
        return m;
    if (m_firstByte)
        m.ttfbMs = millisecondsBetween(m_t0, *m_firstByte);
    if (m_firstDelta)
        m.ttftMs = millisecondsBetween(m_t0, *m_firstDelta);
    const double e2eMs = millisecondsBetween(m_t0, end);
    m.e2eMs = e2eMs;
    if (completionTokens > 0 && e2eMs > 0)
        m.e2eTokensPerSecond = static_cast<double>(completionTokens) / (e2eMs / 1000.0);
    if (m_firstDelta && m_lastDelta) {
        m.decodeTokensPerSecond = decodeTokensPerSecond(
            completionTokens, millisecondsBetween(*m_firstDelta, *m_lastDelta) / 1000.0);
    }
    return m;
}

std::optional<double> decodeTokensPerSecond(std::int64_t completionTokens, double windowSeconds)
{
    if (completionTokens < StreamMeter::kMinDecodeTokens
        || !(windowSeconds >= StreamMeter::kMinDecodeWindowSeconds))
        return std::nullopt;
    return static_cast<double>(completionTokens - 1) / windowSeconds;
}

} // namespace scriptorium::routing
