#include "novel_command.h"

#include "cli_context.h"
#include "novel/batch_scheduler.h"
#include "novel/book_setup.h"
#include "novel/chapter_finalizer.h"
#include "novel/chapter_pipeline.h"
#include "novel/outline_generator.h"
#include "novel_display.h"
#include "novel_runtime.h"
#include "store/batch_store.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include <CLI/CLI.hpp>

namespace scriptorium::cli {

namespace {

constexpr std::string_view kSystemMarker = "=== system ===";
constexpr std::string_view kUserMarker = "=== user ===";

Result<std::pair<int, int>> parseRange(const std::string &text)
{
    int first = 0;
    int last = 0;
    char dash = 0;
    std::istringstream in(text);
    if (in >> first) {
        if (!(in >> dash))
            last = first;
        else if (dash != '-' || !(in >> last))
            last = 0;
    }
    if (first < 1 || last < first)
        return fail(ErrorCode::InvalidArgument,
                    "'" + text + "' is not a chapter range; write it like 3-9 or 5.");
    return std::make_pair(first, last);
}

std::string promptFileText(const novel::AssembledPrompt &prompt)
{
    return std::string(kSystemMarker) + "\n" + prompt.system + "\n" + std::string(kUserMarker)
        + "\n" + prompt.user + "\n";
}

Result<novel::AssembledPrompt> readPromptFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::NotFound, "Cannot read the prompt file '" + path + "'.");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const auto s = text.find(kSystemMarker);
    const auto u = text.find(kUserMarker);
    if (s == std::string::npos || u == std::string::npos || u < s)
        return fail(ErrorCode::Parse,
                    "The prompt file needs a '=== system ===' and a '=== user ===' section, as "
                    "'draft --preview --save-prompt' writes it.");
    novel::AssembledPrompt prompt;
    prompt.system = text.substr(s + kSystemMarker.size() + 1, u - s - kSystemMarker.size() - 1);
    prompt.user = text.substr(u + kUserMarker.size() + 1);
    while (!prompt.system.empty() && prompt.system.back() == '\n')
        prompt.system.pop_back();
    while (!prompt.user.empty() && prompt.user.back() == '\n')
        prompt.user.pop_back();
    return prompt;
}

struct DraftArgs {
    std::string book;
    int chapter = 0;
    bool preview = false;
    std::string savePrompt;
    std::string promptFile;
    bool finalize = false;
    std::string model;
};

int runDraft(const GlobalOptions &options, const DraftArgs &args)
{
    auto runtime = NovelRuntime::open(options);
    if (!runtime)
        return reportError(options, runtime.error());
    auto bookId = resolveBook((*runtime)->database(), args.book);
    if (!bookId)
        return reportError(options, bookId.error());
    NovelRuntime &rt = **runtime;
    if (args.preview) {
        // Preview needs no network: the templates and the library are enough.
        novel::PipelineOptions pipelineOptions;
        novel::PromptLibrary prompts(novel::PromptLibrary::defaultOverrideDir());
        struct NoGenerator final : novel::TextGenerator {
            novel::GenerationOutcome generate(novel::GenerationTask) override { return {}; }
            void cancelAll() override { }
        } none;
        novel::PipelineContext context{rt.shared(), none, prompts, pipelineOptions, {}, {}, {}, {}};
        auto prompt = novel::previewDraft(context, *bookId, args.chapter);
        if (!prompt)
            return reportError(options, prompt.error());
        if (!args.savePrompt.empty()) {
            std::ofstream out(args.savePrompt, std::ios::binary);
            out << promptFileText(*prompt);
            if (!out)
                return reportError(
                    options, Error{ErrorCode::Io, "Cannot write '" + args.savePrompt + "'.", {}});
        }
        if (options.json) {
            nlohmann::json blocks = nlohmann::json::array();
            for (const novel::PromptBlock &b : prompt->blocks)
                blocks.push_back({{"block", novel::blockName(b.kind)},
                                  {"tokens", b.tokens},
                                  {"original_tokens", b.originalTokens},
                                  {"dropped", b.dropped}});
            std::cout << nlohmann::json{{"type", "preview"},
                                        {"system", prompt->system},
                                        {"user", prompt->user},
                                        {"total_tokens", prompt->totalTokens},
                                        {"blocks", blocks},
                                        {"trim_steps", prompt->trimSteps}}
                             .dump()
                      << '\n';
            return kExitOk;
        }
        std::cout << promptFileText(*prompt) << "\n--- blocks (estimated tokens) ---\n";
        for (const novel::PromptBlock &b : prompt->blocks)
            std::cout << "  " << novel::blockName(b.kind) << ": " << b.tokens
                      << (b.tokens != b.originalTokens
                              ? " (from " + std::to_string(b.originalTokens) + ")"
                              : std::string())
                      << (b.dropped ? " dropped" : "") << '\n';
        for (const std::string &step : prompt->trimSteps)
            std::cout << "  trimmed: " << step << '\n';
        std::cout << "  total: " << prompt->totalTokens << " tokens\n";
        return kExitOk;
    }
    std::atomic<bool> routing{false};
    InterruptWatcher watcher(
        [&] {
            if (routing)
                rt.generator().cancelAll();
        },
        [&] {
            if (routing)
                rt.generator().cancelAll();
        });
    if (auto ok = rt.startRouting(options, args.model, std::nullopt); !ok)
        return reportError(options, ok.error());
    routing = true;
    novel::PipelineContext context = rt.context({});
    novel::DraftOptions draftOptions;
    if (!args.promptFile.empty()) {
        auto prompt = readPromptFile(args.promptFile);
        if (!prompt)
            return reportError(options, prompt.error());
        draftOptions.prompt = *prompt;
    }
    if (!options.json)
        draftOptions.onDelta = [](std::string_view delta) {
            std::cout << delta << std::flush;
        };
    auto report = novel::draftChapter(context, *bookId, args.chapter, draftOptions);
    if (!report)
        return reportError(options, report.error());
    std::optional<novel::FinalizeReport> finalized;
    if (args.finalize) {
        auto f = novel::finalizeChapter(context, *bookId, args.chapter, report->generationId);
        if (!f)
            return reportError(options, f.error());
        finalized = *f;
    }
    if (options.json) {
        std::cout << nlohmann::json{{"type", "draft"},
                                    {"chapter", args.chapter},
                                    {"length", report->length},
                                    {"target", report->target},
                                    {"unit", report->unit},
                                    {"continuations", report->continuations},
                                    {"revision_kept", report->revisionKept},
                                    {"provider", report->provider},
                                    {"quantization", report->quantization},
                                    {"finish_reason", report->finishReason},
                                    {"cost_usd",
                                     report->costUsd + (finalized ? finalized->costUsd : 0)},
                                    {"finalized", finalized.has_value()}}
                         .dump()
                  << '\n';
        return kExitOk;
    }
    std::cerr << "\nchapter " << args.chapter << ": " << report->length << " of " << report->target
              << ' ' << report->unit << ", " << report->continuations
              << " continuation(s), provider " << report->provider << " (" << report->quantization
              << "), cost " << formatUsd(report->costUsd)
              << (report->revisionKept ? "; the previous text was kept as a revision" : "")
              << (finalized ? "; finalized (summary, story so far, character states)" : "") << '\n';
    return kExitOk;
}

int runFinalize(const GlobalOptions &options, const DraftArgs &args)
{
    auto runtime = NovelRuntime::open(options);
    if (!runtime)
        return reportError(options, runtime.error());
    auto bookId = resolveBook((*runtime)->database(), args.book);
    if (!bookId)
        return reportError(options, bookId.error());
    if (auto ok = (*runtime)->startRouting(options, args.model, std::nullopt); !ok)
        return reportError(options, ok.error());
    novel::PipelineContext context = (*runtime)->context({});
    auto report = novel::finalizeChapter(context, *bookId, args.chapter);
    if (!report)
        return reportError(options, report.error());
    std::cout << "chapter " << args.chapter << " finalized; cost " << formatUsd(report->costUsd)
              << '\n';
    return kExitOk;
}

} // namespace

int runOutline(const GlobalOptions &options, const OutlineArgs &args, const std::string &apiKey)
{
    auto runtime = NovelRuntime::open(options);
    if (!runtime)
        return reportError(options, runtime.error());
    NovelRuntime &rt = **runtime;
    auto bookId = resolveBook(rt.database(), args.book);
    novel::BookSetupRequest setup;
    setup.title = args.book;
    setup.premise = args.premise;
    setup.genre = args.genre;
    setup.language = args.language;
    setup.styleGuide = args.style;
    setup.chapters = args.chapters;
    if (args.chapterLength > 0)
        setup.chapterTarget = args.chapterLength;
    if (!bookId) {
        if (bookId.error().code != ErrorCode::NotFound || args.premise.empty())
            return reportError(options, bookId.error());
        bookId = novel::createBook(rt.shared(), setup);
        if (!bookId)
            return reportError(options, bookId.error());
        if (!options.json)
            std::cout << "Created book " << *bookId << " \"" << args.book << "\"\n";
    }
    if (auto ok = rt.startRouting(options, args.model, std::nullopt, apiKey); !ok)
        return reportError(options, ok.error());
    novel::PipelineContext context = rt.context({});
    auto bible = novel::loadBible(rt.shared(), *bookId);
    if (!bible)
        return reportError(options, bible.error());
    if (bible->coreIdea.empty()) {
        if (!options.json)
            std::cout << "Writing the story bible…\n" << std::flush;
        auto made = novel::generateBible(context, *bookId, setup);
        if (!made)
            return reportError(options, made.error());
        if (!options.json)
            std::cout << "  core idea: " << made->coreIdea
                      << "\n  characters: " << made->characters.size()
                      << ", world entries: " << made->world.size() << '\n';
    }
    auto report = novel::outlineBook(context, *bookId, args.chapters, [&](int first, int last) {
        if (!options.json)
            std::cout << "Outlining chapters " << first << "–" << last << "…\n" << std::flush;
    });
    if (!report)
        return reportError(options, report.error());
    auto chapters = rt.shared().with(
        [&](store::Database &d) { return store::ChapterStore(d).list(*bookId); });
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        if (chapters)
            for (const store::ChapterListItem &c : *chapters)
                list.push_back({{"position", c.position}, {"title", c.title}});
        std::cout << nlohmann::json{{"type", "outline"},
                                    {"book_id", *bookId},
                                    {"first", report->firstChapter},
                                    {"last", report->lastChapter},
                                    {"requests", report->requests},
                                    {"gap_repairs", report->gapRepairs},
                                    {"cost_usd", report->costUsd},
                                    {"chapters", list}}
                         .dump()
                  << '\n';
        return kExitOk;
    }
    if (report->firstChapter == 0)
        std::cout << "Chapters 1–" << args.chapters << " were already outlined.\n";
    else
        std::cout << "Outlined chapters " << report->firstChapter << "–" << report->lastChapter
                  << " in " << report->requests << " request(s)"
                  << (report->gapRepairs
                          ? ", " + std::to_string(report->gapRepairs) + " gap(s) repaired"
                          : std::string())
                  << ", cost " << formatUsd(report->costUsd) << '\n';
    if (chapters)
        for (const store::ChapterListItem &c : *chapters)
            if (c.position <= args.chapters)
                std::cout << "  " << c.position << ". " << c.title << '\n';
    return kExitOk;
}

int runGenerate(const GlobalOptions &options, const GenerateArgs &args, const std::string &apiKey)
{
    // Signals are blocked before the network thread starts, so only the watcher takes them.
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
    auto runtime = NovelRuntime::open(options);
    if (!runtime)
        return reportError(options, runtime.error());
    NovelRuntime &rt = **runtime;
    auto bookId = resolveBook(rt.database(), args.book);
    if (!bookId)
        return reportError(options, bookId.error());

    std::optional<store::Batch> batch;
    int first = 0;
    int last = 0;
    auto mode = novel::batchModeFromName(args.mode);
    if (!mode)
        return reportError(options, mode.error());
    if (args.resume) {
        auto found = novel::BatchScheduler::unfinishedBatch(rt.shared(), *bookId);
        if (!found)
            return reportError(options, found.error());
        if (!*found)
            return reportError(options,
                               Error{ErrorCode::NotFound,
                                     "This book has no unfinished batch to resume; "
                                     "start one with generate --chapters A-B.",
                                     {}});
        batch = **found;
        first = batch->firstPosition;
        last = batch->lastPosition;
        mode = novel::batchModeFromName(batch->mode);
        if (!mode)
            return reportError(options, mode.error());
    } else {
        auto range = parseRange(args.chapters);
        if (!range)
            return reportError(options, range.error());
        std::tie(first, last) = *range;
    }
    // The cap: --budget (on --resume it raises or lowers the batch's), else the batch's own,
    // else the routing config's budget.max_usd for a new batch.
    std::optional<double> cap = args.budget;
    if (batch && args.budget) {
        auto raised = rt.shared().with([&](store::Database &d) {
            return store::BatchStore(d).setBudget(batch->id, args.budget);
        });
        if (!raised)
            return reportError(options, raised.error());
        batch->budgetUsd = args.budget;
    } else if (batch) {
        cap = batch->budgetUsd;
    } else if (!cap) {
        auto config = loadRoutingConfig(options);
        if (!config)
            return reportError(options, config.error());
        cap = config->budget.maxUsd;
    }
    if (cap && !(*cap > 0))
        return reportError(options,
                           Error{ErrorCode::InvalidArgument,
                                 "A budget must be more than $0; pass --budget 5 for "
                                 "five dollars.",
                                 {}});
    // Resuming, the batch's run restarts this Budget with everything it has spent so far.
    if (auto ok = rt.startRouting(options, args.model, cap, apiKey); !ok)
        return reportError(options, ok.error());

    // Forecast: this book's history when it has one, else catalog prices and speed.
    int todo = 0;
    if (batch) {
        for (const store::BatchItem &item : batch->items)
            todo += item.state == store::BatchItemState::Done ? 0 : 1;
    } else {
        todo = last - first + 1;
    }
    const novel::BatchForecast forecast
        = novel::forecastBatch(rt.forecastProfile(*bookId, first), todo, *mode,
                               batch ? batch->concurrency : args.concurrency);
    if (options.json)
        std::cout << forecastJson(forecast).dump() << '\n' << std::flush;
    else
        printForecast(std::cout, forecast);
    if (args.forecastOnly)
        return kExitOk;

    if (!batch) {
        auto id = novel::BatchScheduler::createBatch(rt.shared(), *bookId, first, last, *mode,
                                                     args.concurrency, cap);
        if (!id)
            return reportError(options, id.error());
        batch = store::Batch{};
        batch->id = *id;
    }
    if (!options.json)
        std::cout << (args.resume ? "Resuming" : "Starting") << " batch " << batch->id
                  << " (chapters " << first << "–" << last << ", " << novel::batchModeName(*mode)
                  << ")\n"
                  << std::flush;

    novel::BatchScheduler scheduler(rt.context({}), rt.budget());
    BatchProgressPrinter printer(std::cout, options.json, isatty(STDOUT_FILENO) != 0);
    active = &scheduler;
    auto report = scheduler.run(batch->id, printer.observer());
    active = nullptr;
    if (!report)
        return reportError(options, report.error());
    if (options.json)
        std::cout << reportJson(*report).dump() << '\n';
    else
        printBatchReport(std::cout, *report);
    switch (report->state) {
    case store::BatchState::Done:
        return kExitOk;
    case store::BatchState::Failed:
        return kExitFailed;
    case store::BatchState::Cancelled:
        return kExitCancelled;
    default:
        break;
    }
    if (report->stopReason && report->stopReason->code == ErrorCode::Cancelled)
        return kExitCancelled;
    return report->stopReason ? exitCodeFor(report->stopReason->code) : kExitFailure;
}

void addNovelCommands(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto outline = std::make_shared<OutlineArgs>();
    CLI::App *o = app.add_subcommand(
        "outline", "Write the story bible (first time) and the chapter outline, in chunks");
    o->add_option("book", outline->book, "Book id or title (created with --premise if new)")
        ->required();
    o->add_option("--chapters", outline->chapters, "Outline the book up to this many chapters")
        ->required();
    o->add_option("--premise", outline->premise, "Premise of a new book");
    o->add_option("--genre", outline->genre, "Genre of a new book");
    o->add_option("--language", outline->language, "Language of a new book: en or zh");
    o->add_option("--style", outline->style, "Style guide of a new book");
    o->add_option("--chapter-length", outline->chapterLength,
                  "Target per chapter: words (en) or characters (zh)");
    o->add_option("--model", outline->model, "Model (default: the routing config's)");
    o->callback([&options, &exitCode, outline] { exitCode = runOutline(options, *outline, {}); });

    auto draft = std::make_shared<DraftArgs>();
    CLI::App *d = app.add_subcommand("draft", "Draft one chapter (or preview its prompt)");
    d->add_option("book", draft->book, "Book id or title")->required();
    d->add_option("chapter", draft->chapter, "Chapter number")->required();
    d->add_flag("--preview", draft->preview,
                "Print the assembled prompt with per-block token counts; send nothing");
    d->add_option("--save-prompt", draft->savePrompt,
                  "With --preview: write the prompt to FILE to edit");
    d->add_option("--prompt-file", draft->promptFile, "Send this (edited) prompt instead");
    d->add_flag("--finalize", draft->finalize,
                "Accept the draft: update summary, story so far and character states");
    d->add_option("--model", draft->model, "Model (default: the routing config's)");
    d->callback([&options, &exitCode, draft] { exitCode = runDraft(options, *draft); });

    auto finalize = std::make_shared<DraftArgs>();
    CLI::App *f = app.add_subcommand(
        "finalize", "Accept a chapter: update its summary, the story so far and character states");
    f->add_option("book", finalize->book, "Book id or title")->required();
    f->add_option("chapter", finalize->chapter, "Chapter number")->required();
    f->add_option("--model", finalize->model, "Model (default: the routing config's)");
    f->callback([&options, &exitCode, finalize] { exitCode = runFinalize(options, *finalize); });

    auto generate = std::make_shared<GenerateArgs>();
    CLI::App *g = app.add_subcommand(
        "generate", "Generate a range of chapters as a batch, with a forecast and a budget cap");
    g->add_option("book", generate->book, "Book id or title")->required();
    g->add_option("--chapters", generate->chapters, "Chapter range, e.g. 1-10");
    g->add_option("--mode", generate->mode,
                  "sequential (continuity) or parallel (from the outline)")
        ->check(CLI::IsMember({"sequential", "parallel"}));
    g->add_option("--concurrency", generate->concurrency, "Parallel drafts at a time")
        ->check(CLI::Range(1, 64));
    g->add_option("--budget", generate->budget,
                  "Spending cap in USD (default: the routing config's budget.max_usd); with "
                  "--resume it raises or lowers the batch's cap");
    g->add_flag("--forecast", generate->forecastOnly, "Print the forecast and stop");
    g->add_flag("--resume", generate->resume, "Continue the book's unfinished batch");
    g->add_option("--model", generate->model, "Model (default: the routing config's)");
    g->callback([&options, &exitCode, generate] {
        if (!generate->resume && generate->chapters.empty()) {
            exitCode = reportError(options,
                                   Error{ErrorCode::InvalidArgument,
                                         "generate needs --chapters A-B (or --resume).",
                                         {}});
            return;
        }
        exitCode = runGenerate(options, *generate, {});
    });

    addDemoCommand(app, options, exitCode);
}

} // namespace scriptorium::cli
