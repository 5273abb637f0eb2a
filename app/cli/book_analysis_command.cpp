#include "book_analysis_command.h"

#include "audit_command.h"
#include "cli_context.h"
#include "novel/batch_scheduler.h"
#include "novel/book_analysis.h"
#include "novel/book_continuation.h"
#include "novel/shared_database.h"
#include "novel_display.h"
#include "novel_runtime.h"
#include "store/bible_store.h"
#include "store/chapter_store.h"

#include <atomic>
#include <iostream>
#include <string>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct AnalyseArgs {
    std::string book;
    std::string model;
    std::optional<double> budget;
    std::size_t chunkTokens = novel::AnalysisOptions{}.chunkTokens;
    bool forecastOnly = false;
    bool yes = false;
};

struct ReviewArgs {
    std::string book;
    std::string accept;
};

struct ContinueArgs {
    std::string book;
    int chapters = 0;
    std::string model;
    std::optional<double> budget;
    bool forecastOnly = false;
    bool yes = false;
};

nlohmann::json rangeJson(const novel::ForecastRange &r)
{
    return {{"low", r.low}, {"expected", r.expected}, {"high", r.high}};
}

nlohmann::json analysisForecastJson(const novel::AnalysisForecast &f)
{
    return {{"chunks", f.chunks},
            {"chapters", f.chapters},
            {"analysed", f.analysed},
            {"cut", f.cut},
            {"basis", f.basis},
            {"prompt_tokens", rangeJson(f.promptTokens)},
            {"completion_tokens", rangeJson(f.completionTokens)},
            {"cost_usd", rangeJson(f.costUsd)},
            {"wall_seconds", rangeJson(f.wallSeconds)}};
}

void printAnalysisForecast(const novel::AnalysisForecast &f)
{
    std::cout << "Analysis: " << f.chapters << (f.chapters == 1 ? " chapter" : " chapters")
              << " in " << f.chunks << (f.chunks == 1 ? " request" : " requests");
    if (f.analysed > 0)
        std::cout << " (" << f.analysed << " already analysed, skipped)";
    std::cout << "\n  prompt      ~" << static_cast<long long>(f.promptTokens.expected)
              << " tokens\n  output      ~" << static_cast<long long>(f.completionTokens.expected)
              << " tokens (up to " << static_cast<long long>(f.completionTokens.high) << ", "
              << (f.basis == "history" ? "from this book's earlier analysis" : "a first guess")
              << ")\n  price       " << formatUsd(f.costUsd.expected) << " ("
              << formatUsd(f.costUsd.low) << " – " << formatUsd(f.costUsd.high) << ")\n"
              << "  time        " << formatDuration(f.wallSeconds.expected) << " ("
              << formatDuration(f.wallSeconds.low) << " – " << formatDuration(f.wallSeconds.high)
              << ")\n";
    if (f.cut > 0)
        std::cout << "  note        " << f.cut
                  << " chapter(s) are longer than the model's context and are read cut: their "
                     "start and end\n";
}

nlohmann::json analysisReportJson(const novel::AnalysisReport &r)
{
    nlohmann::json out = {{"chunks", r.chunks},
                          {"chapters", r.chapters},
                          {"missed", r.missed},
                          {"cut", r.cut},
                          {"entries_added", r.entriesAdded},
                          {"entries_updated", r.entriesUpdated},
                          {"requests", r.requests},
                          {"cost_usd", r.costUsd},
                          {"remaining_chunks", r.remainingChunks}};
    if (r.stopped)
        out["stopped"]
            = {{"code", errorCodeName(r.stopped->code)}, {"message", r.stopped->message}};
    return out;
}

int runAnalyse(const GlobalOptions &options, const AnalyseArgs &args)
{
    auto run = startBookRun(options, args.book, args.model, args.budget);
    if (!run)
        return reportError(options, run.error());
    novel::SharedDatabase &db = run->runtime.library->shared();
    novel::AnalysisOptions analysis;
    analysis.chunkTokens = args.chunkTokens;
    novel::PipelineContext context = run->runtime.pipeline->context(novel::PipelineOptions{});
    auto forecast = novel::forecastAnalysis(db, context.prompts, run->bookId,
                                            run->runtime.pipeline->catalogBasis(0), analysis);
    if (!forecast)
        return reportError(options, forecast.error());
    nlohmann::json out = {{"book_id", run->bookId}, {"forecast", analysisForecastJson(*forecast)}};
    if (!options.json)
        printAnalysisForecast(*forecast);
    if (forecast->chapters == 0) {
        if (forecast->analysed == 0)
            return reportError(options,
                               Error{ErrorCode::InvalidArgument,
                                     "This book has no chapters with text to analyse; "
                                     "import a manuscript first (book import FILE).",
                                     {}});
        if (options.json)
            std::cout << out.dump() << '\n';
        else
            std::cout << "Every chapter is analysed; review the result with: scriptorium-cli "
                         "book review "
                      << run->bookId << '\n';
        return kExitOk;
    }
    if (args.budget && forecast->costUsd.low > *args.budget && !options.json)
        std::cout << "  note        the budget of " << formatUsd(*args.budget)
                  << " is below even the lowest forecast; the analysis stops when it is spent "
                     "and a rerun resumes.\n";
    if (const auto stop
        = passPaidGate(options, out, forecast->costUsd.expected,
                       PaidGate{args.forecastOnly, args.yes, "Analyse the book",
                                "the analysis is paid and was not run", "Not analysed"}))
        return *stop;

    auto report = novel::analyseBook(
        context, run->bookId, analysis, [&](int index, int count, int first, int last) {
            if (!options.json)
                std::cout << "  [" << index + 1 << "/" << count << "] chapters " << first << "–"
                          << last << '\n'
                          << std::flush;
            return true;
        });
    if (!report)
        return reportError(options, report.error());
    out["report"] = analysisReportJson(*report);
    if (options.json) {
        std::cout << out.dump() << '\n';
    } else {
        std::cout << "\nAnalysed " << report->chapters << " chapters in " << report->chunks
                  << (report->chunks == 1 ? " request" : " requests") << ": "
                  << report->entriesAdded << " new story bible entries, " << report->entriesUpdated
                  << " updated, " << formatUsd(report->costUsd) << " spent.\n";
        if (report->missed > 0)
            std::cout << report->missed
                      << " chapter(s) were left out of a reply; run the analysis again to read "
                         "them.\n";
        if (!report->stopped)
            std::cout << "Review the derived entries before continuing the book: "
                         "scriptorium-cli book review "
                      << run->bookId << '\n';
    }
    if (report->stopped) {
        if (!options.json)
            std::cerr << "scriptorium-cli: the analysis stopped with " << report->remainingChunks
                      << " request(s) left: " << report->stopped->message
                      << "\nWhat was read is kept; run book analyse again (with a larger "
                         "--budget) to resume.\n";
        return exitCodeFor(report->stopped->code);
    }
    return kExitOk;
}

int runReview(const GlobalOptions &options, const ReviewArgs &args)
{
    auto library = NovelRuntime::open(options);
    if (!library)
        return reportError(options, library.error());
    store::Database &db = (*library)->database();
    auto bookId = resolveBook(db, args.book);
    if (!bookId)
        return reportError(options, bookId.error());
    store::BibleStore bible(db);
    if (!args.accept.empty()) {
        int accepted = 0;
        if (args.accept == "all") {
            auto count = bible.acceptAll(*bookId);
            if (!count)
                return reportError(options, count.error());
            accepted = *count;
        } else {
            std::int64_t id = 0;
            try {
                id = std::stoll(args.accept);
            } catch (const std::exception &) {
                return reportError(
                    options,
                    Error{ErrorCode::InvalidArgument, "--accept takes an entry id or 'all'.", {}});
            }
            auto entry = bible.get(id);
            if (!entry || entry->bookId != *bookId)
                return reportError(options,
                                   Error{ErrorCode::NotFound,
                                         "Book " + std::to_string(*bookId)
                                             + " has no story bible entry " + std::to_string(id)
                                             + ".",
                                         {}});
            if (auto ok = bible.setReviewed(id, true); !ok)
                return reportError(options, ok.error());
            accepted = 1;
        }
        if (options.json)
            std::cout << nlohmann::json{{"book_id", *bookId}, {"accepted", accepted}}.dump()
                      << '\n';
        else
            std::cout << "Accepted " << accepted << (accepted == 1 ? " entry" : " entries")
                      << "; prompts use it from now on.\n";
        return kExitOk;
    }
    auto entries = bible.listUnreviewed(*bookId);
    if (!entries)
        return reportError(options, entries.error());
    store::ChapterStore chapters(db);
    nlohmann::json list = nlohmann::json::array();
    for (const store::BibleEntry &e : *entries) {
        std::optional<int> position;
        if (e.sourceChapterId)
            if (auto chapter = chapters.get(*e.sourceChapterId); chapter)
                position = chapter->position;
        list.push_back(
            {{"id", e.id},
             {"kind", store::bibleKindName(e.kind)},
             {"name", e.name},
             {"aliases", e.aliases},
             {"text", e.text},
             {"origin", store::bibleOriginName(e.origin)},
             {"source_chapter_id",
              e.sourceChapterId ? nlohmann::json(*e.sourceChapterId) : nlohmann::json(nullptr)},
             {"source_chapter", position ? nlohmann::json(*position) : nlohmann::json(nullptr)}});
        if (options.json)
            continue;
        std::cout << "#" << e.id << "  " << store::bibleKindName(e.kind) << "  " << e.name;
        if (!e.aliases.empty())
            std::cout << " (also " << e.aliases << ")";
        if (position)
            std::cout << "  — from chapter " << *position;
        std::cout << "\n    " << e.text << '\n';
    }
    if (options.json) {
        std::cout << nlohmann::json{{"book_id", *bookId}, {"unreviewed", list}}.dump() << '\n';
    } else if (entries->empty()) {
        std::cout << "Nothing waits for review.\n";
    } else {
        std::cout << entries->size()
                  << " entries wait for review. Edit them in the window's Story Bible panel, "
                     "or accept with: scriptorium-cli book review "
                  << *bookId << " --accept ID|all\n";
    }
    return kExitOk;
}

int runContinue(const GlobalOptions &options, const ContinueArgs &args)
{
    std::atomic<novel::BatchScheduler *> active{nullptr};
    InterruptWatcher watcher(
        [&] {
            std::cerr << "\nPausing: running chapters finish first (Ctrl-C again to cancel).\n";
            if (auto *scheduler = active.load())
                scheduler->pause();
        },
        [&] {
            if (auto *scheduler = active.load())
                scheduler->cancel();
        });
    if (args.budget && !(*args.budget > 0))
        return reportError(options, budgetMustBePositive());
    auto runtime = NovelRuntime::open(options);
    if (!runtime)
        return reportError(options, runtime.error());
    NovelRuntime &rt = **runtime;
    auto bookId = resolveBook(rt.database(), args.book);
    if (!bookId)
        return reportError(options, bookId.error());
    auto range = novel::continuationRange(rt.shared(), *bookId, args.chapters);
    if (!range)
        return reportError(options, range.error());
    std::optional<double> cap = args.budget;
    if (!cap) {
        auto config = loadRoutingConfig(options);
        if (!config)
            return reportError(options, config.error());
        cap = config->budget.maxUsd;
    }
    if (auto ok = rt.startRouting(options, args.model, cap); !ok)
        return reportError(options, ok.error());
    const novel::BatchForecast forecast = novel::forecastBatch(
        rt.forecastProfile(*bookId, range->first), args.chapters, novel::BatchMode::Sequential, 1);
    nlohmann::json out = {{"book_id", *bookId},
                          {"first_chapter", range->first},
                          {"last_chapter", range->last},
                          {"chapter_target", range->chapterTarget},
                          {"forecast", forecastJson(forecast)}};
    if (!options.json) {
        std::cout << "Continue with chapters " << range->first << "–" << range->last << " (about "
                  << range->chapterTarget
                  << " each, like the book's own chapters), outlined first:\n";
        printForecast(std::cout, forecast);
    }
    if (const auto stop
        = passPaidGate(options, out, forecast.costUsd.expected,
                       PaidGate{args.forecastOnly, args.yes, "Continue the book",
                                "continuing is paid and was not started", "Not continued"}))
        return *stop;

    novel::PipelineContext context = rt.context({});
    auto outlined = novel::outlineContinuation(context, *bookId, *range, [&](int first, int last) {
        if (!options.json)
            std::cout << "  outlining chapters " << first << "–" << last << "…\n" << std::flush;
    });
    if (!outlined)
        return reportError(options, outlined.error());
    // The batch's cap is what the outline left of it.
    std::optional<double> batchCap;
    if (cap)
        batchCap = std::max(0.0001, *cap - outlined->costUsd);
    auto batchId = novel::BatchScheduler::createBatch(
        rt.shared(), *bookId, range->first, range->last, novel::BatchMode::Sequential, 1, batchCap);
    if (!batchId)
        return reportError(options, batchId.error());
    if (!options.json)
        std::cout << "Drafting chapters " << range->first << "–" << range->last << " as batch "
                  << *batchId << " (resume an interrupted one with: scriptorium-cli generate "
                  << *bookId << " --resume)\n"
                  << std::flush;
    // The outlining gave the book its larger draft prompt budget (kContinuationPromptTokens),
    // which every draft of it reads.
    novel::BatchScheduler scheduler(rt.context({}), rt.budget());
    BatchProgressPrinter printer(std::cout, options.json, isatty(STDOUT_FILENO) != 0);
    active = &scheduler;
    auto report = scheduler.run(*batchId, printer.observer());
    active = nullptr;
    if (!report)
        return reportError(options, report.error());
    if (options.json) {
        out["outline_cost_usd"] = outlined->costUsd;
        out["report"] = reportJson(*report);
        std::cout << out.dump() << '\n';
    } else {
        printBatchReport(std::cout, *report);
    }
    if (report->state == store::BatchState::Done)
        return kExitOk;
    if (report->state == store::BatchState::Cancelled
        || (report->stopReason && report->stopReason->code == ErrorCode::Cancelled))
        return kExitCancelled;
    return report->stopReason ? exitCodeFor(report->stopReason->code) : kExitFailed;
}

} // namespace

void addBookAnalysisCommands(CLI::App &book, const GlobalOptions &options, int &exitCode)
{
    auto analyse = std::make_shared<AnalyseArgs>();
    CLI::App *a = book.add_subcommand(
        "analyse",
        "Analyse a book you wrote (paid): summaries, character states and story "
        "bible entries to review, so it can be continued");
    a->alias("analyze");
    a->add_option("book", analyse->book, "Book id or title")->required();
    a->add_option("--budget", analyse->budget,
                  "Spending cap in USD; the analysis stops between requests and a rerun "
                  "resumes");
    a->add_option("--model", analyse->model, "Model that reads (default: the config's)");
    a->add_option("--chunk-tokens", analyse->chunkTokens,
                  "Chapter text per request, in tokens (chapters are never split)")
        ->check(CLI::Range(500, 1000000));
    a->add_flag("--forecast", analyse->forecastOnly, "Print the price and stop");
    a->add_flag("--yes", analyse->yes, "Run without asking to confirm the price");
    a->callback([&options, &exitCode, analyse] { exitCode = runAnalyse(options, *analyse); });

    auto review = std::make_shared<ReviewArgs>();
    CLI::App *r = book.add_subcommand(
        "review", "List the analysed story bible entries waiting for review, or accept them");
    r->add_option("book", review->book, "Book id or title")->required();
    r->add_option("--accept", review->accept, "Accept entry ID, or 'all'");
    r->callback([&options, &exitCode, review] { exitCode = runReview(options, *review); });

    auto cont = std::make_shared<ContinueArgs>();
    CLI::App *c = book.add_subcommand(
        "continue", "Write the next N chapters of an analysed, reviewed book in its own voice");
    c->add_option("book", cont->book, "Book id or title")->required();
    c->add_option("chapters", cont->chapters, "How many chapters to write")->required();
    c->add_option("--budget", cont->budget,
                  "Spending cap in USD (default: the routing config's budget.max_usd)");
    c->add_option("--model", cont->model, "Model (default: the routing config's)");
    c->add_flag("--forecast", cont->forecastOnly, "Print the forecast and stop");
    c->add_flag("--yes", cont->yes, "Run without asking to confirm the price");
    c->callback([&options, &exitCode, cont] { exitCode = runContinue(options, *cont); });
}

} // namespace scriptorium::cli
