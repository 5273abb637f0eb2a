#include "quality_command.h"

#include "cli_context.h"
#include "novel_runtime.h"
#include "store/chapter_store.h"
#include "store/quality_store.h"
#include "util/measurement_text.h"

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct QualityArgs {
    std::string book;
    std::optional<int> chapter;
    bool rates = false;
    bool withIntentional = false;
    std::string source = "local";
};

nlohmann::json storedJson(const store::StoredFinding &f, int position)
{
    return {{"id", f.id},
            {"chapter", position},
            {"generation_id", f.generationId},
            {"source", f.source},
            {"kind", f.kind},
            {"severity", f.severity},
            {"begin", f.begin},
            {"end", f.end},
            {"evidence", f.evidence},
            {"reference", f.reference},
            {"detail", f.detail},
            {"intentional", f.intentional},
            {"provider", f.provider},
            {"model", f.model},
            {"precision", f.precision},
            {"degraded", f.degraded},
            {"created_at", f.createdAt}};
}

int runRates(const GlobalOptions &options, store::Database &db, const std::string &source)
{
    if (source != "local" && source != "audit")
        return reportError(options,
                           Error{ErrorCode::InvalidArgument,
                                 "--source is 'local' or 'audit', not '" + source + "'.",
                                 {}});
    auto rates = store::QualityStore(db).rates(std::nullopt, source);
    if (!rates)
        return reportError(options, rates.error());
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const store::QualityRate &r : *rates)
            list.push_back({{"provider", r.provider},
                            {"model", r.model},
                            {"precision", r.precision},
                            {"generations", r.generations},
                            {"output_tokens", r.outputTokens},
                            {"findings", r.findings},
                            {"by_kind", r.byKind},
                            {"per_10k_tokens", r.perTenThousand},
                            {"ci95_low", r.low},
                            {"ci95_high", r.high}});
        std::cout << nlohmann::json{{"source", source}, {"rates", list}}.dump() << '\n';
        return kExitOk;
    }
    if (rates->empty()) {
        std::cout << "No " << (source == "audit" ? "audited" : "checked")
                  << " generations in the library yet.\n";
        return kExitOk;
    }
    std::cout << "Findings (" << source << ") per 10,000 output tokens, 95 % interval\n"
              << "provider\tmodel\tprecision\tgenerations\toutput tokens\tfindings\tper 10k\t"
                 "95 % CI\tby kind\n";
    for (const store::QualityRate &r : *rates) {
        std::string kinds;
        for (const auto &[kind, count] : r.byKind)
            kinds += (kinds.empty() ? "" : ", ") + kind + " " + std::to_string(count);
        std::cout << r.provider << '\t' << r.model << '\t'
                  << (r.precision.empty() ? "?" : r.precision) << '\t' << r.generations << '\t'
                  << r.outputTokens << '\t' << r.findings << '\t' << fixedText(r.perTenThousand, 2)
                  << '\t' << fixedText(r.low, 2) << "–" << fixedText(r.high, 2) << '\t'
                  << (kinds.empty() ? "-" : kinds) << '\n';
    }
    return kExitOk;
}

int runQuality(const GlobalOptions &options, const QualityArgs &args)
{
    auto library = NovelRuntime::open(options);
    if (!library)
        return reportError(options, library.error());
    store::Database &db = (*library)->database();
    if (args.rates)
        return runRates(options, db, args.source);
    if (args.book.empty())
        return reportError(options,
                           Error{ErrorCode::InvalidArgument,
                                 "quality needs a book (scriptorium-cli quality BOOK), "
                                 "or --rates for the whole library.",
                                 {}});
    auto bookId = resolveBook(db, args.book);
    if (!bookId)
        return reportError(options, bookId.error());
    auto chapters = store::ChapterStore(db).list(*bookId);
    if (!chapters)
        return reportError(options, chapters.error());
    store::QualityStore quality(db);
    nlohmann::json list = nlohmann::json::array();
    bool found = false;
    for (const store::ChapterListItem &c : *chapters) {
        if (args.chapter && c.position != *args.chapter)
            continue;
        found = true;
        auto findings = quality.forChapter(c.id, args.withIntentional);
        if (!findings)
            return reportError(options, findings.error());
        if (options.json) {
            for (const store::StoredFinding &f : *findings)
                list.push_back(storedJson(f, c.position));
            continue;
        }
        if (findings->empty())
            continue;
        std::cout << "Chapter " << c.position << (c.title.empty() ? "" : " \"" + c.title + "\"")
                  << ": " << findings->size()
                  << (findings->size() == 1 ? " finding\n" : " findings\n");
        std::optional<std::int64_t> generation;
        for (const store::StoredFinding &f : *findings) {
            if (generation != f.generationId) {
                generation = f.generationId;
                std::cout << "  generation " << f.generationId << ": "
                          << (f.provider.empty() ? "unknown provider" : f.provider) << ' '
                          << (f.precision.empty() ? "unknown precision" : f.precision) << ", "
                          << f.model << (f.degraded ? ", degraded" : "") << '\n';
            }
            std::cout << "    #" << f.id << "  " << f.source << "  " << f.kind << "  " << f.severity
                      << (f.intentional ? "  (intentional)" : "") << "  bytes " << f.begin << "–"
                      << f.end << "\n        \"" << f.evidence << "\"\n";
            if (!f.reference.empty())
                std::cout << "        reference: \"" << f.reference << "\"\n";
            if (!f.detail.empty())
                std::cout << "        " << f.detail << '\n';
        }
    }
    if (args.chapter && !found)
        return reportError(options,
                           Error{ErrorCode::NotFound,
                                 "This book has no chapter " + std::to_string(*args.chapter)
                                     + "; run 'scriptorium-cli chapter list' to see "
                                       "them.",
                                 {}});
    if (options.json)
        std::cout << nlohmann::json{{"book_id", *bookId}, {"findings", list}}.dump() << '\n';
    return kExitOk;
}

} // namespace

void addQualityCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<QualityArgs>();
    CLI::App *cmd = app.add_subcommand(
        "quality",
        "Stored quality findings of a book (local checks and continuity audit) with "
        "the provider and precision that wrote each text, or --rates");
    cmd->add_option("book", args->book, "Book id or title");
    cmd->add_option("--chapter", args->chapter, "Only this chapter");
    cmd->add_flag("--intentional", args->withIntentional, "Also list findings marked intentional");
    cmd->add_flag("--rates", args->rates,
                  "Finding rates per provider × model × precision over the whole library");
    cmd->add_option("--source", args->source, "With --rates: local (default) or audit");
    cmd->callback([&options, &exitCode, args] { exitCode = runQuality(options, *args); });
}

} // namespace scriptorium::cli
