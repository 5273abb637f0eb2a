#include "novel/book_analysis.h"

#include "novel/json_extract.h"
#include "novel/shared_database.h"
#include "novel/story_plan.h"
#include "store/analysis_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "util/token_estimate.h"

#include <algorithm>
#include <set>

namespace scriptorium::novel {

namespace {

std::string chapterHeading(int number, const std::string &title, std::string_view language)
{
    if (language == "zh")
        return "第" + std::to_string(number) + "章" + (title.empty() ? "" : "《" + title + "》");
    return "Chapter " + std::to_string(number) + (title.empty() ? "" : ", \"" + title + "\"");
}

/// A chapter over `limit` tokens: its start and its end, with a note where the middle was.
std::string cutChapter(const std::string &text, std::size_t limit, std::string_view language)
{
    const std::string note = language == "zh"
        ? "\n\n[……本章过长，超出模型的上下文，中间部分略去……]\n\n"
        : "\n\n[… the middle of this chapter is left out: the chapter is "
          "longer than the model's context …]\n\n";
    return truncateToTokens(text, limit / 2, KeepEnd::Head) + note
        + truncateToTokens(text, limit / 2, KeepEnd::Tail);
}

int replyMaxTokens(int chapters, const AnalysisOptions &options)
{
    return 350 * chapters + 120 * options.maxEntriesPerChunk + 1200;
}

} // namespace

std::size_t maxChapterTokens(const AnalysisOptions &options)
{
    const std::size_t share = std::max<std::size_t>(2000, options.contextTokens / 4);
    return options.contextTokens > 2 * share ? options.contextTokens - 2 * share : share;
}

std::vector<AnalysisChunk> chunkChapters(const std::vector<ChapterExtent> &chapters,
                                         const AnalysisOptions &options)
{
    const std::size_t limit = maxChapterTokens(options);
    const std::size_t budget = std::min(options.chunkTokens, limit);
    const auto perChunk = static_cast<std::size_t>(std::max(1, options.maxChaptersPerChunk));
    std::vector<AnalysisChunk> out;
    AnalysisChunk current;
    const auto flush = [&] {
        if (!current.chapters.empty())
            out.push_back(std::move(current));
        current = AnalysisChunk{};
    };
    for (const ChapterExtent &c : chapters) {
        if (c.tokens >= budget) {
            // Too long to share a request: its own chunk, cut when over the context.
            flush();
            current.chapters.push_back(c);
            current.cut = c.tokens > limit;
            current.tokens = std::min(c.tokens, limit);
            flush();
            continue;
        }
        const bool gap = !current.chapters.empty() && c.position != current.last() + 1;
        if (gap || current.tokens + c.tokens > budget || current.chapters.size() >= perChunk)
            flush();
        current.chapters.push_back(c);
        current.tokens += c.tokens;
    }
    flush();
    return out;
}

Result<AnalysisPlan> planAnalysis(SharedDatabase &db, std::int64_t bookId,
                                  const AnalysisOptions &options)
{
    return db.with([&](store::Database &d) -> Result<AnalysisPlan> {
        if (auto book = store::BookStore(d).get(bookId); !book)
            return fail(book.error());
        store::ChapterStore chapters(d);
        auto list = chapters.list(bookId);
        if (!list)
            return fail(list.error());
        auto analysed = store::AnalysisStore(d).analysedChapters(bookId);
        if (!analysed)
            return fail(analysed.error());
        AnalysisPlan plan;
        std::vector<ChapterExtent> pending;
        for (const store::ChapterListItem &item : *list) {
            if (item.bodyLength <= 0)
                continue;
            ++plan.chapters;
            if (analysed->contains(item.id)) {
                ++plan.analysed;
                continue;
            }
            auto chapter = chapters.get(item.id);
            if (!chapter)
                return fail(chapter.error());
            pending.push_back({item.id, item.position, estimateTokens(chapter->body)});
        }
        plan.chunks = chunkChapters(pending, options);
        for (const AnalysisChunk &chunk : plan.chunks)
            plan.cut += chunk.cut ? 1 : 0;
        return plan;
    });
}

nlohmann::json analysisSchema(int first, int last, int maxEntries)
{
    const nlohmann::json text = {{"type", "string"}};
    const nlohmann::json number
        = {{"type", "integer"}, {"minimum", first}, {"maximum", std::max(first, last)}};
    const int count = std::max(1, last - first + 1);
    return {
        {"type", "object"},
        {"properties",
         {{"chapters",
           {{"type", "array"},
            {"minItems", count},
            {"maxItems", count},
            {"items",
             {{"type", "object"},
              {"properties", {{"number", number}, {"summary", text}, {"character_states", text}}},
              {"required", {"number", "summary", "character_states"}}}}}},
          {"entries",
           {{"type", "array"},
            {"maxItems", std::max(0, maxEntries)},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"kind", {{"type", "string"}, {"enum", {"character", "place", "item", "lore"}}}},
                {"name", text},
                {"aliases", {{"type", "array"}, {"maxItems", 4}, {"items", text}}},
                {"text", text},
                {"chapter", number}}},
              {"required", {"kind", "name", "aliases", "text", "chapter"}}}}}},
          {"story_so_far", text},
          {"voice", text}}},
        {"required", {"chapters", "entries", "story_so_far", "voice"}}};
}

Result<ChunkAnalysis> parseAnalysisReply(const nlohmann::json &document, int first, int last)
{
    if (!document.is_object())
        return fail(ErrorCode::Parse,
                    "The analysis reply is not a JSON object; the step will "
                    "be retried.",
                    "not an object");
    ChunkAnalysis out;
    std::set<int> seen;
    if (const auto list = document.find("chapters"); list != document.end() && list->is_array()) {
        for (const nlohmann::json &item : *list) {
            if (!item.is_object() || !item.contains("number") || !item["number"].is_number())
                continue;
            const int number = item["number"].get<int>();
            ChapterDigest digest{number, jsonString(item, "summary"),
                                 jsonString(item, "character_states")};
            if (number < first || number > last || digest.summary.empty()
                || !seen.insert(number).second)
                continue;
            out.chapters.push_back(std::move(digest));
        }
    }
    if (out.chapters.empty())
        return fail(ErrorCode::Parse,
                    "The analysis reply summarises none of chapters " + std::to_string(first) + "–"
                        + std::to_string(last) + "; the step will be retried.",
                    "missing: chapters");
    std::ranges::sort(out.chapters, {}, &ChapterDigest::number);
    if (const auto list = document.find("entries"); list != document.end() && list->is_array()) {
        for (const nlohmann::json &item : *list) {
            if (!item.is_object())
                continue;
            auto kind = store::bibleKindFromName(jsonString(item, "kind"));
            DerivedEntry e;
            e.name = jsonString(item, "name");
            e.text = jsonString(item, "text");
            if (!kind || *kind == store::BibleKind::Style || e.name.empty())
                continue;
            e.kind = *kind;
            if (const auto aliases = item.find("aliases");
                aliases != item.end() && aliases->is_array())
                for (const nlohmann::json &a : *aliases)
                    if (a.is_string() && !a.get<std::string>().empty())
                        e.aliases.push_back(a.get<std::string>());
            const auto chapter = item.find("chapter");
            e.chapter = chapter != item.end() && chapter->is_number() ? chapter->get<int>() : first;
            e.chapter = std::clamp(e.chapter, first, last);
            out.entries.push_back(std::move(e));
        }
    }
    out.storySoFar = jsonString(document, "story_so_far");
    out.voice = jsonString(document, "voice");
    return out;
}

std::string renderKnownEntries(const std::vector<store::BibleEntry> &entries,
                               std::string_view language, std::size_t maxTokens)
{
    std::vector<const store::BibleEntry *> ordered;
    for (const store::BibleEntry &e : entries)
        if (e.kind != store::BibleKind::Style && e.name != kGlobalSummaryEntry
            && e.name != kCoreIdeaEntry)
            ordered.push_back(&e);
    // Characters first: their names are what a long book most often spells two ways.
    std::ranges::stable_sort(ordered, {}, [](const store::BibleEntry *e) {
        return e->kind == store::BibleKind::Character ? 0 : 1;
    });
    std::string out;
    std::size_t tokens = 0;
    for (const store::BibleEntry *e : ordered) {
        std::string line = "- " + e->name + " (" + std::string(store::bibleKindName(e->kind));
        if (!e->aliases.empty())
            line += (language == "zh" ? "；又名 " : "; also ") + e->aliases;
        line += ")\n";
        const std::size_t lineTokens = estimateTokens(line);
        if (tokens + lineTokens > maxTokens)
            break;
        tokens += lineTokens;
        out += line;
    }
    return out;
}

Result<AnalysisPrompt>
buildAnalysisPrompt(const AnalysisChunk &chunk,
                    const std::vector<std::pair<std::string, std::string>> &texts,
                    const AnalysisCarry &carry, std::string_view language,
                    const PromptLibrary &prompts, const AnalysisOptions &options)
{
    auto system = prompts.load(language, "analyse_system");
    if (!system)
        return fail(system.error());
    auto user = prompts.load(language, "analyse_user");
    if (!user)
        return fail(user.error());
    const std::size_t limit = maxChapterTokens(options);
    std::string chapters;
    for (std::size_t i = 0; i < chunk.chapters.size() && i < texts.size(); ++i) {
        const int number = chunk.chapters[i].position;
        const std::string &body = texts[i].second;
        chapters += "<chapter number=\"" + std::to_string(number) + "\">\n"
            + chapterHeading(number, texts[i].first, language) + "\n\n"
            + (chunk.chapters[i].tokens > limit ? cutChapter(body, limit, language) : body)
            + "\n</chapter>\n\n";
    }
    const TemplateValues values{
        {"known_entries", renderKnownEntries(carry.entries, language, options.carryTokens)},
        {"story_so_far", carry.storySoFar},
        {"voice", carry.voice},
        {"character_states", carry.states},
        {"chapters", chapters},
        {"first_chapter", std::to_string(chunk.first())},
        {"last_chapter", std::to_string(chunk.last())},
        {"max_entries", std::to_string(options.maxEntriesPerChunk)},
        {"summary_words", std::to_string(options.summaryWords)},
        {"story_words", std::to_string(options.storyWords)},
        {"schema",
         analysisSchema(chunk.first(), chunk.last(), options.maxEntriesPerChunk).dump(1)}};
    AnalysisPrompt prompt;
    prompt.system = system->render(values);
    prompt.user = user->render(values);
    prompt.promptTokens = estimateTokens(prompt.system) + estimateTokens(prompt.user);
    prompt.maxTokens = replyMaxTokens(static_cast<int>(chunk.chapters.size()), options);
    return prompt;
}

Result<AnalysisForecast> forecastAnalysis(SharedDatabase &db, const PromptLibrary &prompts,
                                          std::int64_t bookId, const CatalogBasis &prices,
                                          const AnalysisOptions &options)
{
    auto plan = planAnalysis(db, bookId, options);
    if (!plan)
        return fail(plan.error());
    auto book = db.with([&](store::Database &d) { return store::BookStore(d).get(bookId); });
    if (!book)
        return fail(book.error());
    const std::string language = templateLanguage(book->language);
    // The prompt without chapters, with the carry at its cap: what every chunk adds to its text.
    AnalysisCarry carry;
    carry.storySoFar.assign(static_cast<std::size_t>(options.storyWords) * 6, 'x');
    auto empty = buildAnalysisPrompt(AnalysisChunk{{ChapterExtent{0, 1, 0}}, 0, false}, {{"", ""}},
                                     carry, language, prompts, options);
    if (!empty)
        return fail(empty.error());
    const double overhead
        = static_cast<double>(empty->promptTokens) + static_cast<double>(options.carryTokens);

    const auto history = db.with([&](store::Database &d) -> std::optional<double> {
        auto stmt = d.prepare(
            "SELECT sum(tokens), sum(chapters) FROM (SELECT g.completion_tokens AS tokens, "
            "count(a.chapter_id) AS chapters FROM generations g JOIN book_analysis a ON "
            "a.generation_id = g.id WHERE g.book_id = ? AND g.stage = 'analyse' AND g.status = "
            "'succeeded' AND g.completion_tokens > 0 GROUP BY g.id)");
        if (!stmt)
            return std::nullopt;
        stmt->bind(1, bookId);
        auto row = stmt->step();
        if (!row || !*row || stmt->isNull(1) || stmt->int64(1) == 0)
            return std::nullopt;
        return stmt->real(0) / stmt->real(1);
    });

    AnalysisForecast f;
    f.basis = history ? "history" : "default";
    f.chunks = static_cast<int>(plan->chunks.size());
    f.analysed = plan->analysed;
    f.cut = plan->cut;
    double prompt = 0, expected = 0, high = 0;
    for (const AnalysisChunk &chunk : plan->chunks) {
        const auto n = static_cast<double>(chunk.chapters.size());
        f.chapters += static_cast<int>(chunk.chapters.size());
        prompt += overhead + static_cast<double>(chunk.tokens);
        expected += history ? *history * n
                            : kDefaultAnalysisTokensPerChapter * n + kDefaultAnalysisTokensPerChunk;
        high += replyMaxTokens(static_cast<int>(chunk.chapters.size()), options);
    }
    f.promptTokens = {prompt * 0.9, prompt, prompt * 1.15};
    f.completionTokens = {expected / 2, expected, high};
    f.costUsd = tokenCost(f.promptTokens, f.completionTokens, prices);
    const double speed = std::max(1.0, prices.tokensPerSecond);
    const double chunks = f.chunks;
    f.wallSeconds = {chunks * prices.ttftSeconds + f.completionTokens.low / speed,
                     chunks * prices.ttftSeconds + f.completionTokens.expected / speed,
                     chunks * prices.ttftSeconds * 2 + f.completionTokens.high / speed};
    return f;
}

Result<AnalysisStatus> analysisStatus(SharedDatabase &db, std::int64_t bookId)
{
    return db.with([&](store::Database &d) -> Result<AnalysisStatus> {
        if (auto book = store::BookStore(d).get(bookId); !book)
            return fail(book.error());
        auto list = store::ChapterStore(d).list(bookId);
        if (!list)
            return fail(list.error());
        auto analysed = store::AnalysisStore(d).analysedChapters(bookId);
        if (!analysed)
            return fail(analysed.error());
        auto unreviewed = store::BibleStore(d).listUnreviewed(bookId);
        if (!unreviewed)
            return fail(unreviewed.error());
        AnalysisStatus status;
        for (const store::ChapterListItem &item : *list) {
            if (item.bodyLength <= 0)
                continue;
            ++status.chapters;
            status.analysed += analysed->contains(item.id) ? 1 : 0;
        }
        status.unreviewed = static_cast<int>(unreviewed->size());
        return status;
    });
}

} // namespace scriptorium::novel
