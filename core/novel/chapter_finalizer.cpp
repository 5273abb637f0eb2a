#include "novel/chapter_finalizer.h"

#include "novel/chapter_pipeline.h"
#include "novel/shared_database.h"
#include "novel/story_plan.h"
#include "store/bible_store.h"
#include "store/chapter_store.h"
#include "store/generation_store.h"
#include "util/text_stats.h"
#include "util/token_estimate.h"

#include <map>

namespace scriptorium::novel {

namespace {

/// Chapters longer than this are cut (keeping the start and the end matter most for a
/// summary; the end is what the next chapter continues from).
constexpr std::size_t kChapterTokensForFinalize = 8000;

std::string trimmed(const std::string &text)
{
    const auto b = text.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const auto e = text.find_last_not_of(" \t\r\n");
    return text.substr(b, e - b + 1);
}

Status storeGlobalSummary(store::Database &d, std::int64_t bookId, const std::string &text)
{
    store::BibleStore bible(d);
    auto entries = bible.listReviewed(bookId);
    if (!entries)
        return fail(entries.error());
    for (store::BibleEntry &e : *entries) {
        if (e.kind == store::BibleKind::Lore && e.name == kGlobalSummaryEntry) {
            e.text = text;
            return bible.update(e);
        }
    }
    store::BibleEntry e;
    e.bookId = bookId;
    e.kind = store::BibleKind::Lore;
    e.name = std::string(kGlobalSummaryEntry);
    e.text = text;
    if (auto id = bible.add(e); !id)
        return fail(id.error());
    return {};
}

} // namespace

Result<FinalizeReport> finalizeChapter(PipelineContext &context, std::int64_t bookId, int position,
                                       std::optional<std::int64_t> afterGenerationId)
{
    auto chapterContext = loadChapterContext(context.db, bookId, position, false, 0);
    if (!chapterContext)
        return fail(chapterContext.error());
    auto chapter = context.db.with(
        [&](store::Database &d) { return store::ChapterStore(d).getAt(bookId, position); });
    if (!chapter)
        return fail(chapter.error());
    if (countText(chapter->body).length() == 0)
        return fail(ErrorCode::InvalidArgument,
                    "Chapter " + std::to_string(position)
                        + " has no text to finalize; draft or write it first.");
    const std::string &language = chapterContext->language;

    // Outputs of stages that already ran for this chapter after `afterGenerationId`.
    std::map<std::string, std::string> earlier;
    if (afterGenerationId) {
        auto generations = context.db.with([&](store::Database &d) {
            return store::GenerationStore(d).listForChapter(chapter->id);
        });
        if (generations)
            for (const store::GenerationRecord &g : *generations)
                if (g.id > *afterGenerationId && g.status == store::GenerationStatus::Succeeded
                    && !trimmed(g.output).empty())
                    earlier[g.stage] = g.output;
    }

    FinalizeReport report;
    const std::string chapterText
        = truncateToTokens(chapter->body, kChapterTokensForFinalize, KeepEnd::Tail);
    TemplateValues values{{"chapter_number", std::to_string(position)},
                          {"chapter_title", chapter->title},
                          {"chapter_text", chapterText},
                          {"global_summary", chapterContext->globalSummary},
                          {"character_states", chapterContext->characterStates}};

    auto run = [&](const std::string &stage, int maxWords) -> Result<std::string> {
        if (const auto it = earlier.find(stage); it != earlier.end()) {
            report.reused.push_back(stage);
            return trimmed(it->second);
        }
        auto system = context.prompts.load(language, stage + "_system");
        auto user = context.prompts.load(language, stage + "_user");
        if (!system)
            return fail(system.error());
        if (!user)
            return fail(user.error());
        values["max_words"] = std::to_string(maxWords);
        GenerationTask task;
        task.stage = stage;
        task.bookId = bookId;
        task.chapterId = chapter->id;
        task.request.model = context.options.model;
        task.request.messages
            = {{"system", system->render(values)}, {"user", user->render(values)}};
        task.request.maxTokens = context.options.finalizeMaxTokens;
        task.request.temperature = context.options.temperature;
        GenerationOutcome outcome = runStep(context, task);
        report.costUsd += outcome.result.totalCostUsd();
        if (outcome.result.error)
            return fail(*outcome.result.error);
        std::string text = trimmed(outcome.result.text);
        if (text.empty())
            return fail(ErrorCode::Parse,
                        "The model returned an empty " + stage + " for chapter "
                            + std::to_string(position) + "; finalize it again.",
                        "empty " + stage);
        report.ran.push_back(stage);
        return text;
    };

    auto summary = run("summary", context.options.summaryWords);
    if (!summary)
        return fail(summary.error());
    values["chapter_summary"] = *summary;
    if (auto ok = context.db.with([&](store::Database &d) -> Status {
            store::ChapterStore chapters(d);
            auto fresh = chapters.get(chapter->id);
            if (!fresh)
                return fail(fresh.error());
            fresh->summary = *summary;
            return chapters.updateMeta(*fresh);
        });
        !ok)
        return fail(ok.error());

    auto global = run("global_summary", context.options.globalSummaryWords);
    if (!global)
        return fail(global.error());
    if (auto ok = context.db.with(
            [&](store::Database &d) { return storeGlobalSummary(d, bookId, *global); });
        !ok)
        return fail(ok.error());

    auto states = run("character_states", context.options.globalSummaryWords);
    if (!states)
        return fail(states.error());
    if (auto ok = context.db.with([&](store::Database &d) -> Status {
            store::ChapterStore chapters(d);
            auto fresh = chapters.get(chapter->id);
            if (!fresh)
                return fail(fresh.error());
            fresh->endState = *states;
            return chapters.updateMeta(*fresh);
        });
        !ok)
        return fail(ok.error());
    return report;
}

} // namespace scriptorium::novel
