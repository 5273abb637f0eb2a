#include "novel/chapter_heading.h"

#include "util/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <string>

namespace scriptorium::novel {

namespace {

constexpr std::size_t kMaxEnglishHeadingBytes = 120;
constexpr std::size_t kMaxChineseHeadingCodePoints = 50;

char32_t firstCodePoint(std::string_view text, std::size_t *length = nullptr)
{
    if (text.empty()) {
        if (length)
            *length = 0;
        return 0;
    }
    const utf8::Decoded d = utf8::decode(text);
    if (length)
        *length = d.length;
    return d.codePoint;
}

char32_t lastCodePoint(std::string_view text)
{
    if (text.empty())
        return 0;
    std::size_t start = text.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        --start;
    return utf8::decode(text.substr(start)).codePoint;
}

std::size_t codePointCount(std::string_view text)
{
    std::size_t n = 0;
    for (const char c : text)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

bool isSeparator(char32_t cp)
{
    switch (cp) {
    case U' ':
    case U'\t':
    case 0x3000: // ideographic space
    case U':':
    case 0xFF1A: // ：
    case U'.':
    case 0xFF0E: // ．
    case 0x3001: // 、
    case U'-':
    case 0x2013: // –
    case 0x2014: // —
    case 0x00B7: // ·
    case 0x30FB: // ・
    case U')':
    case 0xFF09: // ）
    case U'|':
        return true;
    default:
        return false;
    }
}

// Punctuation that ends a sentence or a clause: a line ending with it is prose, not a heading.
// A full stop is allowed in English ("CHAPTER I."); prose there is caught by its lower-case
// continuation instead.
bool endsLikeProse(std::string_view line)
{
    switch (lastCodePoint(line)) {
    case U',':
    case U';':
    case 0x3002: // 。
    case 0xFF0C: // ，
    case 0xFF1B: // ；
        return true;
    default:
        return false;
    }
}

std::string lowerAscii(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return out;
}

bool isAsciiAlpha(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// Length of the number at the start of `text` (lower case): digits, a Roman numeral or
// English number words joined by spaces or hyphens ("twenty-three", "one hundred and five").
std::size_t englishNumberLength(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        ++i;
    if (i > 0)
        return i;

    static constexpr std::array<std::string_view, 31> kWords
        = {"one",      "two",     "three",     "four",     "five",     "six",      "seven",
           "eight",    "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
           "fifteen",  "sixteen", "seventeen", "eighteen", "nineteen", "twenty",   "thirty",
           "forty",    "fifty",   "sixty",     "seventy",  "eighty",   "ninety",   "hundred",
           "thousand", "and",     "zero"};
    std::size_t end = 0;
    std::size_t pos = 0;
    bool any = false;
    while (pos < text.size()) {
        std::size_t wordEnd = pos;
        while (wordEnd < text.size() && isAsciiAlpha(text[wordEnd]))
            ++wordEnd;
        const std::string_view word = text.substr(pos, wordEnd - pos);
        if (word.empty() || std::ranges::find(kWords, word) == kWords.end()
            || (word == "and" && !any))
            break;
        if (word != "and") {
            any = true;
            end = wordEnd;
        }
        if (wordEnd < text.size() && (text[wordEnd] == '-' || text[wordEnd] == ' '))
            pos = wordEnd + 1;
        else
            break;
    }
    if (any)
        return end;

    // Roman numerals: a run of i v x l c d m ending at a word boundary.
    while (i < text.size() && std::string_view("ivxlcdm").find(text[i]) != std::string_view::npos)
        ++i;
    if (i > 0 && (i == text.size() || !isAsciiAlpha(text[i])))
        return i;
    return 0;
}

// What follows a heading keyword and its number must be nothing, a separator and a title, or
// a space and a title that starts like a title (not "was the best").
bool acceptsEnglishRemainder(std::string_view original, std::size_t offset)
{
    if (offset >= original.size())
        return true;
    const char next = original[offset];
    if (next != ' ' && next != '\t' && !isSeparator(firstCodePoint(original.substr(offset))))
        return false;
    std::string_view rest = trimLine(original.substr(offset));
    if (rest.empty())
        return true;
    if (isSeparator(firstCodePoint(rest)))
        return true; // "Chapter 1: the beginning" — explicit separator, any title
    return !std::islower(static_cast<unsigned char>(rest.front()));
}

HeadingRole classifyEnglish(std::string_view line)
{
    if (line.size() > kMaxEnglishHeadingBytes || endsLikeProse(line))
        return HeadingRole::None;
    const std::string lower = lowerAscii(line);
    const std::string_view text(lower);

    struct Keyword {
        std::string_view word;
        HeadingRole role;
        bool numbered;
    };
    static constexpr std::array<Keyword, 8> kKeywords = {{
        {"chapter", HeadingRole::Chapter, true},
        {"prologue", HeadingRole::Chapter, false},
        {"epilogue", HeadingRole::Chapter, false},
        {"interlude", HeadingRole::Chapter, false},
        {"afterword", HeadingRole::Chapter, false},
        {"part", HeadingRole::Part, true},
        {"book", HeadingRole::Part, true},
        {"volume", HeadingRole::Part, true},
    }};
    for (const Keyword &k : kKeywords) {
        if (!text.starts_with(k.word))
            continue;
        std::size_t pos = k.word.size();
        if (!k.numbered)
            return acceptsEnglishRemainder(line, pos) ? k.role : HeadingRole::None;
        if (pos >= text.size() || text[pos] != ' ')
            return HeadingRole::None;
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
        const std::size_t number = englishNumberLength(text.substr(pos));
        if (number == 0)
            return HeadingRole::None;
        return acceptsEnglishRemainder(line, pos + number) ? k.role : HeadingRole::None;
    }
    return HeadingRole::None;
}

bool isChineseNumeral(char32_t cp)
{
    static constexpr std::u32string_view kNumerals
        = U"零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟";
    return (cp >= U'0' && cp <= U'9') || (cp >= 0xFF10 && cp <= 0xFF19)
        || kNumerals.find(cp) != std::u32string_view::npos;
}

// After a Chinese heading word: the end of the line, a separator, or (when `titleMayFollow`)
// the title itself — but not a clause ("第一章写完了，他松了口气").
bool acceptsChineseRemainder(std::string_view rest, bool titleMayFollow)
{
    if (rest.empty() || isSeparator(firstCodePoint(rest)))
        return true;
    if (!titleMayFollow)
        return false;
    static constexpr std::string_view kClausePunctuation[] = {"，", "。", "！", "？", "；"};
    return std::ranges::none_of(kClausePunctuation, [rest](std::string_view p) {
        return rest.find(p) != std::string_view::npos;
    });
}

HeadingRole classifyChinese(std::string_view line)
{
    if (codePointCount(line) > kMaxChineseHeadingCodePoints || endsLikeProse(line))
        return HeadingRole::None;

    std::size_t len = 0;
    if (firstCodePoint(line, &len) == U'第') {
        std::string_view rest = line.substr(len);
        std::size_t numerals = 0;
        while (!rest.empty() && isChineseNumeral(firstCodePoint(rest, &len))) {
            rest.remove_prefix(len);
            ++numerals;
        }
        if (numerals == 0 || rest.empty())
            return HeadingRole::None;
        const char32_t marker = firstCodePoint(rest, &len);
        rest.remove_prefix(len);
        static constexpr std::u32string_view kChapterMarkers = U"章回节";
        static constexpr std::u32string_view kPartMarkers = U"卷部篇集";
        if (kChapterMarkers.find(marker) != std::u32string_view::npos)
            return acceptsChineseRemainder(rest, true) ? HeadingRole::Chapter : HeadingRole::None;
        if (kPartMarkers.find(marker) != std::u32string_view::npos)
            return acceptsChineseRemainder(rest, true) ? HeadingRole::Part : HeadingRole::None;
        return HeadingRole::None;
    }

    static constexpr std::array<std::string_view, 10> kWords
        = {"序章", "序言", "序幕", "楔子", "引子", "尾声", "终章", "后记", "前言", "序"};
    for (const std::string_view word : kWords) {
        if (!line.starts_with(word))
            continue;
        const std::string_view rest = line.substr(word.size());
        if (word == "序")
            return rest.empty() ? HeadingRole::Chapter : HeadingRole::None;
        return acceptsChineseRemainder(rest, false) ? HeadingRole::Chapter : HeadingRole::None;
    }
    if (line.starts_with("番外")) {
        const std::string_view rest = line.substr(std::string_view("番外").size());
        const char32_t next = firstCodePoint(rest);
        if (rest.empty() || isSeparator(next) || isChineseNumeral(next) || next == U'篇')
            return HeadingRole::Chapter;
    }
    return HeadingRole::None;
}

bool isTrimmable(char32_t cp)
{
    return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\f' || cp == U'\v'
        || cp == 0x3000 || cp == 0xFEFF;
}

} // namespace

std::string_view trimLine(std::string_view line)
{
    std::size_t len = 0;
    while (!line.empty() && isTrimmable(firstCodePoint(line, &len)))
        line.remove_prefix(len);
    while (!line.empty()) {
        const char32_t last = lastCodePoint(line);
        if (!isTrimmable(last))
            break;
        std::string encoded;
        utf8::append(encoded, last);
        line.remove_suffix(encoded.size());
    }
    return line;
}

std::string untitledChapterHeading(std::size_t number, std::string_view language)
{
    const std::string n = std::to_string(number);
    return language.starts_with("zh") ? "第" + n + "章" : "Chapter " + n;
}

HeadingRole classifyHeadingLine(std::string_view line)
{
    line = trimLine(line);
    if (line.empty())
        return HeadingRole::None;
    if (isAsciiAlpha(line.front()))
        return classifyEnglish(line);
    return classifyChinese(line);
}

} // namespace scriptorium::novel
