#pragma once

// Checks shared by the fuzz targets, written independently of core/util/utf8 so a bug there
// cannot hide itself.

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace scriptorium::fuzz {

/// Prints `what` and aborts, so libFuzzer records the input as a crash.
[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

inline void check(bool ok, const char *what)
{
    if (!ok)
        fail(what);
}

/// Decodes the code point at `text[pos]` under RFC 3629 (shortest form, no surrogates, at most
/// U+10FFFF), advancing `pos`; returns -1 for an ill-formed sequence.
inline long nextCodePoint(std::string_view text, std::size_t &pos)
{
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    const unsigned char lead = byte(pos);
    std::size_t length = 0;
    long cp = 0;
    long min = 0;
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        min = 0x10000;
    } else {
        return -1;
    }
    if (text.size() - pos < length)
        return -1;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    pos += length;
    return cp;
}

inline bool isStrictUtf8(std::string_view text)
{
    for (std::size_t pos = 0; pos < text.size();) {
        if (nextCodePoint(text, pos) < 0)
            return false;
    }
    return true;
}

/// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
inline bool isXmlChar(long cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

} // namespace scriptorium::fuzz
