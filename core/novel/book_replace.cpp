#include "novel/book_replace.h"

#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "util/utf8.h"

#include <algorithm>
#include <chrono>

namespace scriptorium::novel {

namespace {

/// Stands for a malformed byte sequence: equal to no needle code point, not a letter.
constexpr char32_t kInvalid = 0xFFFFFFFF;

struct Range {
    char32_t first;
    char32_t last;
};

bool inAny(char32_t cp, std::span<const Range> ranges)
{
    return std::ranges::any_of(ranges,
                               [cp](const Range &r) { return cp >= r.first && cp <= r.last; });
}

// Upper case with its lower-case partner right after it (Ā ā, Ș ș, Ѡ ѡ, Ḁ ḁ …).
constexpr Range kEvenUpperPairs[] = {
    {0x0100, 0x012F}, {0x0132, 0x0137}, {0x014A, 0x0177}, {0x01DE, 0x01EF},
    {0x01F8, 0x021F}, {0x0222, 0x0233}, {0x03D8, 0x03EF}, {0x0460, 0x0481},
    {0x048A, 0x04BF}, {0x04D0, 0x052F}, {0x1E00, 0x1E95}, {0x1EA0, 0x1EFF},
};
// The same, starting on an odd code point (Ĺ ĺ, Ź ź, Ǎ ǎ — the pinyin tone letters —, Ӂ ӂ).
constexpr Range kOddUpperPairs[] = {
    {0x0139, 0x0148},
    {0x0179, 0x017E},
    {0x01CD, 0x01DC},
    {0x04C1, 0x04CE},
};

/// Simple case folding (Unicode CaseFolding.txt, status C and S) for the scripts writers mix
/// most, as QChar::toCaseFolded() does; anything else folds to itself.
char32_t foldCase(char32_t cp)
{
    if (cp < 0x80)
        return cp >= U'A' && cp <= U'Z' ? cp + 32 : cp;
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
        || (cp >= 0x410 && cp <= 0x42F) || (cp >= 0xFF21 && cp <= 0xFF3A))
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    if (cp >= 0x531 && cp <= 0x556)
        return cp + 48;
    if (cp >= 0x388 && cp <= 0x38A)
        return cp + 37;
    if (cp == 0x38E || cp == 0x38F)
        return cp + 63;
    switch (cp) {
    case 0xB5: // micro sign
        return 0x3BC;
    case 0x178: // Ÿ
        return 0xFF;
    case 0x17F: // long s
        return U's';
    case 0x386: // Ά
        return 0x3AC;
    case 0x38C: // Ό
        return 0x3CC;
    case 0x3C2: // final sigma
        return 0x3C3;
    case 0x4C0: // palochka
        return 0x4CF;
    case 0x1E9E: // capital sharp s
        return 0xDF;
    case 0x2126: // ohm sign
        return 0x3C9;
    case 0x212A: // kelvin sign
        return U'k';
    case 0x212B: // angstrom sign
        return 0xE5;
    default:
        break;
    }
    if (inAny(cp, kEvenUpperPairs))
        return cp % 2 == 0 ? cp + 1 : cp;
    if (inAny(cp, kOddUpperPairs))
        return cp % 2 == 1 ? cp + 1 : cp;
    return cp;
}

bool isSpace(char32_t cp)
{
    return cp == U' ' || (cp >= U'\t' && cp <= U'\r') || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
        || cp == 0x205F || cp == 0x3000;
}

// Blocks (or parts) of punctuation, symbols, marks and format characters: whatever is not a
// letter or a digit in the scripts a novel uses. An approximation of QChar::isLetterOrNumber()
// without Unicode tables; letters of scripts not listed here count as letters.
constexpr Range kNotLetterOrDigit[] = {
    {0x0300, 0x036F}, // combining diacritical marks
    {0x0483, 0x0489}, // Cyrillic combining marks
    {0x0591, 0x05C7}, // Hebrew points and punctuation
    {0x060C, 0x060D}, // Arabic comma, date separator
    {0x061B, 0x061F}, // Arabic semicolon, question mark
    {0x064B, 0x065F}, // Arabic marks
    {0x066A, 0x066D}, // Arabic percent sign, separators
    {0x1AB0, 0x1AFF}, // combining marks extended
    {0x1DC0, 0x1DFF}, // combining marks supplement
    {0x2000, 0x206F}, // general punctuation, spaces, joiners
    {0x20A0, 0x20FF}, // currency symbols, combining marks for symbols
    {0x2190, 0x245F}, // arrows, mathematical operators, technical symbols
    {0x2500, 0x2775}, // box drawing, block elements, shapes, miscellaneous symbols
    {0x2794, 0x2BFF}, // dingbats, arrows, mathematical symbols
    {0x2E00, 0x2E7F}, // supplemental punctuation
    {0x3000, 0x3004}, // ideographic space, 、。〃〄
    {0x3008, 0x3020}, // CJK brackets 「」『』【】 …
    {0x3030, 0x3030}, // wavy dash
    {0x303D, 0x303F},   {0x30FB, 0x30FB}, // katakana middle dot
    {0xE000, 0xF8FF}, // private use
    {0xFE00, 0xFE6F}, // variation selectors, vertical, half-mark, compatibility and small forms
    {0xFEFF, 0xFEFF}, // byte order mark
    {0xFF01, 0xFF0F}, // full-width ！＂＃ … ／
    {0xFF1A, 0xFF20}, // full-width ：；＜ … ＠
    {0xFF3B, 0xFF40}, // full-width ［＼］ …
    {0xFF5B, 0xFF65}, // full-width ｛｜｝～ and half-width CJK punctuation
    {0xFFE0, 0xFFFF}, // full-width signs, specials
    {0x1F000, 0x1FAFF}, // tiles, cards, emoji, pictographs
    {0xE0000, 0xE01EF}, // tags, variation selectors supplement
};

bool isLetterOrDigit(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= U'0' && cp <= U'9') || (cp >= U'a' && cp <= U'z')
            || (cp >= U'A' && cp <= U'Z');
    if (cp == kInvalid || isSpace(cp))
        return false;
    if (cp < 0xC0) // Latin-1 punctuation and signs, except ª µ º and ² ³ ¹ ¼ ½ ¾
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA || cp == 0xB2 || cp == 0xB3 || cp == 0xB9
            || (cp >= 0xBC && cp <= 0xBE);
    if (cp == 0xD7 || cp == 0xF7)
        return false;
    return !inAny(cp, kNotLetterOrDigit);
}

struct CodePoint {
    char32_t value; ///< folded when matching ignores case; kInvalid for malformed bytes
    std::size_t offset; ///< byte offset of its first byte
};

std::vector<CodePoint> decodeAll(std::string_view text, bool fold)
{
    std::vector<CodePoint> out;
    out.reserve(text.size());
    std::size_t offset = 0;
    while (offset < text.size()) {
        const utf8::Decoded d = utf8::decode(text.substr(offset));
        const char32_t value = !d.valid ? kInvalid : fold ? foldCase(d.codePoint) : d.codePoint;
        out.push_back({value, offset});
        offset += d.length;
    }
    return out;
}

} // namespace

std::size_t replaceAll(std::string &text, const Replacement &replacement)
{
    if (replacement.needle.empty())
        return 0;
    const bool fold = replacement.matchCase == MatchCase::Insensitive;
    const std::vector<CodePoint> needle = decodeAll(replacement.needle, fold);
    if (std::ranges::any_of(needle, [](const CodePoint &c) { return c.value == kInvalid; }))
        return 0;
    const std::vector<CodePoint> haystack = decodeAll(text, fold);
    const std::size_t n = haystack.size();
    const std::size_t m = needle.size();

    std::string out;
    std::size_t count = 0;
    std::size_t copied = 0; // bytes of `text` already in `out`
    std::size_t i = 0;
    while (i + m <= n) {
        bool match = true;
        for (std::size_t k = 0; k < m && match; ++k)
            match = haystack[i + k].value == needle[k].value;
        if (match && replacement.words == MatchWords::Whole)
            match = (i == 0 || !isLetterOrDigit(haystack[i - 1].value))
                && (i + m == n || !isLetterOrDigit(haystack[i + m].value));
        if (!match) {
            ++i;
            continue;
        }
        const std::size_t begin = haystack[i].offset;
        const std::size_t end = i + m < n ? haystack[i + m].offset : text.size();
        out.append(text, copied, begin - copied);
        out.append(replacement.replacement);
        copied = end;
        ++count;
        i += m;
    }
    if (count > 0) {
        out.append(text, copied);
        text = std::move(out);
    }
    return count;
}

std::size_t BookReplacement::total() const
{
    std::size_t sum = 0;
    for (const ChapterReplacement &c : chapters)
        sum += c.count;
    return sum;
}

Result<std::size_t> replaceInChapter(store::Database &db, std::int64_t chapterId,
                                     const Replacement &replacement)
{
    // Every changed chapter keeps its previous body, whatever the writer-save policy would do:
    // a book-wide replace is one deliberate act the writer may want to take back.
    store::ChapterStore chapters(db, store::RevisionPolicy{std::chrono::milliseconds(0), 0.0});
    return store::inTransaction(db, [&]() -> Result<std::size_t> {
        auto chapter = chapters.get(chapterId);
        if (!chapter)
            return fail(chapter.error());
        const std::size_t count = replaceAll(chapter->body, replacement);
        if (count == 0)
            return std::size_t{0};
        if (auto written = chapters.replaceBodyInTransaction(
                chapterId, chapter->body, store::BodySource::Writer, std::nullopt, store::nowMs());
            !written)
            return fail(written.error());
        return count;
    });
}

Result<BookReplacement> replaceInBook(store::Database &db, std::int64_t bookId,
                                      const Replacement &replacement,
                                      std::span<const std::int64_t> skipChapters)
{
    return store::inTransaction(db, [&]() -> Result<BookReplacement> {
        if (auto book = store::BookStore(db).get(bookId); !book)
            return fail(book.error());
        auto chapters = store::ChapterStore(db).list(bookId);
        if (!chapters)
            return fail(chapters.error());
        BookReplacement result;
        for (const store::ChapterListItem &item : *chapters) {
            if (std::ranges::find(skipChapters, item.id) != skipChapters.end())
                continue;
            auto count = replaceInChapter(db, item.id, replacement);
            if (!count)
                return fail(count.error());
            if (*count > 0)
                result.chapters.push_back({item.id, item.position, *count});
        }
        return result;
    });
}

} // namespace scriptorium::novel
