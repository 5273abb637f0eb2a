#include "cli_context.h"

#include "routing/connection_resolver.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

std::string cliBaseUrl(const GlobalOptions &options)
{
    auto candidates = routing::environmentCandidates();
    candidates.explicitBaseUrl = options.baseUrl;
    return routing::resolveConnection(candidates).baseUrl;
}

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
    app.add_option("--routing", options.routing,
                   "Routing strategy: adaptive (ranks providers by what was measured) or static "
                   "(the config's provider order); default: the config's routing.strategy")
        ->check(CLI::IsMember({"static", "adaptive"}))
        ->type_name("STRATEGY");
}

Result<routing::RoutingConfig> loadRoutingConfig(const GlobalOptions &options)
{
    std::filesystem::path path = options.config;
    std::error_code ec;
    Result<routing::RoutingConfig> config = routing::RoutingConfig::defaults();
    if (path.empty())
        path = routing::defaultRoutingConfigPath();
    if (!options.config.empty() || std::filesystem::exists(path, ec)) {
        config = routing::RoutingConfig::load(path);
        if (!config)
            return fail(ErrorCode::Config, config.error().message, config.error().detail);
    }
    if (!options.routing.empty()) {
        if (auto kind = routing::strategyKindFromName(options.routing))
            config->routing.strategy = *kind;
    }
    return config;
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
