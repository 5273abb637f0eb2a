#include "routing/provider_benchmark.h"

#include "routing/router.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>

namespace scriptorium::routing {

namespace {

std::optional<double> median(std::vector<double> values)
{
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// Runs one generation and waits for its onDone.
std::optional<GenerationResult> runOnce(Router &router, GenerationRequest request)
{
    std::mutex mutex;
    std::condition_variable done;
    std::optional<GenerationResult> result;
    GenerationCallbacks callbacks;
    callbacks.onDone = [&](const GenerationResult &r) {
        std::lock_guard lock(mutex);
        result = r;
        done.notify_all();
    };
    auto id = router.start(std::move(request), std::move(callbacks));
    if (!id) {
        GenerationResult failed;
        failed.error = id.error();
        return failed;
    }
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return result.has_value(); });
    return result;
}

void summarise(EndpointBenchmark &b)
{
    std::vector<double> ttft;
    std::vector<double> decode;
    std::vector<double> e2e;
    std::int64_t costedTokens = 0;
    b.costUsd = 0;
    b.completionTokens = 0;
    b.successes = 0;
    for (const GenerationResult &r : b.results) {
        for (const AttemptRecord &a : r.attempts) {
            if (a.costUsd) {
                b.costUsd += *a.costUsd;
                costedTokens += a.completionTokens;
            }
            b.completionTokens += a.completionTokens;
        }
        if (!r.ok())
            continue;
        ++b.successes;
        if (const AttemptRecord *a = r.finalAttempt()) {
            if (a->ttftMs)
                ttft.push_back(*a->ttftMs);
            if (a->decodeTokensPerSecond)
                decode.push_back(*a->decodeTokensPerSecond);
            if (a->e2eTokensPerSecond)
                e2e.push_back(*a->e2eTokensPerSecond);
        }
    }
    b.ttftP50Ms = median(ttft);
    // A decode speed from only some runs would not compare with the others' end-to-end speed.
    b.decodeTpsP50
        = decode.size() == static_cast<std::size_t>(b.successes) ? median(decode) : std::nullopt;
    b.e2eTpsP50 = median(e2e);
    if (costedTokens > 0)
        b.usdPerMillionOutput = b.costUsd / static_cast<double>(costedTokens) * 1e6;
}

void comparePrecisions(BenchmarkReport &report)
{
    struct Values {
        int endpoints = 0;
        std::vector<double> ttft;
        std::vector<double> speed;
        std::vector<double> price;
    };
    std::map<std::string, Values> byPrecision;
    for (const EndpointBenchmark &b : report.endpoints) {
        if (b.successes == 0)
            continue;
        Values &v = byPrecision[b.endpoint.quantization];
        ++v.endpoints;
        if (b.ttftP50Ms)
            v.ttft.push_back(*b.ttftP50Ms);
        if (auto s = b.rankingSpeed())
            v.speed.push_back(*s);
        if (b.usdPerMillionOutput)
            v.price.push_back(*b.usdPerMillionOutput);
    }
    for (auto &[precision, v] : byPrecision) {
        report.precisions.push_back(PrecisionSummary{precision, v.endpoints, median(v.ttft),
                                                     median(v.speed), median(v.price)});
    }
    auto find = [&report](std::string_view precision) -> const PrecisionSummary * {
        for (const PrecisionSummary &p : report.precisions) {
            if (p.precision == precision)
                return &p;
        }
        return nullptr;
    };
    const PrecisionSummary *fp8 = find("fp8");
    const PrecisionSummary *bf16 = find("bf16");
    if (fp8 && bf16) {
        if (fp8->speedP50 && bf16->speedP50 && *bf16->speedP50 > 0)
            report.fp8OverBf16Speed = *fp8->speedP50 / *bf16->speedP50;
        if (fp8->usdPerMillionOutput && bf16->usdPerMillionOutput && *bf16->usdPerMillionOutput > 0)
            report.fp8OverBf16Cost = *fp8->usdPerMillionOutput / *bf16->usdPerMillionOutput;
    }
}

} // namespace

std::optional<double> EndpointBenchmark::rankingSpeed() const
{
    return decodeTpsP50 ? decodeTpsP50 : e2eTpsP50;
}

openrouter::ProviderPreferences pinnedPreferences(const openrouter::EndpointInfo &endpoint)
{
    openrouter::ProviderPreferences prefs;
    prefs.order = {endpoint.tag.empty() ? endpoint.providerSlug() : endpoint.tag};
    prefs.allowFallbacks = false;
    return prefs;
}

Result<BenchmarkReport> runProviderBenchmark(
    net::HttpClient &client, const openrouter::ModelEndpoints &endpoints,
    const BenchmarkOptions &options,
    const std::function<void(const EndpointBenchmark &, const GenerationResult &)> &onRun,
    const std::atomic<bool> *cancel)
{
    if (options.model.empty())
        return fail(ErrorCode::InvalidArgument,
                    "choose a model to benchmark, e.g. --model "
                    "meta-llama/llama-3.1-8b-instruct");
    if (options.runs < 1)
        return fail(ErrorCode::InvalidArgument,
                    "the benchmark needs at least one run per endpoint");
    BenchmarkReport report;
    report.model = options.model;
    for (const openrouter::EndpointInfo &e : endpoints.endpoints) {
        if (options.tags.empty()
            || std::find(options.tags.begin(), options.tags.end(), e.tag) != options.tags.end()) {
            EndpointBenchmark b;
            b.endpoint = e;
            report.endpoints.push_back(std::move(b));
        }
    }
    if (report.endpoints.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "no endpoint of " + options.model + " matches the chosen tags",
                    "run 'scriptorium-cli models endpoints " + options.model
                        + "' to see the endpoint tags");
    }

    for (EndpointBenchmark &b : report.endpoints) {
        Router::Options routerOptions;
        routerOptions.baseUrl = options.baseUrl;
        routerOptions.apiKey = options.apiKey;
        RoutingConfig config = RoutingConfig::defaults();
        config.defaultModel = options.model;
        config.models.clear();
        config.modelOverrides.clear();
        config.provider = pinnedPreferences(b.endpoint);
        config.degradeTo.clear();
        config.retry.maxAttempts = 1;
        config.budget.maxUsd.reset();
        routerOptions.config = std::move(config);
        Router router(client, routerOptions);
        for (int run = 0; run < options.runs; ++run) {
            if (cancel && cancel->load())
                break;
            GenerationRequest request;
            request.model = options.model;
            request.messages = {{"user", options.prompt}};
            request.maxTokens = options.maxTokens;
            request.temperature = 0.7;
            request.fallbackModels = std::vector<std::string>{};
            // The pinned endpoint alone: the Router then knows exactly which precision served.
            request.endpoints
                = openrouter::ModelEndpoints{endpoints.id, endpoints.name, {b.endpoint}};
            auto result = runOnce(router, std::move(request));
            ++b.runs;
            b.results.push_back(std::move(*result));
            summarise(b);
            if (onRun)
                onRun(b, b.results.back());
        }
    }
    std::stable_sort(report.endpoints.begin(), report.endpoints.end(),
                     [](const EndpointBenchmark &a, const EndpointBenchmark &b) {
                         const auto sa = a.rankingSpeed();
                         const auto sb = b.rankingSpeed();
                         if (sa.has_value() != sb.has_value())
                             return sa.has_value();
                         return sa && *sa > *sb;
                     });
    comparePrecisions(report);
    return report;
}

} // namespace scriptorium::routing
