#pragma once

#include "net/http_client.h"
#include "routing/api_key.h"
#include "routing/model_catalog.h"

#include <string>
#include <vector>

namespace scriptorium::routing {

/// The CatalogSource that fetches over HTTP with the shared HttpClient (blocking fetch(), so
/// never call it on the network thread). Non-2xx answers become the classified API error (its
/// message and detail made valid UTF-8); 2xx bodies are returned as received, unchecked (the
/// ModelCatalog parses them before caching) and may start with whitespace keep-alives.
/// Thread-safe.
class HttpCatalogSource final : public CatalogSource {
public:
    HttpCatalogSource(net::HttpClient &client, std::string baseUrl, ApiKey apiKey);

    Result<std::string> get(const std::string &pathAndQuery) override;

private:
    net::HttpClient &m_client;
    std::string m_baseUrl;
    ApiKey m_apiKey;
};

/// The model list of `baseUrl` (the catalog cache when fresh) through `client`. Blocks on the
/// network: not on the client's network thread or a GUI thread.
Result<std::vector<openrouter::ModelInfo>>
fetchModelList(net::HttpClient &client, const std::string &baseUrl, const ApiKey &apiKey);
/// The same through a client of its own, for a caller with no runtime for that server yet.
Result<std::vector<openrouter::ModelInfo>> fetchModelList(const std::string &baseUrl,
                                                          const ApiKey &apiKey);

} // namespace scriptorium::routing
