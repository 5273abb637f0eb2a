#pragma once

#include "novel/pipeline_runtime.h"
#include "routing/routing_config.h"
#include "util/result.h"

#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;
class NovelRuntime;

/// The library and a routing core of a quality command's own (audit, bench-quality): unlike
/// NovelRuntime's it takes a routing config from the caller and offers the catalog prices
/// (PipelineRuntime::catalogBasis) the audit's forecast needs. The routing core is destroyed
/// before the library.
struct QualityRuntime {
    std::unique_ptr<NovelRuntime> library;
    std::unique_ptr<novel::PipelineRuntime> pipeline;

    QualityRuntime();
    QualityRuntime(QualityRuntime &&) noexcept;
    ~QualityRuntime();
};

/// Opens the library (--db) and starts a routing core with `config` against cliBaseUrl()
/// with $OPENROUTER_API_KEY and the spending cap `budgetUsd`. Errors: the store's, Auth
/// (no key), InvalidArgument (base URL).
Result<QualityRuntime> startQualityRuntime(const GlobalOptions &options,
                                           routing::RoutingConfig config, const std::string &model,
                                           std::optional<double> budgetUsd);

/// `scriptorium-cli audit BOOK [--chapters A-B] [--forecast] [--yes] [--budget X]`: the paid
/// continuity audit, chapter by chapter, with its price shown (and confirmed) before anything
/// is sent; `audit --intentional ID` / `--not-intentional ID` marks a finding.
void addAuditCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
