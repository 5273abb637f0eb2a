#include "novel/book_continuation.h"

#include "novel/book_analysis.h"
#include "novel/chapter_pipeline.h"
#include "novel/length_unit.h"
#include "novel/shared_database.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/library_settings.h"

namespace scriptorium::novel {

Result<ContinuationRange> continuationRange(SharedDatabase &db, std::int64_t bookId, int chapters)
{
    if (chapters < 1)
        return fail(ErrorCode::InvalidArgument, "Give the number of chapters to write, 1 or more.");
    auto status = analysisStatus(db, bookId);
    if (!status)
        return fail(status.error());
    if (status->chapters == 0)
        return fail(ErrorCode::InvalidArgument,
                    "This book has no chapters with text to continue; import or write some "
                    "first.");
    if (status->analysed < status->chapters)
        return fail(ErrorCode::InvalidArgument,
                    std::to_string(status->analysed) + " of the book's "
                        + std::to_string(status->chapters)
                        + " chapters are analysed; analyse the book first (scriptorium-cli book "
                          "analyse BOOK, or Book > Analyse Book in the window).");
    if (status->unreviewed > 0)
        return fail(ErrorCode::InvalidArgument,
                    std::to_string(status->unreviewed)
                        + " story bible entries from the analysis wait for review; review and "
                          "accept them first (scriptorium-cli book review BOOK, or the Story "
                          "Bible panel).");
    auto list = db.with([&](store::Database &d) { return store::ChapterStore(d).list(bookId); });
    if (!list)
        return fail(list.error());
    ContinuationRange range;
    std::int64_t total = 0;
    int written = 0;
    for (const store::ChapterListItem &item : *list) {
        if (item.bodyLength <= 0)
            continue;
        range.first = item.position + 1;
        total += item.bodyLength;
        ++written;
    }
    range.last = range.first + chapters - 1;
    range.chapterTarget = written > 0 ? std::max<std::int64_t>(1, total / written) : 0;
    return range;
}

Result<OutlineReport> outlineContinuation(PipelineContext &context, std::int64_t bookId,
                                          const ContinuationRange &range,
                                          const std::function<void(int, int)> &onChunk)
{
    if (auto ok = context.db.with([&](store::Database &d) -> Status {
            return store::inTransaction(d, [&]() -> Status {
                store::ChapterStore chapters(d);
                for (int p = 1; p < range.first; ++p) {
                    auto chapter = chapters.getAt(bookId, p);
                    if (!chapter)
                        return fail(chapter.error());
                    if (!chapter->outline.empty() || chapter->summary.empty())
                        continue;
                    chapter->outline = chapter->summary;
                    if (auto stored = chapters.updateMeta(*chapter); !stored)
                        return stored;
                }
                return {};
            });
        });
        !ok)
        return fail(ok.error());
    auto report = outlineBook(context, bookId, range.last, onChunk);
    if (!report)
        return fail(report.error());
    if (assemblyBudgetFor(context, bookId).totalTokens < kContinuationPromptTokens) {
        if (auto set = context.db.with([&](store::Database &d) {
                return store::LibrarySettings(d).setValue(
                    bookPromptTokensKey(bookId), std::to_string(kContinuationPromptTokens));
            });
            !set)
            return fail(set.error());
    }
    auto book
        = context.db.with([&](store::Database &d) { return store::BookStore(d).get(bookId); });
    if (!book)
        return fail(book.error());
    // An imported book has no unit of its own: its language's (words, or characters for CJK).
    const std::string unit = book->targetUnit.empty()
        ? std::string(lengthUnitName(lengthUnitFor(book->language)))
        : book->targetUnit;
    if (auto ok = context.db.with([&](store::Database &d) -> Status {
            store::ChapterStore chapters(d);
            for (int p = range.first; p <= range.last; ++p) {
                auto chapter = chapters.getAt(bookId, p);
                if (!chapter)
                    return fail(chapter.error());
                if (chapter->targetLength && !chapter->targetUnit.empty())
                    continue;
                if (!chapter->targetLength && range.chapterTarget > 0)
                    chapter->targetLength = range.chapterTarget;
                if (chapter->targetUnit.empty())
                    chapter->targetUnit = unit;
                if (auto stored = chapters.updateMeta(*chapter); !stored)
                    return stored;
            }
            return {};
        });
        !ok)
        return fail(ok.error());
    return report;
}

} // namespace scriptorium::novel
