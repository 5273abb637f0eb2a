#pragma once

#include "openrouter/catalog_json.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::routing {

/// Where catalog bodies come from: GET <base-url><pathAndQuery>, e.g. "/models" or
/// "/models/deepseek/deepseek-chat/endpoints". Implementations return the body of a 2xx
/// response and an error classified like parseApiError() otherwise. Called from the thread
/// that queries the catalog (never the network thread).
class CatalogSource {
public:
    virtual ~CatalogSource() = default;
    virtual Result<std::string> get(const std::string &pathAndQuery) = 0;
};

/// A catalog answer and where it came from.
template<typename T> struct Cached {
    T value;
    bool fromCache = false; ///< served from the cache without fetching
    bool stale = false; ///< older than the TTL: the fetch failed or we are offline
    std::int64_t fetchedAt = 0; ///< unix seconds of the fetch that produced it
};

/// How sure we are which quantization served a request (OpenRouter does not report it).
struct QuantizationGuess {
    enum class Certainty { Exact, Ambiguous, Unknown };
    Certainty certainty = Certainty::Unknown;
    std::string quantization; ///< set when Exact
    std::vector<std::string> candidates; ///< the provider's quantizations when Ambiguous
};

struct CatalogOptions {
    /// Cache directory; empty → defaultCatalogCacheDir().
    std::filesystem::path cacheDir;
    std::chrono::seconds ttl{std::chrono::hours(6)};
    /// Wall-clock seconds since the epoch (the TTL spans processes, so not the steady Clock);
    /// empty → the system clock. Tests inject a fake.
    std::function<std::int64_t()> wallClock;
};

/// OpenRouter's model/endpoint/provider catalog, cached on disk as JSON (one file per request,
/// written atomically) with a TTL. With no source (offline) or when a fetch fails, it answers
/// from the cache, marked stale when past the TTL. A fetched body is parsed before it is cached:
/// one that does not parse (not JSON, not UTF-8) is a Parse error, or the stale cache when there
/// is one, and never replaces a good cache entry. Thread-safe: every method locks; fetches
/// happen under the lock (they are rare and small).
class ModelCatalog {
public:
    /// `source` may be null: offline, cache only.
    ModelCatalog(std::shared_ptr<CatalogSource> source, CatalogOptions options = {});

    /// All models. Errors: the fetch error when there is no cache; NotFound offline with no
    /// cache; Parse for a malformed body.
    Result<Cached<std::vector<openrouter::ModelInfo>>> models(bool forceRefresh = false);

    /// One model's endpoints. Errors as models(); ModelNotFound for an unknown id.
    Result<Cached<openrouter::ModelEndpoints>> endpoints(std::string_view modelId,
                                                         bool forceRefresh = false);

    /// The provider list (name ↔ slug).
    Result<Cached<std::vector<openrouter::ProviderInfo>>> providers(bool forceRefresh = false);

    /// The API key's limits and usage; never cached.
    Result<openrouter::KeyInfo> key();

    /// True when some endpoint of `modelId` declares fp8 (or mxfp8).
    Result<bool> hasFp8Endpoint(std::string_view modelId);

    /// Which quantization served a request answered by `providerDisplayName` (the `provider`
    /// of a chunk): Exact when that provider has one endpoint (or all of its endpoints agree),
    /// Ambiguous when they differ, Unknown when the catalog has no such endpoint.
    QuantizationGuess quantizationFor(std::string_view modelId,
                                      std::string_view providerDisplayName);

    /// Per-token prices for estimates when neither usage.cost nor /generation exist. With
    /// several endpoints for the provider, the highest price (a conservative estimate); with no
    /// provider match, the model's list price. nullopt when nothing is known.
    std::optional<openrouter::Pricing> priceFor(std::string_view modelId,
                                                std::string_view providerDisplayName);

    /// The cache file used for a request path (for tests and diagnostics).
    std::filesystem::path cacheFileFor(std::string_view pathAndQuery) const;

private:
    struct Body {
        std::string text;
        std::int64_t fetchedAt = 0;
        bool fromCache = false;
        bool stale = false;
    };
    /// Parses a fetched body; only a body it accepts is cached.
    using BodyCheck = std::function<Status(const std::string &)>;
    Result<Body> body(const std::string &path, bool forceRefresh, const BodyCheck &check);
    Result<std::string> fetchModelsBody();
    std::int64_t now() const;

    std::shared_ptr<CatalogSource> m_source;
    CatalogOptions m_options;
    std::recursive_mutex m_mutex;
    std::map<std::string, Body> m_memory; // path → last body seen
};

/// $XDG_CACHE_HOME/scriptorium/catalog, or ~/.cache/scriptorium/catalog.
std::filesystem::path defaultCatalogCacheDir();

/// The cache folder for the catalog of `baseUrl`: defaultCatalogCacheDir() for OpenRouter, a
/// subfolder named after the host and path for any other server (the demo's simulator), so
/// one server's catalog is never served as another's.
std::filesystem::path catalogCacheDirFor(const std::string &baseUrl);

/// The request path of a model's endpoints: "/models/<author>/<slug>/endpoints".
std::string endpointsPath(std::string_view modelId);

} // namespace scriptorium::routing
