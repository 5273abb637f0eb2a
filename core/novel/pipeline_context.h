#pragma once

#include "novel/context_assembler.h"
#include "novel/prompt_template.h"
#include "novel/text_generator.h"
#include "routing/budget.h"
#include "routing/routing_config.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace scriptorium::novel {

class SharedDatabase;

/// Called after every generation a step runs (draft, continuation, summary, …), from the
/// thread that ran it. Used for live progress and measurements; must be thread-safe.
using StepObserver = std::function<void(const GenerationTask &task, const GenerationOutcome &)>;

/// Knobs of the pipeline steps. Defaults suit a 2–4k-word chapter on a 70B-class model.
struct PipelineOptions {
    std::string model; ///< empty → the routing config's default model
    AssemblyBudget assembly;
    /// Draft max_tokens; 0 → derived from the chapter's target (2 tokens per unit, ≥ 512).
    int draftMaxTokens = 0;
    /// Length guard: continue a draft (assistant prefill) while it ended on `length` or is
    /// shorter than `continueBelow` × target, at most `maxContinuations` times.
    int maxContinuations = 2;
    double continueBelow = 0.9;
    int outlineChunkSize = 10; ///< chapters per outline request
    int outlineContext = 12; ///< earlier outline entries shown to a chunk
    int outlineTokensPerChapter = 400; ///< max_tokens per outlined chapter (with its beats)
    int bibleMaxTokens = 2500;
    int summaryWords = 150; ///< chapter summary cap
    int globalSummaryWords = 600; ///< running summary cap
    int finalizeMaxTokens = 1200;
    int jsonRetries = 1; ///< extra tries for a malformed or truncated JSON reply
    std::optional<double> temperature;
};

/// What every pipeline step needs: the library, a generator and the templates. Borrowed: the
/// caller owns all three and keeps them alive while steps run. Steps may run on several
/// threads at once (batch workers): SharedDatabase and TextGenerator are thread-safe, the
/// PromptLibrary is only read.
struct PipelineContext {
    SharedDatabase &db;
    TextGenerator &generator;
    const PromptLibrary &prompts;
    PipelineOptions options;
    StepObserver onStep; ///< may be empty
    /// The batch whose steps these are (BatchScheduler sets it): see GenerationTask::batchId.
    std::optional<std::int64_t> batchId;
    /// The spending cap every step is held to (GenerationRequest::budget): a batch's own on a
    /// runtime shared with single generations (BatchScheduler sets it). Null → the Router's.
    std::shared_ptr<routing::Budget> budget;
    /// The routing config (a preset) every step routes by (GenerationRequest::config); null →
    /// the Router's.
    std::shared_ptr<const routing::RoutingConfig> routing;
};

/// Runs one generation through `context.generator` and reports it to `context.onStep`. The
/// request carries the task's stage (GenerationRequest::stage), which selects the routing
/// config's stage policy, and the context's budget and routing config unless it has its own.
GenerationOutcome runStep(PipelineContext &context, GenerationTask task);

} // namespace scriptorium::novel
