#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli complete --model ID (--prompt TEXT | --prompt-file F) [--system TEXT]
/// [--max-tokens N] [--temperature T] [--json]`: one generation through the Router. Streams
/// the text to stdout and a summary line to stderr (or JSON events, one per line, with --json).
/// SIGINT cancels (exit 130).
void addCompleteCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
