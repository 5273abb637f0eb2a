#pragma once

// Shared by the GUI benchmarks: how late a 5 ms timer fires on the GUI thread, the measure of
// "the event loop stays responsive" while streams or batches run.

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace scriptorium::bench {

inline double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(
        std::min<qsizetype>(values.size() - 1, static_cast<qsizetype>(p * double(values.size()))));
}

/// Samples how late a 5 ms timer fires between start() and stop().
class EventLoopProbe {
public:
    EventLoopProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            if (m_last.isValid())
                m_lateMs.append(std::max(0.0, double(m_last.nsecsElapsed()) / 1e6 - 5.0));
            m_last.restart();
        });
    }
    void start()
    {
        m_last.invalidate();
        m_lateMs.clear();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    void report(const char *what) const
    {
        std::printf("%s: event-loop lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms (n = %lld)\n",
                    what, percentile(m_lateMs, 0.5), percentile(m_lateMs, 0.99),
                    percentile(m_lateMs, 1.0), static_cast<long long>(m_lateMs.size()));
    }

private:
    QTimer m_timer;
    QElapsedTimer m_last;
    QList<double> m_lateMs;
};

} // namespace scriptorium::bench
