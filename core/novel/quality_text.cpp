#include "novel/quality_text.h"

#include <algorithm>

#include "util/text_stats.h"
#include "util/utf8.h"

namespace scriptorium::novel::quality {

namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

bool isSpace(char32_t cp)
{
    return cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'\n' || cp == U'\u3000'
        || cp == U'\u00A0' || cp == U'\f' || cp == U'\v';
}

// Letters and digits outside CJK. Non-ASCII code points count as letters unless they sit in a
// punctuation or symbol block, which is close enough for Latin, Greek and Cyrillic prose.
bool isWordCharacter(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z')
            || (cp >= U'0' && cp <= U'9');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return false;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F)
        || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF20)
        || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp >= 0x1F000
        || cp == utf8::kReplacement)
        return false;
    return !isCjkCharacter(cp);
}

bool isApostrophe(char32_t cp)
{
    return cp == U'\'' || cp == U'\u2019';
}

bool isSentenceEnd(char32_t cp)
{
    return cp == U'.' || cp == U'!' || cp == U'?' || cp == U'\u2026' || cp == U'\u3002'
        || cp == U'\uFF01' || cp == U'\uFF1F' || cp == U'\n';
}

bool isCloser(char32_t cp)
{
    return cp == U'"' || cp == U'\'' || cp == U'\u201D' || cp == U'\u2019' || cp == U'\u300D'
        || cp == U'\u300F' || cp == U'\uFF09' || cp == U')' || cp == U'\u3011' || cp == U'\u300B';
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h;
}

} // namespace

std::vector<Span> paragraphsOf(std::string_view text)
{
    std::vector<Span> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::size_t b = pos;
        std::size_t e = end;
        // Trim ASCII white space and U+3000 (E3 80 80), the ideographic indent.
        while (b < e) {
            if (text[b] == ' ' || text[b] == '\t' || text[b] == '\r')
                ++b;
            else if (e - b >= 3 && text.substr(b, 3) == "\u3000")
                b += 3;
            else
                break;
        }
        while (e > b) {
            if (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')
                --e;
            else if (e - b >= 3 && text.substr(e - 3, 3) == "\u3000")
                e -= 3;
            else
                break;
        }
        if (e > b)
            out.push_back({b, e});
        pos = end + 1;
    }
    return out;
}

std::vector<Unit> unitsOf(std::string_view text)
{
    std::vector<Unit> out;
    out.reserve(text.size() / 3);
    std::size_t pos = 0;
    bool inWord = false;
    Unit word;
    while (pos < text.size()) {
        const utf8::Decoded d = utf8::decode(text.substr(pos));
        const char32_t cp = d.valid ? d.codePoint : utf8::kReplacement;
        if (isWordCharacter(cp)) {
            if (!inWord) {
                word = Unit{kFnvOffset, pos, pos};
                inWord = true;
            }
            char32_t lower = (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp;
            word.hash = (word.hash ^ lower) * kFnvPrime;
            word.end = pos + d.length;
        } else if (inWord && isApostrophe(cp) && pos + d.length < text.size()
                   && isWordCharacter(utf8::decode(text.substr(pos + d.length)).codePoint)) {
            word.hash = (word.hash ^ U'\'') * kFnvPrime; // "don't" is one word, ' and ’ alike
        } else {
            if (inWord) {
                out.push_back(word);
                inWord = false;
            }
            if (isCjkCharacter(cp))
                out.push_back({(kFnvOffset ^ cp) * kFnvPrime, pos, pos + d.length});
        }
        pos += d.length;
    }
    if (inWord)
        out.push_back(word);
    return out;
}

std::vector<Sentence> sentencesOf(std::string_view text)
{
    std::vector<Sentence> out;
    const std::vector<Unit> units = unitsOf(text);
    std::size_t nextUnit = 0;
    std::size_t pos = 0;
    std::size_t start = 0;
    auto close = [&](std::size_t end) {
        Sentence s;
        s.span = {start, end};
        s.hash = kFnvOffset;
        while (nextUnit < units.size() && units[nextUnit].begin < end) {
            s.hash = mix(s.hash, units[nextUnit].hash);
            ++s.units;
            ++nextUnit;
        }
        if (s.units > 0) {
            while (s.span.begin < end && isSpace(utf8::decode(text.substr(s.span.begin)).codePoint))
                s.span.begin += utf8::decode(text.substr(s.span.begin)).length;
            out.push_back(s);
        }
        start = end;
    };
    while (pos < text.size()) {
        const utf8::Decoded d = utf8::decode(text.substr(pos));
        pos += d.length;
        if (!(d.valid && isSentenceEnd(d.codePoint)))
            continue;
        // Take the rest of "?!", "……" and closing quotes or brackets with the sentence.
        while (pos < text.size()) {
            const utf8::Decoded next = utf8::decode(text.substr(pos));
            if (!next.valid || !(isSentenceEnd(next.codePoint) || isCloser(next.codePoint)))
                break;
            pos += next.length;
        }
        close(pos);
    }
    if (start < text.size())
        close(text.size());
    return out;
}

std::size_t boundaryAtOrBefore(std::string_view text, std::size_t pos)
{
    if (pos >= text.size())
        return text.size();
    // Continuation bytes are 10xxxxxx; a sequence is at most four bytes long.
    for (int i = 0; i < 3 && pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80; ++i)
        --pos;
    return pos;
}

QualityFinding makeFinding(QualityKind kind, QualitySeverity severity, std::string_view text,
                           std::size_t begin, std::size_t end, std::string detail)
{
    QualityFinding f;
    f.kind = kind;
    f.severity = severity;
    f.begin = boundaryAtOrBefore(text, begin);
    f.end = boundaryAtOrBefore(text, std::max(end, f.begin));
    const std::size_t quoteEnd
        = boundaryAtOrBefore(text, std::min(f.end, f.begin + kEvidenceBytes));
    f.evidence = utf8::sanitize(text.substr(f.begin, quoteEnd - f.begin));
    f.detail = std::move(detail);
    return f;
}

} // namespace scriptorium::novel::quality
