#include "novel/text_encoding.h"

#include "util/text_stats.h"
#include "util/utf8.h"

#include <cerrno>
#include <cstddef>
#include <string>

#include <iconv.h>

namespace scriptorium::novel {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A control byte that does not occur in text: below 0x20 except tab, LF, VT, FF and CR; and DEL.
bool isBinaryControl(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F;
}

struct LinePosition {
    std::size_t line = 1;
    std::size_t column = 1;
};

LinePosition positionOf(std::string_view bytes, std::size_t offset)
{
    LinePosition pos;
    for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else {
            ++pos.column;
        }
    }
    return pos;
}

std::size_t firstInvalidUtf8(std::string_view bytes)
{
    std::size_t offset = 0;
    while (offset < bytes.size()) {
        const utf8::Decoded d = utf8::decode(bytes.substr(offset));
        if (!d.valid)
            return offset;
        offset += d.length;
    }
    return bytes.size();
}

Status checkLooksLikeText(std::string_view bytes)
{
    if (bytes.size() >= 2
        && ((bytes[0] == '\xFF' && bytes[1] == '\xFE')
            || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        return fail(ErrorCode::Parse,
                    "The file is UTF-16 encoded, which Scriptorium does not read. "
                    "Save it as UTF-8 (or GB18030) and import it again.");
    std::size_t controls = 0;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0)
            return fail(ErrorCode::Parse,
                        "This is not a text file (it contains NUL bytes). Import a Markdown or "
                        "plain-text manuscript saved as UTF-8.");
        if (isBinaryControl(c))
            ++controls;
    }
    // A few stray control characters happen in pasted text; a binary file has many.
    if (controls > 16 && controls * 100 > bytes.size())
        return fail(ErrorCode::Parse,
                    "This is not a text file (it is full of control characters). Import a "
                    "Markdown or plain-text manuscript saved as UTF-8.");
    return {};
}

Status checkLineLengths(std::string_view bytes)
{
    std::size_t start = 0;
    for (std::size_t i = 0; i <= bytes.size(); ++i) {
        if (i == bytes.size() || bytes[i] == '\n' || bytes[i] == '\r') {
            if (i - start > kMaxLineBytes) {
                const LinePosition pos = positionOf(bytes, start);
                return fail(ErrorCode::TooLarge,
                            "Line " + std::to_string(pos.line) + " is longer than 1 MiB ("
                                + std::to_string(i - start)
                                + " bytes). This is not a manuscript, or its paragraphs are not "
                                  "separated by line breaks; fix the file and import it again.");
            }
            start = i + 1;
        }
    }
    return {};
}

// GB18030 decodes many byte strings that were written in another legacy encoding (Latin-1,
// Shift-JIS…) into nonsense. Real Chinese text is mostly Han characters and CJK punctuation.
bool looksLikeChinese(std::string_view utf8Text)
{
    std::size_t nonAscii = 0;
    std::size_t chinese = 0;
    while (!utf8Text.empty()) {
        const utf8::Decoded d = utf8::decode(utf8Text);
        utf8Text.remove_prefix(d.length);
        if (d.codePoint < 0x80)
            continue;
        ++nonAscii;
        const char32_t cp = d.codePoint;
        if (isCjkCharacter(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF)
            || (cp >= 0x2010 && cp <= 0x2027))
            ++chinese;
    }
    return nonAscii == 0 || chinese * 10 >= nonAscii * 7;
}

} // namespace

std::string normalizeLineEnds(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out.push_back('\n');
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

Result<std::string> convertEncoding(std::string_view bytes, const char *fromEncoding,
                                    const char *toEncoding)
{
    iconv_t cd = iconv_open(toEncoding, fromEncoding);
    if (cd == reinterpret_cast<iconv_t>(-1))
        return fail(ErrorCode::Unsupported,
                    std::string("This system cannot convert from ") + fromEncoding + " to "
                        + toEncoding + "; install the glibc character set data (gconv).");
    std::string out;
    out.resize(bytes.size() * 2 + 16);
    // iconv's interface takes non-const input pointers but never writes through them.
    char *in = const_cast<char *>(bytes.data());
    std::size_t inLeft = bytes.size();
    std::size_t produced = 0;
    Status status;
    while (inLeft > 0) {
        char *outPtr = out.data() + produced;
        std::size_t outLeft = out.size() - produced;
        const std::size_t rc = iconv(cd, &in, &inLeft, &outPtr, &outLeft);
        produced = out.size() - outLeft;
        if (rc != static_cast<std::size_t>(-1))
            break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        const std::size_t offset = bytes.size() - inLeft;
        status = fail(ErrorCode::Parse,
                      std::string("The text is not valid ") + fromEncoding + " (byte offset "
                          + std::to_string(offset) + ").");
        break;
    }
    iconv_close(cd);
    if (!status)
        return fail(status.error());
    out.resize(produced);
    return out;
}

Result<DecodedText> decodeManuscriptText(std::string_view bytes)
{
    if (bytes.starts_with(kUtf8Bom))
        bytes.remove_prefix(kUtf8Bom.size());
    if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
        return fail(ErrorCode::Parse,
                    "The file is empty. Choose a manuscript with some text in it.");
    if (Status s = checkLooksLikeText(bytes); !s)
        return fail(s.error());
    if (Status s = checkLineLengths(bytes); !s)
        return fail(s.error());

    if (utf8::isValid(bytes))
        return DecodedText{normalizeLineEnds(bytes), "UTF-8"};

    Result<std::string> gb = convertEncoding(bytes, "GB18030", "UTF-8");
    if (gb && looksLikeChinese(*gb))
        return DecodedText{normalizeLineEnds(*gb), "GB18030"};

    const std::size_t bad = firstInvalidUtf8(bytes);
    const LinePosition pos = positionOf(bytes, bad);
    return fail(ErrorCode::Parse,
                "The file is neither UTF-8 nor GB18030 text (first invalid byte on line "
                    + std::to_string(pos.line) + ", column " + std::to_string(pos.column)
                    + "). Convert it to UTF-8 in your editor and import it again.");
}

} // namespace scriptorium::novel
