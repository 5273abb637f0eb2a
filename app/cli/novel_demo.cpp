// `scriptorium-cli demo`: the whole pipeline offline, against the embedded simulator.
#include "cli_context.h"
#include "novel_command.h"
#include "sim/sim_server.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

namespace scriptorium::cli {

namespace {

/// The simulator accepts any key; this one only marks requests as the demo's.
constexpr const char *kDemoKey = "sk-or-v1-demo-simulated-key";

struct DemoArgs {
    int chapters = 3;
    int outline = 6;
    std::string language = "en";
    std::string mode = "sequential";
    int concurrency = 3;
    double timeScale = 0.02;
    std::uint64_t seed = 7;
    std::optional<double> budget;
};

int runDemo(const GlobalOptions &global, const DemoArgs &args)
{
    sim::SimOptions simOptions;
    simOptions.timeScale = args.timeScale;
    simOptions.seed = args.seed;
    sim::SimServer server(simOptions);
    if (auto ok = server.start(); !ok)
        return reportError(global, ok.error());

    GlobalOptions options = global;
    options.baseUrl = server.baseUrl();
    std::filesystem::path tempDir;
    if (options.db.empty()) {
        std::string pattern
            = (std::filesystem::temp_directory_path() / "scriptorium-demo-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            return reportError(global,
                               Error{ErrorCode::Io,
                                     "Cannot create a temporary library; set TMPDIR or "
                                     "pass --db FILE.",
                                     {}});
        tempDir = pattern;
        options.db = (tempDir / "demo-library.db").string();
    }
    if (!options.json)
        std::cout << "Scriptorium demo — a SIMULATION: no network, no API key, no cost.\n"
                  << "Simulator on " << server.baseUrl() << " (time scale " << args.timeScale
                  << ": simulated providers run " << 1.0 / args.timeScale
                  << "× faster than real ones), library " << options.db << "\n\n"
                  << std::flush;

    const bool zh = args.language == "zh";
    OutlineArgs outline;
    outline.book = zh ? "灯塔守护人" : "The Lighthouse Keeper";
    outline.premise = zh ? "一座孤岛上的灯塔守护人发现，每当灯光熄灭，海上就会出现一艘不存在的船。"
                           "她必须弄清这艘船想带走谁。"
                         : "On a remote island, a lighthouse keeper notices that whenever the "
                           "lamp goes dark a ship that does not exist appears offshore. She has "
                           "to find out whom it has come to take.";
    outline.genre = zh ? "悬疑" : "mystery";
    outline.language = args.language;
    outline.style
        = zh ? "克制、具体、富有画面感。" : "Restrained, concrete, vivid; close third person.";
    outline.chapters = std::max(args.outline, args.chapters);
    outline.chapterLength = zh ? 900 : 600;
    if (int code = runOutline(options, outline, kDemoKey); code != kExitOk)
        return code;
    if (!options.json)
        std::cout << '\n';

    GenerateArgs generate;
    generate.book = outline.book;
    generate.chapters = "1-" + std::to_string(args.chapters);
    generate.mode = args.mode;
    generate.concurrency = args.concurrency;
    generate.budget = args.budget;
    const int code = runGenerate(options, generate, kDemoKey);
    if (!options.json && code == kExitOk)
        std::cout << "\nThe demo library stays at " << options.db
                  << "; open it with --db to look around (book list, chapter show).\n";
    return code;
}

} // namespace

void addDemoCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<DemoArgs>();
    CLI::App *cmd = app.add_subcommand(
        "demo",
        "Run the whole pipeline offline against the embedded simulator: outline a "
        "sample book, generate a few chapters, print speed and cost per provider");
    cmd->add_option("--chapters", args->chapters, "Chapters to generate")->check(CLI::Range(1, 50));
    cmd->add_option("--outline", args->outline, "Chapters to outline")->check(CLI::Range(1, 200));
    cmd->add_option("--language", args->language, "Sample book language: en or zh")
        ->check(CLI::IsMember({"en", "zh"}));
    cmd->add_option("--mode", args->mode, "sequential or parallel")
        ->check(CLI::IsMember({"sequential", "parallel"}));
    cmd->add_option("--concurrency", args->concurrency, "Parallel drafts at a time")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--time-scale", args->timeScale, "Simulated delays × this (1 = real time)");
    cmd->add_option("--seed", args->seed, "Simulator seed");
    cmd->add_option("--budget", args->budget, "Spending cap in (simulated) USD");
    cmd->callback([&options, &exitCode, args] { exitCode = runDemo(options, *args); });
}

} // namespace scriptorium::cli
