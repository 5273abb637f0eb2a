#include "novel/manuscript_question.h"

#include "novel/continuity_audit.h"
#include "novel/json_step.h"
#include "novel/length_unit.h"
#include "novel/shared_database.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/search.h"
#include "util/text_stats.h"
#include "util/token_estimate.h"
#include "util/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace scriptorium::novel {

namespace {

constexpr std::size_t kParagraphsPerPassage = 3;
constexpr std::size_t kParagraphBytes = 700;
constexpr std::size_t kMaxCitations = 6;

// Words a question is made of that say nothing about where the answer is.
constexpr std::array<std::string_view, 48> kFunctionWords
    = {"the",   "and",   "when",  "what",  "who",   "whom",    "whose",  "where",   "why",  "how",
       "did",   "does",  "was",   "were",  "has",   "have",    "had",    "for",     "with", "from",
       "that",  "this",  "there", "their", "they",  "she",     "her",    "his",     "him",  "about",
       "last",  "first", "time",  "ever",  "any",   "all",     "which",  "into",    "are",  "can",
       "could", "would", "will",  "book",  "story", "chapter", "happen", "happened"};

// Characters that make a Chinese two-character run a function phrase, not a name or thing.
constexpr std::string_view kFunctionChars
    = "的了是在吗呢么什时候哪谁怎为何最后次一个这那有和与见到过就也都还把被对给从上下中里";

bool isFunctionChar(char32_t cp)
{
    std::string_view s = kFunctionChars;
    while (!s.empty()) {
        const utf8::Decoded d = utf8::decode(s);
        if (d.codePoint == cp)
            return true;
        s.remove_prefix(d.length);
    }
    return false;
}

std::string lowerAscii(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

void addUnique(std::vector<std::string> &list, std::string term)
{
    if (!term.empty() && std::ranges::find(list, term) == list.end())
        list.push_back(std::move(term));
}

std::vector<std::string> paragraphsOf(std::string_view body)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos)
            end = body.size();
        std::string_view line = body.substr(start, end - start);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
            line.remove_prefix(1);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.remove_suffix(1);
        if (!line.empty())
            out.emplace_back(line);
        start = end + 1;
    }
    return out;
}

/// `text` cut to at most `limit` bytes on a code point boundary, with "…" when cut.
std::string clipped(const std::string &text, std::size_t limit)
{
    if (text.size() <= limit)
        return text;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "\xE2\x80\xA6";
}

bool mentions(const std::string &text, const std::string &term)
{
    return lowerAscii(text).find(term) != std::string::npos;
}

} // namespace

std::vector<std::string> questionTerms(std::string_view question,
                                       const std::vector<std::string> &bibleNames)
{
    std::vector<std::string> terms;
    const std::string lower = lowerAscii(question);
    for (const std::string &name : bibleNames)
        if (name.size() >= 2 && lower.find(lowerAscii(name)) != std::string::npos)
            addUnique(terms, lowerAscii(name));
    // Latin words.
    std::string word;
    auto flushWord = [&] {
        if (word.size() >= 3
            && std::ranges::find(kFunctionWords, std::string_view(word)) == kFunctionWords.end())
            addUnique(terms, word);
        word.clear();
    };
    // CJK runs, as two-character windows without function characters.
    std::vector<std::pair<char32_t, std::string>> run;
    auto flushRun = [&] {
        for (std::size_t i = 0; i + 1 < run.size(); ++i)
            if (!isFunctionChar(run[i].first) && !isFunctionChar(run[i + 1].first))
                addUnique(terms, run[i].second + run[i + 1].second);
        run.clear();
    };
    std::string_view rest = lower;
    while (!rest.empty()) {
        const utf8::Decoded d = utf8::decode(rest);
        const std::string bytes(rest.substr(0, d.length));
        rest.remove_prefix(d.length);
        if (d.codePoint < 0x80
            && (std::isalnum(static_cast<int>(d.codePoint)) || d.codePoint == '\'')) {
            flushRun();
            word += static_cast<char>(d.codePoint);
        } else if (isCjkCharacter(d.codePoint)) {
            flushWord();
            run.emplace_back(d.codePoint, bytes);
        } else {
            flushWord();
            flushRun();
        }
    }
    flushWord();
    flushRun();
    return terms;
}

Result<AskContext> retrieveForQuestion(SharedDatabase &db, std::int64_t bookId,
                                       std::string_view question, std::size_t maxPassages)
{
    AskContext context;
    context.question = std::string(question);
    auto book = db.with([&](store::Database &d) { return store::BookStore(d).get(bookId); });
    if (!book)
        return fail(book.error());
    context.language = book->language;
    auto bible
        = db.with([&](store::Database &d) { return store::BibleStore(d).listReviewed(bookId); });
    if (!bible)
        return fail(bible.error());
    std::vector<std::string> names;
    for (const store::BibleEntry &e : *bible) {
        names.push_back(e.name);
        std::string_view aliases = e.aliases;
        while (!aliases.empty()) {
            const std::size_t comma = aliases.find_first_of(",，");
            std::string alias(aliases.substr(0, comma));
            while (!alias.empty() && alias.front() == ' ')
                alias.erase(0, 1);
            while (!alias.empty() && alias.back() == ' ')
                alias.pop_back();
            if (!alias.empty())
                names.push_back(alias);
            aliases.remove_prefix(comma == std::string_view::npos ? aliases.size() : comma + 1);
        }
    }
    context.terms = questionTerms(question, names);
    if (context.question.find_first_not_of(" \t\r\n") == std::string::npos)
        return fail(ErrorCode::InvalidArgument, "Type a question about the book first.");
    if (context.terms.empty())
        return fail(ErrorCode::InvalidArgument,
                    "The question names nothing to look for in the book; name a character, a "
                    "place or a thing (\"When did Mara last see the ledger?\").");

    // Chapters by how many of the terms they contain (the index, one search per term).
    std::map<std::int64_t, AskPassage> byChapter;
    for (const std::string &term : context.terms) {
        store::SearchOptions options;
        options.bookId = bookId;
        options.limit = 200;
        auto hits = db.with([&](store::Database &d) { return store::search(d, term, options); });
        if (!hits)
            return fail(hits.error());
        std::vector<std::int64_t> seen;
        for (const store::SearchHit &hit : *hits) {
            if (hit.kind != "chapter" || std::ranges::find(seen, hit.refId) != seen.end())
                continue;
            seen.push_back(hit.refId);
            AskPassage &p = byChapter[hit.refId];
            p.chapterId = hit.refId;
            p.position = hit.chapterPosition.value_or(0);
            p.title = hit.title;
            ++p.score;
        }
    }
    std::vector<AskPassage> ranked;
    for (auto &[id, passage] : byChapter)
        ranked.push_back(std::move(passage));
    std::ranges::sort(ranked, [](const AskPassage &a, const AskPassage &b) {
        return a.score != b.score ? a.score > b.score : a.position > b.position;
    });
    if (ranked.size() > maxPassages)
        ranked.resize(maxPassages);
    for (AskPassage &p : ranked) {
        auto chapter
            = db.with([&](store::Database &d) { return store::ChapterStore(d).get(p.chapterId); });
        if (!chapter)
            return fail(chapter.error());
        std::size_t taken = 0;
        for (const std::string &paragraph : paragraphsOf(chapter->body)) {
            if (taken == kParagraphsPerPassage)
                break;
            if (!std::ranges::any_of(context.terms,
                                     [&](const std::string &t) { return mentions(paragraph, t); }))
                continue;
            p.text += (p.text.empty() ? "" : "\n\n") + clipped(paragraph, kParagraphBytes);
            ++taken;
        }
    }
    std::erase_if(ranked, [](const AskPassage &p) { return p.text.empty(); });
    context.passages = std::move(ranked);

    for (const store::BibleEntry &e : *bible) {
        const bool named = std::ranges::any_of(context.terms, [&](const std::string &t) {
            return mentions(e.name, t) || mentions(e.aliases, t);
        });
        if (named)
            context.bible += "- " + e.name + " (" + std::string(store::bibleKindName(e.kind))
                + "): " + e.text + "\n";
    }
    return context;
}

nlohmann::json askSchema()
{
    const nlohmann::json text = {{"type", "string"}};
    return {
        {"type", "object"},
        {"properties",
         {{"answer", text},
          {"citations",
           {{"type", "array"},
            {"maxItems", kMaxCitations},
            {"items",
             {{"type", "object"},
              {"properties", {{"chapter", {{"type", "integer"}, {"minimum", 1}}}, {"quote", text}}},
              {"required", {"chapter", "quote"}}}}}}}},
        {"required", {"answer", "citations"}}};
}

Result<AskPrompt> buildAskPrompt(const AskContext &context, const PromptLibrary &prompts)
{
    const std::string language
        = lengthUnitFor(context.language) == LengthUnit::Characters ? "zh" : "en";
    auto system = prompts.load(language, "ask_system");
    if (!system)
        return fail(system.error());
    auto user = prompts.load(language, "ask_user");
    if (!user)
        return fail(user.error());
    std::string passages;
    for (const AskPassage &p : context.passages)
        passages += "[" + std::to_string(p.position) + (p.title.empty() ? "" : " " + p.title)
            + "]\n" + p.text + "\n\n";
    const TemplateValues values{{"question", context.question},
                                {"passages", passages},
                                {"bible", context.bible},
                                {"schema", askSchema().dump(1)}};
    AskPrompt prompt;
    prompt.system = system->render(values);
    prompt.user = user->render(values);
    prompt.promptTokens = estimateTokens(prompt.system) + estimateTokens(prompt.user);
    return prompt;
}

Result<AskAnswer> parseAskReply(const nlohmann::json &document, SharedDatabase &db,
                                std::int64_t bookId)
{
    if (!document.is_object() || !document.contains("answer") || !document["answer"].is_string()
        || document["answer"].get<std::string>().empty())
        return fail(ErrorCode::Parse, "The reply has no answer; the step will be retried.",
                    "missing: answer");
    AskAnswer out;
    out.answer = document["answer"].get<std::string>();
    const auto list = document.find("citations");
    if (list == document.end() || !list->is_array())
        return out;
    for (const nlohmann::json &item : *list) {
        if (!item.is_object() || !item.contains("quote") || !item["quote"].is_string())
            continue;
        AskCitation c;
        c.quote = item["quote"].get<std::string>();
        c.position = item.value("chapter", 0);
        if (c.quote.empty() || c.position < 1)
            continue;
        auto chapter = db.with(
            [&](store::Database &d) { return store::ChapterStore(d).getAt(bookId, c.position); });
        if (chapter) {
            c.chapterId = chapter->id;
            if (const auto range = locateQuote(chapter->body, c.quote)) {
                c.located = true;
                c.begin = range->first;
                c.end = range->second;
            }
        }
        out.citations.push_back(std::move(c));
        if (out.citations.size() == kMaxCitations)
            break;
    }
    return out;
}

AskForecast forecastAsk(const AskPrompt &prompt, const CatalogBasis &prices)
{
    AskForecast f;
    const auto p = static_cast<double>(prompt.promptTokens);
    // Token estimates are within about 10 % of the tokenizer; the answer's length is the
    // unknown, from a short one to max_tokens.
    f.promptTokens = {p * 0.9, p, p * 1.15};
    f.completionTokens
        = {kAskExpectedTokens / 3, kAskExpectedTokens, static_cast<double>(kAskMaxTokens)};
    f.costUsd = {f.promptTokens.low * prices.promptPriceLow
                     + f.completionTokens.low * prices.completionPriceLow,
                 f.promptTokens.expected * prices.promptPrice
                     + f.completionTokens.expected * prices.completionPrice,
                 f.promptTokens.high * prices.promptPriceHigh
                     + f.completionTokens.high * prices.completionPriceHigh};
    return f;
}

Result<AskAnswer> askManuscript(PipelineContext &pipeline, std::int64_t bookId,
                                const AskPrompt &prompt)
{
    GenerationTask task;
    task.stage = "ask";
    task.bookId = bookId;
    task.request.model = pipeline.options.model;
    task.request.messages = {{"system", prompt.system}, {"user", prompt.user}};
    task.request.maxTokens = kAskMaxTokens;
    // Reading, not writing: as little invention as the model allows.
    task.request.temperature = 0.2;
    AskAnswer answer;
    auto step = runJsonStep(pipeline, task, [&](const nlohmann::json &document) -> Status {
        auto parsed = parseAskReply(document, pipeline.db, bookId);
        if (!parsed)
            return fail(parsed.error());
        answer = std::move(*parsed);
        return {};
    });
    if (!step)
        return fail(step.error());
    answer.generationIds = step->generationIds;
    answer.costUsd = step->costUsd;
    return answer;
}

} // namespace scriptorium::novel
