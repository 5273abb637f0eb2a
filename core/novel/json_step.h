#pragma once

#include "novel/pipeline_context.h"
#include "novel/text_generator.h"
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

/// A step whose reply must be a JSON document (story bible, outline chunk).
struct JsonStepResult {
    nlohmann::json document;
    int tries = 0;
    std::vector<std::int64_t> generationIds; ///< stored generation rows, one per try
    double costUsd = 0; ///< all tries, failed ones included
};

/// Runs `task`, extracts the JSON document from the reply and checks it with `validate`.
/// A malformed, empty or truncated reply (ErrorCode::Parse from extractJson or `validate`) is
/// retried `options.jsonRetries` times; a truncated one with 1.5× the max_tokens. Nothing is
/// stored by this function beyond the generation rows. Errors: the generation's error (after
/// the Router's own retries), or the last Parse error with a message saying what to do.
Result<JsonStepResult> runJsonStep(PipelineContext &context, GenerationTask task,
                                   const std::function<Status(const nlohmann::json &)> &validate);

} // namespace scriptorium::novel
