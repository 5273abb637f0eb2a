#pragma once

#include "net/http_client.h"
#include "openrouter/catalog_json.h"
#include "routing/api_key.h"
#include "routing/attempt_record.h"
#include "util/result.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::routing {

/// What to benchmark: the same short prompt, `runs` times against each endpoint of `model`
/// (all of them, or those whose tag is in `tags`), one at a time so runs do not compete.
struct BenchmarkOptions {
    std::string model;
    int runs = 3;
    int maxTokens = 128;
    std::string prompt = "Write the opening paragraph of a short story about a lighthouse.";
    std::vector<std::string> tags; ///< endpoint tags ("deepinfra/fp8"); empty: every endpoint
    std::string baseUrl = "https://openrouter.ai/api/v1";
    ApiKey apiKey;
};

/// One endpoint's results. Speeds are medians over its successful runs; the decode speed is
/// nullopt when no run had a long enough decode window (DESIGN "Measurements").
struct EndpointBenchmark {
    openrouter::EndpointInfo endpoint;
    int runs = 0;
    int successes = 0;
    std::optional<double> ttftP50Ms;
    std::optional<double> decodeTpsP50;
    std::optional<double> e2eTpsP50;
    double costUsd = 0;
    std::int64_t completionTokens = 0;
    std::optional<double> usdPerMillionOutput;
    std::vector<GenerationResult> results; ///< every run, for storage

    /// The speed used for ranking: decode tokens/s when measured, else end-to-end tokens/s.
    std::optional<double> rankingSpeed() const;
};

/// Medians per precision over all endpoints that served at it (the fp8 vs bf16 comparison).
struct PrecisionSummary {
    std::string precision;
    int endpoints = 0;
    std::optional<double> ttftP50Ms;
    std::optional<double> speedP50; ///< ranking speed (decode, else end-to-end tokens/s)
    std::optional<double> usdPerMillionOutput;
};

struct BenchmarkReport {
    std::string model;
    std::vector<EndpointBenchmark> endpoints; ///< fastest first; failed endpoints last
    std::vector<PrecisionSummary> precisions;
    /// fp8 speed / bf16 speed (e.g. 1.3 = fp8 30% faster); nullopt without both.
    std::optional<double> fp8OverBf16Speed;
    std::optional<double> fp8OverBf16Cost; ///< fp8 USD/M output ÷ bf16 USD/M output
};

/// The provider benchmark (seed point 12, "performance benchmarking"): every run is pinned to
/// one endpoint (`provider.order` = [tag], `allow_fallbacks: false`, no quantization filter,
/// one attempt, no retries), so the numbers describe that endpoint alone.
///
/// run() blocks the calling thread (never call it on the HttpClient's network thread) and
/// returns when every run finished or `cancel` became true. Errors: InvalidArgument for no
/// model, runs < 1 or no matching endpoint. Failed runs are counted, not errors.
Result<BenchmarkReport> runProviderBenchmark(
    net::HttpClient &client, const openrouter::ModelEndpoints &endpoints,
    const BenchmarkOptions &options,
    const std::function<void(const EndpointBenchmark &, const GenerationResult &)> &onRun = {},
    const std::atomic<bool> *cancel = nullptr);

/// The `provider` object every run for `endpoint` sends.
openrouter::ProviderPreferences pinnedPreferences(const openrouter::EndpointInfo &endpoint);

} // namespace scriptorium::routing
