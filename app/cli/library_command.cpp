#include "library_command.h"

#include "cli_context.h"
#include "store/backup.h"
#include "store/database.h"
#include "store/search.h"
#include "store/stats.h"
#include "store/stats_table.h"
#include "util/measurement_text.h"
#include "writing_command.h"

#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct SearchArgs {
    std::int64_t book = 0;
    std::string query;
    int limit = 20;
};

struct StatsArgs {
    std::string since = "24h";
    std::optional<std::int64_t> book;
    bool writing = false;
    WritingStatsArgs writingArgs{};
};

struct BackupArgs {
    std::string out;
};

struct RestoreArgs {
    std::string file;
};

Result<std::int64_t> parseDuration(const std::string &text)
{
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    const std::string unit = text.substr(used);
    std::int64_t ms = 0;
    if (unit == "m")
        ms = 60LL * 1000;
    else if (unit == "h")
        ms = 3600LL * 1000;
    else if (unit == "d")
        ms = 24LL * 3600 * 1000;
    else if (unit == "w")
        ms = 7LL * 24 * 3600 * 1000;
    if (used == 0 || ms == 0 || value <= 0) {
        return fail(ErrorCode::InvalidArgument,
                    "cannot read the duration '" + text
                        + "': use a number and m, h, d or w, "
                          "e.g. 24h or 30d");
    }
    return value * ms;
}

// The same fields as the dashboard's table (store/stats_table.h).
nlohmann::json statsJson(const store::ProviderStats &s)
{
    return store::statsRowJson(s);
}

// One row of the dashboard's table, columns and formatting shared with it (stats_table.h).
void printStatsRow(const store::ProviderStats &s)
{
    bool first = true;
    for (store::StatsColumn column : store::statsColumns()) {
        std::cout << (first ? "" : "\t") << store::statsCell(s, column);
        first = false;
    }
    std::cout << '\n';
}

void printStatsHeader()
{
    bool first = true;
    for (store::StatsColumn column : store::statsColumns()) {
        std::cout << (first ? "" : "\t") << store::statsColumnHeader(column);
        first = false;
    }
    std::cout << '\n';
}

int runSearch(const GlobalOptions &options, const SearchArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto hits = store::search(**db, args.query,
                              store::SearchOptions{.bookId = args.book, .limit = args.limit});
    if (!hits)
        return reportError(options, hits.error());
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const store::SearchHit &h : *hits) {
            rows.push_back(
                {{"kind", h.kind},
                 {"id", h.refId},
                 {"book", h.bookId},
                 {"chapter",
                  h.chapterPosition ? nlohmann::json(*h.chapterPosition) : nlohmann::json(nullptr)},
                 {"title", h.title},
                 {"snippet", h.snippet}});
        }
        std::cout << nlohmann::json{{"query", args.query}, {"hits", rows}}.dump() << '\n';
        return kExitOk;
    }
    if (hits->empty())
        std::cout << "no matches for '" << args.query << "'\n";
    for (const store::SearchHit &h : *hits) {
        if (h.chapterPosition)
            std::cout << "chapter " << *h.chapterPosition;
        else
            std::cout << h.kind;
        std::cout << "\t" << h.title << "\n\t" << h.snippet << '\n';
    }
    return kExitOk;
}

int runStats(const GlobalOptions &options, const StatsArgs &args)
{
    auto window = parseDuration(args.since);
    if (!window)
        return reportError(options, window.error());
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    const std::int64_t now = store::nowMs();
    auto report = store::queryProviderStats(
        **db, store::StatsQuery{.sinceMs = now - *window, .untilMs = now + 1, .bookId = args.book});
    if (!report)
        return reportError(options, report.error());
    std::optional<std::vector<store::LedgerRow>> ledger;
    if (args.book) {
        auto rows = store::costLedger(**db, args.book);
        if (!rows)
            return reportError(options, rows.error());
        ledger = std::move(*rows);
    }
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const store::ProviderStats &s : report->rows)
            rows.push_back(statsJson(s));
        nlohmann::json out = {{"since_ms", report->sinceMs},
                              {"until_ms", report->untilMs},
                              {"providers", rows},
                              {"total", statsJson(report->total)}};
        if (ledger) {
            nlohmann::json entries = nlohmann::json::array();
            for (const store::LedgerRow &r : *ledger) {
                entries.push_back({{"chapter",
                                    r.chapterPosition ? nlohmann::json(*r.chapterPosition)
                                                      : nlohmann::json(nullptr)},
                                   {"stage", r.stage},
                                   {"generations", r.generations},
                                   {"attempts", r.attempts},
                                   {"failed_attempts", r.failedAttempts},
                                   {"cost_usd", r.costUsd},
                                   {"estimated_usd", r.estimatedUsd}});
            }
            out["ledger"] = entries;
        }
        std::cout << out.dump() << '\n';
        return kExitOk;
    }
    printStatsHeader();
    for (const store::ProviderStats &s : report->rows)
        printStatsRow(s);
    printStatsRow(report->total);
    if (ledger) {
        std::cout << "\nchapter\tstage\tgenerations\tattempts\tfailed\tcost USD\testimated USD\n";
        for (const store::LedgerRow &r : *ledger) {
            std::cout << (r.chapterPosition ? std::to_string(*r.chapterPosition) : "-") << '\t'
                      << r.stage << '\t' << r.generations << '\t' << r.attempts << '\t'
                      << r.failedAttempts << '\t' << fixedText(r.costUsd, 4) << '\t'
                      << fixedText(r.estimatedUsd, 4) << '\n';
        }
    }
    return kExitOk;
}

int runBackup(const GlobalOptions &options, const BackupArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    std::filesystem::path out;
    if (args.out.empty()) {
        auto made = store::backupNow(**db, store::nowMs());
        if (!made)
            return reportError(options, made.error());
        out = *made;
    } else {
        out = args.out;
        if (auto s = store::backupTo(**db, out); !s)
            return reportError(options, s.error());
    }
    if (options.json)
        std::cout << nlohmann::json{{"backup", out.string()}}.dump() << '\n';
    else
        std::cout << "backed up to " << out.string() << '\n';
    return kExitOk;
}

int runRestore(const GlobalOptions &options, const RestoreArgs &args)
{
    const auto library = libraryPath(options);
    auto safety = store::restoreBackup(library, args.file, store::nowMs());
    if (!safety)
        return reportError(options, safety.error());
    if (options.json) {
        std::cout << nlohmann::json{{"restored", args.file},
                                    {"library", library.string()},
                                    {"previous", safety->string()}}
                         .dump()
                  << '\n';
    } else {
        std::cout << "restored " << library.string() << " from " << args.file
                  << "; the previous file was kept as " << safety->string() << '\n';
    }
    return kExitOk;
}

} // namespace

std::filesystem::path libraryPath(const GlobalOptions &options)
{
    return options.db.empty() ? store::defaultLibraryPath() : std::filesystem::path(options.db);
}

Result<std::unique_ptr<store::Database>> openLibrary(const GlobalOptions &options)
{
    auto db = store::Database::open(libraryPath(options));
    if (!db)
        return db;
    if (auto made = store::autoBackup(**db, store::AutoBackupPolicy{}, store::nowMs()); !made) {
        std::cerr << "scriptorium-cli: warning: the daily backup failed: " << made.error().message
                  << '\n';
    }
    return db;
}

void addLibraryCommands(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto search = std::make_shared<SearchArgs>();
    CLI::App *searchCmd
        = app.add_subcommand("search", "Find text in a book's chapters and story bible");
    searchCmd->add_option("book", search->book, "Book id")->required();
    searchCmd->add_option("query", search->query, "Words to find (all must match)")->required();
    searchCmd->add_option("--limit", search->limit, "Most hits to show")->capture_default_str();
    searchCmd->callback([&options, &exitCode, search] { exitCode = runSearch(options, *search); });

    auto stats = std::make_shared<StatsArgs>();
    CLI::App *statsCmd = app.add_subcommand(
        "stats", "Speed, reliability and cost per provider, model and precision");
    statsCmd->add_option("--since", stats->since, "Window: 30m, 24h, 7d, 4w")
        ->capture_default_str();
    statsCmd->add_option("--book", stats->book, "Only this book's generations, with its ledger");
    // Goals and sessions (issue 16): the writer's own output instead of the providers'.
    statsCmd->add_flag("--writing", stats->writing,
                       "What was written per day, by hand and accepted, with goal and streak");
    statsCmd->add_option("writing_book", stats->writingArgs.book,
                         "With --writing: book id or title (default: every book)");
    statsCmd->add_option("--days", stats->writingArgs.days, "With --writing: days to list")
        ->capture_default_str();
    statsCmd->add_option("--goal", stats->writingArgs.goal,
                         "With --writing: set the book's daily goal (0 removes it)");
    statsCmd->add_option("--session-goal", stats->writingArgs.sessionGoal,
                         "With --writing: set the book's goal per writing session");
    statsCmd->callback([&options, &exitCode, stats] {
        if (stats->writing) {
            exitCode = runWritingStats(options, stats->writingArgs);
            return;
        }
        if (!stats->writingArgs.book.empty() || stats->writingArgs.goal
            || stats->writingArgs.sessionGoal) {
            exitCode = reportError(options,
                                   fail(ErrorCode::InvalidArgument,
                                        "a book, --goal and --session-goal go with --writing, e.g. "
                                        "'scriptorium-cli stats --writing 1 --goal 500'")
                                       .error());
            return;
        }
        exitCode = runStats(options, *stats);
    });

    auto backup = std::make_shared<BackupArgs>();
    CLI::App *backupCmd = app.add_subcommand(
        "backup", "Copy the library safely while it may be in use (default: its backups folder)");
    backupCmd->add_option("--out", backup->out, "Backup file to write")->type_name("FILE");
    backupCmd->callback([&options, &exitCode, backup] { exitCode = runBackup(options, *backup); });

    auto restore = std::make_shared<RestoreArgs>();
    CLI::App *restoreCmd = app.add_subcommand(
        "restore", "Replace the library with a backup (the current file is kept beside it)");
    restoreCmd->add_option("file", restore->file, "Backup file")->required();
    restoreCmd->callback(
        [&options, &exitCode, restore] { exitCode = runRestore(options, *restore); });
}

} // namespace scriptorium::cli
