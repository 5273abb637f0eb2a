// What choosing a provider order costs: AdaptiveStrategy::decide() over 20 endpoints with
// measured estimates, the Router's per-attempt overhead of adaptive routing (issue 12: < 50 µs).
// Usage: bench_routing_decision [decisions]
#include "routing/adaptive_strategy.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace scriptorium;
using namespace scriptorium::routing;

int main(int argc, char **argv)
{
    const int decisions = argc > 1 ? std::atoi(argv[1]) : 20000;
    const std::string model = "meta-llama/llama-3.3-70b-instruct";
    std::vector<openrouter::EndpointInfo> endpoints;
    for (int i = 0; i < 20; ++i) {
        openrouter::EndpointInfo e;
        e.providerName = "Provider " + std::to_string(i);
        e.tag = "provider-" + std::to_string(i) + (i % 4 == 3 ? "/bf16" : "/fp8");
        e.quantization = i % 4 == 3 ? "bf16" : "fp8";
        e.pricing.prompt = 1e-7 * (1 + i % 7);
        e.pricing.completion = 3e-7 * (1 + i % 5);
        e.latencyP50Ms = 200.0 + 37.0 * i;
        e.throughputP50 = 40.0 + 9.0 * (i % 11);
        e.uptimeLast30m = 99.0;
        endpoints.push_back(std::move(e));
    }
    StrategySettings settings;
    settings.explorationShare = 0.05;
    auto estimates = std::make_shared<EndpointEstimates>(Clock::real(), settings);
    AdaptiveStrategy strategy(estimates, 42);
    // Measured evidence for every endpoint, as after a batch.
    for (int round = 0; round < 20; ++round) {
        for (const auto &e : endpoints) {
            EndpointObservation o;
            o.key = {model, e.providerSlug(), openrouter::normalizeQuantization(e.quantization)};
            o.at = Clock::real().now();
            o.ttftMs = *e.latencyP50Ms * (0.8 + 0.02 * round);
            o.decodeTokensPerSecond = *e.throughputP50 * (1.1 - 0.01 * round);
            o.servedRequest = true;
            estimates->observe(o);
        }
    }
    DecisionInput input;
    input.model = model;
    input.quantizations = {"fp8"};
    input.endpoints = endpoints;
    input.promptTokens = 3000;
    input.maxTokens = 1024;
    input.hasNextStep = true;

    std::vector<double> micros;
    micros.reserve(static_cast<std::size_t>(decisions));
    std::size_t sink = 0;
    for (int i = 0; i < decisions; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const RoutingDecision d = strategy.decide(input);
        const auto t1 = std::chrono::steady_clock::now();
        sink += d.order.size();
        micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::ranges::sort(micros);
    auto at = [&](double p) {
        return micros[std::min(micros.size() - 1, static_cast<std::size_t>(p * micros.size()))];
    };
    std::printf("decide() over 20 endpoints (15 at fp8), %d decisions: p50 %.1f µs, p90 %.1f µs, "
                "p99 %.1f µs, max %.1f µs (checksum %zu)\n",
                decisions, at(0.5), at(0.9), at(0.99), micros.back(), sink);
    return at(0.5) < 50.0 ? 0 : 1;
}
