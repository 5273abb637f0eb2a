#pragma once

#include "openrouter/catalog_json.h"

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::routing {

/// A provider we know from the reference (SPEC#ProviderName, /providers, observed tags).
struct KnownProvider {
    std::string_view displayName; ///< as in chunks' `provider` and `provider_name`
    std::string_view slug; ///< as in `provider.order` and endpoint tags
    std::string_view retiredOn; ///< non-empty when the provider no longer serves on OpenRouter
    std::string_view note; ///< why it is retired / what to use instead
};

/// The built-in table, used offline; /providers refines it when online.
std::span<const KnownProvider> knownProviders();

/// Maps provider display names and slugs to canonical slugs. Accepts "DeepInfra", "deepinfra",
/// "deepinfra/FP8" (endpoint slug; the suffix is kept, lower-cased) and, for names it does not
/// know, derives a slug (lower case, spaces → '-'). A value type; not synchronised.
class ProviderNames {
public:
    /// Starts from the built-in table.
    ProviderNames();

    /// Adds or replaces entries from GET /providers (the authoritative map).
    void merge(const std::vector<openrouter::ProviderInfo> &providers);

    /// The canonical slug for a display name or slug (see class comment).
    std::string slugFor(std::string_view nameOrSlug) const;

    /// The display name for a slug (or the slug itself when unknown).
    std::string displayNameFor(std::string_view slug) const;

    /// The built-in entry for a name or slug, or nullptr.
    static const KnownProvider *findKnown(std::string_view nameOrSlug);

private:
    std::map<std::string, std::string> m_slugByKey; // lower-cased name or slug → slug
    std::map<std::string, std::string> m_displayBySlug; // slug → display name
};

} // namespace scriptorium::routing
