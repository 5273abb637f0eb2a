#pragma once

#include "novel/pipeline_runtime.h"
#include "routing/routing_config.h"
#include "util/result.h"

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

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

/// The error for a --budget that is not more than $0.
Error budgetMustBePositive();

/// What a paid reading of one book runs on: the library, the routing core and the book.
struct BookRun {
    QualityRuntime runtime;
    std::int64_t bookId = 0;
};

/// The start every paid reading of a book shares (audit, ask, analyse): refuses a cap that is
/// not more than $0, loads the routing config, starts startQualityRuntime() and resolves
/// `book` (an id or a title). Errors: each step's, with what to do.
Result<BookRun> startBookRun(const GlobalOptions &options, const std::string &book,
                             const std::string &model, std::optional<double> budgetUsd);

/// What a paid command asks before it sends anything.
struct PaidGate {
    bool forecastOnly = false; ///< --forecast: print the price and stop
    bool yes = false; ///< --yes: go on without asking
    std::string action; ///< "Run the audit": the question "<action> for about $X? [y/N]"
    std::string notRun; ///< "the audit is paid and was not run": without --yes and a terminal
    std::string declined; ///< "Not audited": printed when the writer says no
};

/// The price gate of a paid command, after its price was printed: nullopt to go on, else the
/// exit code to return. --forecast prints `report` (with --json) and stops; without --yes,
/// --json or a non-terminal stdin prints `report` (with --json) and says to pass --yes
/// (kExitUsage), and a terminal is asked to confirm `expectedUsd`.
std::optional<int> passPaidGate(const GlobalOptions &options, const nlohmann::json &report,
                                double expectedUsd, const PaidGate &gate);

/// `scriptorium-cli audit BOOK [--chapters A-B] [--forecast] [--yes] [--budget X]`: the paid
/// continuity audit, chapter by chapter, with its price shown (and confirmed) before anything
/// is sent; `audit --intentional ID` / `--not-intentional ID` marks a finding.
void addAuditCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
