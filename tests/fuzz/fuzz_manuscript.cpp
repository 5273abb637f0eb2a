// Fuzzes manuscript import: decodeManuscriptText() then splitChapters() on what it decoded.
// Decoding never crashes; on success the text is valid UTF-8 without CR, and valid UTF-8 input
// without BOM or CR comes back unchanged. Splitting never crashes, yields at least one chapter
// and loses no text: every line of the manuscript is, in order, a line of some chapter body, or
// one the splitter documents dropping (blank lines, headings whose text became a title, setext
// underlines, a `《title》` line, and at most two lines of a too-short preface it warns about).
#include "novel/chapter_heading.h"
#include "novel/chapter_splitter.h"
#include "novel/text_encoding.h"

#include "fuzz_checks.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using scriptorium::fuzz::check;
using scriptorium::fuzz::isStrictUtf8;
using scriptorium::novel::trimLine;

// "The short text before the first chapter was not imported" covers at most this many lines
// (kTrivialPrefaceLines in chapter_splitter.cpp).
constexpr std::size_t kDroppedPrefaceLines = 2;

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    for (std::size_t start = 0;;) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos)
            return lines;
        start = end + 1;
    }
}

struct BodyLine {
    std::string_view text;
    bool edge = false; ///< first or last line of a body: may have lost surrounding white space
};

bool isSetextUnderline(std::string_view line)
{
    line = trimLine(line);
    return line.size() >= 3 && (line.front() == '=' || line.front() == '-')
        && line.find_first_not_of(line.front()) == std::string_view::npos;
}

/// The title a heading line would give: as written, without ATX #s, or inside 《》.
bool namesATitle(std::string_view line, const std::set<std::string_view> &titles)
{
    line = trimLine(line);
    if (titles.contains(line))
        return true;
    std::string_view atx = line;
    while (atx.starts_with('#'))
        atx.remove_prefix(1);
    atx = trimLine(atx);
    while (atx.ends_with('#'))
        atx.remove_suffix(1);
    if (titles.contains(trimLine(atx)))
        return true;
    constexpr std::string_view kOpen = "《";
    constexpr std::string_view kClose = "》";
    return line.size() > kOpen.size() + kClose.size() && line.starts_with(kOpen)
        && line.ends_with(kClose)
        && titles.contains(line.substr(kOpen.size(), line.size() - kOpen.size() - kClose.size()));
}

bool matches(const BodyLine &body, std::string_view line)
{
    if (body.text == line)
        return true;
    return body.edge && line.find(body.text) != std::string_view::npos
        && trimLine(body.text) == trimLine(line);
}

/// Whether `lines` can be walked in order, each either matched by the next body line or
/// droppable (or one of `freeDrops` arbitrary lines). Dynamic programming over (body lines
/// matched, free drops used); a greedy walk could match a heading line that repeats a body line.
bool aligns(const std::vector<std::string_view> &lines, const std::vector<bool> &droppable,
            const std::vector<BodyLine> &body, std::size_t freeDrops)
{
    const std::size_t width = freeDrops + 1;
    std::vector<char> reach((body.size() + 1) * width, 0);
    reach[0] = 1;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::vector<char> next((body.size() + 1) * width, 0);
        for (std::size_t k = 0; k <= body.size(); ++k) {
            for (std::size_t u = 0; u < width; ++u) {
                if (!reach[k * width + u])
                    continue;
                if (droppable[i])
                    next[k * width + u] = 1;
                else if (u + 1 < width)
                    next[k * width + u + 1] = 1;
                if (k < body.size() && matches(body[k], lines[i]))
                    next[(k + 1) * width + u] = 1;
            }
        }
        reach = std::move(next);
    }
    for (std::size_t u = 0; u < width; ++u) {
        if (reach[body.size() * width + u])
            return true;
    }
    return false;
}

void checkSplit(std::string_view text, const scriptorium::novel::ChapterSplit &split)
{
    check(!split.chapters.empty(), "splitChapters returned no chapter");
    std::set<std::string_view> titles;
    if (!split.title.empty())
        titles.insert(split.title);
    std::vector<BodyLine> body;
    for (const auto &chapter : split.chapters) {
        check(isStrictUtf8(chapter.title) && isStrictUtf8(chapter.body),
              "a chapter title or body is not valid UTF-8");
        titles.insert(chapter.title);
        if (chapter.body.empty())
            continue;
        const auto lines = splitLines(chapter.body);
        for (std::size_t i = 0; i < lines.size(); ++i)
            body.push_back({lines[i], i == 0 || i + 1 == lines.size()});
    }
    bool prefaceDropped = false;
    for (const std::string &warning : split.warnings)
        prefaceDropped = prefaceDropped || warning.starts_with("The short text before");

    const auto lines = splitLines(text);
    std::vector<bool> droppable(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i)
        droppable[i] = trimLine(lines[i]).empty() || isSetextUnderline(lines[i])
            || namesATitle(lines[i], titles);
    // Greedy first (cheap); the exact check only when greedy fails.
    std::size_t k = 0;
    std::size_t freeDrops = prefaceDropped ? kDroppedPrefaceLines : 0;
    bool greedy = true;
    for (std::size_t i = 0; i < lines.size() && greedy; ++i) {
        if (k < body.size() && matches(body[k], lines[i]))
            ++k;
        else if (!droppable[i] && freeDrops-- == 0)
            greedy = false;
    }
    if (greedy && k == body.size())
        return;
    check(aligns(lines, droppable, body, prefaceDropped ? kDroppedPrefaceLines : 0),
          "splitting lost or reordered manuscript text");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const auto decoded = scriptorium::novel::decodeManuscriptText(input);
    if (!decoded)
        return 0;
    const std::string &text = decoded->text;
    check(decoded->encoding == "UTF-8" || decoded->encoding == "GB18030",
          "decodeManuscriptText named an unexpected encoding");
    check(isStrictUtf8(text), "decodeManuscriptText returned invalid UTF-8");
    check(text.find('\r') == std::string::npos, "decodeManuscriptText left a CR");
    if (isStrictUtf8(input) && !input.starts_with("\xEF\xBB\xBF")
        && input.find('\r') == std::string_view::npos)
        check(decoded->encoding == "UTF-8" && text == input,
              "decodeManuscriptText changed valid UTF-8 text");

    const auto split = scriptorium::novel::splitChapters(text, size % 2 == 0 ? "zh" : "en");
    checkSplit(text, split);
    return 0;
}
