#pragma once

#include "routing/routing_config.h"
#include "util/error.h"
#include "util/result.h"

#include <string>

namespace CLI {
class App;
}

namespace scriptorium::cli {

/// Exit codes of scriptorium-cli; scripts rely on them, so they never change meaning.
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1, ///< the command ran and reported a negative result (e.g. invalid config)
    kExitUsage = 2, ///< bad command line or configuration
    kExitAuth = 3, ///< API key rejected or out of credits
    kExitNoEndpoint = 4, ///< no provider can serve the request as constrained
    kExitFailed = 5, ///< the request failed after its retries
    kExitCancelled = 130, ///< interrupted by the user (SIGINT)
};

/// Options every command accepts, parsed before the command runs.
struct GlobalOptions {
    std::string db; ///< --db: library file; empty means the default location
    std::string config; ///< --config: routing config file; empty means the default
    std::string baseUrl; ///< --base-url, else SCRIPTORIUM_BASE_URL, else OpenRouter's
    bool json = false; ///< --json: machine-readable output
    std::string routing; ///< --routing static|adaptive: overrides the config's strategy
};

/// The routing config every command uses: --config, else $XDG_CONFIG_HOME/scriptorium/
/// routing.json when it exists, else the built-in default; then --routing applied.
/// Errors: Config (unreadable or invalid file).
Result<routing::RoutingConfig> loadRoutingConfig(const GlobalOptions &options);

/// Where the command's requests go: --base-url, else SCRIPTORIUM_BASE_URL, else OpenRouter's
/// API — routing::resolveConnection(), the rule the window follows too, so the CLI and the GUI
/// never talk to different servers for the same settings.
std::string cliBaseUrl(const GlobalOptions &options);

/// Adds the global options to `app`, storing into `options`.
void addGlobalOptions(CLI::App &app, GlobalOptions &options);

/// The exit code for an error of the given class.
int exitCodeFor(ErrorCode code);

/// Prints `error` to stderr as one line ("scriptorium-cli: <message>"), or as a JSON object
/// `{"error":{…}}` on stdout with --json, and returns the matching exit code.
int reportError(const GlobalOptions &options, const Error &error);

} // namespace scriptorium::cli
