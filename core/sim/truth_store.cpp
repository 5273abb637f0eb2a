#include "sim/truth_store.h"

#include <algorithm>

namespace scriptorium::sim {

TruthStore::TruthStore(const std::string &logPath)
{
    if (!logPath.empty())
        m_log.open(logPath, std::ios::out | std::ios::app);
}

void TruthStore::addAttempt(const nlohmann::json &record)
{
    std::lock_guard lock(m_mutex);
    m_attempts.push_back(record);
    if (m_log.is_open()) {
        m_log << record.dump() << '\n';
        m_log.flush();
    }
}

std::vector<nlohmann::json> TruthStore::attempts() const
{
    std::lock_guard lock(m_mutex);
    return m_attempts;
}

void TruthStore::finishGeneration(const std::string &id, nlohmann::json record,
                                  TimePoint availableAt)
{
    std::lock_guard lock(m_mutex);
    m_generations[id] = Generation{std::move(record), availableAt};
}

TruthStore::Lookup TruthStore::generation(const std::string &id, TimePoint now,
                                          nlohmann::json &out) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_generations.find(id);
    if (it == m_generations.end())
        return Lookup::Unknown;
    if (now < it->second.availableAt)
        return Lookup::NotYet;
    out = it->second.record;
    return Lookup::Ready;
}

void TruthStore::addSpend(const std::string &key, double usd)
{
    std::lock_guard lock(m_mutex);
    m_spent[key] += usd;
}

double TruthStore::spent(const std::string &key) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_spent.find(key);
    return it == m_spent.end() ? 0.0 : it->second;
}

void TruthStore::addLateness(const std::vector<double> &samplesMs)
{
    std::lock_guard lock(m_mutex);
    m_lateness.insert(m_lateness.end(), samplesMs.begin(), samplesMs.end());
}

nlohmann::json TruthStore::latenessSummary() const
{
    std::vector<double> samples;
    {
        std::lock_guard lock(m_mutex);
        samples = m_lateness;
    }
    if (samples.empty())
        return {{"count", 0}};
    std::ranges::sort(samples);
    auto at = [&](double q) {
        return samples[std::min(samples.size() - 1,
                                static_cast<std::size_t>(q * static_cast<double>(samples.size())))];
    };
    return {{"count", samples.size()},
            {"p50_ms", at(0.50)},
            {"p90_ms", at(0.90)},
            {"p99_ms", at(0.99)},
            {"max_ms", samples.back()}};
}

void TruthStore::clear()
{
    std::lock_guard lock(m_mutex);
    m_attempts.clear();
    m_generations.clear();
    m_spent.clear();
    m_lateness.clear();
}

} // namespace scriptorium::sim
