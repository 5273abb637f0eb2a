#include "sim/reply_defects.h"

#include "sim/structured_reply.h"
#include "util/text_stats.h"
#include "util/utf8.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <string_view>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

namespace {

using ordered_json = nlohmann::ordered_json;

// Digit-free, hyphen-free and apostrophe-free so splitTokens() gives one unit per token.
constexpr std::array kPreambleEn = {
    "Sure! Here is the chapter:",
    "Certainly! Here is the next chapter of your story:",
    "Of course. Below is the requested chapter.",
    "As an AI language model, I have no feelings of my own, but here is the chapter you asked "
    "for:",
};
constexpr std::array kPreambleZh = {
    "好的，以下是本章内容：",
    "当然！下面是这一章的正文：",
    "没问题，这是您要的章节。",
    "作为一个AI语言模型，我没有个人感受，但以下是您要求的章节：",
};
constexpr std::array kSuffixEn = {
    "(Word count: 2000)",
    "I hope this chapter meets your expectations! Let me know if you would like any changes.",
    "As an AI language model, I hope this draft is useful to you.",
    "Note: this chapter is about 1500 words long.",
};
constexpr std::array kSuffixZh = {
    "（字数：3000）",
    "希望这一章符合您的期待！如需修改，请告诉我。",
    "作为一个AI语言模型，我希望这份草稿对您有所帮助。",
    "（本章约2500字）",
};
constexpr std::string_view kJsonChatterEn = "I hope this outline helps! Let me know if you need "
                                            "any changes.";
constexpr std::string_view kJsonChatterZh = "希望这份大纲对您有帮助！如需修改请告诉我。";

std::string_view trimmed(std::string_view token)
{
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n'))
        token.remove_suffix(1);
    return token;
}

void trimEnd(std::string &token)
{
    token.resize(trimmed(token).size());
}

bool endsSentence(const std::string &token)
{
    const std::string_view t = trimmed(token);
    return std::ranges::any_of(std::array<std::string_view, 6>{".", "!", "?", "。", "！", "？"},
                               [&](std::string_view end) { return t.ends_with(end); });
}

bool endsParagraph(const std::string &token)
{
    return token.ends_with("\n\n");
}

// A word or CJK character with no punctuation after it: a sentence cut there is unfinished.
bool isBareWord(const std::string &token)
{
    const std::string_view t = trimmed(token);
    if (t.empty())
        return false;
    const auto last = static_cast<unsigned char>(t.back());
    if (last < 0x80)
        return (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z')
            || (last >= '0' && last <= '9');
    if (t.size() < 3)
        return false;
    const utf8::Decoded d = utf8::decode(t.substr(t.size() - 3));
    return d.valid && d.length == 3 && isCjkCharacter(d.codePoint);
}

std::size_t pick(Rng &rng, std::size_t count)
{
    return static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(count) - 1));
}

// Inserts `material` at `pos`, moving the spans behind it.
void insertAt(std::vector<std::string> &tokens, std::vector<DefectSpan> &spans, std::size_t pos,
              const std::vector<std::string> &material)
{
    tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(pos), material.begin(),
                  material.end());
    for (DefectSpan &span : spans) {
        if (span.begin >= pos)
            span.begin += material.size();
        if (span.end > pos)
            span.end += material.size();
    }
}

bool insideSpan(const std::vector<DefectSpan> &spans, std::size_t pos)
{
    return std::ranges::any_of(spans,
                               [&](const DefectSpan &s) { return s.begin < pos && pos < s.end; });
}

// Prefers the candidates in the first half of the reply, so a max_tokens cut spares them.
template<typename T>
T pickEarly(Rng &rng, const std::vector<T> &all, std::size_t halfway,
            std::size_t (*position)(const T &))
{
    std::vector<T> early;
    std::ranges::copy_if(all, std::back_inserter(early),
                         [&](const T &c) { return position(c) <= halfway; });
    const std::vector<T> &from = early.empty() ? all : early;
    return from[pick(rng, from.size())];
}

using Unit = std::pair<std::size_t, std::size_t>; // [begin, end) of a sentence or paragraph

std::size_t unitBegin(const Unit &u)
{
    return u.first;
}

std::size_t boundary(const std::size_t &i)
{
    return i;
}

// A model looping: one sentence 4–8 times or one paragraph 3 times, back to back.
std::optional<DefectSpan> repeat(std::vector<std::string> &tokens, bool chinese, Rng &rng)
{
    std::vector<Unit> sentences, paragraphs;
    std::size_t sentenceStart = 0, paragraphStart = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (endsSentence(tokens[i])) {
            sentences.emplace_back(sentenceStart, i + 1);
            sentenceStart = i + 1;
        }
        if (endsParagraph(tokens[i])) {
            paragraphs.emplace_back(paragraphStart, i + 1);
            paragraphStart = sentenceStart = i + 1;
        }
    }
    const bool wholeParagraph = rng.uniform() < 0.4 && !paragraphs.empty();
    const std::int64_t times = wholeParagraph ? 3 : rng.range(4, 8);
    if (sentences.empty())
        return std::nullopt;
    const Unit unit
        = pickEarly(rng, wholeParagraph ? paragraphs : sentences, tokens.size() / 2, unitBegin);
    std::vector<std::string> copy(tokens.begin() + static_cast<std::ptrdiff_t>(unit.first),
                                  tokens.begin() + static_cast<std::ptrdiff_t>(unit.second));
    if (!wholeParagraph) { // copies run on inside the paragraph
        trimEnd(copy.back());
        if (!chinese)
            copy.back() += ' ';
    }
    std::vector<std::string> copies;
    for (std::int64_t k = 1; k < times; ++k)
        copies.insert(copies.end(), copy.begin(), copy.end());
    tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(unit.first), copies.begin(),
                  copies.end());
    return DefectSpan{"repetition", unit.first, unit.second + copies.size()};
}

// A paragraph of the other language, at a paragraph break (else a sentence end made one).
DefectSpan drift(std::vector<std::string> &tokens, std::vector<DefectSpan> &spans, bool chinese,
                 Rng &rng)
{
    const auto paragraph
        = generateParagraph(rng, !chinese, static_cast<std::size_t>(rng.range(2, 3)));
    std::vector<std::size_t> breaks, sentenceEnds;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (insideSpan(spans, i))
            continue;
        if (endsParagraph(tokens[i - 1]))
            breaks.push_back(i);
        else if (endsSentence(tokens[i - 1]))
            sentenceEnds.push_back(i);
    }
    std::size_t at = 0;
    if (!breaks.empty()) {
        at = pickEarly(rng, breaks, tokens.size() / 2, boundary);
    } else if (!sentenceEnds.empty()) {
        at = pickEarly(rng, sentenceEnds, tokens.size() / 2, boundary);
        trimEnd(tokens[at - 1]);
        tokens[at - 1] += "\n\n";
    }
    insertAt(tokens, spans, at, paragraph);
    return {"language_drift", at, at + paragraph.size()};
}

// A chatbot's preamble before the text or a note after it.
DefectSpan meta(std::vector<std::string> &tokens, std::vector<DefectSpan> &spans,
                const ReplyShape &shape, bool truncating, Rng &rng)
{
    const std::size_t variant = pick(rng, kPreambleEn.size());
    const bool asPreamble = rng.uniform() < 0.5;
    auto suffix = splitTokens(shape.chinese ? kSuffixZh[variant] : kSuffixEn[variant]);
    // A note after a cut sentence would hide the cut; one past max_tokens would be cut away.
    const bool suffixFits = !shape.maxTokens || tokens.size() + suffix.size() <= *shape.maxTokens;
    if (asPreamble || truncating || !suffixFits || tokens.empty()) {
        auto preamble = splitTokens(
            std::string(shape.chinese ? kPreambleZh[variant] : kPreambleEn[variant]) + "\n\n");
        insertAt(tokens, spans, 0, preamble);
        return {"meta_text", 0, preamble.size()};
    }
    trimEnd(tokens.back());
    tokens.back() += "\n\n";
    const std::size_t at = tokens.size();
    tokens.insert(tokens.end(), suffix.begin(), suffix.end());
    return {"meta_text", at, tokens.size()};
}

// Stops inside a sentence after every other defect, as if the model had ended its turn.
std::optional<DefectSpan> truncate(std::vector<std::string> &tokens,
                                   const std::vector<DefectSpan> &spans, Rng &rng)
{
    const std::size_t n = tokens.size();
    std::size_t lo = n / 2;
    for (const DefectSpan &span : spans)
        if (span.end <= n)
            lo = std::max(lo, span.end);
    if (lo >= n)
        return std::nullopt;
    const auto start = static_cast<std::size_t>(
        rng.range(static_cast<std::int64_t>(lo) + 1, static_cast<std::int64_t>(n)));
    std::optional<std::size_t> cut;
    for (std::size_t c = start; c > lo && !cut; --c)
        if (isBareWord(tokens[c - 1]))
            cut = c;
    for (std::size_t c = start + 1; c <= n && !cut; ++c)
        if (isBareWord(tokens[c - 1]))
            cut = c;
    if (!cut)
        return std::nullopt;
    tokens.resize(*cut);
    trimEnd(tokens.back());
    return DefectSpan{"truncation", *cut - 1, *cut};
}

std::string joined(const std::vector<std::string> &tokens)
{
    std::string text;
    for (const std::string &t : tokens)
        text += t;
    return text;
}

// A JSON reply that will not pass: a field dropped, the closing bracket missing, or chatter
// after the document.
DefectSpan breakJson(std::vector<std::string> &tokens, bool chinese, Rng &rng)
{
    const std::int64_t variant = rng.range(0, 2);
    std::string text = joined(tokens);
    if (variant == 0) {
        ordered_json doc = ordered_json::parse(text, nullptr, false);
        ordered_json *object = doc.is_object()                          ? &doc
            : doc.is_array() && !doc.empty() && doc.front().is_object() ? &doc.front()
                                                                        : nullptr;
        if (!doc.is_discarded() && object && !object->empty()) {
            const std::string key
                = std::next(object->begin(), static_cast<std::ptrdiff_t>(pick(rng, object->size())))
                      .key();
            object->erase(key);
            tokens = splitJsonTokens(doc.dump(1));
            return {"broken_json", 0, tokens.size()};
        }
    }
    if (variant == 1) {
        text.resize(trimmed(text).size());
        if (!text.empty() && (text.back() == '}' || text.back() == ']'))
            text.pop_back();
        else
            text += "\n}}";
        tokens = splitJsonTokens(text);
        return {"broken_json", 0, tokens.size()};
    }
    const auto chatter = splitTokens(chinese ? kJsonChatterZh : kJsonChatterEn);
    if (!tokens.empty())
        tokens.back() += "\n\n";
    const std::size_t at = tokens.size();
    tokens.insert(tokens.end(), chatter.begin(), chatter.end());
    return {"broken_json", at, tokens.size()};
}

} // namespace

std::vector<DefectSpan> injectDefects(std::vector<std::string> &tokens, std::string &finishReason,
                                      const ReplyShape &shape, const QualityRates &rates, Rng &rng)
{
    // Every roll is drawn, hit or not, so one rate never shifts another's draws.
    const bool repetition = rng.uniform() < rates.repetition;
    const bool languageDrift = rng.uniform() < rates.languageDrift;
    const bool truncation = rng.uniform() < rates.truncation;
    const bool metaText = rng.uniform() < rates.metaText;
    const bool brokenJson = rng.uniform() < rates.brokenJson;
    std::vector<DefectSpan> spans;
    if (shape.structured) {
        if (brokenJson)
            spans.push_back(breakJson(tokens, shape.chinese, rng));
    } else {
        if (repetition)
            if (auto span = repeat(tokens, shape.chinese, rng))
                spans.push_back(*span);
        if (languageDrift) {
            const DefectSpan span = drift(tokens, spans, shape.chinese, rng);
            spans.push_back(span);
        }
        if (metaText) {
            const DefectSpan span = meta(tokens, spans, shape, truncation, rng);
            spans.push_back(span);
        }
    }
    // What the model wrote beyond max_tokens never reaches the client.
    if (shape.maxTokens && tokens.size() > *shape.maxTokens) {
        tokens.resize(*shape.maxTokens);
        finishReason = "length";
    }
    if (!shape.structured && truncation)
        if (auto span = truncate(tokens, spans, rng)) {
            spans.push_back(*span);
            finishReason = "stop";
        }
    return spans;
}

std::vector<std::string> presentDefects(const std::vector<DefectSpan> &spans,
                                        std::size_t tokenCount)
{
    std::vector<std::string> names;
    for (const DefectSpan &span : spans)
        if (span.end <= tokenCount && std::ranges::find(names, span.kind) == names.end())
            names.push_back(span.kind);
    return names;
}

} // namespace scriptorium::sim
