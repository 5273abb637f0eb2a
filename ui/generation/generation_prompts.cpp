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

namespace {

/// The instruction for a selection job, in the book's language (the prompt language follows
/// the book, not the UI).
std::string selectionInstruction(GenerationMode mode, bool chinese)
{
    if (mode == GenerationMode::Rewrite)
        return chinese ? "请改写下面这段文字：保留情节和人物，改进文笔与节奏，长度大致不变。"
                         "只输出改写后的段落。"
                       : "Rewrite the passage below: keep its events and characters, improve "
                         "the prose and rhythm, keep about the same length. Reply with the "
                         "rewritten passage only.";
    return chinese
        ? "请扩写下面这段文字：保留情节，加入细节、感官描写和对话，使其长度约为原来的两倍。"
          "只输出扩写后的段落。"
        : "Expand the passage below to about twice its length: keep its events, add "
          "detail, sensory description and dialogue. Reply with the expanded "
          "passage only.";
}

} // namespace

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
    const novel::PromptLibrary prompts;
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
        const bool chinese = context->language.starts_with("zh");
        const QString passage = text.mid(job.selectionStart, job.selectionEnd - job.selectionStart);
        job.user = selectionInstruction(mode, chinese) + "\n\n"
            + (chinese ? "本章大纲：\n" : "Chapter outline:\n") + context->chapterOutline + "\n\n"
            + (chinese ? "段落：\n" : "Passage:\n") + passage.toStdString();
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
