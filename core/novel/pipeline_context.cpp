#include "novel/pipeline_context.h"

namespace scriptorium::novel {

GenerationOutcome runStep(PipelineContext &context, GenerationTask task)
{
    // The stage recorded with the generation also chooses its routing (the config's `stages`).
    task.request.stage = task.stage;
    if (!task.batchId)
        task.batchId = context.batchId;
    if (!task.request.budget)
        task.request.budget = context.budget;
    if (!task.request.config)
        task.request.config = context.routing;
    GenerationOutcome outcome = context.generator.generate(task);
    if (context.onStep)
        context.onStep(task, outcome);
    return outcome;
}

} // namespace scriptorium::novel
