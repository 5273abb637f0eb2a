#include "bench_routing_command.h"

#include "bench_routing_quality.h"
#include "cli_context.h"
#include "net/http_client.h"
#include "routing/adaptive_strategy.h"
#include "routing/forecast_strategy.h"
#include "routing/router.h"
#include "routing/routing_validator.h"
#include "sim/market.h"
#include "sim/sim_server.h"
#include "util/clock.h"
#include "util/measurement_text.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

using nlohmann::json;

struct BenchRoutingArgs {
    std::string market = "default";
    std::string model = "meta-llama/llama-3.3-70b-instruct";
    int requests = 100;
    int concurrency = 4;
    int maxTokens = 400;
    double timeScale = 0.05;
    std::uint64_t seed = 1;
    std::string strategies = "static,adaptive,oracle";
    std::string objective;
    std::string language = "en"; ///< the book's: the prompt's language and the checks'
    std::string precisions; ///< set: fastest_acceptable over these (comma-separated)
    std::string forbidden; ///< routing.forbidden_precisions (comma-separated)
    int qualitySkip = 50; ///< the worse-endpoint share counts requests after this many
};

/// The strategies the bench knows. "adaptive-no-quality" is the adaptive strategy without the
/// quality axis (the local checks run on its replies, but it is never told): the speed-only
/// ranking the quality-aware one is measured against.
constexpr std::string_view kStrategies[] = {"static", "adaptive", "adaptive-no-quality", "oracle"};

std::vector<std::string> splitList(const std::string &text)
{
    std::vector<std::string> out;
    std::stringstream list(text);
    for (std::string item; std::getline(list, item, ',');) {
        if (!item.empty())
            out.push_back(item);
    }
    return out;
}

/// Simulated time: the simulator's clock runs `1 / scale` times faster than the wall clock.
/// The benchmark's HTTP client runs on it, so every figure the Router measures (TTFT, decode
/// speed with its minimum window) and the adaptive strategy's half-life and cooldowns are in
/// the market's own seconds, as they would be at time scale 1.
class SimulatedClock final : public Clock {
public:
    explicit SimulatedClock(double scale)
        : m_origin(Clock::real().now())
        , m_scale(scale)
    {
    }
    TimePoint now() const override
    {
        const auto wall = std::chrono::duration<double>(Clock::real().now() - m_origin);
        return m_origin + std::chrono::duration_cast<Duration>(wall / m_scale);
    }
    double speed() const override { return 1.0 / m_scale; }
    /// Simulated seconds since the clock was made (right after the simulator's reset).
    double seconds() const { return std::chrono::duration<double>(now() - m_origin).count(); }

private:
    TimePoint m_origin;
    double m_scale;
};

/// One request as the benchmark saw it; times in simulated milliseconds.
struct RequestOutcome {
    bool ok = false;
    int attempts = 0;
    double durationMs = 0; ///< request start → last token
    std::optional<double> ttftMs;
    std::optional<double> decodeTps;
    double costUsd = 0;
    std::string servedTag;
    std::string quantization;
    double startSimSeconds = 0;
};

struct StrategyRun {
    std::string name;
    std::vector<RequestOutcome> requests;
    std::vector<CheckedReply> checked; ///< per request, when the market writes badly
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::ranges::sort(values);
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

json summaryJson(const StrategyRun &run)
{
    std::vector<double> durations;
    std::vector<double> ttfts;
    std::vector<double> decode;
    int succeeded = 0;
    int attempts = 0;
    int fp8 = 0;
    double cost = 0;
    json served = json::object();
    for (const RequestOutcome &r : run.requests) {
        attempts += r.attempts;
        cost += r.costUsd;
        if (!r.ok)
            continue;
        ++succeeded;
        durations.push_back(r.durationMs);
        if (r.ttftMs)
            ttfts.push_back(*r.ttftMs);
        if (r.decodeTps)
            decode.push_back(*r.decodeTps);
        if (r.quantization == "fp8" || r.quantization == "mxfp8")
            ++fp8;
        served[r.servedTag] = served.value(r.servedTag, 0) + 1;
    }
    auto mean = [](const std::vector<double> &v) {
        return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
    };
    return {{"succeeded", succeeded},
            {"failed", static_cast<int>(run.requests.size()) - succeeded},
            {"attempts", attempts},
            {"duration_p50_ms", percentile(durations, 0.5)},
            {"duration_p95_ms", percentile(durations, 0.95)},
            {"duration_mean_ms", mean(durations)},
            {"ttft_p50_ms", percentile(ttfts, 0.5)},
            {"ttft_p95_ms", percentile(ttfts, 0.95)},
            {"decode_tps_mean", mean(decode)},
            {"cost_usd", cost},
            {"fp8_share", succeeded > 0 ? static_cast<double>(fp8) / succeeded : 0.0},
            {"served", served}};
}

Result<openrouter::ModelEndpoints> fetchEndpoints(net::HttpClient &client, const std::string &base,
                                                  const routing::ApiKey &key,
                                                  const std::string &model)
{
    net::HttpRequest request;
    request.url = base + "/models/" + model + "/endpoints";
    request.bearerToken = key.value();
    auto response = client.fetch(std::move(request));
    if (!response)
        return fail(response.error());
    if (response->status != 200)
        return fail(ErrorCode::ModelNotFound,
                    "the simulated market has no model '" + model + "'; pick one it lists");
    return openrouter::parseEndpoints(response->body);
}

Result<std::vector<routing::EndpointOutlook>>
fetchForecast(net::HttpClient &client, const std::string &root, const std::string &model)
{
    net::HttpRequest request;
    request.url = root + "/_sim/forecast?model=" + model;
    auto response = client.fetch(std::move(request));
    if (!response)
        return fail(response.error());
    const json doc = json::parse(response->body, nullptr, false);
    if (response->status != 200 || !doc.is_object() || !doc.contains("endpoints"))
        return fail(ErrorCode::Parse, "the simulator's forecast could not be read",
                    response->body.substr(0, 200));
    std::vector<routing::EndpointOutlook> out;
    for (const json &e : doc["endpoints"]) {
        routing::EndpointOutlook o;
        o.tag = e.value("tag", std::string());
        o.quantization = e.value("quantization", std::string("unknown"));
        o.ttftMs = e.value("ttft_ms", 0.0);
        o.decodeTokensPerSecond = e.value("throughput_tps", 1.0);
        o.failureProbability = e.value("failure_probability", 0.0);
        o.midStreamFailureProbability = e.value("mid_stream_failure_probability", 0.0);
        o.failureLatencyMs = e.value("failure_latency_ms", o.ttftMs);
        o.promptPricePerToken = e.value("prompt_price", 0.0);
        o.completionPricePerToken = e.value("completion_price", 0.0);
        out.push_back(std::move(o));
    }
    return out;
}

Result<StrategyRun> runStrategy(const std::string &name, sim::SimServer &server,
                                const routing::RoutingConfig &config, const BenchRoutingArgs &args,
                                bool checkQuality, bool progress)
{
    server.reset(); // the same schedule for every strategy, from simulated second 0
    SimulatedClock simClock(args.timeScale);
    const std::string base = server.baseUrl();
    const std::string root = base.substr(0, base.size() - std::string("/api/v1").size());
    const routing::ApiKey key("sk-or-v1-bench-routing");
    net::HttpClient client(simClock);
    auto endpoints = fetchEndpoints(client, base, key, args.model);
    if (!endpoints)
        return fail(endpoints.error());

    routing::StrategySettings settings = routing::strategySettingsFor(config);
    std::shared_ptr<routing::RoutingStrategy> strategy;
    std::shared_ptr<routing::ForecastStrategy> oracle;
    if (name == "adaptive" || name == "adaptive-no-quality") {
        strategy = std::make_shared<routing::AdaptiveStrategy>(
            std::make_shared<routing::EndpointEstimates>(simClock, settings), args.seed);
    } else if (name == "oracle") {
        oracle = std::make_shared<routing::ForecastStrategy>(settings);
        strategy = oracle;
    }
    routing::Router::Options options;
    options.baseUrl = base;
    options.config = config;
    options.apiKey = key;
    options.strategy = strategy;
    options.jitterSeed = args.seed;
    routing::Router router(client, options);

    StrategyRun run;
    run.name = name;
    run.requests.resize(static_cast<std::size_t>(args.requests));
    if (checkQuality)
        run.checked.resize(static_cast<std::size_t>(args.requests));
    const bool feedQuality = checkQuality && name == "adaptive";
    std::mutex mutex;
    std::condition_variable cv;
    int inFlight = 0;
    int finished = 0;
    int sent = 0;
    std::optional<Error> stopped;
    const auto toMs = [](Clock::Duration d) {
        return std::chrono::duration<double, std::milli>(d).count();
    };
    for (int i = 0; i < args.requests; ++i) {
        {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return inFlight < args.concurrency; });
            ++inFlight;
        }
        if (oracle) {
            auto forecast = fetchForecast(client, root, args.model);
            if (!forecast) {
                stopped = forecast.error();
                std::lock_guard lock(mutex);
                --inFlight;
                break;
            }
            oracle->setForecast(args.model, std::move(*forecast));
        }
        ++sent;
        struct Track {
            Clock::TimePoint start;
            std::optional<Clock::TimePoint> firstToken;
            Clock::TimePoint lastDelta;
        };
        auto track = std::make_shared<Track>();
        track->start = simClock.now();
        RequestOutcome &slot = run.requests[static_cast<std::size_t>(i)];
        slot.startSimSeconds = simClock.seconds();
        routing::GenerationRequest request;
        request.model = args.model;
        request.messages = benchPrompt(i + 1, args.language);
        request.maxTokens = args.maxTokens;
        request.endpoints = *endpoints;
        routing::GenerationCallbacks callbacks;
        callbacks.onDelta = [track, &simClock](std::string_view, bool reasoning) {
            const auto now = simClock.now();
            if (!track->firstToken)
                track->firstToken = now;
            if (!reasoning)
                track->lastDelta = now;
        };
        callbacks.onDone = [&, track, i](const routing::GenerationResult &r) {
            RequestOutcome &out = run.requests[static_cast<std::size_t>(i)];
            out.ok = r.ok() && !r.text.empty();
            out.attempts = static_cast<int>(r.attempts.size());
            out.costUsd = r.totalCostUsd();
            out.quantization = r.quantization;
            out.servedTag = r.providerSlug
                + (r.quantization.empty() || r.quantization == "unknown" ? std::string()
                                                                         : "/" + r.quantization);
            if (out.ok)
                out.durationMs = toMs(track->lastDelta - track->start);
            if (track->firstToken)
                out.ttftMs = toMs(*track->firstToken - track->start);
            // The meter measured in simulated time: its own figure is the simulated one.
            if (const routing::AttemptRecord *last = r.finalAttempt())
                out.decodeTps = last->decodeTokensPerSecond;
            if (checkQuality && out.ok) {
                // What the pipeline does with a finished generation: the local checks, and
                // their findings to the strategy that chose the endpoint.
                CheckedReply checked = checkReply(r.text, args.language, r.finishReason);
                checked.ok = true;
                checked.servedTag = out.servedTag;
                if (const routing::AttemptRecord *last = r.finalAttempt())
                    checked.outputTokens = last->completionTokens;
                if (feedQuality) {
                    routing::QualityObservation q;
                    q.model = r.model.empty() ? args.model : r.model;
                    q.provider = r.providerSlug;
                    q.quantization = r.quantization;
                    q.outputTokens = checked.outputTokens;
                    q.findings = checked.findings;
                    q.majorFindings = checked.majorFindings;
                    strategy->observeQuality(q);
                }
                run.checked[static_cast<std::size_t>(i)] = std::move(checked);
            }
            std::lock_guard lock(mutex);
            --inFlight;
            ++finished;
            cv.notify_all();
        };
        if (auto started = router.start(std::move(request), std::move(callbacks)); !started) {
            std::lock_guard lock(mutex);
            --inFlight;
            ++finished;
            cv.notify_all();
        }
        if (progress && (i + 1) % std::max(1, args.requests / 10) == 0)
            std::cerr << name << ": " << (i + 1) << '/' << args.requests << " requests sent\n";
    }
    // Every callback refers to this frame: wait for all of them, also after an error.
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return finished == sent; });
    if (stopped)
        return fail(*stopped);
    return run;
}

/// For each outage the market schedules for the model and that ends inside the run: how many
/// requests started after its end before one was served by the recovered provider again.
json recoveryJson(const sim::Market &market, const std::string &model, const StrategyRun &run)
{
    json out = json::array();
    for (std::size_t i = 0; i < market.events.size(); ++i) {
        const sim::MarketEvent &e = market.events[i];
        if (!e.outage || !std::isfinite(e.untilS) || (!e.model.empty() && e.model != model))
            continue;
        std::vector<const RequestOutcome *> after;
        for (const RequestOutcome &r : run.requests) {
            if (r.startSimSeconds >= e.untilS)
                after.push_back(&r);
        }
        std::ranges::sort(after, {}, &RequestOutcome::startSimSeconds);
        json requests = nullptr;
        for (std::size_t k = 0; k < after.size(); ++k) {
            const std::string &tag = after[k]->servedTag;
            const bool provider = tag.substr(0, tag.find('/')) == e.provider;
            const bool precision
                = e.quantization.empty() || tag.substr(tag.find('/') + 1) == e.quantization;
            if (after[k]->ok && provider && precision) {
                requests = k + 1;
                break;
            }
        }
        out.push_back({{"event", i},
                       {"provider", e.provider},
                       {"until_s", e.untilS},
                       {"requests_after_end", after.size()},
                       {"requests_until_back", requests}});
    }
    return out;
}

void printTable(const json &report)
{
    std::cout << "market " << report["market"].get<std::string>() << ", model "
              << report["model"].get<std::string>() << ", " << report["requests"].get<int>()
              << " requests (durations in simulated ms)\n";
    std::cout << "strategy\tok\tfailed\tattempts\tp50 ms\tp95 ms\tmean ms\tTTFT p50\tTTFT p95\t"
                 "tok/s\tcost USD\tfp8\n";
    for (const auto &[name, s] : report["strategies"].items()) {
        std::cout << name << '\t' << s["succeeded"].get<int>() << '\t' << s["failed"].get<int>()
                  << '\t' << s["attempts"].get<int>() << '\t'
                  << fixedText(s["duration_p50_ms"].get<double>(), 0) << '\t'
                  << fixedText(s["duration_p95_ms"].get<double>(), 0) << '\t'
                  << fixedText(s["duration_mean_ms"].get<double>(), 0) << '\t'
                  << fixedText(s["ttft_p50_ms"].get<double>(), 0) << '\t'
                  << fixedText(s["ttft_p95_ms"].get<double>(), 0) << '\t'
                  << fixedText(s["decode_tps_mean"].get<double>(), 1) << '\t'
                  << fixedText(s["cost_usd"].get<double>(), 5) << '\t'
                  << fixedText(100.0 * s["fp8_share"].get<double>(), 0) << "%\n";
    }
    const json &all = report["strategies"];
    for (const auto &[name, s] : all.items()) {
        for (const json &r : s.value("recovery", json::array())) {
            std::cout << name << ": after " << r["provider"].get<std::string>()
                      << "'s outage ended (" << fixedText(r["until_s"].get<double>(), 0) << " s), ";
            if (r["requests_until_back"].is_null())
                std::cout << "no request went back to it (" << r["requests_after_end"].get<int>()
                          << " requests after the end)\n";
            else
                std::cout << "traffic returned after " << r["requests_until_back"].get<int>()
                          << " requests\n";
        }
    }
    if (all.contains("static") && all.contains("adaptive")) {
        const json &st = all["static"];
        const json &ad = all["adaptive"];
        const double gain = st["duration_p95_ms"].get<double>() > 0
            ? 1.0 - ad["duration_p95_ms"].get<double>() / st["duration_p95_ms"].get<double>()
            : 0.0;
        std::cout << "\nadaptive vs static: p95 " << (gain >= 0 ? "−" : "+")
                  << fixedText(100.0 * std::abs(gain), 0) << " %, failures "
                  << ad["failed"].get<int>() << " vs " << st["failed"].get<int>() << ", fp8 share "
                  << fixedText(100.0 * ad["fp8_share"].get<double>(), 0) << " % vs "
                  << fixedText(100.0 * st["fp8_share"].get<double>(), 0) << " %\n";
    }
    printQualityComparison(report);
    if (all.contains("adaptive") && all.contains("oracle")) {
        const double oracle = all["oracle"]["duration_mean_ms"].get<double>();
        const double adaptive = all["adaptive"]["duration_mean_ms"].get<double>();
        if (oracle > 0)
            std::cout << "adaptive vs oracle: mean duration "
                      << fixedText(100.0 * (adaptive / oracle - 1.0), 0)
                      << " % from the oracle's\n";
    }
}

int runBenchRouting(const GlobalOptions &options, const BenchRoutingArgs &args)
{
    auto config = loadRoutingConfig(options);
    if (!config)
        return reportError(options, config.error());
    if (!args.objective.empty()) {
        if (auto objective = routing::objectiveFromName(args.objective))
            config->routing.objective = *objective;
    }
    if (!args.precisions.empty()) {
        config->routing.precisionPolicy = routing::PrecisionPolicy::FastestAcceptable;
        config->routing.acceptablePrecisions = splitList(args.precisions);
    }
    if (!args.forbidden.empty())
        config->routing.forbiddenPrecisions = splitList(args.forbidden);
    for (const std::string &q : config->routing.acceptablePrecisions) {
        if (!routing::isKnownQuantization(q))
            return reportError(
                options,
                Error{ErrorCode::InvalidArgument,
                      "unknown precision '" + q + "' in --precisions; use fp8, fp4, bf16, …",
                      {}});
    }
    std::vector<std::string> names;
    for (const std::string &name : splitList(args.strategies)) {
        if (std::ranges::find(kStrategies, name) == std::end(kStrategies)) {
            return reportError(options,
                               Error{ErrorCode::InvalidArgument,
                                     "unknown strategy '" + name
                                         + "'; use static, adaptive, adaptive-no-quality and/or "
                                           "oracle",
                                     {}});
        }
        names.push_back(name);
    }
    sim::SimServer server(sim::SimOptions{args.market, args.timeScale, args.seed, {}, 0});
    if (auto started = server.start(); !started)
        return reportError(options, started.error());

    auto market = sim::loadMarket(args.market);
    if (!market)
        return reportError(options, market.error());
    // A market where some endpoints write badly: check every reply, as the pipeline does.
    const std::set<std::string> worse = worseEndpoints(*market, args.model);
    const bool checkQuality = !worse.empty();
    json strategies = json::object();
    for (const std::string &name : names) {
        auto run = runStrategy(name, server, *config, args, checkQuality, true);
        if (!run)
            return reportError(options, run.error());
        strategies[name] = summaryJson(*run);
        strategies[name]["recovery"] = recoveryJson(*market, args.model, *run);
        if (checkQuality)
            strategies[name]["quality"] = qualitySummary(
                run->checked, worse, static_cast<std::size_t>(std::max(0, args.qualitySkip)));
    }
    json report = {{"market", args.market},
                   {"model", args.model},
                   {"requests", args.requests},
                   {"concurrency", args.concurrency},
                   {"max_tokens", args.maxTokens},
                   {"time_scale", args.timeScale},
                   {"seed", args.seed},
                   {"objective", routing::objectiveName(config->routing.objective)},
                   {"strategies", strategies}};
    if (checkQuality)
        report["quality"]
            = {{"worse_endpoints", worse},
               {"after_requests", args.qualitySkip},
               {"language", args.language},
               {"precision_policy", routing::precisionPolicyName(config->routing.precisionPolicy)},
               {"acceptable_precisions", config->routing.acceptablePrecisions},
               {"forbidden_precisions", config->routing.forbiddenPrecisions}};
    if (options.json)
        std::cout << report.dump() << '\n';
    else
        printTable(report);
    return kExitOk;
}

} // namespace

void addBenchRoutingCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<BenchRoutingArgs>();
    CLI::App *cmd = app.add_subcommand(
        "bench-routing",
        "Run one workload against an embedded simulator once per routing strategy (static, "
        "adaptive, adaptive-no-quality, oracle) and compare durations, failures, cost, fp8 "
        "share and, on a market that writes badly, the traffic to the worse endpoints");
    cmd->add_option("--market", args->market,
                    "Simulator market: a shipped name (default, degraded, bad-quality, "
                    "slow-first, outage-recovery, price-change) or a JSON file")
        ->capture_default_str();
    cmd->add_option("--model", args->model, "Model id")->capture_default_str();
    cmd->add_option("--requests", args->requests, "Requests per strategy")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    cmd->add_option("--concurrency", args->concurrency, "Requests in flight at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    cmd->add_option("--max-tokens", args->maxTokens, "max_tokens of each request")
        ->capture_default_str()
        ->check(CLI::Range(1, 16384));
    cmd->add_option("--time-scale", args->timeScale,
                    "Simulated delays × this (0.05 = 20× faster than real time)")
        ->capture_default_str()
        ->check(CLI::Range(0.0001, 10.0));
    cmd->add_option("--seed", args->seed, "Simulator and strategy seed")->capture_default_str();
    cmd->add_option("--strategies", args->strategies,
                    "Comma-separated: static, adaptive, adaptive-no-quality (adaptive without "
                    "the quality axis), oracle")
        ->capture_default_str();
    cmd->add_option("--language", args->language,
                    "The book's language: the prompt's and the local quality checks'")
        ->capture_default_str()
        ->check(CLI::IsMember({"en", "zh"}));
    cmd->add_option("--precisions", args->precisions,
                    "Route with precision_policy fastest_acceptable over these (e.g. "
                    "fp8,fp4,bf16) instead of the config's policy");
    cmd->add_option("--forbid", args->forbidden,
                    "routing.forbidden_precisions for this run (e.g. fp4)");
    cmd->add_option("--quality-after", args->qualitySkip,
                    "The worse-endpoint share counts the requests sent after this many")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--objective", args->objective,
                    "Override the config's routing.objective for adaptive and oracle")
        ->check(CLI::IsMember({"speed", "cost", "balanced"}));
    cmd->callback([&options, &exitCode, args] { exitCode = runBenchRouting(options, *args); });
}

} // namespace scriptorium::cli
