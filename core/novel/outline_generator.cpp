#include "novel/outline_generator.h"

#include "novel/book_setup.h"
#include "novel/json_step.h"
#include "novel/shared_database.h"
#include "novel/story_plan.h"
#include "store/beat_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"

#include <algorithm>

namespace scriptorium::novel {

namespace {

std::string firstLine(const std::string &text)
{
    return text.substr(0, text.find('\n'));
}

/// A plan's beats replace the chapter's; a plan without beats leaves the chapter's own (which
/// the writer may have written before outlining reached it).
Status storeBeats(store::Database &d, std::int64_t chapterId, const ChapterPlan &plan)
{
    if (plan.beats.empty())
        return {};
    std::vector<store::Beat> beats;
    for (const BeatPlan &b : plan.beats)
        beats.push_back(store::Beat{.text = b.text, .pov = b.pov, .location = b.location});
    return store::BeatStore(d).replaceAll(chapterId, beats);
}

Status storePlans(SharedDatabase &db, const store::Book &book, int totalChapters,
                  const std::vector<ChapterPlan> &plans)
{
    const std::string language = templateLanguage(book.language);
    std::optional<std::int64_t> target;
    if (book.targetLength && totalChapters > 0)
        target = std::max<std::int64_t>(1, *book.targetLength / totalChapters);
    // ChapterStore::add() runs its own transaction, so each chapter is written on its own
    // (its beats right after it); the outline stays gapless because plans are stored in order.
    return db.with([&](store::Database &d) -> Status {
        {
            store::ChapterStore chapters(d);
            for (const ChapterPlan &plan : plans) {
                auto existing = chapters.getAt(book.id, plan.number);
                if (existing) {
                    existing->title = plan.title;
                    existing->outline = formatChapterPlan(plan, language);
                    if (!existing->targetLength)
                        existing->targetLength = target;
                    if (existing->targetUnit.empty())
                        existing->targetUnit = book.targetUnit;
                    if (auto ok = chapters.updateMeta(*existing); !ok)
                        return ok;
                    if (auto ok = storeBeats(d, existing->id, plan); !ok)
                        return ok;
                    continue;
                }
                if (existing.error().code != ErrorCode::NotFound)
                    return fail(existing.error());
                store::Chapter c;
                c.position = plan.number;
                c.title = plan.title;
                c.outline = formatChapterPlan(plan, language);
                c.targetLength = target;
                c.targetUnit = book.targetUnit;
                auto id = chapters.add(book.id, c);
                if (!id)
                    return fail(id.error());
                if (auto ok = storeBeats(d, *id, plan); !ok)
                    return ok;
            }
            return {};
        }
    });
}

} // namespace

Result<OutlineReport> outlineBook(PipelineContext &context, std::int64_t bookId, int totalChapters,
                                  const std::function<void(int, int)> &onChunk)
{
    if (totalChapters < 1)
        return fail(ErrorCode::InvalidArgument, "Give the number of chapters to outline (≥ 1).");
    auto book
        = context.db.with([&](store::Database &d) { return store::BookStore(d).get(bookId); });
    if (!book)
        return fail(book.error());
    auto bible = loadBible(context.db, bookId);
    if (!bible)
        return fail(bible.error());
    const std::string language = templateLanguage(book->language);
    auto system = context.prompts.load(language, "outline_system");
    auto user = context.prompts.load(language, "outline_user");
    if (!system)
        return fail(system.error());
    if (!user)
        return fail(user.error());

    std::string characters;
    std::vector<std::string> names;
    for (const CharacterSeed &c : bible->characters) {
        names.push_back(c.name);
        characters += "- " + c.name + ": " + firstLine(c.description) + "\n";
    }
    std::string world;
    for (const WorldEntry &w : bible->world)
        world += "- " + w.name + " (" + w.kind + "): " + firstLine(w.description) + "\n";

    // Outlined so far: (position, title, outline) of the contiguous outlined prefix.
    struct Entry {
        int number;
        std::string title;
        std::string outline;
    };
    std::vector<Entry> outlined;
    {
        auto list = context.db.with(
            [&](store::Database &d) { return store::ChapterStore(d).list(bookId); });
        if (!list)
            return fail(list.error());
        for (const store::ChapterListItem &item : *list) {
            if (item.position != static_cast<int>(outlined.size()) + 1)
                break;
            auto chapter = context.db.with(
                [&](store::Database &d) { return store::ChapterStore(d).get(item.id); });
            if (!chapter)
                return fail(chapter.error());
            if (chapter->outline.empty())
                break;
            outlined.push_back({item.position, chapter->title, chapter->outline});
        }
    }

    OutlineReport report;
    int next = static_cast<int>(outlined.size()) + 1;
    while (next <= totalChapters) {
        const int first = next;
        const int last = std::min(totalChapters, first + context.options.outlineChunkSize - 1);
        std::string previous;
        const std::size_t from
            = outlined.size() > static_cast<std::size_t>(context.options.outlineContext)
            ? outlined.size() - context.options.outlineContext
            : 0;
        for (std::size_t i = from; i < outlined.size(); ++i)
            previous += (language == "zh" ? "第" + std::to_string(outlined[i].number) + "章《"
                                 + outlined[i].title + "》\n"
                                          : "Chapter " + std::to_string(outlined[i].number) + ", \""
                                 + outlined[i].title + "\"\n")
                + outlined[i].outline + "\n\n";
        TemplateValues values{{"core_idea", bible->coreIdea},
                              {"characters", characters},
                              {"world", world},
                              {"previous_outline", previous},
                              {"total_chapters", std::to_string(totalChapters)},
                              {"first_chapter", std::to_string(first)},
                              {"last_chapter", std::to_string(last)},
                              {"is_final_chunk", last == totalChapters ? "yes" : ""},
                              {"schema", outlineSchema(first, last, names).dump(1)}};
        if (onChunk)
            onChunk(first, last);
        GenerationTask task;
        task.stage = "outline";
        task.bookId = bookId;
        task.request.model = context.options.model;
        task.request.messages
            = {{"system", system->render(values)}, {"user", user->render(values)}};
        task.request.maxTokens = context.options.outlineTokensPerChapter * (last - first + 1) + 200;
        task.request.temperature = context.options.temperature;
        OutlineChunk chunk;
        auto step = runJsonStep(context, task, [&](const nlohmann::json &doc) -> Status {
            auto read = readOutlineChunk(doc, first, last);
            if (!read)
                return fail(read.error());
            if (read->plans.empty() || read->plans.front().number != first)
                return fail(ErrorCode::Parse,
                            "The outline reply does not start at chapter " + std::to_string(first)
                                + "; the step will be retried.",
                            "missing: " + std::to_string(first));
            chunk = std::move(*read);
            return {};
        });
        if (!step)
            return fail(step.error());
        report.requests += step->tries;
        report.costUsd += step->costUsd;
        // Keep the gapless run from `first`; a gap ends the chunk and the next one starts there.
        std::vector<ChapterPlan> run;
        for (ChapterPlan &plan : chunk.plans) {
            if (plan.number != first + static_cast<int>(run.size()))
                break;
            run.push_back(std::move(plan));
        }
        if (!chunk.complete())
            ++report.gapRepairs;
        if (auto ok = storePlans(context.db, *book, totalChapters, run); !ok)
            return fail(ok.error());
        for (const ChapterPlan &plan : run)
            outlined.push_back({plan.number, plan.title, formatChapterPlan(plan, language)});
        if (report.firstChapter == 0)
            report.firstChapter = first;
        report.lastChapter = run.back().number;
        next = run.back().number + 1;
    }
    return report;
}

} // namespace scriptorium::novel
