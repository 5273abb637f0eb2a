#pragma once

#include "util/result.h"

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

struct Endpoint;
struct Market;
struct Model;

/// One scheduled change of a market (docs/simulator.md "Dynamic markets"): while the simulated
/// clock is in [fromS, untilS) it changes every endpoint it matches. Immutable once parsed.
struct MarketEvent {
    double fromS = 0.0; ///< simulated seconds since the simulator started or was reset
    double untilS = std::numeric_limits<double>::infinity();
    std::string provider; ///< provider slug (required)
    std::string model; ///< model id; empty = every model
    std::string quantization; ///< empty = every quantization
    double throughputFactor = 1.0;
    double ttftFactor = 1.0;
    double priceFactor = 1.0;
    double errorRate = 0.0; ///< share of attempts failing before the first token
    bool outage = false; ///< every attempt fails before the first token
    int status = 0; ///< 0 = the default: 503 for an outage, 502 for error_rate
    /// Simulated ms before an outage or error_rate failure is reported (a hanging upstream that
    /// times out, rather than a quick refusal); 0 = the default, a quarter of the drawn TTFT.
    double latencyMs = 0.0;

    bool matches(const std::string &modelId, const Endpoint &endpoint) const;
    bool inForce(double simSeconds) const { return simSeconds >= fromS && simSeconds < untilS; }
};

/// The composed effect of the events in force on one endpoint at one moment: factors multiply,
/// error rates combine as 1 − Π(1 − p). Plain value; no effect = the defaults.
struct EventEffects {
    double throughputFactor = 1.0;
    double ttftFactor = 1.0;
    double priceFactor = 1.0;
    double errorRate = 0.0;
    bool outage = false;
    int outageStatus = 503; ///< status of the first outage event in force
    /// The longest `latency_ms` of the failure events in force; 0 = the default.
    double failureLatencyMs = 0.0;
    std::vector<std::size_t> events; ///< indices into Market::events, ascending
    /// Per error_rate event in force: its status and the combined failure probability of it
    /// and the error_rate events before it, so one uniform draw picks the failing event.
    std::vector<std::pair<double, int>> errorThresholds;

    /// The status an attempt fails with for a uniform draw `u` in [0, 1), or 0 when it does
    /// not fail. Deterministic for a given draw.
    int errorStatusFor(double u) const;
    /// {"throughput_factor","ttft_factor","price_factor","error_rate","outage"}.
    nlohmann::json toJson() const;
};

/// Percentiles of a measure as GET /models/…/endpoints reports them.
struct PercentileStats {
    double p50 = 0;
    double p75 = 0;
    double p90 = 0;
    double p99 = 0;
};

/// Time-to-first-token percentiles (ms) of an endpoint under `effects`: the median × the TTFT
/// factor, with fixed spreads for the higher percentiles.
PercentileStats latencyStats(const Endpoint &endpoint, const EventEffects &effects);
/// Decode throughput percentiles (tokens/s, p99 = the slowest) under `effects`.
PercentileStats throughputStats(const Endpoint &endpoint, const EventEffects &effects);

/// Composes the effects of `market.events` in force at `simSeconds` on `endpoint` of `modelId`.
EventEffects composeEffects(const Market &market, const std::string &modelId,
                            const Endpoint &endpoint, double simSeconds);

/// True when an outage event matching the endpoint overlapped [simSeconds − 30, simSeconds].
bool eventRecentlyDown(const Market &market, const std::string &modelId, const Endpoint &endpoint,
                       double simSeconds);

/// Parses and validates the top-level "events" array against the market's providers and
/// models (which must already be parsed). Errors: ErrorCode::Config with the offending
/// field's JSON path first, e.g. "/events/2/throughput_factor: must be a number greater than
/// 0".
Result<std::vector<MarketEvent>> parseMarketEvents(const nlohmann::json &events,
                                                   const Market &market);

} // namespace scriptorium::sim
