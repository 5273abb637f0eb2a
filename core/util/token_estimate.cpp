#include "util/token_estimate.h"

#include "util/text_stats.h"
#include "util/utf8.h"

#include <vector>

namespace scriptorium {

std::size_t estimateTokens(std::string_view text)
{
    const TextStats s = countText(text);
    return s.cjkCharacters + (s.latinWords * 4 + 2) / 3 + s.symbols + s.invalidSequences;
}

namespace {

// Byte offsets of every code point start, plus the end.
std::vector<std::size_t> boundaries(std::string_view text)
{
    std::vector<std::size_t> out;
    out.reserve(text.size() + 1);
    std::size_t at = 0;
    while (at < text.size()) {
        out.push_back(at);
        at += utf8::decode(text.substr(at)).length;
    }
    out.push_back(text.size());
    return out;
}

bool isBreakAfter(std::string_view text, std::size_t end)
{
    if (end == 0 || end > text.size())
        return false;
    const char c = text[end - 1];
    if (c == '\n' || c == '.' || c == '!' || c == '?')
        return true;
    // 。！？ end with these bytes in UTF-8.
    const std::string_view tail = text.substr(0, end);
    return tail.ends_with("\u3002") || tail.ends_with("\uff01") || tail.ends_with("\uff1f");
}

} // namespace

std::string truncateToTokens(std::string_view text, std::size_t maxTokens, KeepEnd keep)
{
    if (estimateTokens(text) <= maxTokens)
        return std::string(text);
    if (maxTokens == 0)
        return {};

    const std::vector<std::size_t> cuts = boundaries(text);
    auto piece = [&](std::size_t i) {
        return keep == KeepEnd::Head ? text.substr(0, cuts[i]) : text.substr(cuts[i]);
    };
    auto fits = [&](std::size_t i) {
        return estimateTokens(piece(i)) <= maxTokens;
    };

    // Binary search for the longest piece that fits; the token estimate is monotonic in
    // length up to word joins, which the final check below absorbs.
    std::size_t lo = 0;
    std::size_t hi = cuts.size() - 1;
    if (keep == KeepEnd::Head) {
        while (lo < hi) {
            const std::size_t mid = (lo + hi + 1) / 2;
            if (fits(mid))
                lo = mid;
            else
                hi = mid - 1;
        }
    } else {
        lo = 0;
        hi = cuts.size() - 1;
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (fits(mid))
                hi = mid;
            else
                lo = mid + 1;
        }
    }
    std::size_t best = lo;

    // Move to a sentence or paragraph boundary if one is within the last fifth of the piece.
    const std::size_t slack = (keep == KeepEnd::Head ? best : cuts.size() - 1 - best) / 5;
    for (std::size_t step = 0; step <= slack; ++step) {
        const std::size_t i = keep == KeepEnd::Head ? best - step : best + step;
        const std::size_t byte = cuts[i];
        if (isBreakAfter(text, byte)) {
            best = i;
            break;
        }
    }
    std::string out(piece(best));
    // Leading whitespace of a tail and trailing whitespace of a head carry no meaning.
    while (!out.empty() && keep == KeepEnd::Tail && (out.front() == ' ' || out.front() == '\n'))
        out.erase(out.begin());
    while (!out.empty() && keep == KeepEnd::Head && (out.back() == ' ' || out.back() == '\n'))
        out.pop_back();
    return out;
}

} // namespace scriptorium
