#include "novel/chapter_pipeline.h"

#include "novel/length_unit.h"
#include "novel/shared_database.h"
#include "novel/story_plan.h"
#include "store/beat_store.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/library_settings.h"
#include "util/text_stats.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace scriptorium::novel {

namespace {

std::vector<std::string> splitAliases(const std::string &aliases)
{
    std::vector<std::string> out;
    std::stringstream in(aliases);
    std::string part;
    while (std::getline(in, part, ',')) {
        const auto b = part.find_first_not_of(' ');
        const auto e = part.find_last_not_of(' ');
        if (b != std::string::npos)
            out.push_back(part.substr(b, e - b + 1));
    }
    return out;
}

std::string renderContinueNote(const PromptLibrary &prompts, const std::string &language,
                               std::size_t written, std::size_t target)
{
    auto note = prompts.load(language, "continue_user");
    if (!note)
        return {};
    const LengthUnit unit = lengthUnitFor(language);
    return note->render({{"written_length", lengthForPrompt(written, unit, language)},
                         {"target_length", lengthForPrompt(target, unit, language)}});
}

} // namespace

Result<ChapterContext> loadChapterContext(SharedDatabase &db, std::int64_t bookId, int position,
                                          bool outlineOnly, std::size_t recentChapters)
{
    return db.with([&](store::Database &d) -> Result<ChapterContext> {
        auto book = store::BookStore(d).get(bookId);
        if (!book)
            return fail(book.error());
        store::ChapterStore chapters(d);
        auto chapter = chapters.getAt(bookId, position);
        if (!chapter)
            return fail(chapter.error());
        auto bible = store::BibleStore(d).listReviewed(bookId);
        if (!bible)
            return fail(bible.error());

        ChapterContext c;
        c.language = templateLanguage(book->language);
        c.styleGuide = book->styleGuide;
        c.chapterNumber = position;
        c.chapterTitle = chapter->title;
        c.chapterOutline = chapter->outline;
        auto beats = store::BeatStore(d).list(chapter->id);
        if (!beats)
            return fail(beats.error());
        for (const store::Beat &b : *beats)
            c.beats.push_back(BeatText{b.text, b.pov, b.location});
        std::string initialStates;
        for (const store::BibleEntry &e : *bible) {
            if (e.kind == store::BibleKind::Lore && e.name == kGlobalSummaryEntry) {
                if (!outlineOnly)
                    c.globalSummary = e.text;
                continue;
            }
            if (e.kind == store::BibleKind::Lore && e.name == kCoreIdeaEntry)
                continue;
            if (e.kind == store::BibleKind::Style) {
                c.styleGuide += (c.styleGuide.empty() ? "" : "\n") + e.text;
                continue;
            }
            if (e.kind == store::BibleKind::Character)
                initialStates += e.name + ": " + e.text + "\n";
            c.bible.push_back(BibleEntryText{std::string(store::bibleKindName(e.kind)), e.name,
                                             splitAliases(e.aliases), e.text});
        }
        c.characterStates = initialStates;

        if (auto next = chapters.getAt(bookId, position + 1); next)
            c.nextChapterOutline = next->outline;
        if (!outlineOnly && position > 1) {
            // Newest first while walking back, then reversed: the assembler wants oldest first.
            bool haveStates = false;
            for (int p = position - 1; p >= 1; --p) {
                auto earlier = chapters.getAt(bookId, p);
                if (!earlier)
                    break;
                if (p == position - 1)
                    c.previousChapterBody = earlier->body;
                if (!haveStates && !earlier->endState.empty()) {
                    c.characterStates = earlier->endState;
                    haveStates = true;
                }
                if (c.recentSummaries.size() < recentChapters && !earlier->summary.empty())
                    c.recentSummaries.emplace_back(p, earlier->summary);
                if (haveStates && c.recentSummaries.size() >= recentChapters)
                    break;
            }
            std::ranges::reverse(c.recentSummaries);
        }
        if (chapter->targetLength && *chapter->targetLength > 0)
            c.targetLength = static_cast<std::size_t>(*chapter->targetLength);
        else
            c.targetLength = defaultChapterTarget(lengthUnitFor(c.language));
        return c;
    });
}

std::string bookPromptTokensKey(std::int64_t bookId)
{
    return "book:" + std::to_string(bookId) + ":prompt_tokens";
}

AssemblyBudget assemblyBudgetFor(PipelineContext &context, std::int64_t bookId)
{
    AssemblyBudget budget = context.options.assembly;
    auto stored = context.db.with([&](store::Database &d) {
        return store::LibrarySettings(d).value(bookPromptTokensKey(bookId));
    });
    // An unreadable setting keeps the pipeline's budget: a smaller prompt, not a failed draft.
    if (stored && *stored) {
        std::size_t tokens = 0;
        const std::string &text = **stored;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), tokens);
        if (ec == std::errc() && end == text.data() + text.size())
            budget.totalTokens = std::max(budget.totalTokens, tokens);
    }
    return budget;
}

Result<AssembledPrompt> previewDraft(PipelineContext &context, std::int64_t bookId, int position,
                                     bool outlineOnly)
{
    auto chapterContext = loadChapterContext(context.db, bookId, position, outlineOnly,
                                             context.options.assembly.recentChapters);
    if (!chapterContext)
        return fail(chapterContext.error());
    return assembleDraftPrompt(*chapterContext, assemblyBudgetFor(context, bookId),
                               context.prompts);
}

namespace {

/// A generated body written since `sinceMs` that stopped below the length floor.
bool bodyCutShort(const store::Chapter &chapter, double floor, std::int64_t sinceMs)
{
    return chapter.bodySource == store::BodySource::Generation && chapter.updatedAt >= sinceMs
        && !chapter.body.empty() && static_cast<double>(countText(chapter.body).length()) < floor;
}

} // namespace

std::optional<std::int64_t> latestDraftSince(SharedDatabase &db, std::int64_t chapterId,
                                             std::int64_t sinceMs)
{
    return db.with([&](store::Database &d) -> std::optional<std::int64_t> {
        auto stmt = d.prepare("SELECT id FROM generations WHERE chapter_id = ? AND stage = "
                              "'draft' AND status = 'succeeded' AND started_at >= ? ORDER BY id "
                              "DESC LIMIT 1");
        if (!stmt)
            return std::nullopt;
        stmt->bind(1, chapterId).bind(2, sinceMs);
        auto row = stmt->step();
        if (!row || !*row)
            return std::nullopt;
        return stmt->int64(0);
    });
}

bool draftCutShort(PipelineContext &context, std::int64_t bookId, int position,
                   std::int64_t sinceMs)
{
    auto chapterContext = loadChapterContext(context.db, bookId, position, true,
                                             context.options.assembly.recentChapters);
    auto chapter = context.db.with(
        [&](store::Database &d) { return store::ChapterStore(d).getAt(bookId, position); });
    if (!chapterContext || !chapter)
        return false;
    return bodyCutShort(
        *chapter, context.options.continueBelow * static_cast<double>(chapterContext->targetLength),
        sinceMs);
}

Result<DraftReport> draftChapter(PipelineContext &context, std::int64_t bookId, int position,
                                 const DraftOptions &options)
{
    auto chapterContext = loadChapterContext(context.db, bookId, position, options.outlineOnly,
                                             context.options.assembly.recentChapters);
    if (!chapterContext)
        return fail(chapterContext.error());
    AssembledPrompt prompt;
    if (options.prompt) {
        prompt = *options.prompt;
    } else {
        auto assembled = assembleDraftPrompt(*chapterContext, assemblyBudgetFor(context, bookId),
                                             context.prompts);
        if (!assembled)
            return fail(assembled.error());
        prompt = std::move(*assembled);
    }
    auto chapter = context.db.with(
        [&](store::Database &d) { return store::ChapterStore(d).getAt(bookId, position); });
    if (!chapter)
        return fail(chapter.error());

    DraftReport report;
    report.chapterId = chapter->id;
    report.target = chapterContext->targetLength;
    report.unit = lengthUnitName(lengthUnitFor(chapterContext->language));
    const int maxTokens = context.options.draftMaxTokens > 0
        ? context.options.draftMaxTokens
        : std::max(512, static_cast<int>(report.target) * 2);

    GenerationTask task;
    task.stage = "draft";
    task.bookId = bookId;
    task.chapterId = chapter->id;
    task.request.model = context.options.model;
    task.request.messages = {{"system", prompt.system}, {"user", prompt.user}};
    task.request.maxTokens = maxTokens;
    task.request.temperature = context.options.temperature;
    // A stall or mid-stream error after the first token is continued on another provider.
    task.request.continueAfterFailure = true;
    task.onDelta = options.onDelta;

    const double floor = context.options.continueBelow * static_cast<double>(report.target);
    std::string text;
    std::string finishReason;
    std::optional<std::int64_t> draftRecord;
    if (options.continueSince && bodyCutShort(*chapter, floor, *options.continueSince)) {
        // A draft this batch already paid for, cut short by the budget: continue it.
        text = chapter->body;
        finishReason = "length";
        draftRecord = latestDraftSince(context.db, chapter->id, *options.continueSince);
    } else {
        GenerationOutcome draft = runStep(context, task);
        report.costUsd += draft.result.totalCostUsd();
        draftRecord = draft.recordId;
        if (draft.result.error)
            return fail(*draft.result.error);
        text = draft.result.text;
        finishReason = draft.result.finishReason;
        report.provider = draft.result.provider;
        report.quantization = draft.result.quantization;
        if (const auto *last = draft.result.finalAttempt())
            report.completionTokens += last->completionTokens;
        if (countText(text).length() == 0)
            return fail(ErrorCode::Parse,
                        "The model returned an empty chapter; nothing was stored. Try again or "
                        "choose another model.",
                        "empty draft");
    }
    report.generationId = draftRecord;

    // Length guard: continue from where the text stopped.
    std::optional<Error> budgetStop;
    while (report.continuations < context.options.maxContinuations) {
        const std::size_t length = countText(text).length();
        if (finishReason != "length" && static_cast<double>(length) >= floor)
            break;
        GenerationTask more = task;
        more.stage = "continue";
        more.request.messages.back().content
            += renderContinueNote(context.prompts, chapterContext->language, length, report.target);
        more.request.prefill = text;
        const double missing
            = std::max(0.0, static_cast<double>(report.target) - static_cast<double>(length));
        more.request.maxTokens = std::max(256, static_cast<int>(missing * 2));
        GenerationOutcome next = runStep(context, more);
        ++report.continuations;
        report.costUsd += next.result.totalCostUsd();
        if (next.result.error && next.result.error->code == ErrorCode::Budget)
            budgetStop = next.result.error;
        if (next.result.error || next.result.text.size() <= text.size())
            break; // keep what we have: a usable draft is not thrown away
        if (const auto *last = next.result.finalAttempt())
            report.completionTokens += last->completionTokens;
        text = next.result.text;
        finishReason = next.result.finishReason;
    }
    report.finishReason = finishReason;
    report.length = countText(text).length();

    auto stored = context.db.with([&](store::Database &d) -> Result<bool> {
        return store::inTransaction(d, [&]() -> Result<bool> {
            store::ChapterStore chapters(d);
            auto kept = chapters.replaceBodyInTransaction(
                chapter->id, text, store::BodySource::Generation, draftRecord, store::nowMs());
            if (!kept)
                return kept;
            auto fresh = chapters.get(chapter->id);
            if (!fresh)
                return fail(fresh.error());
            fresh->status = store::ChapterStatus::Generated;
            if (auto ok = chapters.updateMeta(*fresh); !ok)
                return fail(ok.error());
            return kept;
        });
    });
    if (!stored)
        return fail(stored.error());
    report.revisionKept = *stored;
    // The text is kept; the chapter is not done until the budget lets it be continued.
    if (budgetStop && static_cast<double>(report.length) < floor)
        return fail(*budgetStop);
    return report;
}

} // namespace scriptorium::novel
