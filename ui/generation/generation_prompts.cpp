#include "ui/generation/generation_prompts.h"

#include "novel/chapter_pipeline.h"
#include "novel/prompt_template.h"
#include "novel/shared_database.h"
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

} // namespace scriptorium::ui
