// The local quality checks (issue 15): what runs on every generation before the writer sees
// it. Repetition and language drift live in quality_repetition.cpp and quality_language.cpp;
// this file holds the entry point and the checks that look at a text's ends, its length and
// its JSON. Every threshold and how it was measured: docs/quality.md.
#include "novel/quality_checks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "novel/chapter_heading.h"
#include "novel/json_extract.h"
#include "novel/length_unit.h"
#include "novel/quality_text.h"
#include "util/text_stats.h"
#include "util/utf8.h"

namespace scriptorium::novel {

namespace {

using quality::makeFinding;
using quality::Span;

/// Length check: a text under kShortShare or over kLongShare of its target is flagged (Minor);
/// under kVeryShortShare or over kVeryLongShare it is Major.
constexpr double kShortShare = 0.5;
constexpr double kLongShare = 2.0;
constexpr double kVeryShortShare = 0.25;
constexpr double kVeryLongShare = 4.0;
/// A preamble ("Here is the chapter:") is a short first paragraph; a longer one is prose.
constexpr std::size_t kMaxPreambleUnits = 60;

constexpr std::array<std::string_view, 7> kNames
    = {"repetition", "language_drift", "truncation", "meta_text",
       "length",     "broken_json",    "continuity"};

/// ASCII lower-cased copy (CJK bytes unchanged), for matching phrases case-insensitively.
std::string lowered(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    // Curly apostrophes as straight ones, so "I’m sorry" matches "i'm sorry".
    for (std::size_t pos = 0; (pos = out.find("\u2019", pos)) != std::string::npos;)
        out.replace(pos, 3, "'");
    return out;
}

/// `s` without leading markdown emphasis, quote marks of a block quote and white space.
std::string_view skipDecoration(std::string_view s)
{
    while (!s.empty()
           && (s.front() == '*' || s.front() == '_' || s.front() == '>' || s.front() == ' '))
        s.remove_prefix(1);
    return s;
}

template<std::size_t N>
const std::string_view *startsWithAny(std::string_view s,
                                      const std::array<std::string_view, N> &list)
{
    for (const std::string_view &p : list)
        if (s.starts_with(p))
            return &p;
    return nullptr;
}

template<std::size_t N>
bool containsAny(std::string_view s, const std::array<std::string_view, N> &list)
{
    return std::any_of(list.begin(), list.end(),
                       [&](std::string_view p) { return s.find(p) != std::string_view::npos; });
}

// A model speaking about itself or refusing. Only at the start of the first or last
// paragraph: a character in the story may say the same words inside quotes.
constexpr std::array<std::string_view, 28> kRefusals = {
    "as an ai",
    "as a language model",
    "as an artificial intelligence",
    "i'm sorry, but",
    "i am sorry, but",
    "i'm sorry, i can",
    "i apologize, but",
    "sorry, but i can",
    "i can't help with",
    "i cannot help with",
    "i can't write",
    "i cannot write",
    "i can't continue",
    "i cannot continue",
    "i can't assist",
    "i cannot assist",
    "i'm unable to",
    "i am unable to",
    "作为一个ai",
    "作为一个人工智能",
    "作为人工智能",
    "作为ai",
    "作为一个语言模型",
    "作为语言模型",
    "抱歉，我无法",
    "抱歉，我不能",
    "对不起，我无法",
    "很抱歉，我",
};

// Openers of a reply that introduces its text; they count only in a short first paragraph
// that also names what it introduces (kMetaNouns), so "Here is the harbour…" stays prose.
constexpr std::array<std::string_view, 21> kPreambleOpeners = {
    "here is", "here's", "below is",   "sure",    "certainly", "of course", "okay",
    "ok,",     "great",  "absolutely", "alright", "以下是",    "下面是",    "好的",
    "当然",    "这是第", "这是本章",   "没问题",  "为您",      "为你",      "按照",
};
constexpr std::array<std::string_view, 22> kMetaNouns = {
    "chapter",  "story", "draft",     "continuation", "version", "scene", "rewrite", "revised",
    "expanded", "text",  "requested", "章",           "正文",    "续写",  "故事",    "内容",
    "小说",     "草稿",  "版本",      "改写",         "扩写",    "场景",
};

// Notes after the text: a word count, a "Note:", wishes and offers to do more.
constexpr std::array<std::string_view, 30> kPostscripts = {
    "(word count",
    "word count",
    "[word count",
    "note:",
    "notes:",
    "note that",
    "i hope you",
    "hope you enjoy",
    "let me know",
    "feel free to",
    "would you like",
    "if you'd like",
    "if you want me",
    "shall i continue",
    "（字数",
    "(字数",
    "字数：",
    "字数:",
    "【字数",
    "注：",
    "注:",
    "备注：",
    "希望你喜欢",
    "希望您喜欢",
    "如果需要",
    "如需",
    "需要我",
    "如果你喜欢",
    "（本章",
    "(本章",
};
constexpr std::array<std::string_view, 6> kHopes
    = {"i hope", "hope this", "hopefully this", "希望", "但愿这", "愿这"};
constexpr std::array<std::string_view, 4> kWordCounts
    = {"word count:", "字数：", "字数:", "(word count"};

// Last lines that end a chapter without a full stop (brackets and emphasis stripped).
constexpr std::array<std::string_view, 10> kClosingMarks = {
    "the end",  "end",  "fin",  "to be continued", "完", "全文完", "本章完",
    "未完待续", "待续", "未完",
};

bool isNarrativeStage(std::string_view stage)
{
    return stage == "draft" || stage == "continue" || stage == "rewrite" || stage == "expand"
        || stage == "beat";
}

std::size_t unitsIn(std::string_view text)
{
    return countText(text).length();
}

void checkMetaText(std::string_view text, const std::vector<Span> &paragraphs,
                   std::string_view stage, std::vector<QualityFinding> &out)
{
    if (paragraphs.empty())
        return;
    const Span first = paragraphs.front();
    const std::string_view firstText = text.substr(first.begin, first.end - first.begin);
    const std::string firstLower = lowered(skipDecoration(firstText));
    if (const auto *p = startsWithAny(firstLower, kRefusals)) {
        out.push_back(makeFinding(
            QualityKind::MetaText, QualitySeverity::Major, text, first.begin, first.end,
            "the reply opens with a refusal or AI self-reference (\"" + std::string(*p) + "\")"));
    } else if (const auto *o = startsWithAny(firstLower, kPreambleOpeners); o
               && unitsIn(firstText) <= kMaxPreambleUnits && containsAny(firstLower, kMetaNouns)) {
        out.push_back(makeFinding(QualityKind::MetaText, QualitySeverity::Major, text, first.begin,
                                  first.end,
                                  "the first paragraph introduces the text (\"" + std::string(*o)
                                      + "\", " + std::to_string(unitsIn(firstText)) + " units)"));
    } else if (isNarrativeStage(stage)
               && (firstText.starts_with('#')
                   || classifyHeadingLine(firstText) != HeadingRole::None)) {
        out.push_back(makeFinding(QualityKind::MetaText, QualitySeverity::Minor, text, first.begin,
                                  first.end,
                                  "the text starts with a heading the prompt asked not to write"));
    }
    // The last two paragraphs: a note often follows a closing line or a "---" rule.
    const std::size_t from = paragraphs.size() >= 3 ? paragraphs.size() - 2 : 1;
    for (std::size_t i = from; i < paragraphs.size(); ++i) {
        const Span p = paragraphs[i];
        const std::string lower = lowered(skipDecoration(text.substr(p.begin, p.end - p.begin)));
        const std::string_view *hit = startsWithAny(lower, kPostscripts);
        if (!hit)
            hit = startsWithAny(lower, kRefusals);
        // A wish about the text itself ("I hope this chapter meets…", "希望这一章…"): a hope
        // that names the chapter, draft or story is the assistant's, not a character's.
        if (!hit && containsAny(lower, kMetaNouns))
            hit = startsWithAny(lower, kHopes);
        if (!hit && !containsAny(lower, kWordCounts))
            continue;
        out.push_back(makeFinding(QualityKind::MetaText, QualitySeverity::Major, text, p.begin,
                                  text.size(),
                                  "a note to the reader follows the text (\""
                                      + std::string(hit ? *hit : "word count") + "\")"));
        break;
    }
}

// Ends of a finished sentence, and the closing quotes and brackets that may follow them.
bool isTerminator(char32_t cp)
{
    switch (cp) {
    case U'.':
    case U'!':
    case U'?':
    case U'\u2026':
    case U'\u3002':
    case U'\uFF01':
    case U'\uFF1F':
    case U'~':
    case U'\uFF5E':
    case U'\u2014':
    case U'\u2015':
    case U'\u22EF':
    case U'\uFF0E':
        return true;
    default:
        return false;
    }
}

bool isClosing(char32_t cp)
{
    switch (cp) {
    case U'"':
    case U'\'':
    case U'\u201D':
    case U'\u2019':
    case U'\u300D':
    case U'\u300F':
    case U'\uFF09':
    case U')':
    case U']':
    case U'\u3011':
    case U'\u300B':
    case U'*':
    case U'_':
    case U'\uFF02':
    case U'\u00BB':
        return true;
    default:
        return false;
    }
}

/// The last code point of `text` (non-empty) and where it starts.
std::pair<char32_t, std::size_t> lastCodePoint(std::string_view text)
{
    std::size_t start = quality::boundaryAtOrBefore(text, text.size() - 1);
    const utf8::Decoded d = utf8::decode(text.substr(start));
    return {d.valid ? d.codePoint : utf8::kReplacement, start};
}

void checkTruncation(std::string_view text, const std::vector<Span> &paragraphs,
                     const QualityContext &context, std::vector<QualityFinding> &out)
{
    const bool capped = context.finishReason == "length";
    if (paragraphs.empty()) {
        out.push_back(makeFinding(
            QualityKind::Truncation, QualitySeverity::Major, text, 0, text.size(),
            "the reply is empty (finish_reason \""
                + (context.finishReason.empty() ? std::string("unknown") : context.finishReason)
                + "\")"));
        return;
    }
    const Span last = paragraphs.back();
    std::string_view body = text.substr(last.begin, last.end - last.begin);
    if (unitsIn(body) == 0)
        return; // a scene break: "* * *", "＊＊＊"
    std::string_view rest = body;
    while (!rest.empty() && isClosing(lastCodePoint(rest).first))
        rest = rest.substr(0, lastCodePoint(rest).second);
    if (!rest.empty() && isTerminator(lastCodePoint(rest).first))
        return;
    // "(The End)", "（未完待续）": strip the opening bracket too and compare.
    std::string mark = lowered(rest);
    for (std::string_view open : {"(", "（", "【", "[", "*", "_", "——", "-"})
        while (mark.starts_with(open))
            mark.erase(0, open.size());
    if (std::find(kClosingMarks.begin(), kClosingMarks.end(), mark) != kClosingMarks.end())
        return;
    // Point at the unfinished sentence: from the last terminator in the paragraph.
    std::size_t begin = 0;
    for (std::size_t pos = 0; pos < body.size();) {
        const utf8::Decoded d = utf8::decode(body.substr(pos));
        pos += d.length;
        if (d.valid && isTerminator(d.codePoint))
            begin = pos;
    }
    while (begin < body.size() && body[begin] == ' ')
        ++begin;
    const std::string detail = capped
        ? "the text stops mid-sentence where the output hit its token cap (finish_reason "
          "\"length\")"
        : "the text stops mid-sentence without a closing punctuation mark (finish_reason \""
            + (context.finishReason.empty() ? std::string("unknown") : context.finishReason)
            + "\")";
    out.push_back(makeFinding(QualityKind::Truncation,
                              capped ? QualitySeverity::Minor : QualitySeverity::Major, text,
                              last.begin + begin, last.end, detail));
}

void checkLength(std::string_view text, const QualityContext &context,
                 std::vector<QualityFinding> &out)
{
    if (context.targetLength == 0)
        return;
    const TextStats stats = countText(text);
    const LengthUnit unit
        = context.language.empty() ? lengthUnitOf(stats) : lengthUnitFor(context.language);
    const double share
        = static_cast<double>(stats.length()) / static_cast<double>(context.targetLength);
    if (share >= kShortShare && share <= kLongShare)
        return;
    const bool major = share < kVeryShortShare || share > kVeryLongShare;
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.0f%%", share * 100.0);
    out.push_back(makeFinding(QualityKind::Length,
                              major ? QualitySeverity::Major : QualitySeverity::Minor, text, 0,
                              text.size(),
                              std::to_string(stats.length()) + " "
                                  + std::string(lengthUnitName(unit)) + " against a target of "
                                  + std::to_string(context.targetLength) + " (" + percent + ")"));
}

/// Whether the reply says something besides its JSON document: text before or after it (a
/// Markdown code fence around it is markup, not text).
bool hasTextAroundJson(std::string_view text)
{
    auto trim = [](std::string_view s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
            s.remove_prefix(1);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
            s.remove_suffix(1);
        return s;
    };
    std::string_view t = trim(text);
    if (t.starts_with("```")) {
        const std::size_t line = t.find('\n');
        t = line == std::string_view::npos ? std::string_view() : t.substr(line + 1);
        t = trim(t);
        if (t.ends_with("```"))
            t = trim(t.substr(0, t.size() - 3));
    }
    if (t.empty())
        return false;
    const bool opens = t.front() == '{' || t.front() == '[';
    const bool closes = t.back() == '}' || t.back() == ']';
    return !opens || !closes;
}

/// The required fields of `schema` that `doc` lacks, as paths ("chapters[].title"), following
/// `properties` into objects and `items` into arrays.
void missingRequired(const nlohmann::json &doc, const nlohmann::json &schema,
                     const std::string &path, std::vector<std::string> &missing)
{
    if (!schema.is_object())
        return;
    if (doc.is_array()) {
        if (const auto items = schema.find("items"); items != schema.end())
            for (const nlohmann::json &element : doc) {
                const std::size_t before = missing.size();
                missingRequired(element, *items, path + "[]", missing);
                if (missing.size() > before)
                    break; // one element says it for all
            }
        return;
    }
    if (!doc.is_object())
        return;
    if (const auto required = schema.find("required"); required != schema.end())
        for (const nlohmann::json &field : *required)
            if (field.is_string() && !doc.contains(field.get<std::string>()))
                missing.push_back(path + (path.empty() ? "" : ".") + field.get<std::string>());
    if (const auto properties = schema.find("properties");
        properties != schema.end() && properties->is_object())
        for (const auto &[key, sub] : properties->items())
            if (const auto value = doc.find(key); value != doc.end())
                missingRequired(*value, sub, path + (path.empty() ? "" : ".") + key, missing);
}

void checkJson(std::string_view text, const QualityContext &context,
               std::vector<QualityFinding> &out)
{
    auto fail = [&](std::string detail) {
        out.push_back(makeFinding(QualityKind::BrokenJson, QualitySeverity::Major, text, 0,
                                  text.size(), std::move(detail)));
    };
    const auto doc = extractJson(text);
    if (!doc) {
        fail(looksTruncatedJson(text) ? "the JSON document is cut off before it closes"
                                      : "the reply holds no JSON document that parses");
        return;
    }
    if (!doc->is_object() && !doc->is_array()) {
        fail(std::string("the JSON document is a ") + doc->type_name()
             + ", not an object or array");
        return;
    }
    if (hasTextAroundJson(text))
        out.push_back(makeFinding(QualityKind::BrokenJson, QualitySeverity::Minor, text, 0,
                                  text.size(),
                                  "the JSON document is wrapped in other text (the step asked "
                                  "for the document alone)"));
    // An array's fields are its elements' (a list of chapters, say).
    std::vector<const nlohmann::json *> objects;
    if (doc->is_object())
        objects.push_back(&*doc);
    else
        for (const auto &element : *doc)
            objects.push_back(&element);
    std::string missing;
    std::size_t count = 0;
    for (const std::string &field : context.requiredJsonFields) {
        const bool present = !objects.empty()
            && std::all_of(objects.begin(), objects.end(),
                           [&](const auto *o) { return o->is_object() && o->contains(field); });
        if (present)
            continue;
        missing += (missing.empty() ? "" : ", ") + field;
        ++count;
    }
    std::vector<std::string> fromSchema;
    if (!context.schema.is_null())
        missingRequired(*doc, context.schema, "", fromSchema);
    for (const std::string &field : fromSchema) {
        if (missing.find(field) != std::string::npos)
            continue;
        missing += (missing.empty() ? "" : ", ") + field;
        ++count;
    }
    if (count > 0)
        fail("the JSON lacks " + std::to_string(count) + " required field" + (count == 1 ? "" : "s")
             + ": " + missing);
}

} // namespace

bool isJsonStage(std::string_view stage)
{
    return stage == "outline" || stage == "bible" || stage == "audit" || stage == "ask"
        || stage == "analyse";
}

std::vector<QualityFinding> checkQuality(std::string_view text, const QualityContext &context)
{
    std::vector<QualityFinding> out;
    if (isJsonStage(context.stage)) {
        checkJson(text, context, out);
        return out;
    }
    const std::vector<Span> paragraphs = quality::paragraphsOf(text);
    if (paragraphs.empty() || context.stage != "character_states")
        checkTruncation(text, paragraphs, context, out);
    if (!paragraphs.empty()) {
        const bool bookIsCjk = context.language.empty()
            ? countText(text).isMostlyCjk()
            : lengthUnitFor(context.language) == LengthUnit::Characters;
        quality::checkRepetition(text, quality::RepetitionLimits{}, out);
        quality::checkLanguageDrift(text, bookIsCjk, quality::DriftLimits{}, out);
        checkMetaText(text, paragraphs, context.stage, out);
    }
    checkLength(text, context, out);
    std::stable_sort(out.begin(), out.end(), [](const QualityFinding &a, const QualityFinding &b) {
        return a.begin < b.begin;
    });
    return out;
}

std::string_view qualityKindName(QualityKind kind)
{
    const auto index = static_cast<std::size_t>(kind);
    return index < kNames.size() ? kNames[index] : std::string_view("unknown");
}

std::optional<QualityKind> qualityKindFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name)
            return static_cast<QualityKind>(i);
    return std::nullopt;
}

bool blamesEndpoint(QualityKind kind, QualitySeverity severity)
{
    return !(kind == QualityKind::Truncation && severity == QualitySeverity::Minor);
}

std::string_view qualitySeverityName(QualitySeverity severity)
{
    return severity == QualitySeverity::Major ? "major" : "minor";
}

std::optional<QualitySeverity> qualitySeverityFromName(std::string_view name)
{
    if (name == "minor")
        return QualitySeverity::Minor;
    if (name == "major")
        return QualitySeverity::Major;
    return std::nullopt;
}

} // namespace scriptorium::novel
