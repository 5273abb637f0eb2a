#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli bench-routing`: the same workload against an embedded simulator once per
/// routing strategy (static, adaptive, oracle), with the simulator reset in between so each
/// sees the same market schedule; prints durations in simulated milliseconds.
void addBenchRoutingCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
