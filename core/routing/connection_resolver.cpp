#include "routing/connection_resolver.h"

#include "routing/api_key.h"

#include <cstdlib>
#include <initializer_list>
#include <string_view>
#include <tuple>
#include <utility>

namespace scriptorium::routing {

namespace {

std::string trimmed(std::string_view text)
{
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos)
        return {};
    return std::string(text.substr(first, text.find_last_not_of(kSpace) - first + 1));
}

/// The first candidate that is set, with its origin; `fallback` when none is.
std::pair<std::string, ConnectionOrigin>
firstSet(std::initializer_list<std::pair<const std::string *, ConnectionOrigin>> levels,
         std::pair<std::string, ConnectionOrigin> fallback)
{
    for (const auto &[value, origin] : levels) {
        if (std::string v = trimmed(*value); !v.empty())
            return {std::move(v), origin};
    }
    return fallback;
}

std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

} // namespace

ResolvedConnection resolveConnection(const ConnectionCandidates &c)
{
    ResolvedConnection out;
    std::tie(out.baseUrl, out.baseUrlOrigin)
        = firstSet({{&c.explicitBaseUrl, ConnectionOrigin::Explicit},
                    {&c.environmentBaseUrl, ConnectionOrigin::Environment},
                    {&c.settingsBaseUrl, ConnectionOrigin::Settings}},
                   {kDefaultBaseUrl, ConnectionOrigin::Default});
    std::tie(out.apiKey, out.apiKeyOrigin)
        = firstSet({{&c.explicitApiKey, ConnectionOrigin::Explicit},
                    {&c.environmentApiKey, ConnectionOrigin::Environment},
                    {&c.storedApiKey, ConnectionOrigin::Stored}},
                   {std::string(), ConnectionOrigin::None});
    return out;
}

ConnectionCandidates environmentCandidates()
{
    ConnectionCandidates c;
    c.environmentBaseUrl = environment(kBaseUrlEnvironmentVariable);
    c.environmentApiKey = environment(ApiKey::kEnvironmentVariable);
    return c;
}

} // namespace scriptorium::routing
