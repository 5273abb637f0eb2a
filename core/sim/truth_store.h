#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

/// What the simulator really did: one record per attempt, the /generation records, per-key
/// spending and the token-schedule lateness. Thread-safe.
class TruthStore {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    /// Appends to `logPath` (one JSON line per attempt) when it is not empty.
    explicit TruthStore(const std::string &logPath);

    void addAttempt(const nlohmann::json &record);
    std::vector<nlohmann::json> attempts() const;

    /// Stores a finished generation, served by GET /generation from `availableAt` on.
    void finishGeneration(const std::string &id, nlohmann::json record, TimePoint availableAt);
    enum class Lookup { Unknown, NotYet, Ready };
    Lookup generation(const std::string &id, TimePoint now, nlohmann::json &out) const;

    void addSpend(const std::string &key, double usd);
    double spent(const std::string &key) const;

    /// Token lateness samples (ms, actual − planned send time) for the benchmark.
    void addLateness(const std::vector<double> &samplesMs);
    nlohmann::json latenessSummary() const;

    void clear();

private:
    mutable std::mutex m_mutex;
    std::ofstream m_log;
    std::vector<nlohmann::json> m_attempts;
    struct Generation {
        nlohmann::json record;
        TimePoint availableAt;
    };
    std::map<std::string, Generation> m_generations;
    std::map<std::string, double> m_spent;
    std::vector<double> m_lateness;
};

} // namespace scriptorium::sim
