#include "routing/provider_health.h"

namespace scriptorium::routing {

namespace {

constexpr std::size_t kMaxOutcomes = 4096;

void blend(std::optional<double> &average, std::optional<double> sample, double alpha)
{
    if (!sample)
        return;
    average = average ? (alpha * *sample + (1 - alpha) * *average) : *sample;
}

} // namespace

ProviderHealth::ProviderHealth(const Clock &clock, std::chrono::seconds window, double smoothing)
    : m_clock(clock)
    , m_window(window)
    , m_alpha(smoothing)
{
}

void ProviderHealth::prune(Entry &entry) const
{
    const Clock::TimePoint cutoff = m_clock.now() - m_window;
    while (!entry.outcomes.empty()
           && (entry.outcomes.front().first < cutoff || entry.outcomes.size() > kMaxOutcomes))
        entry.outcomes.pop_front();
}

void ProviderHealth::record(const std::string &providerSlug, std::optional<ErrorCode> error,
                            std::optional<double> ttftMs,
                            std::optional<double> decodeTokensPerSecond,
                            std::optional<double> e2eTokensPerSecond)
{
    if (providerSlug.empty() || (error && *error == ErrorCode::Cancelled))
        return;
    std::lock_guard lock(m_mutex);
    Entry &entry = m_entries[providerSlug];
    entry.outcomes.emplace_back(m_clock.now(), error.has_value());
    prune(entry);
    if (!error) {
        blend(entry.ttft, ttftMs, m_alpha);
        blend(entry.decode, decodeTokensPerSecond, m_alpha);
        blend(entry.e2e, e2eTokensPerSecond, m_alpha);
    }
}

ProviderHealthSnapshot ProviderHealth::toSnapshot(const std::string &slug, const Entry &entry) const
{
    ProviderHealthSnapshot s;
    s.providerSlug = slug;
    s.ttftMs = entry.ttft;
    s.decodeTokensPerSecond = entry.decode;
    s.e2eTokensPerSecond = entry.e2e;
    for (const auto &[when, failed] : entry.outcomes) {
        ++s.attempts;
        if (failed)
            ++s.errors;
    }
    return s;
}

std::optional<ProviderHealthSnapshot>
ProviderHealth::snapshot(const std::string &providerSlug) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(providerSlug);
    if (it == m_entries.end())
        return std::nullopt;
    prune(it->second);
    return toSnapshot(providerSlug, it->second);
}

std::vector<ProviderHealthSnapshot> ProviderHealth::snapshotAll() const
{
    std::lock_guard lock(m_mutex);
    std::vector<ProviderHealthSnapshot> out;
    for (auto &[slug, entry] : m_entries) {
        prune(entry);
        out.push_back(toSnapshot(slug, entry));
    }
    return out;
}

} // namespace scriptorium::routing
