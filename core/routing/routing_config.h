#pragma once

#include "openrouter/chat_request.h"
#include "routing/strategy_settings.h"
#include "util/result.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
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

/// A pipeline stage's policy (the config's `stages` object, keyed by stage name): how the
/// generations of that stage are routed. Every field that is set replaces the base config's:
/// `provider` fields are merged over the base `provider` and over each model override's, the
/// other fields replace the base value (in model overrides too, for `degradeTo`). Unset fields
/// inherit. (As in model overrides, an empty list cannot clear a base list.) A plain value.
struct StageOverride {
    std::optional<openrouter::ProviderPreferences> provider;
    std::optional<std::vector<std::string>> degradeTo;
    std::optional<RoutingObjective> objective;
    std::optional<PrecisionPolicy> precisionPolicy;
    std::optional<std::vector<std::string>> acceptablePrecisions;
    /// Replaces the routing section's list (an empty list here allows every precision again).
    std::optional<std::vector<std::string>> forbiddenPrecisions;
    std::optional<double> minThroughput; ///< tokens/s; 0 = no floor

    /// Nothing set: the stage inherits everything.
    bool empty() const { return *this == StageOverride{}; }
    bool operator==(const StageOverride &) const = default;
};

/// The names a `stages` key may use: the novel pipeline's generation stages ("bible",
/// "outline", "draft", "continue", "rewrite", "expand", "beat", "summary", "global_summary",
/// "character_states") and "finalize", which applies to the three finalize stages.
std::span<const std::string_view> pipelineStageNames();
bool isPipelineStage(std::string_view name);

/// The `stages` keys whose policies apply to a generation of `stage`, in the order they are
/// applied (later ones win): "finalize" then the stage for summary, global_summary and
/// character_states; "draft" then "continue" for a continuation; else the stage itself.
/// Empty for a name that is not a pipeline stage.
std::vector<std::string_view> stagePolicyChain(std::string_view stage);

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
    /// Per-stage policies (`stages`), keyed by a pipelineStageNames() name.
    std::map<std::string, StageOverride> stages;

    /// The shipped default (resources/routing/default.json, embedded at build time): the seed's
    /// provider object without Lambda (retired), names stored as slugs, the adaptive strategy.
    /// It passes `config check --online` against the default simulator market; the seed's
    /// original file ships as resources/routing/seed-example.json.
    static RoutingConfig defaults();

    /// Parses a config document. Missing sections take the defaults of the structs above.
    /// Errors: Config with the JSON path of the first value of the wrong type, or of a `stages`
    /// key that is not a pipeline stage.
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

    /// The config a generation of pipeline stage `stage` runs with: a copy with the policies of
    /// stagePolicyChain(stage) applied in order (see StageOverride). An empty stage, one that
    /// is not a pipeline stage or one without a policy gives *this unchanged. Pure.
    RoutingConfig forStage(std::string_view stage) const;

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
