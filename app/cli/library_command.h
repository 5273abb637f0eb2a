#pragma once

#include "util/result.h"

#include <filesystem>
#include <memory>

namespace CLI {
class App;
}

namespace scriptorium::store {
class Database;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// The library file named by --db, else the default ($XDG_DATA_HOME/scriptorium/library.db).
std::filesystem::path libraryPath(const GlobalOptions &options);

/// Opens (creating if needed) the library for a command and makes the daily automatic
/// backup when one is due (a failed backup is a warning on stderr, not an error).
Result<std::unique_ptr<store::Database>> openLibrary(const GlobalOptions &options);

/// `search BOOK QUERY`, `stats [--since 24h] [--book ID]`, `stats --writing [BOOK] [--days N]
/// [--goal N] [--session-goal N]`, `backup [--out FILE]` and `restore FILE`.
void addLibraryCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
