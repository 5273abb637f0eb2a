#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli ask BOOK "QUESTION" [--forecast] [--yes] [--model ID]`: asks the manuscript
/// (novel/manuscript_question.h). The passages the full-text index finds and the price come
/// first; the answer cites chapters with quotes located in their text.
void addAskCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
