#include "routing/routing_config_providers.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace scriptorium::routing {

namespace {

// From reference/openrouter-api.md §9 (SPEC#ProviderName, GET /providers, observed tags).
constexpr std::array kProviders = {
    KnownProvider{"DeepInfra", "deepinfra", {}, {}},
    KnownProvider{"Together", "together", {}, {}},
    KnownProvider{"Fireworks", "fireworks", {}, {}},
    KnownProvider{"Novita", "novita", {}, {}},
    KnownProvider{"Parasail", "parasail", {}, {}},
    KnownProvider{"NCompass", "ncompass", {}, {}},
    KnownProvider{"Chutes", "chutes", {}, {}},
    KnownProvider{"GMICloud", "gmicloud", {}, {}},
    KnownProvider{"AtlasCloud", "atlas-cloud", {}, {}},
    KnownProvider{"Inceptron", "inceptron", {}, {}},
    KnownProvider{"AkashML", "akashml", {}, {}},
    KnownProvider{"SiliconFlow", "siliconflow", {}, {}},
    KnownProvider{"Nebius", "nebius", {}, {}},
    KnownProvider{"BaseTen", "baseten", {}, {}},
    KnownProvider{"Crusoe", "crusoe", {}, {}},
    KnownProvider{"Friendli", "friendli", {}, {}},
    KnownProvider{"InferenceNet", "inference-net", {}, {}},
    KnownProvider{"OpenAI", "openai", {}, {}},
    KnownProvider{"Anthropic", "anthropic", {}, {}},
    KnownProvider{"Google AI Studio", "google-ai-studio", {}, {}},
    KnownProvider{"Google", "google-vertex", {}, {}},
    KnownProvider{"Groq", "groq", {}, {}},
    KnownProvider{"Mistral", "mistral", {}, {}},
    KnownProvider{"DeepSeek", "deepseek", {}, {}},
    KnownProvider{"Lambda", "lambda", "2025-09-25",
                  "Lambda's Inference API was sunset on 2025-09-25 and Lambda no longer serves "
                  "on OpenRouter"},
};

std::string lower(std::string_view s)
{
    std::string out(s);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string derivedSlug(std::string_view name)
{
    std::string out;
    for (unsigned char c : name) {
        if (c == ' ' || c == '_')
            out.push_back('-');
        else
            out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
}

} // namespace

std::span<const KnownProvider> knownProviders()
{
    return kProviders;
}

ProviderNames::ProviderNames()
{
    for (const KnownProvider &p : kProviders) {
        m_slugByKey[lower(p.displayName)] = std::string(p.slug);
        m_slugByKey[std::string(p.slug)] = std::string(p.slug);
        m_displayBySlug[std::string(p.slug)] = std::string(p.displayName);
    }
}

void ProviderNames::merge(const std::vector<openrouter::ProviderInfo> &providers)
{
    for (const openrouter::ProviderInfo &p : providers) {
        const std::string slug = lower(p.slug);
        m_slugByKey[lower(p.name)] = slug;
        m_slugByKey[slug] = slug;
        m_displayBySlug[slug] = p.name;
    }
}

std::string ProviderNames::slugFor(std::string_view nameOrSlug) const
{
    std::string_view base = nameOrSlug;
    std::string suffix;
    if (auto slash = nameOrSlug.find('/'); slash != std::string_view::npos) {
        base = nameOrSlug.substr(0, slash);
        suffix = lower(nameOrSlug.substr(slash));
    }
    const std::string key = lower(base);
    auto it = m_slugByKey.find(key);
    return (it != m_slugByKey.end() ? it->second : derivedSlug(base)) + suffix;
}

std::string ProviderNames::displayNameFor(std::string_view slug) const
{
    const std::string base(slug.substr(0, slug.find('/')));
    auto it = m_displayBySlug.find(base);
    return it != m_displayBySlug.end() ? it->second : std::string(slug);
}

const KnownProvider *ProviderNames::findKnown(std::string_view nameOrSlug)
{
    const std::string key = lower(nameOrSlug.substr(0, nameOrSlug.find('/')));
    for (const KnownProvider &p : kProviders) {
        if (key == p.slug || key == lower(p.displayName))
            return &p;
    }
    return nullptr;
}

} // namespace scriptorium::routing
