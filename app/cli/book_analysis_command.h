#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// Under `book`: continuing a book the writer wrote (docs/continue-a-book.md).
/// `book analyse BOOK [--budget X] [--forecast] [--yes]`: the paid analysis, its price shown
/// (and confirmed) first, resumable; `book review BOOK [--accept ID|all]`: the derived entries
/// waiting for review, with the chapter each came from; `book continue BOOK N [--budget X]
/// [--forecast] [--yes]`: outline and draft the next N chapters in the book's voice.
void addBookAnalysisCommands(CLI::App &book, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
