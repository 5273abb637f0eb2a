#include "net/sse_parser.h"

#include <charconv>
#include <cstring>

namespace scriptorium::net {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The first CR or LF in [begin, end), or end.
const char *findLineEnd(const char *begin, const char *end)
{
    // memchr for '\n' is vectorised; CR-only streams are rare, so look for CR only in the
    // stretch before the first LF.
    const void *lf = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
    const char *limit = lf ? static_cast<const char *>(lf) : end;
    const void *cr = std::memchr(begin, '\r', static_cast<std::size_t>(limit - begin));
    return cr ? static_cast<const char *>(cr) : limit;
}

} // namespace

SseParser::SseParser()
    : SseParser(Limits{})
{
}

SseParser::SseParser(Limits limits)
    : m_limits(limits)
{
}

void SseParser::reset()
{
    m_line.clear();
    m_data.clear();
    m_type.clear();
    m_id.clear();
    m_retryMs = -1;
    m_bomMatched = 0;
    m_bomDone = false;
    m_hasData = false;
    m_skipLf = false;
    m_failed = false;
}

Status SseParser::tooLarge(std::string_view what)
{
    m_failed = true;
    m_line.clear();
    m_line.shrink_to_fit();
    m_data.clear();
    m_data.shrink_to_fit();
    return fail(
        ErrorCode::TooLarge,
        std::string("the server sent an event-stream ") + std::string(what)
            + " over the configured limit; the response is not a valid model stream",
        "limit " + std::to_string(what == "line" ? m_limits.maxLineBytes : m_limits.maxEventBytes)
            + " bytes");
}

Status SseParser::feed(std::string_view bytes)
{
    if (m_failed)
        return fail(ErrorCode::TooLarge, "the event stream already failed; start a new stream");

    const char *p = bytes.data();
    const char *end = p + bytes.size();

    if (!m_bomDone) {
        while (p < end && m_bomMatched < kBom.size() && *p == kBom[m_bomMatched]) {
            ++p;
            ++m_bomMatched;
        }
        if (m_bomMatched == kBom.size()) {
            m_bomDone = true;
        } else if (p < end) {
            // Not a BOM after all: the bytes taken so far are the start of the first line.
            m_line.assign(kBom.substr(0, m_bomMatched));
            m_bomDone = true;
        } else {
            return {};
        }
    }

    if (m_skipLf && p < end) {
        if (*p == '\n')
            ++p;
        m_skipLf = false;
    }

    while (p < end) {
        const char *eol = findLineEnd(p, end);
        if (eol == end) {
            const auto rest = static_cast<std::size_t>(end - p);
            if (m_line.size() + rest > m_limits.maxLineBytes)
                return tooLarge("line");
            m_line.append(p, rest);
            break;
        }
        const auto len = static_cast<std::size_t>(eol - p);
        Status status;
        if (m_line.empty()) {
            if (len > m_limits.maxLineBytes)
                return tooLarge("line");
            status = processLine(std::string_view(p, len));
        } else {
            if (m_line.size() + len > m_limits.maxLineBytes)
                return tooLarge("line");
            m_line.append(p, len);
            status = processLine(m_line);
            m_line.clear();
        }
        if (!status)
            return status;
        p = eol + 1;
        if (*eol == '\r') {
            if (p == end)
                m_skipLf = true;
            else if (*p == '\n')
                ++p;
        }
    }
    return {};
}

Status SseParser::processLine(std::string_view line)
{
    if (line.empty()) {
        if (!m_hasData) {
            m_type.clear();
            return {};
        }
        if (m_onEvent) {
            // The data buffer ends with the '\n' of its last line, which the spec removes.
            std::string_view data(m_data);
            data.remove_suffix(1);
            m_onEvent(SseEvent{m_type, data, m_id});
        }
        m_data.clear();
        m_type.clear();
        m_hasData = false;
        return {};
    }
    if (line.front() == ':') {
        if (m_onComment)
            m_onComment(line.substr(1));
        return {};
    }
    std::string_view field = line;
    std::string_view value;
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_limits.maxEventBytes)
            return tooLarge("event");
        m_data.append(value);
        m_data.push_back('\n');
        m_hasData = true;
    } else if (field == "event") {
        m_type.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            m_id.assign(value);
    } else if (field == "retry") {
        long long ms = 0;
        const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
        if (ec == std::errc() && ptr == value.data() + value.size() && !value.empty()
            && value.front() != '-')
            m_retryMs = ms;
    }
    // Other fields are ignored, as the spec says.
    return {};
}

} // namespace scriptorium::net
