#include "routing/cost_reconciler.h"

#include "openrouter/api_error.h"
#include "util/log.h"

#include <algorithm>

namespace scriptorium::routing {

struct CostReconciler::State {
    net::HttpClient &client;
    std::string baseUrl;
    ApiKey apiKey;
    Options options;
};

struct CostReconciler::Job {
    std::string generationId;
    Done done;
    int tries = 0;
    std::chrono::milliseconds nextDelay{0};
    std::string body;
};

CostReconciler::CostReconciler(net::HttpClient &client, std::string baseUrl, ApiKey apiKey)
    : CostReconciler(client, std::move(baseUrl), std::move(apiKey), Options{})
{
}

CostReconciler::CostReconciler(net::HttpClient &client, std::string baseUrl, ApiKey apiKey,
                               Options options)
    : m_state(
        std::make_shared<State>(State{client, std::move(baseUrl), std::move(apiKey), options}))
{
}

void CostReconciler::reconcile(const std::string &generationId, Done done)
{
    auto job = std::make_shared<Job>();
    job->generationId = generationId;
    job->done = std::move(done);
    job->nextDelay = m_state->options.backoff;
    m_state->client.schedule(m_state->options.firstDelay,
                             [state = m_state, job] { tryOnce(state, job); });
}

void CostReconciler::tryOnce(std::shared_ptr<State> state, std::shared_ptr<Job> job)
{
    ++job->tries;
    job->body.clear();
    net::HttpRequest request;
    request.url = state->baseUrl + "/generation?id=" + job->generationId;
    request.bearerToken = state->apiKey.value();
    request.totalTimeout = std::chrono::seconds(30);
    net::TransferCallbacks callbacks;
    callbacks.onData = [job](std::string_view bytes, Clock::TimePoint) {
        if (job->body.size() < (1u << 20))
            job->body.append(bytes);
    };
    callbacks.onComplete = [state, job](const net::TransferResult &result) {
        if (result.error) {
            job->done(fail(*result.error));
            return;
        }
        if (result.status == 404 && job->tries < state->options.maxTries) {
            const auto delay = job->nextDelay;
            job->nextDelay = std::min(job->nextDelay * 2, state->options.maxBackoff);
            state->client.schedule(delay, [state, job] { tryOnce(state, job); });
            return;
        }
        if (result.status == 404) {
            job->done(fail(ErrorCode::NotFound,
                           "OpenRouter has no record of this generation yet; its cost stays an "
                           "estimate",
                           job->generationId));
            return;
        }
        if (result.status < 200 || result.status >= 300) {
            Error error
                = openrouter::parseApiError(static_cast<int>(result.status), job->body).toError();
            error.message = log::redact(error.message);
            error.detail = log::redact(error.detail);
            job->done(fail(std::move(error)));
            return;
        }
        job->done(openrouter::parseGeneration(job->body));
    };
    auto id = state->client.submit(std::move(request), std::move(callbacks));
    if (!id)
        job->done(fail(id.error()));
}

} // namespace scriptorium::routing
