#include "book_command.h"

#include "book_analysis_command.h"
#include "cli_context.h"
#include "library_command.h"
#include "novel/book_exporter.h"
#include "novel/length_unit.h"
#include "novel/manuscript_import.h"
#include "pdf_export.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "util/text_stats.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct NewArgs {
    std::string title;
    std::string language = "en";
    std::string premise;
    std::string author;
};

struct IdArgs {
    std::int64_t id = 0;
};

struct ImportArgs {
    std::string file;
    std::string title;
    bool dryRun = false;
};

struct ExportArgs {
    std::int64_t id = 0;
    std::string format;
    std::string out;
};

nlohmann::json bookJson(const store::Book &b)
{
    return {{"id", b.id},
            {"title", b.title},
            {"language", b.language},
            {"author", b.author},
            {"premise", b.premise},
            {"style_guide", b.styleGuide},
            {"target_length", b.targetLength ? nlohmann::json(*b.targetLength) : nullptr},
            {"created_at_ms", b.createdAt},
            {"updated_at_ms", b.updatedAt}};
}

int runNew(const GlobalOptions &options, const NewArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    store::BookStore books(**db);
    auto id = books.create(store::Book{.title = args.title,
                                       .language = args.language,
                                       .author = args.author,
                                       .premise = args.premise});
    if (!id)
        return reportError(options, id.error());
    if (options.json)
        std::cout << nlohmann::json{{"book", bookJson(*books.get(*id))}}.dump() << '\n';
    else
        std::cout << "created book " << *id << ": " << args.title << '\n';
    return kExitOk;
}

int runList(const GlobalOptions &options)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto list = store::BookStore(**db).list();
    if (!list)
        return reportError(options, list.error());
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const store::BookSummary &s : *list) {
            nlohmann::json row = bookJson(s.book);
            row["chapters"] = s.chapters;
            rows.push_back(row);
        }
        std::cout << nlohmann::json{{"books", rows}}.dump() << '\n';
        return kExitOk;
    }
    if (list->empty())
        std::cout << "no books yet: create one with 'scriptorium-cli book new --title T'\n";
    for (const store::BookSummary &s : *list) {
        std::cout << s.book.id << '\t' << s.book.title << '\t' << s.book.language << '\t'
                  << s.chapters << " chapters\n";
    }
    return kExitOk;
}

int runShow(const GlobalOptions &options, const IdArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto book = store::BookStore(**db).get(args.id);
    if (!book)
        return reportError(options, book.error());
    auto chapters = store::ChapterStore(**db).list(args.id);
    if (!chapters)
        return reportError(options, chapters.error());
    std::int64_t length = 0;
    for (const store::ChapterListItem &c : *chapters)
        length += c.bodyLength;
    if (options.json) {
        nlohmann::json out = bookJson(*book);
        out["chapters"] = chapters->size();
        out["length"] = length;
        std::cout << nlohmann::json{{"book", out}}.dump() << '\n';
        return kExitOk;
    }
    std::cout << "book " << book->id << ": " << book->title << "\nlanguage: " << book->language
              << "\nchapters: " << chapters->size() << "\nlength: " << length << ' '
              << novel::lengthUnitName(novel::lengthUnitFor(book->language)) << '\n';
    if (!book->author.empty())
        std::cout << "author: " << book->author << '\n';
    if (!book->premise.empty())
        std::cout << "premise: " << book->premise << '\n';
    return kExitOk;
}

int runImport(const GlobalOptions &options, const ImportArgs &args)
{
    auto found = novel::importManuscriptFile(args.file);
    if (!found)
        return reportError(options, found.error());
    const std::string title = args.title.empty() ? found->title : args.title;
    nlohmann::json chapters = nlohmann::json::array();
    for (const novel::ImportedChapter &c : found->chapters) {
        const TextStats stats = countText(c.body);
        chapters.push_back({{"title", c.title},
                            {"length", stats.length()},
                            {"unit", stats.isMostlyCjk() ? "characters" : "words"}});
    }
    // Report what was found before writing anything.
    if (!options.json) {
        std::cout << "found \"" << title << "\" (" << found->language << ", "
                  << found->sourceEncoding << ") with " << found->chapters.size() << " chapters:\n";
        int n = 0;
        for (const auto &c : chapters) {
            std::cout << "  " << ++n << '\t' << c["title"].get<std::string>() << '\t'
                      << c["length"].get<std::size_t>() << ' ' << c["unit"].get<std::string>()
                      << '\n';
        }
        for (const std::string &w : found->warnings)
            std::cerr << "scriptorium-cli: warning: " << w << '\n';
    }
    std::optional<std::int64_t> bookId;
    if (!args.dryRun) {
        auto db = openLibrary(options);
        if (!db)
            return reportError(options, db.error());
        auto created = store::inTransaction(**db, [&]() -> Result<std::int64_t> {
            auto id = store::BookStore(**db).create(
                store::Book{.title = title, .language = found->language});
            if (!id)
                return id;
            store::ChapterStore store(**db);
            for (const novel::ImportedChapter &c : found->chapters) {
                auto added = store.add(*id,
                                       store::Chapter{.title = c.title,
                                                      .body = c.body,
                                                      .status = store::ChapterStatus::Drafted,
                                                      .bodySource = store::BodySource::Import});
                if (!added)
                    return fail(added.error());
            }
            return id;
        });
        if (!created)
            return reportError(options, created.error());
        bookId = *created;
    }
    if (options.json) {
        std::cout << nlohmann::json{{"title", title},
                                    {"language", found->language},
                                    {"encoding", found->sourceEncoding},
                                    {"chapters", chapters},
                                    {"warnings", found->warnings},
                                    {"dry_run", args.dryRun},
                                    {"book", bookId ? nlohmann::json(*bookId) : nullptr}}
                         .dump()
                  << '\n';
    } else if (bookId) {
        std::cout << "imported as book " << *bookId << '\n';
    } else {
        std::cout << "dry run: nothing was written\n";
    }
    return kExitOk;
}

int runExport(const GlobalOptions &options, const ExportArgs &args)
{
    // PDF is Qt's (pdf_export.h); the other formats are core's own writers.
    const bool pdf = std::ranges::equal(args.format, std::string_view("pdf"), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    auto format = pdf ? Result<novel::ExportFormat>(novel::ExportFormat::Markdown)
                      : novel::exportFormatFromName(args.format);
    if (!format)
        return reportError(options, format.error());
    auto db = openLibrary(options);
    if (!db)
        return reportError(options, db.error());
    auto book = store::BookStore(**db).get(args.id);
    if (!book)
        return reportError(options, book.error());
    store::ChapterStore chapters(**db);
    auto list = chapters.list(args.id);
    if (!list)
        return reportError(options, list.error());
    novel::ExportBook out{.identifier = "scriptorium-book-" + std::to_string(book->id) + "-"
                              + std::to_string(book->createdAt),
                          .title = book->title,
                          .language = book->language,
                          .author = book->author,
                          .premise = book->premise,
                          .chapters = {}};
    for (const store::ChapterListItem &item : *list) {
        auto chapter = chapters.get(item.id);
        if (!chapter)
            return reportError(options, chapter.error());
        out.chapters.push_back(novel::ExportChapter{chapter->title, chapter->body});
    }
    if (auto s = pdf ? exportPdf(out, args.out) : novel::exportBook(out, *format, args.out); !s)
        return reportError(options, s.error());
    if (options.json) {
        std::cout << nlohmann::json{{"book", book->id},
                                    {"format", args.format},
                                    {"out", args.out},
                                    {"chapters", out.chapters.size()}}
                         .dump()
                  << '\n';
    } else {
        std::cout << "exported book " << book->id << " (" << out.chapters.size() << " chapters) to "
                  << args.out << '\n';
    }
    return kExitOk;
}

} // namespace

void addBookCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    CLI::App *book = app.add_subcommand("book", "Create, list, show, import and export books");
    book->require_subcommand(1);

    auto created = std::make_shared<NewArgs>();
    CLI::App *newCmd = book->add_subcommand("new", "Create a book");
    newCmd->add_option("--title", created->title, "Title")->required();
    newCmd->add_option("--language", created->language, "Language: zh or en")
        ->check(CLI::IsMember({"zh", "en"}))
        ->capture_default_str();
    newCmd->add_option("--premise", created->premise, "What the book is about");
    newCmd->add_option("--author", created->author, "Author name");
    newCmd->callback([&options, &exitCode, created] { exitCode = runNew(options, *created); });

    CLI::App *listCmd = book->add_subcommand("list", "List the books of the library");
    listCmd->callback([&options, &exitCode] { exitCode = runList(options); });

    auto show = std::make_shared<IdArgs>();
    CLI::App *showCmd = book->add_subcommand("show", "Show a book");
    showCmd->add_option("id", show->id, "Book id")->required();
    showCmd->callback([&options, &exitCode, show] { exitCode = runShow(options, *show); });

    auto import = std::make_shared<ImportArgs>();
    CLI::App *importCmd = book->add_subcommand(
        "import", "Import a Markdown or text manuscript (UTF-8 or GB18030), split at headings");
    importCmd->add_option("file", import->file, "Manuscript file")->required();
    importCmd->add_option("--title", import->title, "Title (default: from the manuscript)");
    importCmd->add_flag("--dry-run", import->dryRun, "Only report what was found");
    importCmd->callback([&options, &exitCode, import] { exitCode = runImport(options, *import); });

    auto exported = std::make_shared<ExportArgs>();
    CLI::App *exportCmd = book->add_subcommand("export",
                                               "Export a book to md, txt, epub, docx (standard "
                                               "manuscript format) or pdf (ready to print)");
    exportCmd->add_option("id", exported->id, "Book id")->required();
    exportCmd->add_option("--format", exported->format, "md, txt, epub, docx or pdf")->required();
    exportCmd->add_option("--out", exported->out, "File to write (replaced atomically)")
        ->required();
    exportCmd->callback(
        [&options, &exitCode, exported] { exitCode = runExport(options, *exported); });

    addBookAnalysisCommands(*book, options, exitCode);
}

} // namespace scriptorium::cli
