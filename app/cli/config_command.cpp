#include "config_command.h"

#include "cli_context.h"
#include "models_command.h"
#include "routing/model_catalog.h"
#include "routing/routing_config.h"
#include "routing/routing_validator.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct CheckArgs {
    bool online = false;
};

struct ConfigSource {
    std::string label; ///< the file, or "built-in default"
    std::string text;
};

Result<ConfigSource> readConfig(const GlobalOptions &options)
{
    std::filesystem::path path = options.config;
    if (path.empty()) {
        path = routing::defaultRoutingConfigPath();
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            return ConfigSource{"built-in default (no " + path.string() + ")",
                                std::string(routing::defaultRoutingConfigText())};
    }
    auto text = routing::readWholeFile(path);
    if (!text)
        return fail(text.error());
    return ConfigSource{path.string(), std::move(*text)};
}

void print(const routing::ValidationFinding &f)
{
    std::cout << routing::severityName(f.severity) << ' ' << (f.path.empty() ? "/" : f.path) << ": "
              << f.message << " [" << f.rule << "]; fix: " << f.fix << '\n';
}

int runCheck(const GlobalOptions &options, const CheckArgs &args)
{
    auto source = readConfig(options);
    if (!source) {
        Error e = source.error();
        e.code = ErrorCode::Config; // unreadable config → exit 2
        return reportError(options, e);
    }

    routing::ValidationReport report;
    const nlohmann::json doc = nlohmann::json::parse(source->text, nullptr, false);
    if (doc.is_discarded()) {
        auto parsed = routing::RoutingConfig::fromText(source->text); // for the position
        report.add(routing::Severity::Error, "json_syntax", "",
                   "the file is not valid JSON: "
                       + (parsed ? std::string() : parsed.error().detail),
                   "fix the syntax at the position shown (a trailing comma or a missing quote is "
                   "the usual cause)");
    } else {
        report = routing::validateOffline(doc);
        auto config = routing::RoutingConfig::fromJson(doc);
        if (args.online && config) {
            auto connection = connectCatalog(options, false);
            if (!connection)
                return reportError(options, connection.error());
            routing::ValidationReport online
                = routing::validateOnline(*config, *connection->catalog);
            // Online findings confirm offline ones with live data: an offline finding on the
            // same path and rule (or an unverified provider) is superseded; an offline model
            // finding says more than "not in the catalog", so it stays instead.
            const auto offline = report.findings;
            auto hasOffline = [&offline](const std::string &path, auto pred) {
                return std::ranges::any_of(offline, [&](const routing::ValidationFinding &o) {
                    return o.path == path && pred(o.rule);
                });
            };
            routing::ValidationReport confirmed;
            for (const routing::ValidationFinding &f : online.findings) {
                if (f.rule == "model_not_found" && hasOffline(f.path, [](const std::string &r) {
                        return r == "model_retired" || r == "model_id_invalid";
                    }))
                    continue;
                std::erase_if(report.findings, [&f](const routing::ValidationFinding &o) {
                    return o.path == f.path
                        && (o.rule == f.rule || o.rule == "provider_unverified");
                });
                confirmed.findings.push_back(f);
            }
            online = std::move(confirmed);
            report.findings.insert(report.findings.end(), online.findings.begin(),
                                   online.findings.end());
        }
    }

    const bool valid = report.valid();
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto &f : report.findings) {
            rows.push_back({{"severity", routing::severityName(f.severity)},
                            {"rule", f.rule},
                            {"path", f.path},
                            {"message", f.message},
                            {"fix", f.fix}});
        }
        std::cout << nlohmann::json{{"config", source->label},
                                    {"online", args.online},
                                    {"valid", valid},
                                    {"findings", rows}}
                         .dump()
                  << '\n';
    } else {
        for (const auto &f : report.findings)
            print(f);
        std::cerr << "routing config " << source->label << ": "
                  << report.count(routing::Severity::Error) << " error(s), "
                  << report.count(routing::Severity::Warning) << " warning(s), "
                  << report.count(routing::Severity::Info) << " note(s) — "
                  << (valid ? "valid" : "invalid") << (args.online ? "" : " (offline check)")
                  << '\n';
    }
    return valid ? kExitOk : kExitFailure;
}

} // namespace

void addConfigCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    CLI::App *config = app.add_subcommand("config", "Inspect the routing configuration");
    config->require_subcommand(1);
    auto args = std::make_shared<CheckArgs>();
    CLI::App *check = config->add_subcommand(
        "check",
        "Validate the routing config (--config FILE, else the default location, else "
        "the built-in default); one finding per line");
    check->add_flag("--online", args->online,
                    "Also check providers, models, precisions and prices against OpenRouter's "
                    "catalog (uses --base-url)");
    check->callback([&options, &exitCode, args] { exitCode = runCheck(options, *args); });
}

} // namespace scriptorium::cli
