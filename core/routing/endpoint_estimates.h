#pragma once

#include "openrouter/catalog_json.h"
#include "routing/strategy_settings.h"
#include "util/clock.h"

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::routing {

/// One endpoint as the adaptive router tells it apart: model × provider × precision.
struct EndpointKey {
    std::string model;
    std::string providerSlug; ///< "fireworks"
    std::string quantization; ///< normalised ("fp8"), or "unknown"

    /// The endpoint slug sent in `provider.order` ("fireworks/fp8"); the bare provider slug
    /// when the precision is unknown (OpenRouter then picks among its endpoints).
    std::string tag() const;
    auto operator<=>(const EndpointKey &) const = default;
};

/// What one attempt (or one of OpenRouter's internal fallbacks) says about an endpoint.
struct EndpointObservation {
    enum class Outcome {
        Success, ///< text arrived and the stream ended normally
        FailedBeforeFirstToken, ///< rejected, errored or timed out before any text
        FailedAfterFirstToken, ///< text arrived, then the stream broke or stalled
    };
    EndpointKey key;
    Clock::TimePoint at{};
    Outcome outcome = Outcome::Success;
    std::optional<double> ttftMs; ///< only when it measures this endpoint alone
    std::optional<double> decodeTokensPerSecond;
    /// Billed cost ÷ what the catalog price predicts for the same tokens (1 = as listed).
    std::optional<double> priceRatio;
    /// How long a failure before the first token took (the time a fallback loses).
    std::optional<double> failureLatencyMs;
    /// True for the endpoint that served (or finally failed) the request, false for the
    /// ones OpenRouter tried before it: counts toward the endpoint's share of traffic.
    bool servedRequest = false;
};

/// A copy of one endpoint's estimates, for ranking and for the dashboard.
struct EndpointEstimate {
    EndpointKey key;
    double ttftMs = 0; ///< decayed geometric mean
    double ttftSpread = 0; ///< decayed standard deviation of log(TTFT)
    double decodeTokensPerSecond = 0; ///< decayed geometric mean
    double decodeSpread = 0; ///< decayed standard deviation of log(tokens/s)
    double failureProbability = 0; ///< before the first token; decayed, with a prior
    double midStreamFailureProbability = 0;
    double priceRatio = 1; ///< billed ÷ listed
    double failureLatencyMs = 0;
    double samples = 0; ///< decayed weight of real observations (priors excluded)
    /// What the local quality checks found in its texts, decayed like the rest: output
    /// tokens checked, findings and major findings in them.
    double qualityTokens = 0;
    double qualityFindings = 0;
    double qualityMajorFindings = 0;
    std::int64_t requestsServed = 0; ///< requests it served or finally failed, since start
    bool primedFromCatalog = false;
    int consecutiveFailures = 0;
    enum class Circuit { Closed, Open, HalfOpen };
    Circuit circuit = Circuit::Closed;
    std::optional<Clock::TimePoint> cooldownUntil;
    std::optional<Clock::TimePoint> lastObserved;
};

/// One endpoint's decayed quality evidence: the output tokens the local checks read and the
/// findings in them (EndpointEstimates::qualityCounts()).
struct QualityCounts {
    EndpointKey key;
    double outputTokens = 0;
    double findings = 0;
    double majorFindings = 0;
};

/// Whether an endpoint writes clearly worse than the other endpoints of its model.
struct QualityVerdict {
    bool writesWorse = false;
    double findingsPer10k = 0; ///< its decayed findings per 10,000 output tokens
    double lowPer10k = 0; ///< the low end of that rate (one-sided 97.5 %)
    double peerFindingsPer10k = 0; ///< the reference: its cleaner peers pooled, prior included
    double peerHighPer10k = 0; ///< the high end of the reference (one-sided 97.5 %)
};

/// Judges `endpoint` against the other entries of `model` (the same model's counts; its own
/// entry among them is skipped). The reference is the cleaner half of the peers (by finding
/// rate, those with at least one reply's tokens) pooled, plus a prior of kPriorFindings per
/// kPriorTokens (what clean prose shows, pessimistically: the checks' measured false positive
/// rate on clean text is far below it). It writes worse when the low end of its own rate is
/// above the high end of the reference, both Poisson bounds at one-sided 97.5 % (the
/// square-root approximation), and it has at least kMinFindings findings. Decay shrinks the
/// counts, not the rates, so old evidence widens the bounds as it widens the speed estimates'.
/// The cleaner half, not all peers: a second bad endpoint must not hide the first. Pure.
QualityVerdict judgeQuality(const QualityCounts &endpoint, const std::vector<QualityCounts> &model);
inline constexpr double kPriorFindings = 2.0;
inline constexpr double kPriorTokens = 10'000.0;
inline constexpr double kMinFindings = 2.0;

/// Per-endpoint estimates of TTFT, decode speed, failure rates and price, exponentially decayed
/// (an observation `halfLife` old weighs half), primed from the library's attempt history and
/// from the catalog's endpoint stats where no history exists. Runs the circuit breaker: after
/// `cooldownFailures` consecutive failures before the first token an endpoint is Open (cooling
/// down) for `cooldown`; then one request may probe it (HalfOpen); a successful probe closes it
/// and discounts the failures that opened it, a failed one opens it again for twice as long
/// (at most `maxCooldown`).
///
/// Thread-safe: the Router observes on the network thread; the dashboard and the strategy
/// read from any thread. The clock is injected (tests, and benchmarks in simulated time).
class EndpointEstimates {
public:
    EndpointEstimates(const Clock &clock, StrategySettings settings);

    /// Adds one observation, dated `observation.at` (older ones weigh less at once).
    void observe(const EndpointObservation &observation);

    /// What the local quality checks found in `outputTokens` tokens the endpoint wrote at `at`
    /// (older evidence weighs what its age says, as for observe()).
    void observeQuality(const EndpointKey &key, Clock::TimePoint at, double outputTokens,
                        double findings, double majorFindings);
    /// The decayed quality evidence of every endpoint of `model` seen so far (cheap: no
    /// estimate is computed).
    std::vector<QualityCounts> qualityCounts(const std::string &model) const;

    /// Priors from the catalog's endpoint stats (latency_last_30m and throughput_last_30m
    /// p50, uptime_last_30m) for endpoints without them yet; weight one observation.
    void primeFromCatalog(const std::string &model,
                          const std::vector<openrouter::EndpointInfo> &endpoints);

    /// The current estimate of every endpoint of `model` the estimator has seen or been primed
    /// with; empty optional fields are filled with the model's other endpoints' averages.
    std::optional<EndpointEstimate> estimate(const EndpointKey &key) const;
    std::vector<EndpointEstimate> snapshot() const;
    std::vector<EndpointEstimate> snapshot(const std::string &model) const;

    /// Circuit breaker: true when the endpoint may be sent traffic now. An Open endpoint whose
    /// cooldown has passed becomes HalfOpen; `claimProbe` then reserves the one probe (true
    /// when this caller got it). A probe not answered within the cooldown is released.
    bool coolingDown(const EndpointKey &key) const;
    bool claimProbe(const EndpointKey &key);
    bool probeAvailable(const EndpointKey &key) const;

    /// Counts one request routed for `model`: an Open endpoint of it becomes HalfOpen after
    /// kProbeEveryRequests requests even before its cooldown ends, so a recovered endpoint is
    /// found again within a few requests however busy the writer is.
    void countRequest(const std::string &model);
    static constexpr int kProbeEveryRequests = 8;

    const StrategySettings &settings() const { return m_settings; }
    const Clock &clock() const { return m_clock; }

private:
    struct LogMoments {
        double weight = 0;
        double sum = 0;
        double sumSquares = 0;
        void add(double value, double w);
        void scale(double factor);
        std::optional<double> mean() const;
        double spread() const;
    };
    struct Entry {
        Clock::TimePoint updated{}; ///< what the weights are decayed to, once `dated`
        bool dated = false;
        LogMoments ttft;
        LogMoments decode;
        LogMoments price;
        LogMoments failLatency;
        double successes = 0;
        double failures = 0;
        double midStreamFailures = 0;
        double samples = 0;
        double qualityTokens = 0;
        double qualityFindings = 0;
        double qualityMajor = 0;
        std::int64_t requestsServed = 0;
        bool primed = false;
        int consecutiveFailures = 0;
        EndpointEstimate::Circuit circuit = EndpointEstimate::Circuit::Closed;
        Clock::TimePoint cooldownUntil{};
        std::chrono::milliseconds currentCooldown{0};
        std::optional<Clock::TimePoint> probeSince;
        int requestsWhileOpen = 0;
        std::optional<Clock::TimePoint> lastObserved;
    };
    void decayTo(Entry &entry, Clock::TimePoint now) const;
    void refreshCircuit(Entry &entry, Clock::TimePoint now) const;
    EndpointEstimate toEstimate(const EndpointKey &key, const Entry &entry,
                                Clock::TimePoint now) const;

    const Clock &m_clock;
    StrategySettings m_settings;
    mutable std::mutex m_mutex;
    mutable std::map<EndpointKey, Entry> m_entries;
};

} // namespace scriptorium::routing
