// Fuzzes the catalog and account parsers (GET /models, /endpoints, /providers, /key, /credits,
// /generation). The first input byte chooses the parser, the rest is the body. They must never
// crash or throw, and what they return must keep the promises of catalog_json.h.
#include "openrouter/catalog_json.h"

#include "fuzz_checks.h"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace scriptorium::openrouter;
using scriptorium::fuzz::check;

void checkEndpoints(const ModelEndpoints &endpoints)
{
    for (const EndpointInfo &e : endpoints.endpoints) {
        check(!e.quantization.empty(), "an endpoint's quantization is empty, not \"unknown\"");
        for (const char c : e.quantization)
            check(std::tolower(static_cast<unsigned char>(c)) == static_cast<unsigned char>(c),
                  "an endpoint's quantization is not lower-cased");
        check(normalizeQuantization(e.quantization) == e.quantization,
              "normalizeQuantization is not idempotent");
        check(e.tag.starts_with(e.providerSlug()), "providerSlug() is not a prefix of the tag");
        (void)quantizationMatches("fp8", e.quantization);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view body(reinterpret_cast<const char *>(data) + 1, size - 1);
    switch (data[0] % 6) {
    case 0:
        if (auto models = parseModels(body)) {
            for (const ModelInfo &m : models->models)
                check(!m.id.empty(), "parseModels kept a model without an id");
        }
        break;
    case 1:
        if (auto endpoints = parseEndpoints(body))
            checkEndpoints(*endpoints);
        break;
    case 2:
        if (auto providers = parseProviders(body)) {
            for (const ProviderInfo &p : *providers)
                check(!p.slug.empty(), "parseProviders kept a provider without a slug");
        }
        break;
    case 3:
        (void)parseKey(body);
        break;
    case 4:
        if (auto credits = parseCredits(body))
            (void)credits->remaining();
        break;
    default:
        (void)parseGeneration(body);
        break;
    }
    return 0;
}
