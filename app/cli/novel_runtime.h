#pragma once

#include "novel/batch_forecast.h"
#include "novel/pipeline_context.h"
#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "novel/text_generator.h"
#include "routing/budget.h"
#include "store/database.h"
#include "util/result.h"

#include <csignal>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace scriptorium::cli {

struct GlobalOptions;

/// Everything the novel commands wire together: the library and the routing core
/// (novel::PipelineRuntime: HTTP client, Router with the batch's Budget, catalog endpoints of
/// the model). Built in two steps because a resumed batch's budget is known only after the
/// library is open. The routing core is destroyed before the library.
class NovelRuntime {
public:
    ~NovelRuntime();

    /// Opens the library (--db or the default). Errors: the store's codes.
    static Result<std::unique_ptr<NovelRuntime>> open(const GlobalOptions &options);

    /// Starts the routing core against --base-url (or $SCRIPTORIUM_BASE_URL, or OpenRouter)
    /// with `apiKey` (empty: $OPENROUTER_API_KEY) and a spending cap of `budgetUsd` (what is
    /// left of a batch's budget; empty: unlimited). Errors: Config, Auth, InvalidArgument.
    Status startRouting(const GlobalOptions &options, const std::string &model,
                        std::optional<double> budgetUsd, const std::string &apiKey = {});

    store::Database &database() { return *m_db; }
    novel::SharedDatabase &shared() { return *m_shared; }
    novel::PipelineContext context(novel::PipelineOptions options)
    {
        return m_pipeline->context(std::move(options));
    }
    novel::TextGenerator &generator() { return m_pipeline->generator(); }
    const std::shared_ptr<routing::Budget> &budget() const { return m_pipeline->budget(); }
    const std::string &model() const { return m_pipeline->model(); }
    /// See novel::PipelineRuntime::forecastProfile.
    novel::ForecastProfile forecastProfile(std::int64_t bookId, int firstPosition)
    {
        return m_pipeline->forecastProfile(bookId, firstPosition);
    }

private:
    NovelRuntime() = default;

    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<novel::SharedDatabase> m_shared;
    std::unique_ptr<novel::PipelineRuntime> m_pipeline;
};

/// SIGINT/SIGTERM taken by one watcher thread (sigwait): the first runs `first` (pause), later
/// ones run `second` (cancel). Construct it before any other thread starts, so no other
/// thread receives the signals; the destructor stops the watcher and restores the mask.
class InterruptWatcher {
public:
    InterruptWatcher(std::function<void()> first, std::function<void()> second);
    ~InterruptWatcher();
    InterruptWatcher(const InterruptWatcher &) = delete;
    InterruptWatcher &operator=(const InterruptWatcher &) = delete;

private:
    sigset_t m_set{};
    sigset_t m_old{};
    std::thread m_thread;
};

/// A book by numeric id or by exact title (case-insensitive). Errors: NotFound (the message
/// says to run `book list`).
Result<std::int64_t> resolveBook(store::Database &db, const std::string &book);

} // namespace scriptorium::cli
