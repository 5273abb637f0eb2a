// Fuzzes novel::escapeXml, which puts every title and paragraph of an exported EPUB into XHTML:
// "<p>" + escapeXml(text) + "</p>" must be a well-formed XML element whatever the text (EPUB
// readers refuse a book with one malformed file), and escaping must lose nothing but the
// characters XML cannot hold.
#include "novel/epub_writer.h"

#include "fuzz_checks.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using scriptorium::fuzz::check;
using scriptorium::fuzz::isXmlChar;
using scriptorium::fuzz::nextCodePoint;

void appendUtf8(std::string &out, long cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Reads the reference after '&' at `text[pos]` (`pos` just past the '&') up to its ';' and
/// appends the character it stands for; -1 when it is not a well-formed XML reference.
long reference(std::string_view text, std::size_t &pos)
{
    const std::size_t semicolon = text.find(';', pos);
    if (semicolon == std::string_view::npos)
        return -1;
    const std::string_view name = text.substr(pos, semicolon - pos);
    pos = semicolon + 1;
    if (name == "amp")
        return '&';
    if (name == "lt")
        return '<';
    if (name == "gt")
        return '>';
    if (name == "quot")
        return '"';
    if (name == "apos")
        return '\'';
    if (name.size() < 2 || name[0] != '#')
        return -1;
    const bool hex = name[1] == 'x';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8)
        return -1;
    long cp = 0;
    for (const char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0)
            return -1;
        cp = cp * (hex ? 16 : 10) + d;
    }
    return isXmlChar(cp) ? cp : -1;
}

/// A strict check of the one shape the EPUB writer produces: `<p>` character data `</p>`.
/// Character data: valid UTF-8, only XML Chars, no '<', every '&' a well-formed reference, no
/// "]]>". Returns the text an XML parser would report (references replaced).
std::string parseParagraph(std::string_view xml)
{
    check(xml.starts_with("<p>") && xml.ends_with("</p>"), "the wrapper was damaged");
    const std::string_view content = xml.substr(3, xml.size() - 7);
    check(content.find("]]>") == std::string_view::npos, "']]>' in character data");
    std::string text;
    for (std::size_t pos = 0; pos < content.size();) {
        const long cp = nextCodePoint(content, pos);
        check(cp >= 0, "escaped text is not valid UTF-8");
        check(isXmlChar(cp), "escaped text holds a character XML 1.0 forbids");
        check(cp != '<', "escaped text holds a raw '<'");
        if (cp == '&') {
            const long referenced = reference(content, pos);
            check(referenced >= 0,
                  "'&' does not start a well-formed character or entity reference");
            appendUtf8(text, referenced);
        } else {
            appendUtf8(text, cp);
        }
    }
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const std::string escaped = scriptorium::novel::escapeXml(input);
    const std::string text = parseParagraph("<p>" + escaped + "</p>");

    // Text that XML can hold must come back unchanged.
    bool representable = true;
    for (std::size_t pos = 0; pos < input.size() && representable;) {
        const long cp = nextCodePoint(input, pos);
        representable = cp >= 0 && isXmlChar(cp);
    }
    if (representable)
        check(text == input, "escaping changed text that XML can represent");
    return 0;
}
