#include "routing/model_catalog.h"

#include "routing/routing_config.h"
#include "util/atomic_file.h"
#include "util/utf8.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace scriptorium::routing {

using nlohmann::json;
using namespace openrouter;

namespace {

constexpr int kMaxModelPages = 50;

std::string fileNameFor(std::string_view path)
{
    std::string out;
    for (char c : path) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-';
        out.push_back(keep ? c : '_');
    }
    while (!out.empty() && out.front() == '_')
        out.erase(out.begin());
    return (out.empty() ? std::string("root") : out) + ".json";
}

bool isTerminal(ErrorCode code)
{
    // A model that does not exist must not be answered from an old cache entry.
    return code == ErrorCode::ModelNotFound || code == ErrorCode::NotFound;
}

/// "/api/v1/models?offset=500" or "https://host/api/v1/models?offset=500" → "/models?offset=500".
std::string relativeLink(std::string_view link)
{
    if (auto pos = link.find("/api/v1/"); pos != std::string_view::npos)
        return std::string(link.substr(pos + 7));
    if (!link.empty() && link.front() == '/')
        return std::string(link);
    return {};
}

} // namespace

ModelCatalog::ModelCatalog(std::shared_ptr<CatalogSource> source, CatalogOptions options)
    : m_source(std::move(source))
    , m_options(std::move(options))
{
    if (m_options.cacheDir.empty())
        m_options.cacheDir = defaultCatalogCacheDir();
}

std::int64_t ModelCatalog::now() const
{
    if (m_options.wallClock)
        return m_options.wallClock();
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::filesystem::path ModelCatalog::cacheFileFor(std::string_view pathAndQuery) const
{
    return m_options.cacheDir / fileNameFor(pathAndQuery);
}

Result<std::string> ModelCatalog::fetchModelsBody()
{
    auto first = m_source->get("/models");
    if (!first)
        return first;
    auto page = parseModels(*first);
    if (!page)
        return fail(page.error());
    if (page->nextLink.empty())
        return first;
    // Paginated: join the pages into one {"data": […]} body so the cache holds the whole list.
    json all = json::parse(*first, nullptr, false);
    json data = all.is_object() ? all["data"] : json::array();
    std::string next = relativeLink(page->nextLink);
    for (int i = 0; i < kMaxModelPages && !next.empty(); ++i) {
        auto more = m_source->get(next);
        if (!more)
            return more;
        auto parsed = parseModels(*more);
        if (!parsed)
            return fail(parsed.error());
        json doc = json::parse(*more, nullptr, false);
        for (json &m : doc["data"])
            data.push_back(std::move(m));
        if (parsed->models.empty())
            break;
        next = relativeLink(parsed->nextLink);
    }
    return json{{"data", std::move(data)}}.dump();
}

Result<ModelCatalog::Body> ModelCatalog::body(const std::string &path, bool forceRefresh,
                                              const BodyCheck &check)
{
    std::lock_guard lock(m_mutex);
    const std::int64_t t = now();
    const std::int64_t ttl = m_options.ttl.count();
    const std::filesystem::path file = cacheFileFor(path);

    std::optional<Body> cached;
    if (auto it = m_memory.find(path); it != m_memory.end()) {
        cached = it->second;
    } else if (auto text = readWholeFile(file)) {
        json doc = json::parse(*text, nullptr, false);
        if (!doc.is_discarded() && doc.is_object() && doc.contains("body")
            && doc["body"].is_string() && doc.contains("fetched_at")
            && doc["fetched_at"].is_number_integer()) {
            cached = Body{doc["body"].get<std::string>(), doc["fetched_at"].get<std::int64_t>(),
                          true, false};
            m_memory[path] = *cached;
        }
    }
    if (cached && !forceRefresh && t - cached->fetchedAt < ttl) {
        Body out = *cached;
        out.fromCache = true;
        out.stale = false;
        return out;
    }
    if (!m_source) {
        if (cached) {
            Body out = *cached;
            out.fromCache = true;
            out.stale = t - cached->fetchedAt >= ttl;
            return out;
        }
        return fail(ErrorCode::NotFound,
                    "the model catalog is not cached yet and we are offline; run once online "
                    "(e.g. 'scriptorium-cli models') to fill the cache");
    }
    auto fetched = path == "/models" ? fetchModelsBody() : m_source->get(path);
    if (!fetched && fetched.error().code == ErrorCode::NoEndpoint && path.ends_with("/endpoints")) {
        // "No endpoints found for <id>" from the catalog means there is no such model to route.
        Error e = fetched.error();
        e.code = ErrorCode::ModelNotFound;
        fetched = fail(std::move(e));
    }
    // Parse before caching: a body that does not parse (not JSON, or bytes that are not UTF-8,
    // which the JSON writer would throw on) is never cached and is handled like a failed fetch.
    if (fetched) {
        if (auto parsed = check(*fetched); !parsed)
            fetched = fail(parsed.error());
    }
    if (!fetched) {
        if (cached && !isTerminal(fetched.error().code)) {
            Body out = *cached;
            out.fromCache = true;
            out.stale = true;
            return out;
        }
        // A parse error may quote the body, and the error is printed and written as JSON.
        Error e = fetched.error();
        e.message = utf8::sanitize(e.message);
        e.detail = utf8::sanitize(e.detail);
        return fail(std::move(e));
    }
    Body fresh{std::move(*fetched), t, false, false};
    // A failed cache write only costs a refetch next time; the answer is still good.
    (void)createParentDirectories(file);
    // The body parsed, so it is valid UTF-8; replacing invalid bytes only guards the writer.
    (void)writeFileAtomically(file,
                              json{{"fetched_at", t}, {"path", path}, {"body", fresh.text}}.dump(
                                  -1, ' ', false, json::error_handler_t::replace));
    m_memory[path] = fresh;
    return fresh;
}

Result<Cached<std::vector<ModelInfo>>> ModelCatalog::models(bool forceRefresh)
{
    auto b = body("/models", forceRefresh, [](const std::string &text) -> Status {
        if (auto parsed = parseModels(text); !parsed)
            return fail(parsed.error());
        return {};
    });
    if (!b)
        return fail(b.error());
    auto parsed = parseModels(b->text);
    if (!parsed)
        return fail(parsed.error());
    return Cached<std::vector<ModelInfo>>{std::move(parsed->models), b->fromCache, b->stale,
                                          b->fetchedAt};
}

Result<Cached<ModelEndpoints>> ModelCatalog::endpoints(std::string_view modelId, bool forceRefresh)
{
    if (modelId.find('/') == std::string_view::npos)
        return fail(ErrorCode::ModelNotFound,
                    "'" + std::string(modelId)
                        + "' is not a model id; ids look like author/model (e.g. "
                          "meta-llama/llama-3.1-8b-instruct)");
    auto b = body(endpointsPath(modelId), forceRefresh, [](const std::string &text) -> Status {
        if (auto parsed = parseEndpoints(text); !parsed)
            return fail(parsed.error());
        return {};
    });
    if (!b)
        return fail(b.error());
    auto parsed = parseEndpoints(b->text);
    if (!parsed)
        return fail(parsed.error());
    return Cached<ModelEndpoints>{std::move(*parsed), b->fromCache, b->stale, b->fetchedAt};
}

Result<Cached<std::vector<ProviderInfo>>> ModelCatalog::providers(bool forceRefresh)
{
    auto b = body("/providers", forceRefresh, [](const std::string &text) -> Status {
        if (auto parsed = parseProviders(text); !parsed)
            return fail(parsed.error());
        return {};
    });
    if (!b)
        return fail(b.error());
    auto parsed = parseProviders(b->text);
    if (!parsed)
        return fail(parsed.error());
    return Cached<std::vector<ProviderInfo>>{std::move(*parsed), b->fromCache, b->stale,
                                             b->fetchedAt};
}

Result<KeyInfo> ModelCatalog::key()
{
    if (!m_source)
        return fail(ErrorCode::Unsupported, "key information needs a connection to OpenRouter");
    auto text = m_source->get("/key");
    if (!text)
        return fail(text.error());
    return parseKey(*text);
}

Result<bool> ModelCatalog::hasFp8Endpoint(std::string_view modelId)
{
    auto eps = endpoints(modelId);
    if (!eps)
        return fail(eps.error());
    return std::ranges::any_of(eps->value.endpoints, [](const EndpointInfo &e) {
        return quantizationMatches("fp8", e.quantization);
    });
}

QuantizationGuess ModelCatalog::quantizationFor(std::string_view modelId,
                                                std::string_view providerDisplayName)
{
    QuantizationGuess guess;
    auto eps = endpoints(modelId);
    if (!eps)
        return guess;
    for (const EndpointInfo &e : eps->value.endpoints) {
        if (e.providerName != providerDisplayName)
            continue;
        if (std::ranges::find(guess.candidates, e.quantization) == guess.candidates.end())
            guess.candidates.push_back(e.quantization);
    }
    if (guess.candidates.size() == 1 && guess.candidates.front() != "unknown") {
        guess.certainty = QuantizationGuess::Certainty::Exact;
        guess.quantization = guess.candidates.front();
    } else if (guess.candidates.size() > 1) {
        guess.certainty = QuantizationGuess::Certainty::Ambiguous;
    }
    return guess;
}

std::optional<Pricing> ModelCatalog::priceFor(std::string_view modelId,
                                              std::string_view providerDisplayName)
{
    if (auto eps = endpoints(modelId)) {
        std::optional<Pricing> best;
        for (const EndpointInfo &e : eps->value.endpoints) {
            if (e.providerName != providerDisplayName)
                continue;
            if (!best) {
                best = e.pricing;
                continue;
            }
            best->prompt = std::max(best->prompt, e.pricing.prompt);
            best->completion = std::max(best->completion, e.pricing.completion);
            best->request = std::max(best->request, e.pricing.request);
        }
        if (best)
            return best;
    }
    if (auto list = models()) {
        for (const ModelInfo &m : list->value) {
            if (m.id == modelId)
                return m.pricing;
        }
    }
    return std::nullopt;
}

std::filesystem::path defaultCatalogCacheDir()
{
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "scriptorium" / "catalog";
    const char *home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".cache" / "scriptorium" / "catalog";
}

std::filesystem::path catalogCacheDirFor(const std::string &baseUrl)
{
    std::string url = baseUrl;
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    if (url == "https://openrouter.ai/api/v1")
        return defaultCatalogCacheDir();
    const std::size_t scheme = url.find("://");
    std::string key;
    for (char c : url.substr(scheme == std::string::npos ? 0 : scheme + 3)) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-';
        key.push_back(keep ? c : '_');
    }
    return defaultCatalogCacheDir() / key;
}

std::string endpointsPath(std::string_view modelId)
{
    // Variant suffixes (":free") belong to the model id but not to the endpoints path.
    std::string_view base = modelId.substr(0, modelId.find(':'));
    return "/models/" + std::string(base) + "/endpoints";
}

} // namespace scriptorium::routing
