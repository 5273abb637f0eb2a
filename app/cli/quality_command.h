#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli quality BOOK [--chapter N]`: the stored quality findings (local checks and
/// the continuity audit) of a book's chapters with the provider, model and precision that
/// wrote the text, newest generation first; `quality --rates [--source local|audit]`: finding
/// rates per provider × model × precision with 95 % confidence intervals.
void addQualityCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
