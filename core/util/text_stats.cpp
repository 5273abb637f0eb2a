#include "util/text_stats.h"

#include "util/utf8.h"

namespace scriptorium {

namespace {

enum class Kind { Space, Cjk, WordChar, Mark, Joiner, NumberJoiner, Other };

constexpr bool inRange(char32_t cp, char32_t lo, char32_t hi)
{
    return cp >= lo && cp <= hi;
}

bool isSpace(char32_t cp)
{
    return cp == U' ' || inRange(cp, U'\t', U'\r') || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || inRange(cp, 0x2000, 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
        || cp == 0x205F || cp == 0x3000;
}

bool isDigit(char32_t cp)
{
    return inRange(cp, U'0', U'9') || inRange(cp, 0xFF10, 0xFF19);
}

// Letters of the alphabetic scripts writers mix with CJK. Anything not listed (symbols, emoji,
// punctuation) separates words and is counted only as a character.
bool isWordChar(char32_t cp)
{
    return isDigit(cp) || inRange(cp, U'A', U'Z') || inRange(cp, U'a', U'z')
        || (inRange(cp, 0xC0, 0x24F) && cp != 0xD7 && cp != 0xF7) // Latin-1, Latin Extended
        || (inRange(cp, 0x0370, 0x03FF) && cp != 0x037E && cp != 0x0387) // Greek
        || inRange(cp, 0x0400, 0x052F) // Cyrillic
        || inRange(cp, 0x05D0, 0x05EA) // Hebrew letters
        || inRange(cp, 0x0620, 0x064A) || inRange(cp, 0x0660, 0x0669) // Arabic letters, digits
        || inRange(cp, 0x0900, 0x0963) || inRange(cp, 0x0966, 0x097F) // Devanagari
        || inRange(cp, 0x0E01, 0x0E30) // Thai consonants
        || inRange(cp, 0x1E00, 0x1EFF) // Latin Extended Additional
        || inRange(cp, 0xFF21, 0xFF3A) || inRange(cp, 0xFF41, 0xFF5A); // full-width Latin
}

// Combining marks, zero-width joiners and variation selectors belong to the character before
// them; they are neither separators nor characters of their own.
bool isMark(char32_t cp)
{
    return inRange(cp, 0x0300, 0x036F) || inRange(cp, 0x1AB0, 0x1AFF) || inRange(cp, 0x20D0, 0x20FF)
        || inRange(cp, 0xFE00, 0xFE0F) || inRange(cp, 0xFE20, 0xFE2F) || cp == 0x200C
        || cp == 0x200D || cp == 0xFEFF || inRange(cp, 0xE0100, 0xE01EF)
        || inRange(cp, 0x1F3FB, 0x1F3FF) || inRange(cp, 0x064B, 0x065F);
}

Kind classify(char32_t cp)
{
    if (isSpace(cp))
        return Kind::Space;
    if (isCjkCharacter(cp))
        return Kind::Cjk;
    if (isWordChar(cp))
        return Kind::WordChar;
    if (isMark(cp))
        return Kind::Mark;
    // Inside a word: "don't", "well-known", "l’amour".
    if (cp == U'\'' || cp == 0x2019 || cp == U'-' || cp == 0x2010 || cp == 0x2011)
        return Kind::Joiner;
    // Inside a number: "3.14", "1,000,000".
    if (cp == U'.' || cp == U',')
        return Kind::NumberJoiner;
    return Kind::Other;
}

} // namespace

bool isCjkCharacter(char32_t cp)
{
    return inRange(cp, 0x4E00, 0x9FFF) // CJK Unified Ideographs
        || inRange(cp, 0x3400, 0x4DBF) // Extension A
        || inRange(cp, 0x20000, 0x3134F) // Extensions B–G
        || inRange(cp, 0xF900, 0xFAFF) // Compatibility Ideographs
        || inRange(cp, 0x2F800, 0x2FA1F) // Compatibility Supplement
        || cp == 0x3005 || cp == 0x3007 // 々 〇
        || inRange(cp, 0x3040, 0x309F) // Hiragana
        || inRange(cp, 0x30A0, 0x30FA) // Katakana (without the middle dot ・)
        || inRange(cp, 0x30FC, 0x30FF) // prolonged sound mark, iteration marks
        || inRange(cp, 0x31F0, 0x31FF) // Katakana Phonetic Extensions
        || inRange(cp, 0xFF66, 0xFF9F) // half-width Katakana
        || inRange(cp, 0x3100, 0x312F) // Bopomofo
        || inRange(cp, 0xAC00, 0xD7AF) // Hangul syllables
        || inRange(cp, 0x1100, 0x11FF) // Hangul Jamo
        || inRange(cp, 0x3130, 0x318F); // Hangul Compatibility Jamo
}

TextStats countText(std::string_view text)
{
    TextStats stats;
    bool inWord = false;
    bool lastWasDigit = false;
    // A joiner seen inside a word; it only joins when a word character follows.
    Kind pendingJoiner = Kind::Other;

    while (!text.empty()) {
        const utf8::Decoded d = utf8::decode(text);
        text.remove_prefix(d.length);
        if (!d.valid) {
            ++stats.invalidSequences;
            if (pendingJoiner != Kind::Other)
                ++stats.symbols;
            inWord = false;
            pendingJoiner = Kind::Other;
            continue;
        }

        const Kind kind = classify(d.codePoint);
        if (kind != Kind::Space && kind != Kind::Mark)
            ++stats.characters;

        switch (kind) {
        case Kind::WordChar: {
            const bool digit = isDigit(d.codePoint);
            const bool joins = pendingJoiner == Kind::Joiner
                || (pendingJoiner == Kind::NumberJoiner && digit && lastWasDigit);
            if (pendingJoiner != Kind::Other && !joins)
                ++stats.symbols; // "end.Start": the dot was punctuation after all
            if (!inWord || (pendingJoiner != Kind::Other && !joins))
                ++stats.latinWords;
            inWord = true;
            lastWasDigit = digit;
            pendingJoiner = Kind::Other;
            break;
        }
        case Kind::Mark:
            break; // stays part of whatever came before
        case Kind::Joiner:
        case Kind::NumberJoiner:
            if (inWord && pendingJoiner == Kind::Other) {
                pendingJoiner = kind;
            } else {
                stats.symbols += pendingJoiner != Kind::Other ? 2 : 1;
                inWord = false;
                pendingJoiner = Kind::Other;
            }
            break;
        case Kind::Other:
            ++stats.symbols;
            [[fallthrough]];
        case Kind::Cjk:
            if (kind == Kind::Cjk)
                ++stats.cjkCharacters;
            [[fallthrough]];
        case Kind::Space:
            if (pendingJoiner != Kind::Other)
                ++stats.symbols; // a joiner at the end of a word ("word," or "pre-")
            inWord = false;
            pendingJoiner = Kind::Other;
            break;
        }
    }
    if (pendingJoiner != Kind::Other)
        ++stats.symbols;
    return stats;
}

} // namespace scriptorium
