#include "bench_command.h"

#include "cli_context.h"
#include "library_command.h"
#include "models_command.h"
#include "net/http_client.h"
#include "novel/generation_recorder.h"
#include "routing/api_key.h"
#include "routing/model_catalog.h"
#include "routing/provider_benchmark.h"
#include "store/database.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct BenchArgs {
    std::string model;
    int runs = 3;
    int maxTokens = 128;
    std::vector<std::string> tags;
    bool noStore = false;
};

std::string number(const std::optional<double> &value, int digits)
{
    if (!value)
        return "-";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, *value);
    return buffer;
}

nlohmann::json optionalJson(const std::optional<double> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json reportJson(const routing::BenchmarkReport &report)
{
    nlohmann::json endpoints = nlohmann::json::array();
    int rank = 0;
    for (const routing::EndpointBenchmark &b : report.endpoints) {
        endpoints.push_back({{"rank", ++rank},
                             {"provider", b.endpoint.providerName},
                             {"tag", b.endpoint.tag},
                             {"precision", b.endpoint.quantization},
                             {"runs", b.runs},
                             {"successes", b.successes},
                             {"ttft_p50_ms", optionalJson(b.ttftP50Ms)},
                             {"decode_tps_p50", optionalJson(b.decodeTpsP50)},
                             {"e2e_tps_p50", optionalJson(b.e2eTpsP50)},
                             {"cost_usd", b.costUsd},
                             {"usd_per_million_output", optionalJson(b.usdPerMillionOutput)}});
    }
    nlohmann::json precisions = nlohmann::json::array();
    for (const routing::PrecisionSummary &p : report.precisions) {
        precisions.push_back({{"precision", p.precision},
                              {"endpoints", p.endpoints},
                              {"ttft_p50_ms", optionalJson(p.ttftP50Ms)},
                              {"speed_p50", optionalJson(p.speedP50)},
                              {"usd_per_million_output", optionalJson(p.usdPerMillionOutput)}});
    }
    return {{"model", report.model},
            {"endpoints", endpoints},
            {"precisions", precisions},
            {"fp8_over_bf16_speed", optionalJson(report.fp8OverBf16Speed)},
            {"fp8_over_bf16_cost", optionalJson(report.fp8OverBf16Cost)}};
}

void printReport(const routing::BenchmarkReport &report)
{
    std::cout << "rank\tprovider\ttag\tprecision\truns\tok\tTTFT p50 ms\tdecode tok/s p50\t"
                 "e2e tok/s p50\tcost USD\tUSD/M out\n";
    int rank = 0;
    for (const routing::EndpointBenchmark &b : report.endpoints) {
        std::cout << ++rank << '\t' << b.endpoint.providerName << '\t' << b.endpoint.tag << '\t'
                  << b.endpoint.quantization << '\t' << b.runs << '\t' << b.successes << '\t'
                  << number(b.ttftP50Ms, 0) << '\t' << number(b.decodeTpsP50, 1) << '\t'
                  << number(b.e2eTpsP50, 1) << '\t' << number(b.costUsd, 6) << '\t'
                  << number(b.usdPerMillionOutput, 2) << '\n';
    }
    std::cout << "\nprecision\tendpoints\tTTFT p50 ms\ttok/s p50\tUSD/M out\n";
    for (const routing::PrecisionSummary &p : report.precisions) {
        std::cout << p.precision << '\t' << p.endpoints << '\t' << number(p.ttftP50Ms, 0) << '\t'
                  << number(p.speedP50, 1) << '\t' << number(p.usdPerMillionOutput, 2) << '\n';
    }
    if (report.fp8OverBf16Speed) {
        std::cout << "\nfp8 vs bf16: " << number(*report.fp8OverBf16Speed, 2) << "x the speed";
        if (report.fp8OverBf16Cost)
            std::cout << ", " << number(*report.fp8OverBf16Cost, 2) << "x the price per token";
        std::cout << '\n';
    } else {
        std::cout << "\nfp8 vs bf16: this model needs both an fp8 and a bf16 endpoint that "
                     "answered\n";
    }
}

int runBench(const GlobalOptions &options, const BenchArgs &args)
{
    auto key = routing::ApiKey::fromEnvironment();
    if (!key)
        return reportError(options, key.error());
    auto connection = connectCatalog(options, false);
    if (!connection)
        return reportError(options, connection.error());
    auto endpoints = connection->catalog->endpoints(args.model);
    if (!endpoints)
        return reportError(options, endpoints.error());

    std::unique_ptr<store::Database> db;
    if (!args.noStore) {
        auto opened = openLibrary(options);
        if (!opened)
            return reportError(options, opened.error());
        db = std::move(*opened);
    }
    routing::BenchmarkOptions bench;
    bench.model = args.model;
    bench.runs = args.runs;
    bench.maxTokens = args.maxTokens;
    bench.tags = args.tags;
    bench.baseUrl = cliBaseUrl(options);
    bench.apiKey = *key;
    std::optional<Error> storeError;
    auto onRun = [&](const routing::EndpointBenchmark &b, const routing::GenerationResult &r) {
        if (!options.json) {
            std::cerr << b.endpoint.tag << " run " << b.runs << ": "
                      << (r.ok() ? "ok" : std::string(errorCodeName(r.error->code))) << '\n';
        }
        if (!db || storeError)
            return;
        auto id = novel::startGenerationRecord(*db, "benchmark", std::nullopt, std::nullopt,
                                               args.model);
        if (!id) {
            storeError = id.error();
            return;
        }
        if (auto s = novel::finishGenerationRecord(*db, *id, r); !s)
            storeError = s.error();
    };
    auto report
        = routing::runProviderBenchmark(*connection->client, endpoints->value, bench, onRun);
    if (!report)
        return reportError(options, report.error());
    if (storeError) {
        std::cerr << "scriptorium-cli: warning: the benchmark results were not stored: "
                  << storeError->message << '\n';
    }
    if (options.json)
        std::cout << reportJson(*report).dump() << '\n';
    else
        printReport(*report);
    for (const routing::EndpointBenchmark &b : report->endpoints) {
        if (b.successes > 0)
            return kExitOk;
    }
    return kExitFailed;
}

} // namespace

void addBenchCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<BenchArgs>();
    CLI::App *cmd = app.add_subcommand(
        "bench-providers",
        "Benchmark a model's provider endpoints: pinned runs, TTFT, tokens/s, cost, fp8 vs bf16");
    cmd->add_option("--model", args->model, "Model id, e.g. meta-llama/llama-3.1-8b-instruct")
        ->required();
    cmd->add_option("--runs", args->runs, "Runs per endpoint")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    cmd->add_option("--max-tokens", args->maxTokens, "Output tokens per run")
        ->capture_default_str()
        ->check(CLI::Range(8, 4096));
    cmd->add_option("--tag", args->tags,
                    "Only these endpoint tags (repeatable), e.g. deepinfra/fp8");
    cmd->add_flag("--no-store", args->noStore, "Do not record the runs in the library");
    cmd->callback([&options, &exitCode, args] { exitCode = runBench(options, *args); });
}

} // namespace scriptorium::cli
