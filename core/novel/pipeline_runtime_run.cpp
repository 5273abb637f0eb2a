// PipelineRuntime shared by several callers: a batch's run with its own preset, model and cap,
// and the catalog reads (model list, /key balance) of the window's dashboard and routing editor.
#include "novel/pipeline_runtime.h"

#include "routing/model_catalog.h"

namespace scriptorium::novel {

std::unique_ptr<PipelineRun> PipelineRuntime::openRun(RunRouting choice)
{
    std::unique_ptr<PipelineRun> run(new PipelineRun(*this));
    run->m_model = choice.model.empty() ? choice.config.defaultModel : choice.model;
    run->m_budget = choice.budget ? std::move(choice.budget) : std::make_shared<routing::Budget>();
    run->m_endpoints = endpointsFor(run->m_model);
    // Under a cap the Router prices every model a request may be served by: the run's
    // fallbacks too.
    std::vector<openrouter::ModelEndpoints> fallbacks;
    for (const std::string &fallback : choice.config.models) {
        if (fallback == run->m_model)
            continue;
        if (auto endpoints = endpointsFor(fallback))
            fallbacks.push_back(std::move(*endpoints));
    }
    run->m_generator = std::make_unique<RouterTextGenerator>(*m_router, &m_db);
    if (run->m_endpoints)
        run->m_generator->setEndpoints(run->m_model, *run->m_endpoints);
    run->m_generator->setFallbackEndpoints(std::move(fallbacks));
    run->m_config = std::make_shared<const routing::RoutingConfig>(std::move(choice.config));
    return run;
}

std::optional<openrouter::ModelEndpoints> PipelineRuntime::endpointsFor(const std::string &model)
{
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_modelEndpoints.find(model);
            it != m_modelEndpoints.end() && it->second)
            return it->second;
    }
    auto fetched = m_catalog->endpoints(model);
    if (!fetched)
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    m_modelEndpoints[model] = fetched->value;
    return fetched->value;
}

Result<std::vector<openrouter::ModelInfo>> PipelineRuntime::models()
{
    auto models = m_catalog->models();
    if (!models)
        return fail(models.error());
    return std::move(models->value);
}

Result<openrouter::KeyInfo> PipelineRuntime::keyInfo()
{
    return m_catalog->key();
}

PipelineContext PipelineRun::context(PipelineOptions options)
{
    options.model = m_model;
    return PipelineContext{m_runtime.m_db,     *m_generator, m_runtime.m_prompts,
                           std::move(options), {},           {},
                           m_budget,           m_config};
}

ForecastProfile PipelineRun::forecastProfile(std::int64_t bookId, int firstPosition)
{
    return m_runtime.forecastProfileFor(m_endpoints, *m_config, m_model, bookId, firstPosition);
}

} // namespace scriptorium::novel
