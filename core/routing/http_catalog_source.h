#pragma once

#include "net/http_client.h"
#include "routing/api_key.h"
#include "routing/model_catalog.h"

#include <string>

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

} // namespace scriptorium::routing
