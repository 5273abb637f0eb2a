#include "ui/generation/generation_prompts.h"

#include "novel/chapter_pipeline.h"
#include "novel/length_unit.h"
#include "novel/prompt_template.h"
#include "novel/shared_database.h"
#include "store/beat_store.h"
#include "store/chapter_store.h"
#include "util/token_estimate.h"

#include <algorithm>

namespace scriptorium::ui {

const char *generationStage(GenerationMode mode)
{
    switch (mode) {
    case GenerationMode::Draft:
        return "draft";
    case GenerationMode::Continue:
        return "continue";
    case GenerationMode::Rewrite:
        return "rewrite";
    case GenerationMode::Expand:
        return "expand";
    case GenerationMode::Beat:
        return "beat";
    }
    return "draft";
}

Result<GenerationJob> prepareGenerationJob(store::Database &db, std::int64_t chapterId,
                                           GenerationMode mode, const QString &text,
                                           int selectionStart, int selectionEnd,
                                           const QString &model, int maxTokens)
{
    store::ChapterStore chapters(db);
    auto chapter = chapters.get(chapterId);
    if (!chapter)
        return std::unexpected(chapter.error());

    GenerationJob job;
    job.mode = mode;
    job.bookId = chapter->bookId;
    job.chapterId = chapterId;
    job.model = model;
    job.maxTokens = maxTokens;
    job.baseText = text;
    job.selectionStart
        = std::clamp(std::min(selectionStart, selectionEnd), 0, static_cast<int>(text.size()));
    job.selectionEnd
        = std::clamp(std::max(selectionStart, selectionEnd), 0, static_cast<int>(text.size()));

    if (mode == GenerationMode::Beat)
        return fail(ErrorCode::InvalidArgument, "No beat was chosen.",
                    "pick a beat in the Chapter dock and use Draft at cursor");
    if (mode == GenerationMode::Continue && text.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, "There is no text to continue.",
                    "write a few lines or use Draft");
    if ((mode == GenerationMode::Rewrite || mode == GenerationMode::Expand)
        && job.selectionStart == job.selectionEnd)
        return fail(ErrorCode::InvalidArgument, "Nothing is selected.",
                    "select the passage to rewrite or expand first");

    novel::SharedDatabase shared(db);
    auto context = novel::loadChapterContext(shared, chapter->bookId, chapter->position, false);
    if (!context)
        return std::unexpected(context.error());
    job.language = context->language;
    // The writer's edited templates win, as in the CLI and the batch.
    const novel::PromptLibrary prompts(novel::PromptLibrary::defaultOverrideDir());
    auto assembled = novel::assembleDraftPrompt(*context, novel::AssemblyBudget{}, prompts);
    if (!assembled)
        return std::unexpected(assembled.error());

    job.system = assembled->system;
    switch (mode) {
    case GenerationMode::Draft:
        job.user = assembled->user;
        job.blocks = assembled->blocks;
        break;
    case GenerationMode::Continue:
        job.user = assembled->user;
        job.blocks = assembled->blocks;
        job.prefill = text.toStdString();
        break;
    case GenerationMode::Beat: // refused above: prepareBeatJob builds it
        break;
    case GenerationMode::Rewrite:
    case GenerationMode::Expand: {
        // The selection prompts are templates like every other (rewrite_user, expand_user), in
        // the book's language: the prompt language follows the book, not the UI.
        const QString passage = text.mid(job.selectionStart, job.selectionEnd - job.selectionStart);
        auto instruction
            = prompts.load(context->language, std::string(generationStage(mode)) + "_user");
        if (!instruction)
            return std::unexpected(instruction.error());
        job.user = instruction->render(
            {{"chapter_outline", context->chapterOutline}, {"passage", passage.toStdString()}});
        for (const auto &block : assembled->blocks) {
            if (block.kind == novel::BlockKind::StyleGuide
                || block.kind == novel::BlockKind::ChapterOutline)
                job.blocks.push_back(block);
        }
        if (mode == GenerationMode::Expand)
            job.maxTokens
                = std::max(maxTokens, static_cast<int>(estimateTokens(passage.toStdString())) * 3);
        break;
    }
    }
    job.promptTokens
        = estimateTokens(job.system) + estimateTokens(job.user) + estimateTokens(job.prefill);
    return job;
}

Result<GenerationJob> prepareBeatJob(store::Database &db, std::int64_t chapterId,
                                     std::int64_t beatId, const QString &text, int cursor,
                                     const QString &model, int maxTokens)
{
    auto chapter = store::ChapterStore(db).get(chapterId);
    if (!chapter)
        return std::unexpected(chapter.error());
    auto beat = store::BeatStore(db).get(beatId);
    if (!beat)
        return std::unexpected(beat.error());
    if (beat->chapterId != chapterId)
        return fail(ErrorCode::NotFound, "That beat belongs to another chapter.",
                    "open its chapter and draft it there");

    novel::SharedDatabase shared(db);
    auto context = novel::loadChapterContext(shared, chapter->bookId, chapter->position, false);
    if (!context)
        return std::unexpected(context.error());
    const novel::PromptLibrary prompts(novel::PromptLibrary::defaultOverrideDir());
    auto assembled = novel::assembleDraftPrompt(*context, novel::AssemblyBudget{}, prompts);
    if (!assembled)
        return std::unexpected(assembled.error());
    auto instruction = prompts.load(context->language, "beat_user");
    if (!instruction)
        return std::unexpected(instruction.error());

    GenerationJob job;
    job.mode = GenerationMode::Beat;
    job.bookId = chapter->bookId;
    job.chapterId = chapterId;
    job.language = context->language;
    job.model = model;
    job.maxTokens = maxTokens;
    job.baseText = text;
    job.selectionStart = job.selectionEnd = std::clamp(cursor, 0, static_cast<int>(text.size()));
    job.system = assembled->system;

    // Positions are dense from 0 (BeatStore), so the beat's number in the list is position + 1.
    const int number = beat->position + 1;
    // The text around the cursor, so the scene joins what is written; bounded like the
    // previous chapter's ending is in a draft.
    const novel::AssemblyBudget budget;
    const std::string before = truncateToTokens(text.left(job.selectionStart).toStdString(),
                                                budget.previousEndingTokens, KeepEnd::Tail);
    const std::string after = truncateToTokens(text.mid(job.selectionStart).toStdString(),
                                               budget.minPreviousEndingTokens, KeepEnd::Head);
    const auto unit = novel::lengthUnitFor(context->language);
    const std::size_t share
        = context->targetLength / std::max<std::size_t>(1, context->beats.size());
    job.user = instruction->render(
        {{"chapter_number", std::to_string(context->chapterNumber)},
         {"chapter_title", context->chapterTitle},
         {"chapter_outline", context->chapterOutline},
         {"beats", novel::formatBeats(context->beats, context->language)},
         {"beat_number", std::to_string(number)},
         // The one beat as its list line, without the "1. " a one-beat list starts with.
         {"beat",
          novel::formatBeats({novel::BeatText{beat->text, beat->pov, beat->location}},
                             context->language)
              .substr(3)},
         {"text_before", before},
         {"text_after", after},
         {"target_length",
          share > 0 ? novel::lengthForPrompt(share, unit, context->language) : std::string()}});
    for (const auto &block : assembled->blocks) {
        if (block.kind == novel::BlockKind::StyleGuide
            || block.kind == novel::BlockKind::ChapterOutline
            || block.kind == novel::BlockKind::Beats)
            job.blocks.push_back(block);
    }
    job.promptTokens = estimateTokens(job.system) + estimateTokens(job.user);
    return job;
}

} // namespace scriptorium::ui
