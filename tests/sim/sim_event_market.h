#pragma once

// A dynamic market for the event and preference tests: fixed medians (sigma 0) so planned
// values are exact, one model per kind of event, and the events' indices named below.

#include <string>

namespace simtest {

/// Indices into kEventMarket's "events".
enum EventIndex {
    kSlowThroughput = 0, ///< test/slow alpha: throughput ×0.5, TTFT ×2
    kSlowTtft = 1, ///< test/slow alpha: TTFT ×1.5 (composes with the one above)
    kOutage = 2, ///< test/outage alpha: outage, status 503
    kErrors502 = 3, ///< test/errors alpha: error_rate 0.3 (status 502 by default)
    kErrors500 = 4, ///< test/errors alpha: error_rate 0.2, status 500
    kPrice = 5, ///< test/price alpha: price ×2 until 100 s
    kWindow = 6, ///< test/window alpha: TTFT ×4 until 100 s
    kForecast = 7, ///< test/forecast alpha: TTFT ×2, throughput ×0.5, price ×3, error_rate 0.2
    kPrefsBeta = 8, ///< test/prefs beta: throughput ×0.5 (80 → 40 tok/s)
};

inline const char *kEventMarket = R"({
 "name": "events-test", "generation_record_delay_ms": 100, "keepalive_interval_ms": 1000,
 "completion_tokens": {"min": 10, "max": 20},
 "providers": [
  {"name": "Alpha", "slug": "alpha"}, {"name": "Beta", "slug": "beta"},
  {"name": "Gamma", "slug": "gamma"}],
 "models": [
  {"id": "test/slow", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000001"},
     "ttft_ms": {"median": 200, "sigma": 0}, "throughput_tps": {"median": 100, "sigma": 0}},
    {"provider": "beta", "quantization": "fp8", "pricing": {"prompt": "0.000002", "completion": "0.000002"},
     "ttft_ms": {"median": 300, "sigma": 0}, "throughput_tps": {"median": 80, "sigma": 0}}]},
  {"id": "test/outage", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000001"},
     "ttft_ms": {"median": 200, "sigma": 0}, "throughput_tps": {"median": 100, "sigma": 0}},
    {"provider": "beta", "quantization": "fp8", "pricing": {"prompt": "0.000002", "completion": "0.000002"},
     "ttft_ms": {"median": 300, "sigma": 0}, "throughput_tps": {"median": 80, "sigma": 0}}]},
  {"id": "test/errors", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000001"},
     "ttft_ms": {"median": 100, "sigma": 0}, "throughput_tps": {"median": 200, "sigma": 0}},
    {"provider": "beta", "quantization": "fp8", "pricing": {"prompt": "0.000002", "completion": "0.000002"},
     "ttft_ms": {"median": 100, "sigma": 0}, "throughput_tps": {"median": 200, "sigma": 0}}]},
  {"id": "test/price", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000001"},
     "ttft_ms": {"median": 200, "sigma": 0}, "throughput_tps": {"median": 100, "sigma": 0}},
    {"provider": "beta", "quantization": "bf16", "pricing": {"prompt": "0.0000015", "completion": "0.0000015"},
     "ttft_ms": {"median": 300, "sigma": 0}, "throughput_tps": {"median": 80, "sigma": 0}}]},
  {"id": "test/window", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000001"},
     "ttft_ms": {"median": 200, "sigma": 0}, "throughput_tps": {"median": 100, "sigma": 0}}]},
  {"id": "test/forecast", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000002"},
     "ttft_ms": {"median": 200, "sigma": 0.3}, "throughput_tps": {"median": 100, "sigma": 0.2}},
    {"provider": "beta", "quantization": "bf16", "pricing": {"prompt": "0.000002", "completion": "0.000002"},
     "ttft_ms": {"median": 300, "sigma": 0}, "throughput_tps": {"median": 80, "sigma": 0},
     "failure_rates": {"http_429": 0.1, "http_502": 0.05, "mid_stream_error": 0.02, "stall": 0.01,
                       "abrupt_close": 0.01}}]},
  {"id": "test/prefs", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000001"},
     "ttft_ms": {"median": 2000, "sigma": 0}, "throughput_tps": {"median": 30, "sigma": 0}},
    {"provider": "beta", "quantization": "fp8", "pricing": {"prompt": "0.000002", "completion": "0.000002"},
     "ttft_ms": {"median": 500, "sigma": 0}, "throughput_tps": {"median": 80, "sigma": 0}},
    {"provider": "gamma", "quantization": "fp8", "pricing": {"prompt": "0.000003", "completion": "0.000003"},
     "ttft_ms": {"median": 200, "sigma": 0}, "throughput_tps": {"median": 150, "sigma": 0}}]},
  {"id": "test/secret", "distillable": false, "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.000001", "completion": "0.000001"}}]}
 ],
 "events": [
  {"provider": "alpha", "model": "test/slow", "throughput_factor": 0.5, "ttft_factor": 2},
  {"provider": "alpha", "model": "test/slow", "ttft_factor": 1.5},
  {"provider": "alpha", "model": "test/outage", "outage": true},
  {"provider": "alpha", "model": "test/errors", "error_rate": 0.3},
  {"provider": "alpha", "model": "test/errors", "error_rate": 0.2, "status": 500},
  {"provider": "alpha", "model": "test/price", "price_factor": 2, "until_s": 100},
  {"from_s": 0, "until_s": 100, "provider": "alpha", "model": "test/window", "ttft_factor": 4},
  {"provider": "alpha", "model": "test/forecast", "quantization": "fp8", "ttft_factor": 2,
   "throughput_factor": 0.5, "price_factor": 3, "error_rate": 0.2},
  {"provider": "beta", "model": "test/prefs", "throughput_factor": 0.5}
 ]})";

} // namespace simtest
