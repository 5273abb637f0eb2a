#include "audit_command.h"

#include "cli_context.h"
#include "novel/continuity_audit.h"
#include "novel/shared_database.h"
#include "novel_display.h"
#include "novel_runtime.h"
#include "routing/api_key.h"
#include "store/chapter_store.h"
#include "store/quality_store.h"

#include <charconv>
#include <iostream>
#include <string>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

QualityRuntime::QualityRuntime() = default;
QualityRuntime::QualityRuntime(QualityRuntime &&) noexcept = default;
QualityRuntime::~QualityRuntime()
{
    // The routing core records into the library: it goes first.
    pipeline.reset();
}

Result<QualityRuntime> startQualityRuntime(const GlobalOptions &options,
                                           routing::RoutingConfig config, const std::string &model,
                                           std::optional<double> budgetUsd)
{
    QualityRuntime runtime;
    auto library = NovelRuntime::open(options);
    if (!library)
        return fail(library.error());
    runtime.library = std::move(*library);
    auto key = routing::ApiKey::fromEnvironment();
    if (!key)
        return fail(key.error());
    novel::RoutingSetup setup;
    setup.apiKey = *key;
    setup.baseUrl = cliBaseUrl(options);
    setup.config = std::move(config);
    setup.model = model;
    setup.budgetUsd = budgetUsd;
    auto pipeline = novel::PipelineRuntime::start(runtime.library->shared(), std::move(setup));
    if (!pipeline)
        return fail(pipeline.error());
    runtime.pipeline = std::move(*pipeline);
    return runtime;
}

Error budgetMustBePositive()
{
    return Error{ErrorCode::InvalidArgument,
                 "A budget must be more than $0; pass --budget 0.5 for fifty cents.",
                 {}};
}

Result<BookRun> startBookRun(const GlobalOptions &options, const std::string &book,
                             const std::string &model, std::optional<double> budgetUsd)
{
    if (budgetUsd && !(*budgetUsd > 0))
        return fail(budgetMustBePositive());
    auto config = loadRoutingConfig(options);
    if (!config)
        return fail(config.error());
    auto runtime = startQualityRuntime(options, std::move(*config), model, budgetUsd);
    if (!runtime)
        return fail(runtime.error());
    auto bookId
        = runtime->library->shared().with([&](store::Database &d) { return resolveBook(d, book); });
    if (!bookId)
        return fail(bookId.error());
    return BookRun{std::move(*runtime), *bookId};
}

namespace {

struct AuditArgs {
    std::string book;
    std::string chapters;
    std::string model;
    std::optional<double> budget;
    bool forecastOnly = false;
    bool yes = false;
    std::optional<std::int64_t> intentional;
    std::optional<std::int64_t> notIntentional;
};

/// "4" or "2-7" (also with an en dash); nullopt otherwise.
std::optional<std::pair<int, int>> chapterRange(std::string_view text)
{
    const auto number = [](std::string_view part) -> std::optional<int> {
        int value = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (ec != std::errc() || end != part.data() + part.size() || value < 1)
            return std::nullopt;
        return value;
    };
    std::size_t dash = text.find('-');
    std::size_t width = 1;
    if (dash == std::string_view::npos) {
        dash = text.find("\xE2\x80\x93");
        width = 3;
    }
    if (dash == std::string_view::npos) {
        const auto single = number(text);
        if (!single)
            return std::nullopt;
        return std::pair{*single, *single};
    }
    const auto first = number(text.substr(0, dash));
    const auto last = number(text.substr(dash + width));
    if (!first || !last || *last < *first)
        return std::nullopt;
    return std::pair{*first, *last};
}

nlohmann::json rangeJson(const novel::ForecastRange &r)
{
    return {{"low", r.low}, {"expected", r.expected}, {"high", r.high}};
}

nlohmann::json auditForecastJson(const novel::AuditForecast &f, int first, int last)
{
    return {{"first_chapter", first},
            {"last_chapter", last},
            {"chapters", f.chapters},
            {"basis", f.basis},
            {"prompt_tokens", rangeJson(f.promptTokens)},
            {"completion_tokens", rangeJson(f.completionTokens)},
            {"cost_usd", rangeJson(f.costUsd)}};
}

void printAuditForecast(const novel::AuditForecast &f, int first, int last)
{
    std::cout << "Audit of chapters " << first << "–" << last << ": " << f.chapters
              << (f.chapters == 1 ? " chapter" : " chapters") << " with text\n"
              << "  prompt      ~" << static_cast<long long>(f.promptTokens.expected) << " tokens\n"
              << "  output      ~" << static_cast<long long>(f.completionTokens.expected)
              << " tokens (up to " << static_cast<long long>(f.completionTokens.high) << ", "
              << (f.basis == "history" ? "from this book's earlier audits" : "a first guess")
              << ")\n"
              << "  price       " << formatUsd(f.costUsd.expected) << " ("
              << formatUsd(f.costUsd.low) << " – " << formatUsd(f.costUsd.high) << ")\n";
}

nlohmann::json findingJson(const store::StoredFinding &f)
{
    return {{"id", f.id},
            {"generation_id", f.generationId},
            {"kind", f.kind},
            {"severity", f.severity},
            {"begin", f.begin},
            {"end", f.end},
            {"chapter_quote", f.evidence},
            {"reference_quote", f.reference},
            {"explanation", f.detail},
            {"intentional", f.intentional},
            {"provider", f.provider},
            {"model", f.model},
            {"precision", f.precision},
            {"degraded", f.degraded}};
}

nlohmann::json unstoredJson(const novel::AuditFinding &f)
{
    return {{"id", nullptr},
            {"kind", novel::qualityKindName(f.finding.kind)},
            {"severity", novel::qualitySeverityName(f.finding.severity)},
            {"begin", f.finding.begin},
            {"end", f.finding.end},
            {"chapter_quote", f.finding.evidence},
            {"reference_quote", f.reference},
            {"explanation", f.finding.detail},
            {"located", f.located}};
}

void printFinding(const std::string &id, std::string_view severity, const std::string &chapter,
                  const std::string &reference, const std::string &why, bool intentional)
{
    std::cout << "  " << id << "  " << severity << (intentional ? "  (intentional, hidden)" : "")
              << "\n      chapter:   \"" << chapter << "\"\n      reference: \""
              << (reference.empty() ? "-" : reference) << "\"\n      why:       " << why << '\n';
}

int markIntentional(const GlobalOptions &options, std::int64_t id, bool intentional)
{
    auto library = NovelRuntime::open(options);
    if (!library)
        return reportError(options, library.error());
    if (auto ok = store::QualityStore((*library)->database()).setIntentional(id, intentional); !ok)
        return reportError(options, ok.error());
    if (options.json) {
        std::cout << nlohmann::json{{"id", id}, {"intentional", intentional}}.dump() << '\n';
    } else if (intentional) {
        std::cout << "Finding " << id
                  << " is marked intentional: it is hidden and not counted, and the same "
                     "finding stays hidden when the chapter is regenerated and audited again.\n";
    } else {
        std::cout << "Finding " << id << " is shown and counted again.\n";
    }
    return kExitOk;
}

int runAuditCommand(const GlobalOptions &options, const AuditArgs &args)
{
    if (args.intentional)
        return markIntentional(options, *args.intentional, true);
    if (args.notIntentional)
        return markIntentional(options, *args.notIntentional, false);
    if (args.book.empty())
        return reportError(options,
                           Error{ErrorCode::InvalidArgument,
                                 "audit needs a book: scriptorium-cli audit BOOK "
                                 "[--chapters A-B], or --intentional FINDING_ID.",
                                 {}});
    auto run = startBookRun(options, args.book, args.model, args.budget);
    if (!run)
        return reportError(options, run.error());
    novel::SharedDatabase &db = run->runtime.library->shared();

    int first = 1;
    int last = 0;
    if (!args.chapters.empty()) {
        const auto range = chapterRange(args.chapters);
        if (!range)
            return reportError(options,
                               Error{ErrorCode::InvalidArgument,
                                     "'" + args.chapters
                                         + "' is not a chapter range; write it like "
                                           "2-7 or 4.",
                                     {}});
        std::tie(first, last) = *range;
    } else {
        auto chapters
            = db.with([&](store::Database &d) { return store::ChapterStore(d).list(run->bookId); });
        if (!chapters)
            return reportError(options, chapters.error());
        last = static_cast<int>(chapters->size());
        if (last == 0)
            return reportError(
                options,
                Error{ErrorCode::InvalidArgument, "This book has no chapters to audit yet.", {}});
    }

    novel::PipelineContext context = run->runtime.pipeline->context(novel::PipelineOptions{});
    const auto forecast = novel::forecastAudit(db, context.prompts, run->bookId, first, last,
                                               run->runtime.pipeline->catalogBasis(0));
    if (!forecast)
        return reportError(options, forecast.error());
    nlohmann::json out
        = {{"book_id", run->bookId}, {"forecast", auditForecastJson(*forecast, first, last)}};
    if (!options.json)
        printAuditForecast(*forecast, first, last);
    if (forecast->chapters == 0)
        return reportError(options,
                           Error{ErrorCode::InvalidArgument,
                                 "Chapters " + std::to_string(first) + "–" + std::to_string(last)
                                     + " have no text to audit; draft them first.",
                                 {}});
    if (args.budget && forecast->costUsd.low > *args.budget && !options.json)
        std::cout << "  note        the budget of " << formatUsd(*args.budget)
                  << " is below even the lowest forecast; the audit stops when it is spent.\n";
    if (const auto stop
        = passPaidGate(options, out, forecast->costUsd.expected,
                       PaidGate{args.forecastOnly, args.yes, "Run the audit",
                                "the audit is paid and was not run", "Not audited"}))
        return *stop;

    nlohmann::json chapters = nlohmann::json::array();
    double spent = 0;
    int findings = 0;
    std::optional<Error> stopped;
    for (int position = first; position <= last; ++position) {
        auto audit = novel::auditChapter(context, run->bookId, position);
        if (!audit) {
            // Empty chapters are skipped; a missing one ends the range.
            if (audit.error().code == ErrorCode::InvalidArgument)
                continue;
            if (audit.error().code == ErrorCode::NotFound)
                break;
            stopped = audit.error();
            break;
        }
        spent += audit->run.costUsd;
        nlohmann::json list = nlohmann::json::array();
        if (audit->writingGenerationId) {
            for (const store::StoredFinding &f : audit->stored) {
                list.push_back(findingJson(f));
                findings += f.intentional ? 0 : 1;
            }
        } else {
            for (const novel::AuditFinding &f : audit->run.findings)
                list.push_back(unstoredJson(f));
            findings += static_cast<int>(audit->run.findings.size());
        }
        chapters.push_back(
            {{"position", position},
             {"chapter_id", audit->chapterId},
             {"writing_generation_id",
              audit->writingGenerationId ? nlohmann::json(*audit->writingGenerationId)
                                         : nlohmann::json(nullptr)},
             {"audit_generation_ids", audit->run.auditGenerationIds},
             {"cost_usd", audit->run.costUsd},
             {"findings", list}});
        if (options.json)
            continue;
        std::cout << "\nChapter " << position << ": " << list.size()
                  << (list.size() == 1 ? " finding" : " findings") << " ("
                  << formatUsd(audit->run.costUsd);
        if (!audit->stored.empty())
            std::cout << "; text written by " << audit->stored.front().provider << ' '
                      << (audit->stored.front().precision.empty()
                              ? "unknown precision"
                              : audit->stored.front().precision);
        std::cout << ")\n";
        if (!audit->writingGenerationId && !audit->run.findings.empty())
            std::cout << "  (not stored: no generation in the library wrote this chapter's "
                         "text)\n";
        if (audit->writingGenerationId) {
            for (const store::StoredFinding &f : audit->stored)
                printFinding("#" + std::to_string(f.id), f.severity, f.evidence, f.reference,
                             f.detail, f.intentional);
        } else {
            for (const novel::AuditFinding &f : audit->run.findings)
                printFinding("-", novel::qualitySeverityName(f.finding.severity),
                             f.finding.evidence, f.reference, f.finding.detail, false);
        }
    }
    out["chapters"] = chapters;
    out["cost_usd"] = spent;
    out["findings"] = findings;
    if (stopped)
        out["stopped"] = {{"code", errorCodeName(stopped->code)}, {"message", stopped->message}};
    if (options.json) {
        std::cout << out.dump() << '\n';
    } else {
        std::cout << "\nAudited " << chapters.size() << " chapters: " << findings
                  << (findings == 1 ? " finding" : " findings") << ", " << formatUsd(spent)
                  << " spent.";
        if (findings > 0)
            std::cout << " Mark one that is meant with: scriptorium-cli audit --intentional ID";
        std::cout << '\n';
    }
    if (stopped) {
        if (!options.json)
            std::cerr << "scriptorium-cli: the audit stopped: " << stopped->message << '\n';
        return exitCodeFor(stopped->code);
    }
    return kExitOk;
}

} // namespace

std::optional<int> passPaidGate(const GlobalOptions &options, const nlohmann::json &report,
                                double expectedUsd, const PaidGate &gate)
{
    if (gate.forecastOnly) {
        if (options.json)
            std::cout << report.dump() << '\n';
        return kExitOk;
    }
    if (gate.yes)
        return std::nullopt;
    if (options.json || !isatty(STDIN_FILENO)) {
        if (options.json)
            std::cout << report.dump() << '\n';
        std::cerr << "scriptorium-cli: " << gate.notRun
                  << "; pass --yes to go on for the price above.\n";
        return kExitUsage;
    }
    std::cout << gate.action << " for about " << formatUsd(expectedUsd) << "? [y/N] " << std::flush;
    std::string answer;
    if (std::getline(std::cin, answer)
        && (answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes"))
        return std::nullopt;
    std::cout << gate.declined << "; nothing was sent.\n";
    return kExitOk;
}

void addAuditCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<AuditArgs>();
    CLI::App *cmd = app.add_subcommand(
        "audit",
        "Continuity audit (paid): check chapters against the story bible, the "
        "character states and earlier summaries, with evidence from both sides");
    cmd->add_option("book", args->book, "Book id or title");
    cmd->add_option("--chapters", args->chapters, "Chapter range, e.g. 2-7 (default: all)");
    cmd->add_option("--model", args->model, "Model that audits (default: the config's)");
    cmd->add_option("--budget", args->budget, "Spending cap in USD for this audit");
    cmd->add_flag("--forecast", args->forecastOnly, "Print the price and stop");
    cmd->add_flag("--yes", args->yes, "Run without asking to confirm the price");
    auto *on = cmd->add_option("--intentional", args->intentional,
                               "Mark finding ID as intentional: never shown again");
    auto *off = cmd->add_option("--not-intentional", args->notIntentional,
                                "Take back an intentional mark");
    on->excludes(off);
    cmd->callback([&options, &exitCode, args] { exitCode = runAuditCommand(options, *args); });
}

} // namespace scriptorium::cli
