#include "novel/pipeline_context.h"

namespace scriptorium::novel {

GenerationOutcome runStep(PipelineContext &context, GenerationTask task)
{
    GenerationOutcome outcome = context.generator.generate(task);
    if (context.onStep)
        context.onStep(task, outcome);
    return outcome;
}

} // namespace scriptorium::novel
