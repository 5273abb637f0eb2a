#include "complete_command.h"

#include "cli_context.h"
#include "library_command.h"
#include "net/http_client.h"
#include "routing/adaptive_strategy.h"
#include "routing/api_key.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "routing/router.h"
#include "routing/routing_config.h"
#include "store/database.h"
#include "store/routing_history.h"
#include "util/log.h"
#include "util/measurement_text.h"

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

using routing::AttemptRecord;
using routing::GenerationResult;

struct CompleteArgs {
    std::string model;
    std::string prompt;
    std::string promptFile;
    std::string system;
    int maxTokens = 1024;
    std::optional<double> temperature;
};

nlohmann::json optionalNumber(const std::optional<double> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json attemptJson(const AttemptRecord &a)
{
    nlohmann::json prefs = nlohmann::json::object();
    prefs["quantizations"] = a.preferences.quantizations;
    prefs["order"] = a.preferences.order;
    prefs["ignore"] = a.preferences.ignore;
    return {{"type", "attempt"},
            {"attempt", a.index},
            {"model", a.model},
            {"degraded", a.degraded},
            {"provider_preferences", prefs},
            {"strategy", a.strategy},
            {"routing_reason", a.routingReason}};
}

nlohmann::json doneJson(const GenerationResult &r)
{
    const AttemptRecord *last = r.finalAttempt();
    nlohmann::json out
        = {{"type", "done"},
           {"provider", r.provider},
           {"provider_slug", r.providerSlug},
           {"quantization", r.quantization},
           {"quantization_exact", r.quantizationSource == routing::QuantizationSource::Exact},
           {"quantization_source", routing::quantizationSourceName(r.quantizationSource)},
           {"model", r.model},
           {"finish_reason", r.finishReason},
           {"degraded", r.degraded},
           {"attempts", r.attempts.size()},
           {"cost_usd", r.totalCostUsd()},
           {"cost_source", routing::costSourceName(r.costSource())}};
    if (last) {
        out["prompt_tokens"] = last->promptTokens;
        out["completion_tokens"] = last->completionTokens;
        out["tokens_estimated"] = last->tokensEstimated;
        out["ttft_ms"] = optionalNumber(last->ttftMs);
        out["ttfb_ms"] = optionalNumber(last->ttfbMs);
        out["decode_tokens_per_s"] = optionalNumber(last->decodeTokensPerSecond);
        out["e2e_tokens_per_s"] = optionalNumber(last->e2eTokensPerSecond);
        out["generation_id"] = last->generationId;
    }
    return out;
}

nlohmann::json errorJson(const GenerationResult &r)
{
    const Error &e = *r.error;
    const AttemptRecord *last = r.attempts.empty() ? nullptr : &r.attempts.back();
    nlohmann::json out = {{"type", "error"},
                          {"class", errorCodeName(e.code)},
                          {"http_status", last ? last->httpStatus : 0},
                          {"message", e.message},
                          {"attempts", r.attempts.size()},
                          {"partial_text_bytes", r.text.size()},
                          {"cost_usd", r.totalCostUsd()},
                          {"cost_source", routing::costSourceName(r.costSource())}};
    if (!e.detail.empty())
        out["detail"] = e.detail;
    return out;
}

std::string formatNumber(double value, int decimals)
{
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(decimals);
    out << value;
    return std::move(out).str();
}

std::string summaryLine(const GenerationResult &r)
{
    const AttemptRecord *last = r.finalAttempt();
    std::string line = "provider " + (r.provider.empty() ? std::string("?") : r.provider);
    line += " | " + (r.quantization.empty() ? std::string("unknown") : r.quantization) + " ("
        + std::string(routing::quantizationSourceName(r.quantizationSource)) + ")";
    if (r.degraded)
        line += " degraded";
    // Every figure is shown, "–" when it could not be measured — as the window shows it.
    if (last) {
        line += " | TTFT " + measurementText(last->ttftMs, 0) + " ms";
        line += " | decode " + measurementText(last->decodeTokensPerSecond, 1) + " tok/s";
        line += " | e2e " + measurementText(last->e2eTokensPerSecond, 1) + " tok/s";
    }
    line += " | cost $" + formatNumber(r.totalCostUsd(), 6) + " ("
        + std::string(routing::costSourceName(r.costSource())) + ")";
    line += " | attempts " + std::to_string(r.attempts.size());
    return line;
}

// SIGINT/SIGTERM are blocked in every thread and taken by one watcher thread with sigwait(),
// which cancels the generation; SIGUSR1 tells the watcher to exit.
class SignalWatcher {
public:
    explicit SignalWatcher(std::function<void()> onInterrupt)
    {
        sigemptyset(&m_set);
        sigaddset(&m_set, SIGINT);
        sigaddset(&m_set, SIGTERM);
        sigaddset(&m_set, SIGUSR1);
        pthread_sigmask(SIG_BLOCK, &m_set, &m_old);
        m_thread = std::thread([this, onInterrupt = std::move(onInterrupt)] {
            for (;;) {
                int sig = 0;
                if (sigwait(&m_set, &sig) != 0 || sig == SIGUSR1)
                    return;
                onInterrupt();
            }
        });
    }
    ~SignalWatcher()
    {
        pthread_kill(m_thread.native_handle(), SIGUSR1);
        m_thread.join();
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }

private:
    sigset_t m_set{};
    sigset_t m_old{};
    std::thread m_thread;
};

int runComplete(const GlobalOptions &options, const CompleteArgs &args)
{
    std::string prompt = args.prompt;
    if (!args.promptFile.empty()) {
        std::ifstream in(args.promptFile, std::ios::binary);
        if (!in) {
            return reportError(
                options,
                Error{ErrorCode::InvalidArgument,
                      "cannot read the prompt file '" + args.promptFile + "': check the path",
                      {}});
        }
        std::ostringstream text;
        text << in.rdbuf();
        prompt = std::move(text).str();
    }
    if (prompt.empty())
        return reportError(options, Error{ErrorCode::InvalidArgument, "the prompt is empty", {}});

    auto config = loadRoutingConfig(options);
    if (!config)
        return reportError(options, config.error());
    auto key = routing::ApiKey::fromEnvironment();
    if (!key)
        return reportError(options, key.error());
    const std::string baseUrl = cliBaseUrl(options);
    if (auto ok = net::HttpClient::checkUrl(baseUrl); !ok)
        return reportError(options, ok.error());

    // Signals are blocked before any thread starts, so only the watcher receives them.
    std::mutex mutex;
    std::condition_variable cv;
    std::optional<GenerationResult> result;
    std::optional<routing::Router::GenerationId> id;
    routing::Router *routerPtr = nullptr;
    SignalWatcher watcher([&] {
        std::lock_guard lock(mutex);
        if (routerPtr && id)
            routerPtr->cancel(*id);
    });

    net::HttpClient client;
    routing::GenerationRequest request;
    request.model = args.model;
    if (!args.system.empty())
        request.messages.push_back({"system", args.system});
    request.messages.push_back({"user", prompt});
    request.maxTokens = args.maxTokens;
    request.temperature = args.temperature;

    // The catalog tells the Router whether fp8 exists and which quantization served; it is
    // cached on disk, and the generation goes ahead without it when it cannot be had.
    {
        auto source = std::make_shared<routing::HttpCatalogSource>(client, baseUrl, *key);
        routing::CatalogOptions catalogOptions;
        catalogOptions.cacheDir = routing::catalogCacheDirFor(baseUrl);
        routing::ModelCatalog catalog(source, catalogOptions);
        if (auto endpoints = catalog.endpoints(args.model); endpoints)
            request.endpoints = endpoints->value;
    }

    routing::Router::Options routerOptions;
    routerOptions.baseUrl = baseUrl;
    routerOptions.config = *config;
    routerOptions.apiKey = *key;
    if (config->routing.strategy == routing::StrategyKind::Adaptive) {
        // One request learns nothing by itself: the library's recent attempts (when there is
        // a library) and the catalog's figures are what it is ranked by.
        const routing::StrategySettings settings = routing::strategySettingsFor(*config);
        auto estimates = std::make_shared<routing::EndpointEstimates>(Clock::real(), settings);
        std::error_code ec;
        if (std::filesystem::exists(libraryPath(options), ec)) {
            if (auto db = openLibrary(options); db) {
                (void)store::primeEstimatesFromHistory(**db, *estimates, settings.historyDays,
                                                       store::nowMs());
            }
        }
        routerOptions.strategy = routing::makeRoutingStrategy(*config, estimates);
    }
    routing::Router router(client, routerOptions);

    std::mutex outputMutex;
    routing::GenerationCallbacks callbacks;
    const bool json = options.json;
    callbacks.onAttemptStarted = [&, json](const AttemptRecord &a) {
        if (!json)
            return;
        std::lock_guard lock(outputMutex);
        std::cout << attemptJson(a).dump() << '\n' << std::flush;
    };
    callbacks.onFirstToken = [&, json](const AttemptRecord &a) {
        if (!json)
            return;
        std::lock_guard lock(outputMutex);
        std::cout << nlohmann::json{{"type", "first_token"},
                                    {"attempt", a.index},
                                    {"provider", a.provider},
                                    {"ttft_ms", optionalNumber(a.ttftMs)}}
                         .dump()
                  << '\n'
                  << std::flush;
    };
    callbacks.onDelta = [&, json](std::string_view delta, bool reasoning) {
        std::lock_guard lock(outputMutex);
        if (json) {
            std::cout << nlohmann::json{{"type", "delta"},
                                        {"text", std::string(delta)},
                                        {"reasoning", reasoning}}
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n'
                      << std::flush;
        } else if (!reasoning) {
            std::cout << delta << std::flush;
        }
    };
    callbacks.onDone = [&](const GenerationResult &r) {
        std::lock_guard lock(mutex);
        result = r;
        cv.notify_all();
    };

    auto started = router.start(std::move(request), std::move(callbacks));
    if (!started)
        return reportError(options, started.error());
    {
        std::lock_guard lock(mutex);
        id = *started;
        routerPtr = &router;
    }
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return result.has_value(); });
    routerPtr = nullptr;
    const GenerationResult r = *result;
    lock.unlock();

    std::lock_guard outputLock(outputMutex);
    if (json) {
        std::cout << (r.ok() ? doneJson(r) : errorJson(r))
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
    } else {
        if (!r.text.empty() && r.text.back() != '\n')
            std::cout << '\n';
        std::cout << std::flush;
        if (!r.ok()) {
            std::cerr << "scriptorium-cli: " << r.error->message;
            if (!r.error->detail.empty())
                std::cerr << " (" << r.error->detail << ')';
            std::cerr << '\n';
        }
        if (const AttemptRecord *last = r.finalAttempt(); last && !last->routingReason.empty())
            std::cerr << "routing " << last->strategy << ": " << last->routingReason << '\n';
        std::cerr << summaryLine(r) << '\n';
    }
    return r.ok() ? kExitOk : exitCodeFor(r.error->code);
}

} // namespace

void addCompleteCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<CompleteArgs>();
    CLI::App *cmd = app.add_subcommand(
        "complete", "Generate one completion through the fp8-first router, streaming the text");
    cmd->add_option("--model", args->model, "Model id, e.g. deepseek/deepseek-chat")->required();
    auto *prompt = cmd->add_option("--prompt", args->prompt, "The user prompt");
    auto *file = cmd->add_option("--prompt-file", args->promptFile, "Read the prompt from FILE")
                     ->type_name("FILE");
    prompt->excludes(file);
    cmd->add_option("--system", args->system, "A system prompt");
    cmd->add_option("--max-tokens", args->maxTokens, "Maximum completion tokens")
        ->check(CLI::Range(1, 1'000'000));
    cmd->add_option("--temperature", args->temperature, "Sampling temperature (0-2)")
        ->check(CLI::Range(0.0, 2.0));
    cmd->callback([&options, &exitCode, args, prompt, file] {
        if (prompt->count() == 0 && file->count() == 0) {
            exitCode = reportError(options,
                                   Error{ErrorCode::InvalidArgument,
                                         "give a prompt with --prompt or --prompt-file",
                                         {}});
            return;
        }
        exitCode = runComplete(options, *args);
    });
}

} // namespace scriptorium::cli
