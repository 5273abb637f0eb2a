#pragma once

// The novel pipeline wired to an in-process simulator on loopback, for e2e tests and the
// batch benchmark: library, HTTP client, Router (optionally with a budget), generator.
#include "net/http_client.h"
#include "novel/book_setup.h"
#include "novel/pipeline_context.h"
#include "novel/shared_database.h"
#include "novel/story_plan.h"
#include "novel/text_generator.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "routing/router.h"
#include "sim/sim_server.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace scriptorium::novel::test {

struct SimSetup {
    std::string market = "default";
    double timeScale = 0.01;
    std::uint64_t seed = 11;
    std::string model = "meta-llama/llama-3.3-70b-instruct";
    std::optional<double> budgetUsd;
};

/// Owns everything in destruction-safe order (Router before client before library).
class NovelSim {
public:
    explicit NovelSim(const std::filesystem::path &dir, SimSetup setup = {})
        : m_setup(std::move(setup))
    {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        sim::SimOptions options;
        options.market = m_setup.market;
        options.timeScale = m_setup.timeScale;
        options.seed = m_setup.seed;
        server = std::make_unique<sim::SimServer>(options);
        if (!server->start())
            return;
        auto opened = store::Database::open(dir / "library.db");
        if (!opened)
            return;
        db = std::move(*opened);
        shared = std::make_unique<SharedDatabase>(*db);
        client = std::make_unique<net::HttpClient>();
        routing::ApiKey key("sk-or-v1-e2e-test-key");
        routing::CatalogOptions catalogOptions;
        catalogOptions.cacheDir = dir / "catalog";
        auto source = std::make_shared<routing::HttpCatalogSource>(*client, server->baseUrl(), key);
        routing::ModelCatalog catalog(source, catalogOptions);
        if (auto e = catalog.endpoints(m_setup.model); e)
            endpoints = e->value;
        budget = std::make_shared<routing::Budget>(m_setup.budgetUsd);
        config = routing::RoutingConfig::defaults();
        config.defaultModel = m_setup.model;
        config.models.clear(); // fallback models may not exist in every market
        // Fast watchdogs: the simulator runs at a fraction of real time.
        config.watchdogs.firstToken = std::chrono::milliseconds(3000);
        config.watchdogs.idleStall = std::chrono::milliseconds(400);
        config.retry.baseBackoff = std::chrono::milliseconds(20);
        routing::Router::Options routerOptions;
        routerOptions.baseUrl = server->baseUrl();
        routerOptions.config = config;
        routerOptions.apiKey = key;
        routerOptions.budget = budget;
        routerOptions.reconcileTimeout = std::chrono::milliseconds(0);
        routerOptions.jitterSeed = 5;
        router = std::make_unique<routing::Router>(*client, routerOptions);
        generator = std::make_unique<RouterTextGenerator>(*router, shared.get());
        if (endpoints)
            generator->setEndpoints(m_setup.model, *endpoints);
        ready = true;
    }

    ~NovelSim()
    {
        generator.reset();
        router.reset();
        client.reset();
        shared.reset();
        db.reset();
        server.reset();
    }

    PipelineContext context(PipelineOptions options = {})
    {
        options.model = m_setup.model;
        return PipelineContext{*shared, *generator, prompts, options, {}, {}, {}, {}};
    }

    /// A book with a bible and `chapters` outlined chapters (no model calls).
    std::int64_t makeOutlinedBook(int chapters, const std::string &language = "en",
                                  std::int64_t chapterTarget = 300)
    {
        BookSetupRequest request;
        request.title = "Sim book " + std::to_string(++m_books);
        request.premise = language == "zh" ? "灯塔守护人与一艘不存在的船。"
                                           : "A lighthouse keeper and a ship that does not exist.";
        request.language = language;
        request.chapters = chapters;
        request.chapterTarget = chapterTarget;
        const std::int64_t id = createBook(*shared, request).value();
        StoryBible bible{language == "zh" ? "灯塔与幽灵船" : "A keeper and a ghost ship",
                         {{"Mara", "keeper", "Keeps the light.", "alone"},
                          {"Ilse", "sister", "Left years ago.", "returning"}},
                         {{"place", "Isle", "A rock in the sea."}}};
        (void)storeBible(*shared, id, bible, language);
        for (int p = 1; p <= chapters; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Chapter " + std::to_string(p);
            c.outline = (language == "zh" ? "玛拉守着灯塔，第" + std::to_string(p) + "章。"
                                          : "Mara tends the lamp while Ilse returns, part "
                                 + std::to_string(p) + ".");
            c.targetLength = chapterTarget;
            c.targetUnit = language == "zh" ? "characters" : "words";
            (void)store::ChapterStore(*db).add(id, c);
        }
        return id;
    }

    bool ready = false;
    std::unique_ptr<sim::SimServer> server;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<SharedDatabase> shared;
    std::unique_ptr<net::HttpClient> client;
    std::optional<openrouter::ModelEndpoints> endpoints;
    std::shared_ptr<routing::Budget> budget;
    routing::RoutingConfig config;
    std::unique_ptr<routing::Router> router;
    std::unique_ptr<RouterTextGenerator> generator;
    PromptLibrary prompts{std::filesystem::path("/nonexistent-override-dir")};

private:
    SimSetup m_setup;
    int m_books = 0;
};

/// Every attempt's cost the library recorded for a book (the dashboard's and the ledger's sum).
inline double sumOfAttemptCosts(store::Database &db, std::int64_t bookId)
{
    auto stmt = db.prepare("SELECT COALESCE(SUM(a.cost_usd), 0) FROM attempts a JOIN generations g "
                           "ON g.id = a.generation_id WHERE g.book_id = ?");
    stmt->bind(1, bookId);
    (void)stmt->step();
    return stmt->real(0);
}

/// What the simulator billed in all (its truth log).
inline double billedBySimulator(const sim::SimServer &server)
{
    double billed = 0;
    for (const nlohmann::json &attempt : server.truth())
        billed += attempt.value("cost_usd", 0.0);
    return billed;
}

} // namespace scriptorium::novel::test
