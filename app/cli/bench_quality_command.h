#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli bench-quality --model ID --precisions fp8,bf16 --runs N [--audit]
/// [--language en|zh|both]`: sends the shipped prompts (resources/bench/quality_prompts.json)
/// to the model's endpoints pinned at each precision (provider.quantizations [p],
/// allow_fallbacks false), runs the local quality checks on every reply (and the continuity
/// audit with --audit), and reports per precision the findings per 10,000 output tokens with
/// 95 % intervals and, per pair of precisions, whether they differ significantly (p < 0.05).
void addBenchQualityCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
