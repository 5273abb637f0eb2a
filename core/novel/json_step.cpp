#include "novel/json_step.h"

#include "novel/json_extract.h"
#include "novel/shared_database.h"

#include <algorithm>

namespace scriptorium::novel {

namespace {

/// The fewest max_tokens a JSON step may be shrunk to: 1.25 × the longest reply the same
/// stage of this book has needed lately, or all of `maxTokens` without that history.
int neededTokens(SharedDatabase &db, const GenerationTask &task, int maxTokens)
{
    if (!task.bookId)
        return maxTokens;
    const auto longest = db.with([&](store::Database &d) -> std::optional<std::int64_t> {
        auto stmt = d.prepare("SELECT MAX(completion_tokens), COUNT(*) FROM (SELECT "
                              "completion_tokens FROM generations WHERE book_id = ? AND stage = ? "
                              "AND status = 'succeeded' AND completion_tokens > 0 ORDER BY id "
                              "DESC LIMIT 20)");
        if (!stmt)
            return std::nullopt;
        stmt->bind(1, *task.bookId).bind(2, task.stage);
        auto row = stmt->step();
        if (!row || !*row || stmt->int64(1) < 2)
            return std::nullopt;
        return stmt->int64(0);
    });
    if (!longest)
        return maxTokens;
    return std::min(maxTokens, static_cast<int>(static_cast<double>(*longest) * 1.25) + 16);
}

} // namespace

Result<JsonStepResult> runJsonStep(PipelineContext &context, GenerationTask task,
                                   const std::function<Status(const nlohmann::json &)> &validate)
{
    JsonStepResult out;
    Error lastError{ErrorCode::Parse, "The model did not return a usable JSON document.", {}};
    const int tries = 1 + std::max(0, context.options.jsonRetries);
    // A document cut short by a shrunk max_tokens is worthless: under a tight budget the
    // Router may shrink this step only down to what the same step has needed before.
    task.request.minTokens = neededTokens(context.db, task, task.request.maxTokens.value_or(1024));
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
