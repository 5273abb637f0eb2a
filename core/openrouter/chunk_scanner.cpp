#include "openrouter/chunk_scanner.h"

#include "util/utf8.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

namespace scriptorium::openrouter::detail {

namespace {

constexpr int kMaxDepth = 64;

class Scanner {
public:
    explicit Scanner(std::string_view s)
        : m_p(s.data())
        , m_end(s.data() + s.size())
    {
    }

    bool atEnd()
    {
        skipWs();
        return m_p == m_end;
    }

    void skipWs()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool consume(char c)
    {
        skipWs();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    bool peek(char c)
    {
        skipWs();
        return m_p != m_end && *m_p == c;
    }

    /// A string into `out` (decoded); the opening quote must be next.
    bool string(std::string &out)
    {
        if (!consume('"'))
            return false;
        out.clear();
        for (;;) {
            const char *start = m_p;
            while (m_p != m_end && *m_p != '"' && *m_p != '\\'
                   && static_cast<unsigned char>(*m_p) >= 0x20)
                ++m_p;
            out.append(start, static_cast<std::size_t>(m_p - start));
            if (m_p == m_end || static_cast<unsigned char>(*m_p) < 0x20)
                return false;
            if (*m_p == '"') {
                ++m_p;
                return true;
            }
            if (!escape(out))
                return false;
        }
    }

    /// A string compared with `key` without decoding escapes (keys never need them here).
    bool rawKey(std::string_view &out)
    {
        if (!consume('"'))
            return false;
        const char *start = m_p;
        while (m_p != m_end && *m_p != '"') {
            if (*m_p == '\\' || static_cast<unsigned char>(*m_p) < 0x20)
                return false; // escaped keys: leave them to the full parser
            ++m_p;
        }
        if (m_p == m_end)
            return false;
        out = std::string_view(start, static_cast<std::size_t>(m_p - start));
        ++m_p;
        return consume(':');
    }

    bool literal(const char *word)
    {
        skipWs();
        const std::size_t n = std::strlen(word);
        if (static_cast<std::size_t>(m_end - m_p) < n || std::memcmp(m_p, word, n) != 0)
            return false;
        m_p += n;
        return true;
    }

    /// A string or null into an optional.
    bool stringOrNull(std::optional<std::string> &out)
    {
        if (literal("null")) {
            out.reset();
            return true;
        }
        std::string s;
        if (!string(s))
            return false;
        out = std::move(s);
        return true;
    }

    bool skipValue(int depth = 0)
    {
        if (depth > kMaxDepth)
            return false;
        skipWs();
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '"':
            return skipString();
        case '{': {
            ++m_p;
            if (consume('}'))
                return true;
            do {
                std::string_view key;
                if (!rawKeyAny(key) || !skipValue(depth + 1))
                    return false;
            } while (consume(','));
            return consume('}');
        }
        case '[': {
            ++m_p;
            if (consume(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (consume(','));
            return consume(']');
        }
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

private:
    // Keys inside skipped values may contain escapes; check them without decoding.
    bool rawKeyAny(std::string_view &out)
    {
        if (!skipString())
            return false;
        out = {};
        return consume(':');
    }

    /// A string checked but not decoded (no allocation): escapes must be well-formed, and a
    /// \u escape that is a surrogate is left to the parser.
    bool skipString()
    {
        if (!consume('"'))
            return false;
        while (m_p != m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (m_end - m_p < 2)
                    return false;
                const char e = m_p[1];
                if (e == 'u') {
                    m_p += 2;
                    std::uint32_t cp = 0;
                    if (!hex4(cp) || (cp >= 0xD800 && cp <= 0xDFFF))
                        return false;
                    continue;
                }
                if (std::strchr("\"\\/bfnrt", e) == nullptr || e == '\0')
                    return false;
                m_p += 2;
                continue;
            }
            ++m_p;
        }
        return false;
    }

    // JSON's number grammar exactly: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool number()
    {
        const char *start = m_p;
        if (!numberToken())
            return false;
        // The parser rejects numbers that overflow a double; be as strict (declining is safe:
        // the caller falls back to the parser). Short integers cannot overflow.
        const auto length = static_cast<std::size_t>(m_p - start);
        if (length > 15
            || std::string_view(start, length).find_first_of(".eE") != std::string_view::npos) {
            double value = 0;
            const auto [ptr, ec] = std::from_chars(start, m_p, value);
            if (ec != std::errc() || ptr != m_p || !std::isfinite(value))
                return false;
        }
        return true;
    }

    bool numberToken()
    {
        auto digit = [this] {
            return m_p != m_end && *m_p >= '0' && *m_p <= '9';
        };
        if (m_p != m_end && *m_p == '-')
            ++m_p;
        if (!digit())
            return false;
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (digit())
                ++m_p;
        }
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digit())
                return false;
            while (digit())
                ++m_p;
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digit())
                return false;
            while (digit())
                ++m_p;
        }
        return true;
    }

    static int hex(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool hex4(std::uint32_t &out)
    {
        if (m_end - m_p < 4)
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex(m_p[i]);
            if (h < 0)
                return false;
            out = (out << 4) | static_cast<std::uint32_t>(h);
        }
        m_p += 4;
        return true;
    }

    static void appendUtf8(std::string &out, std::uint32_t cp)
    {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    bool escape(std::string &out)
    {
        ++m_p; // backslash
        if (m_p == m_end)
            return false;
        const char c = *m_p++;
        switch (c) {
        case '"':
            out.push_back('"');
            return true;
        case '\\':
            out.push_back('\\');
            return true;
        case '/':
            out.push_back('/');
            return true;
        case 'b':
            out.push_back('\b');
            return true;
        case 'f':
            out.push_back('\f');
            return true;
        case 'n':
            out.push_back('\n');
            return true;
        case 'r':
            out.push_back('\r');
            return true;
        case 't':
            out.push_back('\t');
            return true;
        case 'u': {
            std::uint32_t cp = 0;
            if (!hex4(cp))
                return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return false; // lone low surrogate: let the full parser decide
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                std::uint32_t low = 0;
                if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                    return false;
                m_p += 2;
                if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            appendUtf8(out, cp);
            return true;
        }
        default:
            return false;
        }
    }

    const char *m_p;
    const char *m_end;
};

bool scanDelta(Scanner &s, ChunkEvent &out)
{
    if (!s.consume('{'))
        return false;
    if (s.consume('}'))
        return true;
    // A repeated key is legal JSON whose last value wins: leave such rarities to the parser.
    bool seenContent = false;
    bool seenReasoning = false;
    do {
        std::string_view key;
        if (!s.rawKey(key))
            return false;
        if (key == "content" || key == "reasoning") {
            bool &seen = key == "content" ? seenContent : seenReasoning;
            if (seen)
                return false;
            seen = true;
            std::string &target = key == "content" ? out.content : out.reasoning;
            if (!s.literal("null") && !s.string(target))
                return false;
        } else if (!s.skipValue()) {
            return false;
        }
    } while (s.consume(','));
    return s.consume('}');
}

bool scanChoice(Scanner &s, ChunkEvent &out)
{
    if (!s.consume('{'))
        return false;
    if (s.consume('}'))
        return true;
    bool seenDelta = false;
    bool seenFinish = false;
    bool seenNativeFinish = false;
    do {
        std::string_view key;
        if (!s.rawKey(key))
            return false;
        if (key == "delta") {
            if (std::exchange(seenDelta, true) || !scanDelta(s, out))
                return false;
        } else if (key == "finish_reason") {
            if (std::exchange(seenFinish, true) || !s.stringOrNull(out.finishReason))
                return false;
        } else if (key == "native_finish_reason") {
            if (std::exchange(seenNativeFinish, true) || !s.stringOrNull(out.nativeFinishReason))
                return false;
        } else if (key == "error" || key == "message") {
            return false; // error or non-stream shape: the full parser handles it
        } else if (!s.skipValue()) {
            return false;
        }
    } while (s.consume(','));
    return s.consume('}');
}

bool scanChoices(Scanner &s, ChunkEvent &out)
{
    if (!s.consume('['))
        return false;
    if (s.consume(']'))
        return true;
    if (!scanChoice(s, out))
        return false;
    while (s.consume(',')) {
        if (!s.skipValue())
            return false;
    }
    return s.consume(']');
}

bool validUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const utf8::Decoded d = utf8::decode(text.substr(i));
        if (!d.valid || d.length == 0)
            return false;
        i += d.length;
    }
    return true;
}

} // namespace

bool scanCommonChunk(std::string_view json, ChunkEvent &out)
{
    Scanner s(json);
    if (!s.consume('{'))
        return false;
    // The full parser rejects invalid UTF-8 anywhere; so must we, to give the same answers.
    if (!validUtf8(json))
        return false;
    bool seen[3] = {false, false, false};
    bool seenChoices = false;
    if (!s.consume('}')) {
        do {
            std::string_view key;
            if (!s.rawKey(key))
                return false;
            if (key == "id" || key == "provider" || key == "model") {
                const int slot = key == "id" ? 0 : key == "provider" ? 1 : 2;
                std::string &target = slot == 0 ? out.id : slot == 1 ? out.provider : out.model;
                if (seen[slot])
                    return false; // duplicate keys: match the full parser's choice there
                seen[slot] = true;
                if (!s.literal("null") && !s.string(target))
                    return false;
            } else if (key == "choices") {
                if (seenChoices)
                    return false;
                seenChoices = true;
                if (s.literal("null"))
                    continue;
                if (!scanChoices(s, out))
                    return false;
            } else if (key == "usage" || key == "error") {
                if (s.literal("null"))
                    continue;
                return false;
            } else if (!s.skipValue()) {
                return false;
            }
        } while (s.consume(','));
        if (!s.consume('}'))
            return false;
    }
    return s.atEnd();
}

} // namespace scriptorium::openrouter::detail
