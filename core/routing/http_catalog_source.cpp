#include "routing/http_catalog_source.h"

#include "openrouter/api_error.h"
#include "util/log.h"
#include "util/utf8.h"

namespace scriptorium::routing {

HttpCatalogSource::HttpCatalogSource(net::HttpClient &client, std::string baseUrl, ApiKey apiKey)
    : m_client(client)
    , m_baseUrl(std::move(baseUrl))
    , m_apiKey(std::move(apiKey))
{
    while (!m_baseUrl.empty() && m_baseUrl.back() == '/')
        m_baseUrl.pop_back();
}

Result<std::string> HttpCatalogSource::get(const std::string &pathAndQuery)
{
    net::HttpRequest request;
    request.url = m_baseUrl + pathAndQuery;
    request.bearerToken = m_apiKey.value();
    request.headers = {{"Accept", "application/json"}};
    request.totalTimeout = std::chrono::seconds(60);
    auto response = m_client.fetch(std::move(request));
    if (!response)
        return fail(response.error());
    if (response->status < 200 || response->status >= 300) {
        Error error = openrouter::parseApiError(static_cast<int>(response->status), response->body)
                          .toError();
        // The server's bytes end up in messages that are printed and written as JSON, whose
        // writer throws on invalid UTF-8.
        error.message = utf8::sanitize(log::redact(error.message));
        error.detail = utf8::sanitize(log::redact(error.detail));
        return fail(std::move(error));
    }
    return std::move(response->body);
}

Result<std::vector<openrouter::ModelInfo>> fetchModelList(const std::string &baseUrl,
                                                          const ApiKey &apiKey)
{
    if (auto ok = net::HttpClient::checkUrl(baseUrl); !ok)
        return fail(ok.error());
    net::HttpClient client;
    return fetchModelList(client, baseUrl, apiKey);
}

Result<std::vector<openrouter::ModelInfo>>
fetchModelList(net::HttpClient &client, const std::string &baseUrl, const ApiKey &apiKey)
{
    CatalogOptions options;
    options.cacheDir = catalogCacheDirFor(baseUrl);
    ModelCatalog catalog(std::make_shared<HttpCatalogSource>(client, baseUrl, apiKey), options);
    auto models = catalog.models();
    if (!models)
        return fail(models.error());
    return std::move(models->value);
}

} // namespace scriptorium::routing
