// analyseBook(): running the chunks and merging what they derive into the library.
#include "novel/book_analysis.h"

#include "novel/json_step.h"
#include "novel/shared_database.h"
#include "novel/story_plan.h"
#include "store/analysis_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <cctype>
#include <map>

namespace scriptorium::novel {

namespace {

/// A name as the merge compares it: trimmed, ASCII lower-cased.
std::string nameKey(std::string_view name)
{
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front())))
        name.remove_prefix(1);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
        name.remove_suffix(1);
    std::string out(name);
    for (char &c : out)
        if (static_cast<unsigned char>(c) < 0x80)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// An entry keeps at most this many aliases; a longer "alias" is a description, not a name.
constexpr std::size_t kMaxAliases = 8;
constexpr std::size_t kMaxAliasBytes = 80;

bool usableAlias(std::string_view alias)
{
    return !nameKey(alias).empty() && alias.size() <= kMaxAliasBytes;
}

std::vector<std::string> splitAliases(const std::string &aliases)
{
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= aliases.size()) {
        std::size_t comma = aliases.find(',', from);
        if (comma == std::string::npos)
            comma = aliases.size();
        std::string part = aliases.substr(from, comma - from);
        if (!nameKey(part).empty()) {
            const auto b = part.find_first_not_of(' ');
            const auto e = part.find_last_not_of(' ');
            out.push_back(part.substr(b, e - b + 1));
        }
        from = comma + 1;
    }
    return out;
}

bool isSingleton(const store::BibleEntry &e)
{
    return (e.kind == store::BibleKind::Lore
            && (e.name == kGlobalSummaryEntry || e.name == kCoreIdeaEntry))
        || (e.kind == store::BibleKind::Style && e.name == kVoiceEntry);
}

struct MergeCount {
    int added = 0;
    int updated = 0;
};

/// Merges `derived` into the book's bible (see analyseBook()). In the caller's transaction.
Result<MergeCount> mergeEntries(store::Database &d, std::int64_t bookId,
                                const std::vector<DerivedEntry> &derived,
                                const std::map<int, std::int64_t> &chapterIds)
{
    store::BibleStore bible(d);
    auto entries = bible.list(bookId);
    if (!entries)
        return fail(entries.error());
    std::map<std::string, std::size_t> index;
    const auto remember = [&](std::size_t i) {
        const store::BibleEntry &e = (*entries)[i];
        index.emplace(nameKey(e.name), i);
        for (const std::string &a : splitAliases(e.aliases))
            index.emplace(nameKey(a), i);
    };
    for (std::size_t i = 0; i < entries->size(); ++i)
        if (!isSingleton((*entries)[i]))
            remember(i);
    MergeCount count;
    for (const DerivedEntry &derivedEntry : derived) {
        std::optional<std::size_t> match;
        if (const auto it = index.find(nameKey(derivedEntry.name)); it != index.end())
            match = it->second;
        for (std::size_t a = 0; !match && a < derivedEntry.aliases.size(); ++a)
            if (const auto it = index.find(nameKey(derivedEntry.aliases[a]));
                usableAlias(derivedEntry.aliases[a]) && it != index.end())
                match = it->second;
        if (match) {
            store::BibleEntry &e = (*entries)[*match];
            // A reviewed entry is the writer's word, and the writer's own entries too.
            if (e.reviewed || e.origin != store::BibleOrigin::Analysis)
                continue;
            std::vector<std::string> aliases = splitAliases(e.aliases);
            std::vector<std::string> names = derivedEntry.aliases;
            names.push_back(derivedEntry.name);
            for (const std::string &n : names) {
                if (nameKey(n) == nameKey(e.name) || !usableAlias(n)
                    || aliases.size() >= kMaxAliases)
                    continue;
                if (std::ranges::none_of(
                        aliases, [&](const std::string &a) { return nameKey(a) == nameKey(n); }))
                    aliases.push_back(n);
            }
            std::string joined;
            for (const std::string &a : aliases)
                joined += (joined.empty() ? "" : ", ") + a;
            e.aliases = joined;
            if (!derivedEntry.text.empty())
                e.text = derivedEntry.text;
            if (auto ok = bible.update(e); !ok)
                return fail(ok.error());
            remember(*match);
            ++count.updated;
            continue;
        }
        store::BibleEntry e;
        e.bookId = bookId;
        e.kind = derivedEntry.kind;
        e.name = derivedEntry.name;
        std::size_t kept = 0;
        for (const std::string &a : derivedEntry.aliases)
            if (nameKey(a) != nameKey(derivedEntry.name) && usableAlias(a) && kept++ < kMaxAliases)
                e.aliases += (e.aliases.empty() ? "" : ", ") + a;
        e.text = derivedEntry.text;
        e.origin = store::BibleOrigin::Analysis;
        e.reviewed = false;
        if (const auto it = chapterIds.find(derivedEntry.chapter); it != chapterIds.end())
            e.sourceChapterId = it->second;
        auto id = bible.add(e);
        if (!id)
            return fail(id.error());
        e.id = *id;
        entries->push_back(std::move(e));
        remember(entries->size() - 1);
        ++count.added;
    }
    return count;
}

/// Keeps the one analysed `name` entry of `kind` at `text`: a changed text waits for review
/// again. An entry of the same name the writer or setup made is left alone.
Status storeSingleton(store::Database &d, std::int64_t bookId, store::BibleKind kind,
                      std::string_view name, const std::string &text,
                      std::optional<std::int64_t> sourceChapterId)
{
    if (text.empty())
        return {};
    store::BibleStore bible(d);
    auto entries = bible.list(bookId);
    if (!entries)
        return fail(entries.error());
    for (store::BibleEntry &e : *entries) {
        if (e.kind != kind || e.name != name)
            continue;
        if (e.origin != store::BibleOrigin::Analysis || e.text == text)
            return {};
        e.text = text;
        e.sourceChapterId = sourceChapterId;
        if (auto ok = bible.update(e); !ok)
            return ok;
        return bible.setReviewed(e.id, false);
    }
    store::BibleEntry e;
    e.bookId = bookId;
    e.kind = kind;
    e.name = std::string(name);
    e.text = text;
    e.origin = store::BibleOrigin::Analysis;
    e.sourceChapterId = sourceChapterId;
    e.reviewed = false;
    if (auto id = bible.add(e); !id)
        return fail(id.error());
    return {};
}

/// What the chunk starting at `first` is told of what came before it.
Result<AnalysisCarry> loadCarry(store::Database &d, std::int64_t bookId, int first)
{
    AnalysisCarry carry;
    auto entries = store::BibleStore(d).list(bookId);
    if (!entries)
        return fail(entries.error());
    for (const store::BibleEntry &e : *entries) {
        if (e.kind == store::BibleKind::Lore && e.name == kGlobalSummaryEntry)
            carry.storySoFar = e.text;
        else if (e.kind == store::BibleKind::Style && e.name == kVoiceEntry)
            carry.voice = e.text;
    }
    carry.entries = std::move(*entries);
    if (first > 1)
        if (auto before = store::ChapterStore(d).getAt(bookId, first - 1); before)
            carry.states = before->endState;
    return carry;
}

} // namespace

Result<AnalysisReport> analyseBook(PipelineContext &context, std::int64_t bookId,
                                   const AnalysisOptions &options, const AnalysisProgress &progress)
{
    auto book
        = context.db.with([&](store::Database &d) { return store::BookStore(d).get(bookId); });
    if (!book)
        return fail(book.error());
    const std::string language = templateLanguage(book->language);
    auto plan = planAnalysis(context.db, bookId, options);
    if (!plan)
        return fail(plan.error());
    AnalysisReport report;
    const int count = static_cast<int>(plan->chunks.size());
    for (int index = 0; index < count; ++index) {
        const AnalysisChunk &chunk = plan->chunks[static_cast<std::size_t>(index)];
        if (progress && !progress(index, count, chunk.first(), chunk.last())) {
            report.stopped = Error{ErrorCode::Cancelled, "The analysis was stopped.", {}};
            report.remainingChunks = count - index;
            break;
        }
        std::vector<std::pair<std::string, std::string>> texts;
        std::map<int, std::int64_t> chapterIds;
        auto carry = context.db.with([&](store::Database &d) -> Result<AnalysisCarry> {
            store::ChapterStore chapters(d);
            for (const ChapterExtent &c : chunk.chapters) {
                auto chapter = chapters.get(c.chapterId);
                if (!chapter)
                    return fail(chapter.error());
                texts.emplace_back(chapter->title, chapter->body);
                chapterIds[c.position] = c.chapterId;
            }
            return loadCarry(d, bookId, chunk.first());
        });
        if (!carry)
            return fail(carry.error());
        auto prompt = buildAnalysisPrompt(chunk, texts, *carry, language, context.prompts, options);
        if (!prompt)
            return fail(prompt.error());

        GenerationTask task;
        task.stage = "analyse";
        task.bookId = bookId;
        task.chapterId = chunk.chapters.back().chapterId;
        task.request.model = context.options.model;
        task.request.messages = {{"system", prompt->system}, {"user", prompt->user}};
        task.request.maxTokens = prompt->maxTokens;
        // A reading, not writing: as little invention as the model allows.
        task.request.temperature = 0.2;
        ChunkAnalysis analysis;
        auto step = runJsonStep(context, task, [&](const nlohmann::json &document) -> Status {
            auto parsed = parseAnalysisReply(document, chunk.first(), chunk.last());
            if (!parsed)
                return fail(parsed.error());
            analysis = std::move(*parsed);
            return {};
        });
        if (!step) {
            // Nothing of this chunk is stored: a rerun starts with it.
            report.stopped = step.error();
            report.remainingChunks = count - index;
            break;
        }
        report.requests += step->tries;
        report.costUsd += step->costUsd;
        const std::optional<std::int64_t> generationId = step->generationIds.empty()
            ? std::nullopt
            : std::optional(step->generationIds.back());
        auto merged = context.db.with([&](store::Database &d) -> Result<MergeCount> {
            return store::inTransaction(d, [&]() -> Result<MergeCount> {
                store::ChapterStore chapters(d);
                std::vector<std::int64_t> done;
                for (const ChapterDigest &digest : analysis.chapters) {
                    auto chapter = chapters.get(chapterIds.at(digest.number));
                    if (!chapter)
                        return fail(chapter.error());
                    chapter->summary = digest.summary;
                    chapter->endState = digest.states;
                    if (auto ok = chapters.updateMeta(*chapter); !ok)
                        return fail(ok.error());
                    done.push_back(chapter->id);
                }
                auto mergedCount = mergeEntries(d, bookId, analysis.entries, chapterIds);
                if (!mergedCount)
                    return fail(mergedCount.error());
                const std::int64_t lastId = chapterIds.at(analysis.chapters.back().number);
                if (auto ok = storeSingleton(d, bookId, store::BibleKind::Lore, kGlobalSummaryEntry,
                                             analysis.storySoFar, lastId);
                    !ok)
                    return fail(ok.error());
                if (auto ok = storeSingleton(d, bookId, store::BibleKind::Style, kVoiceEntry,
                                             analysis.voice, chapterIds.begin()->second);
                    !ok)
                    return fail(ok.error());
                if (auto ok = store::AnalysisStore(d).markAnalysed(bookId, done, generationId); !ok)
                    return fail(ok.error());
                return mergedCount;
            });
        });
        if (!merged)
            return fail(merged.error());
        ++report.chunks;
        report.chapters += static_cast<int>(analysis.chapters.size());
        report.missed += static_cast<int>(chunk.chapters.size() - analysis.chapters.size());
        report.cut += chunk.cut ? 1 : 0;
        report.entriesAdded += merged->added;
        report.entriesUpdated += merged->updated;
    }
    return report;
}

} // namespace scriptorium::novel
