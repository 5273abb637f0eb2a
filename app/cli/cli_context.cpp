#include "cli_context.h"

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

void addGlobalOptions(CLI::App &app, GlobalOptions &options)
{
    app.add_option("--db", options.db,
                   "Library file (default: $XDG_DATA_HOME/scriptorium/library.db)")
        ->type_name("PATH");
    app.add_option("--config", options.config, "Routing config file (JSON)")->type_name("FILE");
    app.add_option("--base-url", options.baseUrl,
                   "OpenRouter API base URL (default: $SCRIPTORIUM_BASE_URL or "
                   "https://openrouter.ai/api/v1)")
        ->type_name("URL");
    app.add_flag("--json", options.json, "Machine-readable JSON output");
}

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::Config:
        return kExitUsage;
    case ErrorCode::Auth:
    case ErrorCode::Credits:
        return kExitAuth;
    case ErrorCode::NoEndpoint:
    case ErrorCode::ModelNotFound:
        return kExitNoEndpoint;
    case ErrorCode::RateLimit:
    case ErrorCode::Provider:
    case ErrorCode::MidStream:
    case ErrorCode::FirstTokenTimeout:
    case ErrorCode::IdleStall:
    case ErrorCode::Transport:
    case ErrorCode::Timeout:
        return kExitFailed;
    case ErrorCode::Cancelled:
        return kExitCancelled;
    default:
        return kExitFailure;
    }
}

int reportError(const GlobalOptions &options, const Error &error)
{
    if (options.json) {
        nlohmann::json out
            = {{"error", {{"class", errorCodeName(error.code)}, {"message", error.message}}}};
        if (!error.detail.empty())
            out["error"]["detail"] = error.detail;
        std::cout << out.dump() << '\n';
    } else {
        std::cerr << "scriptorium-cli: " << error.message;
        if (!error.detail.empty())
            std::cerr << " (" << error.detail << ')';
        std::cerr << '\n';
    }
    return exitCodeFor(error.code);
}

} // namespace scriptorium::cli
