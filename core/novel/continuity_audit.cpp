#include "novel/continuity_audit.h"

#include "novel/chapter_pipeline.h"
#include "novel/json_extract.h"
#include "novel/json_step.h"
#include "novel/shared_database.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "util/token_estimate.h"

#include <algorithm>
#include <cctype>

namespace scriptorium::novel {

namespace {

/// Longest quote kept as evidence or reference: a sentence, not a page.
constexpr std::size_t kMaxQuoteBytes = 400;

/// Bytes of a white-space character starting at `i` (ASCII space or U+3000), else 0.
std::size_t spaceAt(std::string_view text, std::size_t i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c))
        return 1;
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80
        && static_cast<unsigned char>(text[i + 2]) == 0x80)
        return 3;
    return 0;
}

/// `text` without white space and with ASCII lower-cased, and for each kept byte its offset
/// in `text`.
struct Folded {
    std::string bytes;
    std::vector<std::size_t> offsets;
};

Folded fold(std::string_view text)
{
    Folded out;
    out.bytes.reserve(text.size());
    out.offsets.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t skip = spaceAt(text, i)) {
            i += skip;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        out.bytes += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
        out.offsets.push_back(i);
        ++i;
    }
    return out;
}

/// The quote's pieces between ellipses ("..." or "…"), folded, empty pieces dropped.
std::vector<std::string> quotePieces(std::string_view quote)
{
    std::vector<std::string> pieces;
    std::string current;
    for (std::size_t i = 0; i < quote.size();) {
        if (quote.substr(i, 3) == "..." || quote.substr(i, 3) == "\xE2\x80\xA6") {
            pieces.push_back(current);
            current.clear();
            i += 3;
            while (i < quote.size() && quote[i] == '.')
                ++i;
            continue;
        }
        current += quote[i];
        ++i;
    }
    pieces.push_back(current);
    std::vector<std::string> out;
    for (const std::string &p : pieces) {
        std::string folded = fold(p).bytes;
        // A quote is often wrapped in quotation marks the chapter does not have there.
        for (const std::string_view mark :
             {"\"", "'", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE3\x80\x8C", "\xE3\x80\x8D"}) {
            if (folded.starts_with(mark))
                folded.erase(0, mark.size());
            if (folded.ends_with(mark))
                folded.erase(folded.size() - mark.size());
        }
        if (!folded.empty())
            out.push_back(std::move(folded));
    }
    return out;
}

/// `text` cut to at most `limit` bytes on a UTF-8 boundary, trimmed.
std::string clip(std::string_view text, std::size_t limit)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    if (text.size() <= limit)
        return std::string(text);
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return std::string(text.substr(0, end)) + "\xE2\x80\xA6";
}

std::string renderBible(const ChapterContext &context)
{
    std::string out;
    for (const BibleEntryText &e : context.bible) {
        out += "- " + e.name + " (" + e.kind + ")";
        if (!e.aliases.empty()) {
            out += context.language == "zh" ? "，又名" : ", also ";
            for (std::size_t i = 0; i < e.aliases.size(); ++i)
                out += (i ? ", " : "") + e.aliases[i];
        }
        out += ": " + e.text + "\n";
    }
    return out;
}

std::string renderSummaries(const ChapterContext &context)
{
    std::string out;
    for (const auto &[number, summary] : context.recentSummaries)
        out += (context.language == "zh" ? "第" + std::to_string(number) + "章："
                                         : "Chapter " + std::to_string(number) + ": ")
            + summary + "\n";
    return out;
}

} // namespace

nlohmann::json auditSchema()
{
    const nlohmann::json text = {{"type", "string"}};
    return {
        {"type", "object"},
        {"properties",
         {{"findings",
           {{"type", "array"},
            {"maxItems", 12},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"quote_chapter", text},
                {"quote_reference", text},
                {"explanation", text},
                {"severity", {{"type", "string"}, {"enum", {"minor", "major"}}}}}},
              {"required", {"quote_chapter", "quote_reference", "explanation", "severity"}}}}}}}},
        {"required", {"findings"}}};
}

Result<AuditPrompt> buildAuditPrompt(const ChapterContext &context, std::string_view chapterText,
                                     const PromptLibrary &prompts)
{
    auto system = prompts.load(context.language, "audit_system");
    if (!system)
        return fail(system.error());
    auto user = prompts.load(context.language, "audit_user");
    if (!user)
        return fail(user.error());
    const TemplateValues values{{"bible", renderBible(context)},
                                {"character_states", context.characterStates},
                                {"global_summary", context.globalSummary},
                                {"recent_summaries", renderSummaries(context)},
                                {"chapter_number", std::to_string(context.chapterNumber)},
                                {"chapter_title", context.chapterTitle},
                                {"chapter_text", std::string(chapterText)},
                                {"schema", auditSchema().dump(1)}};
    AuditPrompt prompt;
    prompt.system = system->render(values);
    prompt.user = user->render(values);
    prompt.promptTokens = estimateTokens(prompt.system) + estimateTokens(prompt.user);
    return prompt;
}

std::optional<std::pair<std::size_t, std::size_t>> locateQuote(std::string_view text,
                                                               std::string_view quote)
{
    const std::vector<std::string> pieces = quotePieces(quote);
    if (pieces.empty())
        return std::nullopt;
    const Folded haystack = fold(text);
    const std::size_t first = haystack.bytes.find(pieces.front());
    if (first == std::string::npos)
        return std::nullopt;
    std::size_t lastEnd = first + pieces.front().size();
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        const std::size_t at = haystack.bytes.find(pieces[i], lastEnd);
        if (at == std::string::npos)
            return std::nullopt;
        lastEnd = at + pieces[i].size();
    }
    const std::size_t begin = haystack.offsets[first];
    std::size_t end = haystack.offsets[lastEnd - 1] + 1;
    // End on a character boundary: the last kept byte may start a multi-byte character.
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        ++end;
    return std::pair{begin, end};
}

Result<std::vector<AuditFinding>> parseAuditReply(const nlohmann::json &document,
                                                  std::string_view chapterText)
{
    const auto list = document.is_object() ? document.find("findings") : document.end();
    if (!document.is_object() || list == document.end() || !list->is_array())
        return fail(ErrorCode::Parse,
                    "The audit reply has no list of findings; the step will be retried.",
                    "missing: findings");
    std::vector<AuditFinding> out;
    for (const nlohmann::json &item : *list) {
        if (!item.is_object())
            continue;
        const std::string quote = jsonString(item, "quote_chapter");
        const std::string explanation = jsonString(item, "explanation");
        if (quote.empty() || explanation.empty())
            continue;
        AuditFinding f;
        f.finding.kind = QualityKind::Continuity;
        f.finding.severity = qualitySeverityFromName(jsonString(item, "severity"))
                                 .value_or(QualitySeverity::Minor);
        f.finding.evidence = clip(quote, kMaxQuoteBytes);
        f.reference = clip(jsonString(item, "quote_reference"), kMaxQuoteBytes);
        f.finding.detail = clip(explanation, kMaxQuoteBytes);
        if (const auto range = locateQuote(chapterText, quote)) {
            f.located = true;
            f.finding.begin = range->first;
            f.finding.end = range->second;
        } else {
            f.finding.begin = 0;
            f.finding.end = chapterText.size();
            f.finding.detail += " (the quote was not found in the chapter; the finding points "
                                "at the whole text)";
        }
        out.push_back(std::move(f));
    }
    // In reading order; the findings whose quote could not be found come last (they point at
    // the whole chapter, not at a place in it).
    std::ranges::stable_sort(out, {}, [](const AuditFinding &f) {
        return std::pair{!f.located, f.finding.begin};
    });
    return out;
}

std::vector<store::StoredFinding> toStoredFindings(const std::vector<AuditFinding> &findings)
{
    std::vector<store::StoredFinding> out;
    for (const AuditFinding &f : findings) {
        store::StoredFinding s;
        s.source = "audit";
        s.kind = std::string(qualityKindName(f.finding.kind));
        s.severity = std::string(qualitySeverityName(f.finding.severity));
        s.begin = static_cast<std::int64_t>(f.finding.begin);
        s.end = static_cast<std::int64_t>(f.finding.end);
        s.evidence = f.finding.evidence;
        s.reference = f.reference;
        s.detail = f.finding.detail;
        out.push_back(std::move(s));
    }
    return out;
}

Result<AuditRun> runAudit(PipelineContext &pipeline, const ChapterContext &context,
                          std::string_view chapterText, std::optional<std::int64_t> bookId,
                          std::optional<std::int64_t> chapterId)
{
    auto prompt = buildAuditPrompt(context, chapterText, pipeline.prompts);
    if (!prompt)
        return fail(prompt.error());
    GenerationTask task;
    task.stage = "audit";
    task.bookId = bookId;
    task.chapterId = chapterId;
    task.request.model = pipeline.options.model;
    task.request.messages = {{"system", prompt->system}, {"user", prompt->user}};
    task.request.maxTokens = kAuditMaxTokens;
    // An audit is a reading, not writing: as little invention as the model allows.
    task.request.temperature = 0.2;
    AuditRun run;
    auto step = runJsonStep(pipeline, task, [&](const nlohmann::json &document) -> Status {
        auto parsed = parseAuditReply(document, chapterText);
        if (!parsed)
            return fail(parsed.error());
        run.findings = std::move(*parsed);
        return {};
    });
    if (!step)
        return fail(step.error());
    run.auditGenerationIds = step->generationIds;
    run.costUsd = step->costUsd;
    run.tries = step->tries;
    return run;
}

std::optional<std::int64_t> writingGeneration(SharedDatabase &db, std::int64_t chapterId)
{
    return db.with([&](store::Database &d) -> std::optional<std::int64_t> {
        auto stmt = d.prepare("SELECT id FROM generations WHERE chapter_id = ? AND stage IN "
                              "('draft', 'continue') AND status = 'succeeded' ORDER BY id DESC "
                              "LIMIT 1");
        if (!stmt)
            return std::nullopt;
        stmt->bind(1, chapterId);
        auto row = stmt->step();
        if (!row || !*row)
            return std::nullopt;
        return stmt->int64(0);
    });
}

Result<ChapterAudit> auditChapter(PipelineContext &pipeline, std::int64_t bookId, int position)
{
    auto context = loadChapterContext(pipeline.db, bookId, position, false,
                                      pipeline.options.assembly.recentChapters);
    if (!context)
        return fail(context.error());
    auto chapter = pipeline.db.with(
        [&](store::Database &d) { return store::ChapterStore(d).getAt(bookId, position); });
    if (!chapter)
        return fail(chapter.error());
    if (chapter->body.empty())
        return fail(ErrorCode::InvalidArgument,
                    "Chapter " + std::to_string(position)
                        + " has no text to audit; draft or write it first.");
    ChapterAudit audit;
    audit.position = position;
    audit.chapterId = chapter->id;
    auto run = runAudit(pipeline, *context, chapter->body, bookId, chapter->id);
    if (!run)
        return fail(run.error());
    audit.run = std::move(*run);
    audit.writingGenerationId = writingGeneration(pipeline.db, chapter->id);
    if (!audit.writingGenerationId)
        return audit;
    const std::int64_t generationId = *audit.writingGenerationId;
    auto stored
        = pipeline.db.with([&](store::Database &d) -> Result<std::vector<store::StoredFinding>> {
              return store::inTransaction(d, [&]() -> Result<std::vector<store::StoredFinding>> {
                  // The rows this audit adds are those after the newest id before it.
                  auto newest = d.prepare("SELECT coalesce(max(id), 0) FROM quality_findings");
                  if (!newest)
                      return fail(newest.error());
                  auto row = newest->step();
                  if (!row)
                      return fail(row.error());
                  const std::int64_t before = newest->int64(0);
                  store::QualityStore quality(d);
                  if (auto ok
                      = quality.record(generationId, toStoredFindings(audit.run.findings), "audit");
                      !ok)
                      return fail(ok.error());
                  auto all = quality.forGeneration(generationId);
                  if (!all)
                      return fail(all.error());
                  std::vector<store::StoredFinding> added;
                  for (store::StoredFinding &f : *all)
                      if (f.id > before && f.source == "audit")
                          added.push_back(std::move(f));
                  return added;
              });
          });
    if (!stored)
        return fail(stored.error());
    audit.stored = std::move(*stored);
    return audit;
}

Result<AuditForecast> forecastAudit(SharedDatabase &db, const PromptLibrary &prompts,
                                    std::int64_t bookId, int first, int last,
                                    const CatalogBasis &prices, std::size_t recentChapters)
{
    if (first < 1 || last < first)
        return fail(ErrorCode::InvalidArgument,
                    "Give a chapter range like 1-5 (the first chapter is 1).");
    if (auto book = db.with([&](store::Database &d) { return store::BookStore(d).get(bookId); });
        !book)
        return fail(book.error());
    AuditForecast forecast;
    double promptTokens = 0;
    for (int position = first; position <= last; ++position) {
        auto chapter = db.with(
            [&](store::Database &d) { return store::ChapterStore(d).getAt(bookId, position); });
        if (!chapter) {
            if (chapter.error().code == ErrorCode::NotFound)
                break;
            return fail(chapter.error());
        }
        if (chapter->body.empty())
            continue;
        auto context = loadChapterContext(db, bookId, position, false, recentChapters);
        if (!context)
            return fail(context.error());
        auto prompt = buildAuditPrompt(*context, chapter->body, prompts);
        if (!prompt)
            return fail(prompt.error());
        promptTokens += static_cast<double>(prompt->promptTokens);
        ++forecast.chapters;
    }
    const auto history = db.with([&](store::Database &d) -> std::optional<double> {
        auto stmt = d.prepare("SELECT avg(completion_tokens), count(*) FROM generations WHERE "
                              "book_id = ? AND stage = 'audit' AND status = 'succeeded' AND "
                              "completion_tokens > 0");
        if (!stmt)
            return std::nullopt;
        stmt->bind(1, bookId);
        auto row = stmt->step();
        if (!row || !*row || stmt->int64(1) == 0)
            return std::nullopt;
        return stmt->real(0);
    });
    forecast.basis = history ? "history" : "default";
    const double perChapter = history.value_or(kDefaultAuditCompletionTokens);
    const double n = forecast.chapters;
    // Token estimates are within about 10 % of the tokenizer; the reply's length is the real
    // unknown: from a clean chapter (a third) to max_tokens.
    forecast.promptTokens = {promptTokens * 0.9, promptTokens, promptTokens * 1.15};
    forecast.completionTokens
        = {n * perChapter / 3, n * perChapter, n * static_cast<double>(kAuditMaxTokens)};
    forecast.costUsd = tokenCost(forecast.promptTokens, forecast.completionTokens, prices);
    return forecast;
}

} // namespace scriptorium::novel
