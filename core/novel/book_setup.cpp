#include "novel/book_setup.h"

#include "novel/json_step.h"
#include "novel/length_unit.h"
#include "novel/shared_database.h"
#include "store/bible_store.h"
#include "store/book_store.h"

namespace scriptorium::novel {

namespace {

Status upsert(store::BibleStore &bible, std::vector<store::BibleEntry> &existing,
              store::BibleEntry entry)
{
    for (store::BibleEntry &e : existing) {
        if (e.kind == entry.kind && e.name == entry.name) {
            e.text = entry.text;
            if (!entry.aliases.empty())
                e.aliases = entry.aliases;
            return bible.update(e);
        }
    }
    auto id = bible.add(entry);
    if (!id)
        return fail(id.error());
    entry.id = *id;
    existing.push_back(std::move(entry));
    return {};
}

} // namespace

Result<std::int64_t> createBook(SharedDatabase &db, const BookSetupRequest &request)
{
    if (request.title.empty() || request.premise.empty())
        return fail(ErrorCode::InvalidArgument,
                    "A new book needs a title and a premise; give both.");
    store::Book book;
    book.title = request.title;
    book.language = templateLanguage(request.language);
    book.premise = request.premise;
    book.styleGuide = request.styleGuide;
    book.targetUnit = lengthUnitName(lengthUnitFor(book.language));
    if (request.chapterTarget && request.chapters > 0)
        book.targetLength = *request.chapterTarget * request.chapters;
    return db.with([&](store::Database &d) { return store::BookStore(d).create(book); });
}

Result<StoryBible> generateBible(PipelineContext &context, std::int64_t bookId,
                                 const BookSetupRequest &request)
{
    auto book
        = context.db.with([&](store::Database &d) { return store::BookStore(d).get(bookId); });
    if (!book)
        return fail(book.error());
    const std::string language = templateLanguage(book->language);
    auto system = context.prompts.load(language, "bible_system");
    auto user = context.prompts.load(language, "bible_user");
    if (!system)
        return fail(system.error());
    if (!user)
        return fail(user.error());
    TemplateValues values{
        {"premise", book->premise},
        {"genre", request.genre},
        {"chapters", request.chapters > 0 ? std::to_string(request.chapters) : std::string()},
        {"style_guide", book->styleGuide},
        {"character_count", std::to_string(request.characterCount)},
        {"world_count", std::to_string(request.worldCount)},
        {"schema", bibleSchema(request.characterCount, request.worldCount).dump(1)}};

    GenerationTask task;
    task.stage = "bible";
    task.bookId = bookId;
    task.request.model = context.options.model;
    task.request.messages = {{"system", system->render(values)}, {"user", user->render(values)}};
    task.request.maxTokens = context.options.bibleMaxTokens;
    task.request.temperature = context.options.temperature;
    StoryBible parsed;
    auto step = runJsonStep(context, task, [&](const nlohmann::json &doc) -> Status {
        auto bible = parseBible(doc);
        if (!bible)
            return fail(bible.error());
        parsed = std::move(*bible);
        return {};
    });
    if (!step)
        return fail(step.error());
    if (auto ok = storeBible(context.db, bookId, parsed, language); !ok)
        return fail(ok.error());
    return parsed;
}

Status storeBible(SharedDatabase &db, std::int64_t bookId, const StoryBible &bible,
                  std::string_view language)
{
    return db.with([&](store::Database &d) -> Status {
        return store::inTransaction(d, [&]() -> Status {
            store::BibleStore entries(d);
            auto existing = entries.list(bookId);
            if (!existing)
                return fail(existing.error());
            auto make = [&](store::BibleKind kind, std::string name, std::string text) {
                store::BibleEntry e;
                e.bookId = bookId;
                e.kind = kind;
                e.name = std::move(name);
                e.text = std::move(text);
                e.origin = store::BibleOrigin::Setup;
                return e;
            };
            if (auto ok
                = upsert(entries, *existing,
                         make(store::BibleKind::Lore, std::string(kCoreIdeaEntry), bible.coreIdea));
                !ok)
                return ok;
            for (const CharacterSeed &c : bible.characters)
                if (auto ok = upsert(
                        entries, *existing,
                        make(store::BibleKind::Character, c.name, formatCharacter(c, language)));
                    !ok)
                    return ok;
            for (const WorldEntry &w : bible.world) {
                auto kind = store::bibleKindFromName(w.kind);
                if (auto ok
                    = upsert(entries, *existing,
                             make(kind ? *kind : store::BibleKind::Lore, w.name, w.description));
                    !ok)
                    return ok;
            }
            return {};
        });
    });
}

Result<StoryBible> loadBible(SharedDatabase &db, std::int64_t bookId)
{
    auto entries
        = db.with([&](store::Database &d) { return store::BibleStore(d).listReviewed(bookId); });
    if (!entries)
        return fail(entries.error());
    StoryBible bible;
    for (const store::BibleEntry &e : *entries) {
        if (e.kind == store::BibleKind::Lore && e.name == kCoreIdeaEntry) {
            bible.coreIdea = e.text;
        } else if (e.kind == store::BibleKind::Lore && e.name == kGlobalSummaryEntry) {
            continue;
        } else if (e.kind == store::BibleKind::Character) {
            bible.characters.push_back(CharacterSeed{e.name, {}, e.text, {}});
        } else if (e.kind != store::BibleKind::Style) {
            bible.world.push_back(
                WorldEntry{std::string(store::bibleKindName(e.kind)), e.name, e.text});
        }
    }
    return bible;
}

} // namespace scriptorium::novel
