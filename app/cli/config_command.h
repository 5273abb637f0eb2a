#pragma once

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli config check [--config FILE] [--online]`: validates the routing config and
/// prints one finding per line (severity, JSON path, message, fix). Exit 0 when valid (warnings
/// allowed), 1 when invalid, 2 when the file cannot be read.
void addConfigCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
