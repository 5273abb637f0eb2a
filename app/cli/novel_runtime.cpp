#include "novel_runtime.h"

#include "cli_context.h"
#include "library_command.h"
#include "routing/api_key.h"
#include "routing/routing_config.h"
#include "store/book_store.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <pthread.h>

namespace scriptorium::cli {

namespace {

std::string lower(std::string text)
{
    std::ranges::transform(text, text.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

NovelRuntime::~NovelRuntime()
{
    // The routing core records into the library: it goes first.
    m_pipeline.reset();
}

Result<std::unique_ptr<NovelRuntime>> NovelRuntime::open(const GlobalOptions &options)
{
    auto db = openLibrary(options);
    if (!db)
        return fail(db.error());
    std::unique_ptr<NovelRuntime> runtime(new NovelRuntime());
    runtime->m_db = std::move(*db);
    runtime->m_shared = std::make_unique<novel::SharedDatabase>(*runtime->m_db);
    return runtime;
}

Status NovelRuntime::startRouting(const GlobalOptions &options, const std::string &model,
                                  std::optional<double> budgetUsd, const std::string &apiKey)
{
    auto config = loadRoutingConfig(options);
    if (!config)
        return fail(config.error());
    novel::RoutingSetup setup;
    if (!apiKey.empty()) {
        setup.apiKey.set(apiKey);
    } else {
        auto fromEnv = routing::ApiKey::fromEnvironment();
        if (!fromEnv)
            return fail(fromEnv.error());
        setup.apiKey = *fromEnv;
    }
    setup.baseUrl = cliBaseUrl(options);
    setup.config = std::move(*config);
    setup.model = model;
    setup.budgetUsd = budgetUsd;
    auto pipeline = novel::PipelineRuntime::start(*m_shared, std::move(setup));
    if (!pipeline)
        return fail(pipeline.error());
    m_pipeline = std::move(*pipeline);
    return {};
}

InterruptWatcher::InterruptWatcher(std::function<void()> first, std::function<void()> second)
{
    sigemptyset(&m_set);
    sigaddset(&m_set, SIGINT);
    sigaddset(&m_set, SIGTERM);
    sigaddset(&m_set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &m_set, &m_old);
    m_thread = std::thread([this, first = std::move(first), second = std::move(second)] {
        int count = 0;
        for (;;) {
            int sig = 0;
            if (sigwait(&m_set, &sig) != 0 || sig == SIGUSR1)
                return;
            (++count == 1 ? first : second)();
        }
    });
}

InterruptWatcher::~InterruptWatcher()
{
    pthread_kill(m_thread.native_handle(), SIGUSR1);
    m_thread.join();
    pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
}

Result<std::int64_t> resolveBook(store::Database &db, const std::string &book)
{
    if (!book.empty()
        && std::ranges::all_of(book, [](unsigned char c) { return std::isdigit(c); })) {
        const std::int64_t id = std::stoll(book);
        if (auto found = store::BookStore(db).get(id); found)
            return id;
    }
    auto books = store::BookStore(db).list();
    if (!books)
        return fail(books.error());
    for (const store::BookSummary &b : *books)
        if (lower(b.book.title) == lower(book))
            return b.book.id;
    return fail(ErrorCode::NotFound,
                "There is no book \"" + book + "\"; run 'scriptorium-cli book list' to see them.");
}

} // namespace scriptorium::cli
