#include "util/utf8.h"

namespace scriptorium::utf8 {

namespace {

constexpr bool isContinuation(unsigned char c)
{
    return (c & 0xC0U) == 0x80U;
}

} // namespace

Decoded decode(std::string_view text)
{
    const auto lead = static_cast<unsigned char>(text[0]);
    if (lead < 0x80U)
        return {lead, 1, true};

    std::size_t need = 0;
    char32_t cp = 0;
    // The valid range of the second byte narrows for E0, ED, F0 and F4 (no overlongs, no
    // surrogates, nothing above U+10FFFF).
    unsigned char lo = 0x80U;
    unsigned char hi = 0xBFU;
    if (lead >= 0xC2U && lead <= 0xDFU) {
        need = 1;
        cp = lead & 0x1FU;
    } else if (lead >= 0xE0U && lead <= 0xEFU) {
        need = 2;
        cp = lead & 0x0FU;
        if (lead == 0xE0U)
            lo = 0xA0U;
        else if (lead == 0xEDU)
            hi = 0x9FU;
    } else if (lead >= 0xF0U && lead <= 0xF4U) {
        need = 3;
        cp = lead & 0x07U;
        if (lead == 0xF0U)
            lo = 0x90U;
        else if (lead == 0xF4U)
            hi = 0x8FU;
    } else {
        return {};
    }

    for (std::size_t i = 1; i <= need; ++i) {
        if (i >= text.size())
            return {kReplacement, i, false};
        const auto c = static_cast<unsigned char>(text[i]);
        if (i == 1 ? (c < lo || c > hi) : !isContinuation(c))
            return {kReplacement, i, false};
        cp = (cp << 6U) | (c & 0x3FU);
    }
    return {cp, need + 1, true};
}

bool isValid(std::string_view text)
{
    while (!text.empty()) {
        const Decoded d = decode(text);
        if (!d.valid)
            return false;
        text.remove_prefix(d.length);
    }
    return true;
}

std::size_t incompleteTailLength(std::string_view text)
{
    // Look back at most 3 bytes for a lead byte whose sequence runs past the end.
    const std::size_t n = text.size();
    for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(text[n - back]);
        if (isContinuation(c))
            continue;
        if (c < 0xC2U || c > 0xF4U)
            return 0;
        const std::size_t need = c >= 0xF0U ? 4 : c >= 0xE0U ? 3 : 2;
        if (need <= back)
            return 0;
        // Only keep it if what we have so far is a valid prefix.
        const Decoded d = decode(text.substr(n - back));
        return (!d.valid && d.length == back) ? back : 0;
    }
    return 0;
}

void append(std::string &out, char32_t cp)
{
    if (cp < 0x80U) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800U) {
        out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else if (cp < 0x10000U) {
        out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    }
}

std::string sanitize(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const Decoded d = decode(text);
        if (d.valid)
            out.append(text.substr(0, d.length));
        else
            append(out, kReplacement);
        text.remove_prefix(d.length);
    }
    return out;
}

} // namespace scriptorium::utf8
