#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `chapter beats|beat-add|beat-edit|beat-move|beat-remove`: a chapter's scene beats, added to
/// the `chapter` command. Beats are addressed by their number in the chapter (1-based).
void addBeatCommands(CLI::App &chapter, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
