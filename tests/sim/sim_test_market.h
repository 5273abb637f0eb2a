#pragma once

// A small market for tests that need exact prices, an mxfp8 endpoint and an outage.

#include <string>

namespace simtest {

inline const char *kTestMarket = R"({
 "name": "test", "generation_record_delay_ms": 40000, "keepalive_interval_ms": 1000,
 "completion_tokens": {"min": 30, "max": 60},
 "providers": [
  {"name": "Alpha", "slug": "alpha"}, {"name": "Beta", "slug": "beta"},
  {"name": "Gamma", "slug": "gamma"}, {"name": "Delta", "slug": "delta"}],
 "models": [
  {"id": "test/weights", "endpoints": [
    {"provider": "alpha", "quantization": "mxfp8", "pricing": {"prompt": "0.0000005", "completion": "0.0000005"}},
    {"provider": "beta", "quantization": "bf16", "pricing": {"prompt": "0.000001", "completion": "0.000001"}},
    {"provider": "gamma", "quantization": "fp8", "pricing": {"prompt": "0.0000015", "completion": "0.0000015"}}]},
  {"id": "test/outage", "endpoints": [
    {"provider": "alpha", "quantization": "fp8", "pricing": {"prompt": "0.0000001", "completion": "0.0000001"},
     "outages": [{"start_s": 0, "end_s": 1e12}]},
    {"provider": "delta", "quantization": "fp8", "pricing": {"prompt": "0.000003", "completion": "0.000003"}}]}
 ]})";

} // namespace simtest
