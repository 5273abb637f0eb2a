#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `chapter list|show|set|history|restore`: a book's chapters and their revision history;
/// and the beat commands (beat_command.h).
void addChapterCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
