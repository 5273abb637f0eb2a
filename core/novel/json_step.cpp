#include "novel/json_step.h"

#include "novel/json_extract.h"

#include <algorithm>

namespace scriptorium::novel {

Result<JsonStepResult> runJsonStep(PipelineContext &context, GenerationTask task,
                                   const std::function<Status(const nlohmann::json &)> &validate)
{
    JsonStepResult out;
    Error lastError{ErrorCode::Parse, "The model did not return a usable JSON document.", {}};
    const int tries = 1 + std::max(0, context.options.jsonRetries);
    for (int i = 0; i < tries; ++i) {
        ++out.tries;
        GenerationOutcome outcome = runStep(context, task);
        out.costUsd += outcome.result.totalCostUsd();
        if (outcome.recordId)
            out.generationIds.push_back(*outcome.recordId);
        if (outcome.result.error)
            return fail(*outcome.result.error);
        auto document = extractJson(outcome.result.text);
        if (document) {
            Status valid = validate ? validate(*document) : Status{};
            if (valid) {
                out.document = std::move(*document);
                return out;
            }
            if (valid.error().code != ErrorCode::Parse)
                return fail(valid.error());
            lastError = valid.error();
            continue;
        }
        lastError = document.error();
        // A reply cut by max_tokens gets more room on the retry.
        if (lastError.detail == "truncated" || outcome.result.finishReason == "length")
            task.request.maxTokens = task.request.maxTokens.value_or(1024) * 3 / 2;
    }
    lastError.message += " (tried " + std::to_string(out.tries) + " times)";
    return fail(lastError);
}

} // namespace scriptorium::novel
