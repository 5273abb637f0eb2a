#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli count FILE…`: the length of manuscripts as writers count it (words, or
/// characters for Chinese), per file and in total.
void addCountCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
