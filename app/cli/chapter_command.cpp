#include "chapter_command.h"

#include "beat_command.h"
#include "cli_context.h"
#include "library_command.h"
#include "store/beat_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/revision_store.h"
#include "util/utf8.h"

#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct ChapterArgs {
    std::int64_t book = 0;
    int number = 0;
};

struct SetArgs {
    std::int64_t book = 0;
    int number = 0;
    std::optional<std::string> title;
    std::optional<std::string> outline;
    std::optional<std::string> bodyFile;
    std::optional<std::string> status;
    std::optional<std::string> summary;
};

struct RestoreArgs {
    std::int64_t book = 0;
    int number = 0;
    std::int64_t revision = 0;
};

std::string isoTime(std::int64_t ms)
{
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

Result<std::string> readBody(const std::string &path)
{
    std::string text;
    if (path == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            return fail(ErrorCode::NotFound,
                        "cannot read '" + path + "': check the path and that you may read it");
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = std::move(buffer).str();
    }
    if (!utf8::isValid(text)) {
        return fail(ErrorCode::Parse,
                    "'" + path
                        + "' is not valid UTF-8: convert it to UTF-8 "
                          "(or import a GB18030 file with 'book import')");
    }
    return text;
}

Status requireBook(store::Database &db, std::int64_t book)
{
    auto found = store::BookStore(db).get(book);
    if (!found)
        return fail(found.error());
    return {};
}

nlohmann::json chapterJson(const store::ChapterListItem &c)
{
    return {{"id", c.id},
            {"number", c.position},
            {"title", c.title},
            {"status", store::chapterStatusName(c.status)},
            {"length", c.bodyLength},
            {"target_length", c.targetLength ? nlohmann::json(*c.targetLength) : nullptr},
            {"updated_at_ms", c.updatedAt}};
}

int runList(const GlobalOptions &options, const ChapterArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    if (auto s = requireBook(**db, args.book); !s)
        return reportError(options, s.error());
    auto list = store::ChapterStore(**db).list(args.book);
    if (!list)
        return reportError(options, list.error());
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const store::ChapterListItem &c : *list)
            rows.push_back(chapterJson(c));
        std::cout << nlohmann::json{{"book", args.book}, {"chapters", rows}}.dump() << '\n';
        return kExitOk;
    }
    if (list->empty())
        std::cout
            << "no chapters yet: add one with 'scriptorium-cli chapter set BOOK 1 --title T'\n";
    for (const store::ChapterListItem &c : *list) {
        std::cout << c.position << '\t' << c.title << '\t' << store::chapterStatusName(c.status)
                  << '\t' << c.bodyLength;
        if (c.targetLength)
            std::cout << '/' << *c.targetLength;
        std::cout << '\n';
    }
    return kExitOk;
}

int runShow(const GlobalOptions &options, const ChapterArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto c = store::ChapterStore(**db).getAt(args.book, args.number);
    if (!c)
        return reportError(options, c.error());
    auto beats = store::BeatStore(**db).list(c->id);
    if (!beats)
        return reportError(options, beats.error());
    if (options.json) {
        nlohmann::json beatRows = nlohmann::json::array();
        for (const store::Beat &b : *beats)
            beatRows.push_back({{"number", b.position + 1},
                                {"text", b.text},
                                {"pov", b.pov},
                                {"location", b.location}});
        std::cout << nlohmann::json{{"chapter",
                                     {{"id", c->id},
                                      {"book", c->bookId},
                                      {"number", c->position},
                                      {"title", c->title},
                                      {"status", store::chapterStatusName(c->status)},
                                      {"outline", c->outline},
                                      {"beats", beatRows},
                                      {"summary", c->summary},
                                      {"end_state", c->endState},
                                      {"length", c->bodyLength},
                                      {"body_source", store::bodySourceName(c->bodySource)},
                                      {"body", c->body}}}}
                         .dump()
                  << '\n';
        return kExitOk;
    }
    std::cout << "# " << c->position << ". " << c->title << "  ["
              << store::chapterStatusName(c->status) << ", " << c->bodyLength << "]\n";
    if (!c->outline.empty())
        std::cout << "\nOutline: " << c->outline << '\n';
    for (const store::Beat &b : *beats)
        std::cout << (b.position == 0 ? "\nBeats:\n" : "") << "  " << b.position + 1 << ". "
                  << b.text << '\n';
    std::cout << '\n' << c->body << '\n';
    return kExitOk;
}

int runSet(const GlobalOptions &options, const SetArgs &args)
{
    std::optional<std::string> body;
    if (args.bodyFile) {
        auto read = readBody(*args.bodyFile);
        if (!read)
            return reportError(options, read.error());
        body = std::move(*read);
    }
    std::optional<store::ChapterStatus> status;
    if (args.status) {
        auto parsed = store::chapterStatusFromName(*args.status);
        if (!parsed)
            return reportError(options, parsed.error());
        status = *parsed;
    }
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    store::ChapterStore chapters(**db);
    bool created = false;
    auto result = store::inTransaction(**db, [&]() -> Result<std::int64_t> {
        auto existing = chapters.getAt(args.book, args.number);
        if (!existing) {
            if (existing.error().code != ErrorCode::NotFound)
                return fail(existing.error());
            // One past the last chapter creates it.
            auto list = chapters.list(args.book);
            if (!list)
                return fail(list.error());
            if (auto s = requireBook(**db, args.book); !s)
                return fail(s.error());
            if (args.number != static_cast<int>(list->size()) + 1) {
                return fail(ErrorCode::NotFound,
                            "book " + std::to_string(args.book) + " has no chapter "
                                + std::to_string(args.number) + "; the next new chapter is "
                                + std::to_string(list->size() + 1));
            }
            auto id = chapters.add(args.book, store::Chapter{.position = args.number});
            if (!id)
                return id;
            created = true;
            existing = chapters.get(*id);
            if (!existing)
                return fail(existing.error());
        }
        store::Chapter c = *existing;
        if (args.title)
            c.title = *args.title;
        if (args.outline)
            c.outline = *args.outline;
        if (args.summary)
            c.summary = *args.summary;
        if (status)
            c.status = *status;
        if (auto s = chapters.updateMeta(c); !s)
            return fail(s.error());
        if (body) {
            auto replaced = chapters.replaceBody(c.id, *body, store::BodySource::Writer);
            if (!replaced)
                return fail(replaced.error());
        }
        return c.id;
    });
    if (!result)
        return reportError(options, result.error());
    auto c = chapters.get(*result);
    if (!c)
        return reportError(options, c.error());
    if (options.json) {
        std::cout << nlohmann::json{{"chapter",
                                     {{"id", c->id},
                                      {"number", c->position},
                                      {"title", c->title},
                                      {"status", store::chapterStatusName(c->status)},
                                      {"length", c->bodyLength},
                                      {"created", created}}}}
                         .dump()
                  << '\n';
    } else {
        std::cout << (created ? "created" : "updated") << " chapter " << c->position << ": "
                  << c->title << '\n';
    }
    return kExitOk;
}

int runHistory(const GlobalOptions &options, const ChapterArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto c = store::ChapterStore(**db).getAt(args.book, args.number);
    if (!c)
        return reportError(options, c.error());
    auto revisions = store::RevisionStore(**db).list(c->id);
    if (!revisions)
        return reportError(options, revisions.error());
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const store::RevisionInfo &r : *revisions) {
            rows.push_back(
                {{"revision", r.id},
                 {"replaced_at_ms", r.createdAt},
                 {"replaced_by", store::bodySourceName(r.replacedBy)},
                 {"generation",
                  r.generationId ? nlohmann::json(*r.generationId) : nlohmann::json(nullptr)},
                 {"bytes", r.bytes}});
        }
        std::cout << nlohmann::json{{"chapter", c->position}, {"revisions", rows}}.dump() << '\n';
        return kExitOk;
    }
    if (revisions->empty())
        std::cout << "chapter " << c->position << " has no earlier versions yet\n";
    for (const store::RevisionInfo &r : *revisions) {
        std::cout << r.id << '\t' << isoTime(r.createdAt) << "\treplaced by "
                  << store::bodySourceName(r.replacedBy);
        if (r.generationId)
            std::cout << " #" << *r.generationId;
        std::cout << '\t' << r.bytes << " bytes\n";
    }
    return kExitOk;
}

/// Why each generation of the chapter went where it went: per attempt the routing strategy,
/// the order sent, what served it and the reason, and OpenRouter's failed tries inside it.
int runRouting(const GlobalOptions &options, const ChapterArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto c = store::ChapterStore(**db).getAt(args.book, args.number);
    if (!c)
        return reportError(options, c.error());
    store::GenerationStore generations(**db);
    auto list = generations.listForChapter(c->id);
    if (!list)
        return reportError(options, list.error());
    nlohmann::json rows = nlohmann::json::array();
    for (const store::GenerationRecord &g : *list) {
        auto attempts = generations.attempts(g.id);
        if (!attempts)
            return reportError(options, attempts.error());
        for (const store::AttemptRecord &a : *attempts) {
            const nlohmann::json prefs
                = nlohmann::json::parse(a.providerPreferences, nullptr, false);
            const nlohmann::json internal
                = nlohmann::json::parse(a.internalAttempts, nullptr, false);
            nlohmann::json row
                = {{"generation", g.id},
                   {"stage", g.stage},
                   {"attempt", a.index},
                   {"started_at_ms", a.t0Ms},
                   {"strategy", a.routingStrategy},
                   {"order",
                    prefs.is_object() ? prefs.value("order", nlohmann::json::array())
                                      : nlohmann::json::array()},
                   {"provider", a.provider},
                   {"precision", a.quantization},
                   {"error",
                    a.errorClass ? nlohmann::json(errorCodeName(*a.errorClass))
                                 : nlohmann::json(nullptr)},
                   {"reason", a.routingReason},
                   {"internal_attempts", internal.is_array() ? internal : nlohmann::json::array()}};
            rows.push_back(std::move(row));
        }
    }
    if (options.json) {
        std::cout << nlohmann::json{{"chapter", c->position}, {"attempts", rows}}.dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
        return kExitOk;
    }
    if (rows.empty())
        std::cout << "chapter " << c->position << " has not been generated yet\n";
    for (const nlohmann::json &r : rows) {
        std::cout << '#' << r["generation"].get<std::int64_t>() << ' '
                  << r["stage"].get<std::string>() << " attempt " << r["attempt"].get<int>() << ' '
                  << isoTime(r["started_at_ms"].get<std::int64_t>()) << ": "
                  << (r["provider"].get<std::string>().empty() ? std::string("(no provider)")
                                                               : r["provider"].get<std::string>());
        if (!r["precision"].get<std::string>().empty())
            std::cout << ' ' << r["precision"].get<std::string>();
        if (!r["error"].is_null())
            std::cout << " [" << r["error"].get<std::string>() << ']';
        std::cout << "\n  " << r["strategy"].get<std::string>() << " order:";
        for (const nlohmann::json &tag : r["order"])
            std::cout << ' ' << tag.get<std::string>();
        std::cout << '\n';
        if (!r["reason"].get<std::string>().empty())
            std::cout << "  why: " << r["reason"].get<std::string>() << '\n';
        for (const nlohmann::json &ia : r["internal_attempts"]) {
            std::cout << "  OpenRouter tried " << ia.value("provider", std::string()) << ' '
                      << ia.value("endpoint", std::string()) << " first: HTTP "
                      << ia.value("status", 0) << '\n';
        }
    }
    return kExitOk;
}

int runRestore(const GlobalOptions &options, const RestoreArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto c = store::ChapterStore(**db).getAt(args.book, args.number);
    if (!c)
        return reportError(options, c.error());
    if (auto s = store::RevisionStore(**db).restore(c->id, args.revision); !s)
        return reportError(options, s.error());
    if (options.json) {
        std::cout << nlohmann::json{{"chapter", c->position}, {"restored", args.revision}}.dump()
                  << '\n';
    } else {
        std::cout << "restored revision " << args.revision << " into chapter " << c->position
                  << "; the text it replaced is kept in the history\n";
    }
    return kExitOk;
}

void addBookAndNumber(CLI::App *cmd, std::int64_t &book, int &number)
{
    cmd->add_option("book", book, "Book id")->required();
    cmd->add_option("n", number, "Chapter number (1-based)")
        ->required()
        ->check(CLI::PositiveNumber);
}

} // namespace

void addChapterCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    CLI::App *chapter
        = app.add_subcommand("chapter", "List, show, edit and restore chapters and their beats");
    chapter->require_subcommand(1);

    auto list = std::make_shared<ChapterArgs>();
    CLI::App *listCmd = chapter->add_subcommand("list", "List a book's chapters");
    listCmd->add_option("book", list->book, "Book id")->required();
    listCmd->callback([&options, &exitCode, list] { exitCode = runList(options, *list); });

    auto show = std::make_shared<ChapterArgs>();
    CLI::App *showCmd = chapter->add_subcommand("show", "Show a chapter with its text");
    addBookAndNumber(showCmd, show->book, show->number);
    showCmd->callback([&options, &exitCode, show] { exitCode = runShow(options, *show); });

    auto set = std::make_shared<SetArgs>();
    CLI::App *setCmd = chapter->add_subcommand(
        "set", "Change a chapter (N one past the last creates it); the old text is kept");
    addBookAndNumber(setCmd, set->book, set->number);
    setCmd->add_option("--title", set->title, "Title");
    setCmd->add_option("--outline", set->outline, "Outline");
    setCmd->add_option("--summary", set->summary, "Summary");
    setCmd->add_option("--status", set->status, "planned, drafted, generated, edited or final");
    setCmd->add_option("--body-file", set->bodyFile, "UTF-8 file with the new text ('-': stdin)")
        ->type_name("FILE");
    setCmd->callback([&options, &exitCode, set] { exitCode = runSet(options, *set); });

    auto history = std::make_shared<ChapterArgs>();
    CLI::App *historyCmd
        = chapter->add_subcommand("history", "List the earlier versions of a chapter's text");
    addBookAndNumber(historyCmd, history->book, history->number);
    historyCmd->callback(
        [&options, &exitCode, history] { exitCode = runHistory(options, *history); });

    auto routing = std::make_shared<ChapterArgs>();
    CLI::App *routingCmd = chapter->add_subcommand(
        "routing", "Why each generation of a chapter went to the provider it went to");
    addBookAndNumber(routingCmd, routing->book, routing->number);
    routingCmd->callback(
        [&options, &exitCode, routing] { exitCode = runRouting(options, *routing); });

    auto restore = std::make_shared<RestoreArgs>();
    CLI::App *restoreCmd
        = chapter->add_subcommand("restore", "Put an earlier version back (see 'chapter history')");
    addBookAndNumber(restoreCmd, restore->book, restore->number);
    restoreCmd->add_option("rev", restore->revision, "Revision id")->required();
    restoreCmd->callback(
        [&options, &exitCode, restore] { exitCode = runRestore(options, *restore); });

    addBeatCommands(*chapter, options, exitCode);
}

} // namespace scriptorium::cli
