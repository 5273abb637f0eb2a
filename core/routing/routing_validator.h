#pragma once

#include "routing/routing_config.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace scriptorium::routing {

class ModelCatalog;

enum class Severity { Error, Warning, Info };

/// "error", "warning", "info".
std::string_view severityName(Severity severity);

/// One validation finding. `rule` is a stable id for programs and tests ("provider_retired",
/// "model_id_invalid", …; see docs/routing-config.md); `path` is a JSON Pointer into the config
/// file ("/provider/order/0"); `message` says what is wrong and `fix` what to do.
struct ValidationFinding {
    Severity severity = Severity::Error;
    std::string rule;
    std::string path;
    std::string message;
    std::string fix;
};

struct ValidationReport {
    std::vector<ValidationFinding> findings;

    /// No findings of severity Error (warnings and infos are allowed).
    bool valid() const;
    std::size_t count(Severity severity) const;
    /// The findings for `rule` (tests and the GUI's routing editor look them up this way).
    std::vector<ValidationFinding> withRule(std::string_view rule) const;
    void add(Severity severity, std::string rule, std::string path, std::string message,
             std::string fix);
};

/// Checks a config document without the network: types, required fields, known values
/// (quantizations incl. mxfp8, sort, data_collection), `models` ≤ 3, numbers in range, model
/// id shape, and built-in knowledge: Lambda no longer serves on OpenRouter, `grok/grok-beta`
/// is not a model id (xAI's prefix is x-ai/), x-ai/grok-beta and google/gemini-2.0-flash-exp
/// are retired. Also the `routing` section (strategy settings: names, ranges, precision list).
/// Pure function; thread-safe.
ValidationReport validateOffline(const nlohmann::json &doc);
/// validateOffline() of a parsed config's document (RoutingConfig::toJson()): for callers that
/// hold the config, not its JSON (the GUI's routing editor).
ValidationReport validateOffline(const RoutingConfig &config);

/// Checks a parsed config against the live (or cached) catalog: every provider exists on
/// OpenRouter, serves each routed model at the requested precision, every model id exists,
/// and max_price (USD per million) against endpoint prices (USD per token). Catalog failures
/// become findings (rule "catalog_unavailable"). Fetches through `catalog` on this thread.
ValidationReport validateOnline(const RoutingConfig &config, ModelCatalog &catalog);

/// JSON Pointer escaping of one reference token ("a/b" → "a~1b").
std::string jsonPointerToken(std::string_view key);

/// The quantization values OpenRouter accepts.
bool isKnownQuantization(std::string_view value);

/// Built-in knowledge about a model id that is wrong or retired; nullptr when none.
struct KnownModelIssue {
    std::string_view id;
    bool invalidId; ///< true: never was an OpenRouter id; false: retired
    std::string_view message;
    std::string_view fix;
};
const KnownModelIssue *findKnownModelIssue(std::string_view modelId);

} // namespace scriptorium::routing
