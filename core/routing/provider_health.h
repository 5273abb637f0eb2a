#pragma once

#include "util/clock.h"
#include "util/error.h"

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::routing {

/// One provider's rolling health, as a copy for callers.
struct ProviderHealthSnapshot {
    std::string providerSlug;
    std::optional<double> ttftMs; ///< EWMA of TTFT over successful attempts
    std::optional<double> decodeTokensPerSecond; ///< EWMA
    std::optional<double> e2eTokensPerSecond; ///< EWMA
    int attempts = 0; ///< attempts in the window (user cancels excluded)
    int errors = 0; ///< failed attempts in the window
    double errorRate() const { return attempts > 0 ? static_cast<double>(errors) / attempts : 0.0; }
};

/// Per-provider rolling health: EWMA TTFT and throughput, and the error rate over a sliding
/// window (default 5 minutes, matching OpenRouter's percentile window). Thread-safe: the
/// Router records from the network thread; the dashboard reads from any thread.
class ProviderHealth {
public:
    explicit ProviderHealth(const Clock &clock = Clock::real(),
                            std::chrono::seconds window = std::chrono::minutes(5),
                            double smoothing = 0.3);

    /// Records one finished attempt. `error` empty means success; ErrorCode::Cancelled is not
    /// counted at all (a user cancel says nothing about the provider).
    void record(const std::string &providerSlug, std::optional<ErrorCode> error,
                std::optional<double> ttftMs, std::optional<double> decodeTokensPerSecond,
                std::optional<double> e2eTokensPerSecond);

    std::optional<ProviderHealthSnapshot> snapshot(const std::string &providerSlug) const;
    std::vector<ProviderHealthSnapshot> snapshotAll() const;

private:
    struct Entry {
        std::optional<double> ttft;
        std::optional<double> decode;
        std::optional<double> e2e;
        std::deque<std::pair<Clock::TimePoint, bool>> outcomes; // (when, failed)
    };
    void prune(Entry &entry) const;
    ProviderHealthSnapshot toSnapshot(const std::string &slug, const Entry &entry) const;

    const Clock &m_clock;
    std::chrono::seconds m_window;
    double m_alpha;
    mutable std::mutex m_mutex;
    mutable std::map<std::string, Entry> m_entries;
};

} // namespace scriptorium::routing
