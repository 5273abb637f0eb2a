#include "routing/endpoint_estimates.h"

#include <algorithm>
#include <cmath>

namespace scriptorium::routing {

namespace {

// Without any evidence an endpoint is assumed to answer like an ordinary OpenRouter endpoint;
// these only rank endpoints nobody has measured, and a single observation outweighs them.
constexpr double kDefaultTtftMs = 1000.0;
constexpr double kDefaultDecodeTps = 50.0;
// The failure-rate prior: one pseudo-request that failed 5 % of the time.
constexpr double kPriorFailures = 0.05;
constexpr double kPriorSuccesses = 0.95;
constexpr double kPriorMidStream = 0.01;
// A successful half-open probe says the outage that opened the circuit is over: the failures
// recorded before it keep a tenth of their weight.
constexpr double kRecoveredFailureWeight = 0.1;

double ageFactor(Clock::Duration age, std::chrono::milliseconds halfLife)
{
    if (age <= Clock::Duration::zero() || halfLife.count() <= 0)
        return 1.0;
    const double halfLives = std::chrono::duration<double, std::milli>(age).count()
        / static_cast<double>(halfLife.count());
    return std::exp2(-halfLives);
}

double clampPositive(double value, double fallback)
{
    return std::isfinite(value) && value > 0 ? value : fallback;
}

// Both ends of the quality comparison at one-sided 97.5 %: the rule is looked at on every
// decision, so each side is stricter than the 95 % the speed estimates' optimism uses.
constexpr double kQualityZ = 1.96;
// A peer needs about one reply's worth of checked text to count in the reference.
constexpr double kMinPeerTokens = 100.0;

// Poisson bounds of a (decayed, so fractional) count by the square-root approximation:
// √count is about normal with standard deviation ½.
double countLow(double count)
{
    const double root = std::sqrt(std::max(0.0, count)) - kQualityZ / 2.0;
    return root > 0 ? root * root : 0.0;
}

double countHigh(double count)
{
    const double root = std::sqrt(std::max(0.0, count) + 1.0) + kQualityZ / 2.0;
    return root * root;
}

} // namespace

QualityVerdict judgeQuality(const QualityCounts &endpoint, const std::vector<QualityCounts> &model)
{
    QualityVerdict v;
    std::vector<const QualityCounts *> peers;
    for (const QualityCounts &c : model) {
        if (c.key != endpoint.key && c.key.model == endpoint.key.model
            && c.outputTokens >= kMinPeerTokens)
            peers.push_back(&c);
    }
    std::ranges::sort(peers, [](const QualityCounts *a, const QualityCounts *b) {
        return a->findings * b->outputTokens < b->findings * a->outputTokens;
    });
    double findings = kPriorFindings;
    double tokens = kPriorTokens;
    for (std::size_t i = 0; i < (peers.size() + 1) / 2; ++i) {
        findings += peers[i]->findings;
        tokens += peers[i]->outputTokens;
    }
    v.peerFindingsPer10k = 1e4 * findings / tokens;
    v.peerHighPer10k = 1e4 * countHigh(findings) / tokens;
    if (endpoint.outputTokens <= 0)
        return v;
    v.findingsPer10k = 1e4 * endpoint.findings / endpoint.outputTokens;
    v.lowPer10k = 1e4 * countLow(endpoint.findings) / endpoint.outputTokens;
    v.writesWorse = endpoint.findings >= kMinFindings && v.lowPer10k > v.peerHighPer10k;
    return v;
}

std::string EndpointKey::tag() const
{
    if (quantization.empty() || quantization == "unknown")
        return providerSlug;
    return providerSlug + "/" + quantization;
}

void EndpointEstimates::LogMoments::add(double value, double w)
{
    if (!(value > 0) || !std::isfinite(value) || w <= 0)
        return;
    const double x = std::log(value);
    weight += w;
    sum += w * x;
    sumSquares += w * x * x;
}

void EndpointEstimates::LogMoments::scale(double factor)
{
    weight *= factor;
    sum *= factor;
    sumSquares *= factor;
}

std::optional<double> EndpointEstimates::LogMoments::mean() const
{
    if (weight <= 1e-9)
        return std::nullopt;
    return std::exp(sum / weight);
}

double EndpointEstimates::LogMoments::spread() const
{
    if (weight <= 1e-9)
        return 0;
    const double m = sum / weight;
    return std::sqrt(std::max(0.0, sumSquares / weight - m * m));
}

EndpointEstimates::EndpointEstimates(const Clock &clock, StrategySettings settings)
    : m_clock(clock)
    , m_settings(std::move(settings))
{
}

void EndpointEstimates::decayTo(Entry &entry, Clock::TimePoint now) const
{
    if (entry.dated && now <= entry.updated)
        return;
    if (entry.dated) {
        const double f = ageFactor(now - entry.updated, m_settings.halfLife);
        for (LogMoments *m : {&entry.ttft, &entry.decode, &entry.price, &entry.failLatency})
            m->scale(f);
        entry.successes *= f;
        entry.failures *= f;
        entry.midStreamFailures *= f;
        entry.samples *= f;
        entry.qualityTokens *= f;
        entry.qualityFindings *= f;
        entry.qualityMajor *= f;
    }
    entry.updated = now;
    entry.dated = true;
}

void EndpointEstimates::refreshCircuit(Entry &entry, Clock::TimePoint now) const
{
    using Circuit = EndpointEstimate::Circuit;
    if (entry.circuit == Circuit::Open
        && (now >= entry.cooldownUntil || entry.requestsWhileOpen >= kProbeEveryRequests)) {
        entry.circuit = Circuit::HalfOpen;
        entry.probeSince.reset();
    }
    // A probe that never reported back (the request was cancelled, or the evidence was lost)
    // must not keep the endpoint out forever.
    if (entry.circuit == Circuit::HalfOpen && entry.probeSince
        && now - *entry.probeSince >= std::max(m_settings.cooldown, std::chrono::milliseconds(1)))
        entry.probeSince.reset();
}

void EndpointEstimates::observe(const EndpointObservation &o)
{
    using Outcome = EndpointObservation::Outcome;
    using Circuit = EndpointEstimate::Circuit;
    std::lock_guard lock(m_mutex);
    Entry &e = m_entries[o.key];
    decayTo(e, std::max(o.at, m_clock.now()));
    // An observation older than the entry's clock (history) weighs what its age says.
    const double w = ageFactor(e.updated - o.at, m_settings.halfLife);
    e.samples += w;
    if (o.servedRequest)
        ++e.requestsServed;
    e.lastObserved = e.lastObserved ? std::max(*e.lastObserved, o.at) : o.at;
    if (o.ttftMs)
        e.ttft.add(*o.ttftMs, w);
    if (o.decodeTokensPerSecond)
        e.decode.add(*o.decodeTokensPerSecond, w);
    if (o.priceRatio)
        e.price.add(*o.priceRatio, w);
    if (o.failureLatencyMs)
        e.failLatency.add(std::max(1.0, *o.failureLatencyMs), w);

    const bool recent = o.at + m_settings.cooldown >= e.updated;
    switch (o.outcome) {
    case Outcome::Success:
    case Outcome::FailedAfterFirstToken:
        if (o.outcome == Outcome::Success)
            e.successes += w;
        else
            e.midStreamFailures += w;
        // It answered: whatever opened the circuit is over.
        if (recent) {
            if (e.circuit != Circuit::Closed)
                e.failures *= kRecoveredFailureWeight;
            e.consecutiveFailures = 0;
            e.circuit = Circuit::Closed;
            e.currentCooldown = std::chrono::milliseconds(0);
            e.probeSince.reset();
            e.requestsWhileOpen = 0;
        }
        break;
    case Outcome::FailedBeforeFirstToken:
        e.failures += w;
        if (!recent)
            break;
        ++e.consecutiveFailures;
        if (e.circuit == Circuit::HalfOpen
            || (e.circuit == Circuit::Closed
                && e.consecutiveFailures >= std::max(1, m_settings.cooldownFailures))) {
            const auto base = std::max(m_settings.cooldown, std::chrono::milliseconds(1));
            e.currentCooldown = e.circuit == Circuit::HalfOpen
                ? std::min(std::max(base, e.currentCooldown * 2),
                           std::max(base, m_settings.maxCooldown))
                : base;
            e.circuit = Circuit::Open;
            e.cooldownUntil = e.updated + e.currentCooldown;
            e.probeSince.reset();
            e.requestsWhileOpen = 0;
        }
        break;
    }
}

void EndpointEstimates::observeQuality(const EndpointKey &key, Clock::TimePoint at,
                                       double outputTokens, double findings, double majorFindings)
{
    if (!(outputTokens > 0) || !std::isfinite(outputTokens) || !(findings >= 0))
        return;
    std::lock_guard lock(m_mutex);
    Entry &e = m_entries[key];
    decayTo(e, std::max(at, m_clock.now()));
    const double w = ageFactor(e.updated - at, m_settings.halfLife);
    e.qualityTokens += w * outputTokens;
    e.qualityFindings += w * findings;
    e.qualityMajor += w * std::clamp(majorFindings, 0.0, findings);
}

std::vector<QualityCounts> EndpointEstimates::qualityCounts(const std::string &model) const
{
    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock.now();
    std::vector<QualityCounts> out;
    for (const auto &[key, e] : m_entries) {
        if (key.model != model || e.qualityTokens <= 0)
            continue;
        const double f = e.dated ? ageFactor(now - e.updated, m_settings.halfLife) : 1.0;
        out.push_back(
            QualityCounts{key, e.qualityTokens * f, e.qualityFindings * f, e.qualityMajor * f});
    }
    return out;
}

void EndpointEstimates::primeFromCatalog(const std::string &model,
                                         const std::vector<openrouter::EndpointInfo> &endpoints)
{
    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock.now();
    for (const openrouter::EndpointInfo &info : endpoints) {
        EndpointKey key{model, info.providerSlug(),
                        openrouter::normalizeQuantization(info.quantization)};
        if (key.providerSlug.empty())
            continue;
        Entry &e = m_entries[key];
        if (e.primed)
            continue;
        e.primed = true;
        decayTo(e, now);
        // One observation's weight: enough to rank unmeasured endpoints, not to outvote a
        // measurement. OpenRouter's latency stat is time to first token in ms.
        if (info.latencyP50Ms && e.ttft.weight < 1e-9)
            e.ttft.add(*info.latencyP50Ms, 1.0);
        if (info.throughputP50 && e.decode.weight < 1e-9)
            e.decode.add(*info.throughputP50, 1.0);
        if (info.uptimeLast30m) {
            const double up = std::clamp(*info.uptimeLast30m / 100.0, 0.0, 1.0);
            e.successes += up;
            e.failures += 1.0 - up;
        }
    }
}

EndpointEstimate EndpointEstimates::toEstimate(const EndpointKey &key, const Entry &entry,
                                               Clock::TimePoint now) const
{
    EndpointEstimate out;
    out.key = key;
    const double f = entry.dated ? ageFactor(now - entry.updated, m_settings.halfLife) : 1.0;
    // Means are unchanged by a uniform decay; only weights are.
    std::optional<double> ttft = entry.ttft.mean();
    std::optional<double> decode = entry.decode.mean();
    if (!ttft || !decode) {
        // Fill the gap with what the model's other endpoints show.
        double ttftSum = 0, ttftN = 0, decodeSum = 0, decodeN = 0;
        for (const auto &[k, other] : m_entries) {
            if (k.model != key.model || &other == &entry)
                continue;
            if (auto t = other.ttft.mean()) {
                ttftSum += std::log(*t);
                ++ttftN;
            }
            if (auto d = other.decode.mean()) {
                decodeSum += std::log(*d);
                ++decodeN;
            }
        }
        if (!ttft)
            ttft = ttftN > 0 ? std::exp(ttftSum / ttftN) : kDefaultTtftMs;
        if (!decode)
            decode = decodeN > 0 ? std::exp(decodeSum / decodeN) : kDefaultDecodeTps;
    }
    out.ttftMs = clampPositive(*ttft, kDefaultTtftMs);
    out.ttftSpread = entry.ttft.spread();
    out.decodeTokensPerSecond = clampPositive(*decode, kDefaultDecodeTps);
    out.decodeSpread = entry.decode.spread();
    const double s = entry.successes * f;
    const double fl = entry.failures * f;
    const double mid = entry.midStreamFailures * f;
    out.failureProbability = (fl + kPriorFailures) / (s + fl + kPriorFailures + kPriorSuccesses);
    out.midStreamFailureProbability = (mid + kPriorMidStream) / (s + mid + 1.0);
    out.priceRatio = clampPositive(entry.price.mean().value_or(1.0), 1.0);
    out.failureLatencyMs = entry.failLatency.mean().value_or(out.ttftMs);
    out.samples = entry.samples * f;
    out.qualityTokens = entry.qualityTokens * f;
    out.qualityFindings = entry.qualityFindings * f;
    out.qualityMajorFindings = entry.qualityMajor * f;
    out.requestsServed = entry.requestsServed;
    out.primedFromCatalog = entry.primed;
    out.consecutiveFailures = entry.consecutiveFailures;
    out.circuit = entry.circuit;
    if (entry.circuit == EndpointEstimate::Circuit::Open)
        out.cooldownUntil = entry.cooldownUntil;
    out.lastObserved = entry.lastObserved;
    return out;
}

std::optional<EndpointEstimate> EndpointEstimates::estimate(const EndpointKey &key) const
{
    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock.now();
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return std::nullopt;
    refreshCircuit(it->second, now);
    return toEstimate(key, it->second, now);
}

std::vector<EndpointEstimate> EndpointEstimates::snapshot() const
{
    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock.now();
    std::vector<EndpointEstimate> out;
    for (auto &[key, entry] : m_entries) {
        refreshCircuit(entry, now);
        out.push_back(toEstimate(key, entry, now));
    }
    return out;
}

std::vector<EndpointEstimate> EndpointEstimates::snapshot(const std::string &model) const
{
    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock.now();
    std::vector<EndpointEstimate> out;
    for (auto &[key, entry] : m_entries) {
        if (key.model != model)
            continue;
        refreshCircuit(entry, now);
        out.push_back(toEstimate(key, entry, now));
    }
    return out;
}

bool EndpointEstimates::coolingDown(const EndpointKey &key) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return false;
    refreshCircuit(it->second, m_clock.now());
    const Entry &e = it->second;
    return e.circuit == EndpointEstimate::Circuit::Open
        || (e.circuit == EndpointEstimate::Circuit::HalfOpen && e.probeSince.has_value());
}

bool EndpointEstimates::probeAvailable(const EndpointKey &key) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return false;
    refreshCircuit(it->second, m_clock.now());
    return it->second.circuit == EndpointEstimate::Circuit::HalfOpen
        && !it->second.probeSince.has_value();
}

bool EndpointEstimates::claimProbe(const EndpointKey &key)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return false;
    const Clock::TimePoint now = m_clock.now();
    refreshCircuit(it->second, now);
    Entry &e = it->second;
    if (e.circuit != EndpointEstimate::Circuit::HalfOpen || e.probeSince)
        return false;
    e.probeSince = now;
    return true;
}

void EndpointEstimates::countRequest(const std::string &model)
{
    std::lock_guard lock(m_mutex);
    for (auto &[key, entry] : m_entries) {
        if (key.model == model && entry.circuit == EndpointEstimate::Circuit::Open)
            ++entry.requestsWhileOpen;
    }
}

} // namespace scriptorium::routing
