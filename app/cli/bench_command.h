#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli bench-providers --model ID [--runs N] [--tag TAG…] [--max-tokens N]`: the
/// provider benchmark. Runs the same short prompt against each endpoint of the model, pinned to
/// that endpoint, N times; prints TTFT, tokens/s and cost side by side with the fp8 vs bf16
/// difference, and stores every run in the library (stage "benchmark") for the dashboard.
void addBenchCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
