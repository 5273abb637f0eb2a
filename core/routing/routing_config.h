#pragma once

#include "openrouter/chat_request.h"
#include "routing/strategy_settings.h"
#include "util/result.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace scriptorium::routing {

/// Retries owned by the Router (curl never retries): attempts per generation and the
/// full-jitter backoff base × 2ⁿ, capped.
struct RetrySettings {
    int maxAttempts = 3;
    std::chrono::milliseconds baseBackoff{250};
    std::chrono::milliseconds maxBackoff{8000};
};

/// Watchdog limits in milliseconds; 0 disables one.
struct WatchdogSettings {
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds firstToken{45'000};
    std::chrono::milliseconds idleStall{60'000};
    std::chrono::milliseconds deadline{600'000};
};

struct BudgetSettings {
    std::optional<double> maxUsd; ///< spending cap per batch; nullopt = no cap
};

/// Per-model overrides: set fields replace the base `provider` fields; `degradeTo` replaces
/// the base chain. (An empty list in an override cannot clear a base list.)
struct ModelOverride {
    std::optional<openrouter::ProviderPreferences> provider;
    std::optional<std::vector<std::string>> degradeTo;
};

/// The routing configuration (the seed's dynamic config), loaded from JSON. Provider names are
/// stored as slugs whatever form the file used. A plain value: copy it freely; not synchronised.
/// See docs/routing-config.md for the file format.
struct RoutingConfig {
    int version = 1;
    std::string defaultModel;
    std::vector<std::string> models; ///< `models` fallback list (≤ 3 is valid)
    std::vector<std::string> offeredModels; ///< the models offered to the writer
    openrouter::ProviderPreferences provider;
    std::vector<std::string> degradeTo{"fp16", "bf16"};
    std::map<std::string, ModelOverride> modelOverrides;
    RetrySettings retry;
    WatchdogSettings watchdogs;
    BudgetSettings budget;
    StrategySettings routing; ///< the `routing` section: static or adaptive provider order

    /// The shipped default (resources/routing/default.json, embedded at build time): the seed's
    /// provider object without Lambda (retired), names stored as slugs, the adaptive strategy.
    /// It passes `config check --online` against the default simulator market; the seed's
    /// original file ships as resources/routing/seed-example.json.
    static RoutingConfig defaults();

    /// Parses a config document. Missing sections take the defaults of the structs above.
    /// Errors: Config with the JSON path of the first value of the wrong type.
    static Result<RoutingConfig> fromJson(const nlohmann::json &doc);

    /// Parses config text. Errors: Parse for malformed JSON (with line/column), else as fromJson.
    static Result<RoutingConfig> fromText(std::string_view text);

    /// Reads and parses a file. Errors: NotFound / Io, else as fromText.
    static Result<RoutingConfig> load(const std::filesystem::path &path);

    /// The config as JSON (the file format; slugs for provider names).
    nlohmann::json toJson() const;

    /// Writes the file atomically (temp file in the same directory, then rename), creating the
    /// parent directory. Errors: Io, DiskFull.
    Status save(const std::filesystem::path &path) const;

    /// The provider preferences for `model`: the base object merged with its override.
    openrouter::ProviderPreferences preferencesFor(std::string_view model) const;

    /// The precision steps for `model`: step 0 is the configured `quantizations` (["fp8"]);
    /// step 1 is the degrade-to list (["fp16","bf16"]) sent together, since OpenRouter treats
    /// the list as "any of". An empty quantizations list gives one unconstrained step.
    std::vector<std::vector<std::string>> precisionSteps(std::string_view model) const;

    /// The `provider` object for a request for `model` at precision step `step` (see
    /// precisionSteps()); a step past the end yields the last step.
    openrouter::ProviderPreferences providerFor(std::string_view model, std::size_t step) const;
};

/// The embedded text of resources/routing/default.json.
std::string_view defaultRoutingConfigText();

/// Where the config lives when --config is not given: $XDG_CONFIG_HOME/scriptorium/routing.json
/// (or ~/.config/scriptorium/routing.json).
std::filesystem::path defaultRoutingConfigPath();

/// Reads a whole file. Errors: NotFound, Io.
Result<std::string> readWholeFile(const std::filesystem::path &path);

} // namespace scriptorium::routing
