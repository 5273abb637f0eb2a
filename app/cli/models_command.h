#pragma once

#include "util/result.h"

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace scriptorium::net {
class HttpClient;
}

namespace scriptorium::routing {
class ModelCatalog;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `scriptorium-cli models [--model ID] [--refresh] [--offline]`: OpenRouter's models, or one
/// model's endpoints (provider, tag, quantization, prices per million, context, status).
void addModelsCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

/// A catalog for one command: an HTTP client and the catalog using it (destroyed in that
/// order). Offline: no client, cache only. The cache directory is per base URL, so the
/// simulator never pollutes OpenRouter's cache.
struct CatalogConnection {
    std::unique_ptr<net::HttpClient> client;
    std::unique_ptr<routing::ModelCatalog> catalog;

    CatalogConnection();
    CatalogConnection(CatalogConnection &&) noexcept;
    ~CatalogConnection();
};

/// Connects to the catalog at cliBaseUrl(options). Errors: InvalidArgument for a base URL
/// that is not https (loopback excepted).
Result<CatalogConnection> connectCatalog(const GlobalOptions &options, bool offline);

} // namespace scriptorium::cli
