#include "models_command.h"

#include "cli_context.h"
#include "net/http_client.h"
#include "routing/api_key.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct ModelsArgs {
    std::string model;
    bool refresh = false;
    bool offline = false;
};

std::string perMillion(double perToken)
{
    if (perToken < 0)
        return "variable";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", openrouter::Pricing::perMillion(perToken));
    return buf;
}

std::string when(std::int64_t unixSeconds)
{
    const std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

template<typename T> void noteFreshness(const routing::Cached<T> &cached)
{
    if (cached.stale) {
        std::cerr << "scriptorium-cli: note: OpenRouter could not be reached; showing the cached "
                     "catalog from "
                  << when(cached.fetchedAt) << " (run again online to refresh)\n";
    }
}

int listModels(const GlobalOptions &options, routing::ModelCatalog &catalog, bool refresh)
{
    auto models = catalog.models(refresh);
    if (!models)
        return reportError(options, models.error());
    noteFreshness(*models);
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto &m : models->value) {
            rows.push_back(
                {{"id", m.id},
                 {"name", m.name},
                 {"context_length", m.contextLength},
                 {"prompt_usd_per_million", openrouter::Pricing::perMillion(m.pricing.prompt)},
                 {"completion_usd_per_million",
                  openrouter::Pricing::perMillion(m.pricing.completion)}});
        }
        std::cout << nlohmann::json{{"models", rows},
                                    {"from_cache", models->fromCache},
                                    {"stale", models->stale},
                                    {"fetched_at", models->fetchedAt}}
                         .dump()
                  << '\n';
        return kExitOk;
    }
    std::printf("%-48s %9s %11s %11s  %s\n", "MODEL", "CONTEXT", "PROMPT $/M", "OUTPUT $/M",
                "NAME");
    for (const auto &m : models->value) {
        std::printf("%-48s %9lld %11s %11s  %s\n", m.id.c_str(),
                    static_cast<long long>(m.contextLength), perMillion(m.pricing.prompt).c_str(),
                    perMillion(m.pricing.completion).c_str(), m.name.c_str());
    }
    std::fflush(stdout);
    return kExitOk;
}

std::string statusText(int status)
{
    return status == 0 ? "ok" : "degraded(" + std::to_string(status) + ")";
}

int showEndpoints(const GlobalOptions &options, routing::ModelCatalog &catalog,
                  const std::string &model, bool refresh)
{
    auto eps = catalog.endpoints(model, refresh);
    if (!eps)
        return reportError(options, eps.error());
    noteFreshness(*eps);
    const auto &list = eps->value.endpoints;
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto &e : list) {
            nlohmann::json row
                = {{"provider", e.providerName},
                   {"tag", e.tag},
                   {"quantization", e.quantization},
                   {"prompt_usd_per_million", openrouter::Pricing::perMillion(e.pricing.prompt)},
                   {"completion_usd_per_million",
                    openrouter::Pricing::perMillion(e.pricing.completion)},
                   {"context_length", e.contextLength},
                   {"status", e.status}};
            row["max_completion_tokens"] = e.maxCompletionTokens
                ? nlohmann::json(*e.maxCompletionTokens)
                : nlohmann::json(nullptr);
            row["uptime_last_30m"]
                = e.uptimeLast30m ? nlohmann::json(*e.uptimeLast30m) : nlohmann::json(nullptr);
            rows.push_back(std::move(row));
        }
        std::cout << nlohmann::json{{"model", eps->value.id.empty() ? model : eps->value.id},
                                    {"endpoints", rows},
                                    {"from_cache", eps->fromCache},
                                    {"stale", eps->stale},
                                    {"fetched_at", eps->fetchedAt}}
                         .dump()
                  << '\n';
        return kExitOk;
    }
    std::printf("%s: %zu endpoint(s)\n", model.c_str(), list.size());
    std::printf("%-18s %-22s %-8s %11s %11s %9s %9s %-12s\n", "PROVIDER", "TAG", "QUANT",
                "PROMPT $/M", "OUTPUT $/M", "CONTEXT", "MAX OUT", "STATUS");
    for (const auto &e : list) {
        const std::string maxOut
            = e.maxCompletionTokens ? std::to_string(*e.maxCompletionTokens) : "-";
        std::printf("%-18s %-22s %-8s %11s %11s %9lld %9s %-12s\n", e.providerName.c_str(),
                    e.tag.c_str(), e.quantization.c_str(), perMillion(e.pricing.prompt).c_str(),
                    perMillion(e.pricing.completion).c_str(),
                    static_cast<long long>(e.contextLength), maxOut.c_str(),
                    statusText(e.status).c_str());
    }
    std::fflush(stdout);
    return kExitOk;
}

int runModels(const GlobalOptions &options, const ModelsArgs &args)
{
    auto connection = connectCatalog(options, args.offline);
    if (!connection)
        return reportError(options, connection.error());
    if (args.model.empty())
        return listModels(options, *connection->catalog, args.refresh);
    return showEndpoints(options, *connection->catalog, args.model, args.refresh);
}

} // namespace

CatalogConnection::CatalogConnection() = default;
CatalogConnection::CatalogConnection(CatalogConnection &&) noexcept = default;
CatalogConnection::~CatalogConnection()
{
    catalog.reset(); // the catalog's source refers to the client
    client.reset();
}

Result<CatalogConnection> connectCatalog(const GlobalOptions &options, bool offline)
{
    const std::string baseUrl = cliBaseUrl(options);
    if (auto ok = net::HttpClient::checkUrl(baseUrl); !ok)
        return fail(ok.error());
    routing::CatalogOptions catalogOptions;
    catalogOptions.cacheDir = routing::catalogCacheDirFor(baseUrl);
    CatalogConnection out;
    std::shared_ptr<routing::CatalogSource> source;
    if (!offline) {
        out.client = std::make_unique<net::HttpClient>();
        // The catalog is public; the key is only sent when there is one (it is never logged).
        auto key = routing::ApiKey::fromEnvironment();
        source = std::make_shared<routing::HttpCatalogSource>(*out.client, baseUrl,
                                                              key ? *key : routing::ApiKey());
    }
    out.catalog = std::make_unique<routing::ModelCatalog>(std::move(source), catalogOptions);
    return out;
}

void addModelsCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<ModelsArgs>();
    CLI::App *cmd = app.add_subcommand(
        "models",
        "List OpenRouter's models, or one model's provider endpoints (quantization, "
        "prices per million tokens, context, status)");
    cmd->add_option("--model", args->model, "Show the endpoints of this model id")->type_name("ID");
    cmd->add_flag("--refresh", args->refresh, "Ignore the cache's TTL and fetch again");
    cmd->add_flag("--offline", args->offline, "Use only the on-disk cache");
    cmd->callback([&options, &exitCode, args] { exitCode = runModels(options, *args); });
}

} // namespace scriptorium::cli
