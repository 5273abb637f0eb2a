#include "novel/chapter_splitter.h"

#include "novel/chapter_heading.h"
#include "util/text_stats.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace scriptorium::novel {

namespace {

// Text before the first chapter shorter than this (in words or CJK characters) and on at most
// kTrivialPrefaceLines lines is a byline or a dedication, not a preface chapter.
constexpr std::size_t kTrivialPrefaceLength = 20;
constexpr std::size_t kTrivialPrefaceLines = 2;
constexpr std::size_t kMaxSetextTitleBytes = 200;

/// A heading: the lines it occupies [first, last] and its text without Markdown markers.
struct Heading {
    std::size_t first = 0;
    std::size_t last = 0;
    int level = 0; ///< Markdown level 1–6; 0 for a plain line recognised by its words
    std::string text;
    HeadingRole role = HeadingRole::None;
};

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

bool isBlank(std::string_view line)
{
    return trimLine(line).empty();
}

std::optional<Heading> atxHeading(std::string_view line, std::size_t index)
{
    std::size_t pos = 0;
    while (pos < line.size() && pos < 3 && line[pos] == ' ')
        ++pos;
    std::size_t hashes = 0;
    while (pos + hashes < line.size() && line[pos + hashes] == '#')
        ++hashes;
    if (hashes == 0 || hashes > 6)
        return std::nullopt;
    std::string_view rest = line.substr(pos + hashes);
    const bool spaced = rest.empty() || rest.front() == ' ' || rest.front() == '\t';
    rest = trimLine(rest);
    // An optional closing sequence: "## Title ##".
    while (rest.ends_with('#'))
        rest.remove_suffix(1);
    rest = trimLine(rest);
    const HeadingRole role = classifyHeadingLine(rest);
    // CommonMark wants a space after the #s; writers of Chinese often omit it ("#第一章").
    if (rest.empty() || (!spaced && role == HeadingRole::None))
        return std::nullopt;
    return Heading{index, index, static_cast<int>(hashes), std::string(rest), role};
}

bool isSetextUnderline(std::string_view line, char &marker)
{
    line = trimLine(line);
    if (line.size() < 3 || (line.front() != '=' && line.front() != '-'))
        return false;
    marker = line.front();
    return line.find_first_not_of(marker) == std::string_view::npos;
}

bool endsLikeSentence(std::string_view line)
{
    static constexpr std::string_view kEndings[]
        = {".", "!", "?", "\"", "。", "！", "？", "”", "…"};
    return std::ranges::any_of(kEndings, [line](std::string_view e) { return line.ends_with(e); });
}

struct Scan {
    std::vector<Heading> markdown;
    std::vector<Heading> plain;
};

Scan scanHeadings(const std::vector<std::string_view> &lines)
{
    Scan scan;
    bool inFence = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view trimmed = trimLine(lines[i]);
        if (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            inFence = !inFence;
            continue;
        }
        if (inFence || trimmed.empty())
            continue;
        if (auto h = atxHeading(lines[i], i)) {
            scan.markdown.push_back(std::move(*h));
            continue;
        }
        char marker = 0;
        if (i > 0 && isSetextUnderline(lines[i], marker)) {
            const std::string_view title = trimLine(lines[i - 1]);
            const bool previousIsMarkdown
                = !scan.markdown.empty() && scan.markdown.back().last == i - 1;
            const bool previousIsPlain = !scan.plain.empty() && scan.plain.back().last == i - 1;
            if (!title.empty() && title.size() <= kMaxSetextTitleBytes && !endsLikeSentence(title)
                && (i == 1 || isBlank(lines[i - 2])) && !previousIsMarkdown) {
                if (previousIsPlain)
                    scan.plain.pop_back(); // "Chapter 1\n---------" is one Markdown heading
                scan.markdown.push_back(Heading{i - 1, i, marker == '=' ? 1 : 2, std::string(title),
                                                classifyHeadingLine(title)});
                continue;
            }
        }
        const HeadingRole role = classifyHeadingLine(trimmed);
        if (role != HeadingRole::None)
            scan.plain.push_back(Heading{i, i, 0, std::string(trimmed), role});
    }
    return scan;
}

// The Markdown level that holds the chapters: the one with the most headings that read like
// chapters; failing that the shallowest level used at least twice; failing that the shallowest.
int chapterLevel(const std::vector<Heading> &headings)
{
    std::map<int, std::size_t> count;
    std::map<int, std::size_t> chapterLike;
    for (const Heading &h : headings) {
        ++count[h.level];
        if (h.role == HeadingRole::Chapter)
            ++chapterLike[h.level];
    }
    int best = 0;
    std::size_t bestScore = 0;
    for (const auto &[level, score] : chapterLike) {
        if (score > bestScore) {
            best = level;
            bestScore = score;
        }
    }
    if (best != 0)
        return best;
    for (const auto &[level, n] : count) {
        if (n >= 2)
            return level;
    }
    return count.begin()->first;
}

std::string joinBody(const std::vector<std::string_view> &lines, std::size_t first, std::size_t end,
                     const std::vector<bool> &skip)
{
    std::size_t a = first;
    std::size_t b = end;
    while (a < b && (skip[a] || isBlank(lines[a])))
        ++a;
    while (b > a && (skip[b - 1] || isBlank(lines[b - 1])))
        --b;
    std::string body;
    for (std::size_t i = a; i < b; ++i) {
        if (skip[i])
            continue;
        if (i > a)
            body += '\n';
        body += lines[i];
    }
    // Trailing spaces on the last line carry nothing.
    while (!body.empty() && (body.back() == ' ' || body.back() == '\t'))
        body.pop_back();
    return body;
}

std::string quoteExcerpt(std::string_view text)
{
    constexpr std::size_t kMaxBytes = 60;
    const std::string_view first = trimLine(text.substr(0, text.find('\n')));
    std::size_t cut = std::min(first.size(), kMaxBytes);
    // Do not cut a UTF-8 sequence in half.
    while (cut > 0 && cut < first.size() && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80)
        --cut;
    const bool shortened = cut < trimLine(text).size();
    return "\"" + std::string(first.substr(0, cut)) + (shortened ? "…\"" : "\"");
}

// Many Chinese plain-text novels open with a table of contents: a run of headings without
// text whose titles all appear again further down. Returns how many headings it has (0: none).
std::size_t tableOfContentsLength(const std::vector<Heading> &chapters,
                                  const std::vector<std::string_view> &lines)
{
    std::size_t empty = 0;
    while (empty + 1 < chapters.size()) {
        bool blank = true;
        for (std::size_t i = chapters[empty].last + 1; i < chapters[empty + 1].first && blank; ++i)
            blank = isBlank(lines[i]);
        if (!blank)
            break;
        ++empty;
    }
    std::set<std::string_view> later;
    for (std::size_t j = empty; j < chapters.size(); ++j)
        later.insert(chapters[j].text);
    for (std::size_t m = empty; m >= 2; --m) {
        if (std::all_of(chapters.begin(), chapters.begin() + static_cast<std::ptrdiff_t>(m),
                        [&later](const Heading &h) { return later.contains(h.text); }))
            return m;
        later.insert(chapters[m - 1].text);
    }
    return 0;
}

} // namespace

ChapterSplit splitChapters(std::string_view text, std::string_view language)
{
    const std::vector<std::string_view> lines = splitLines(text);
    Scan scan = scanHeadings(lines);
    ChapterSplit split;
    std::vector<bool> skip(lines.size(), false);

    // A lone level-1 heading at the top, above other headings, is the book's title.
    const auto levelOne
        = std::ranges::count_if(scan.markdown, [](const Heading &h) { return h.level == 1; });
    if (!scan.markdown.empty() && scan.markdown.front().level == 1 && levelOne == 1
        && scan.markdown.front().role == HeadingRole::None
        && (scan.markdown.size() > 1 || !scan.plain.empty())) {
        const Heading &title = scan.markdown.front();
        split.title = title.text;
        for (std::size_t i = title.first; i <= title.last; ++i)
            skip[i] = true;
        scan.markdown.erase(scan.markdown.begin());
    }

    std::vector<Heading> chapters;
    std::size_t parts = 0;
    if (!scan.markdown.empty()) {
        const int level = chapterLevel(scan.markdown);
        for (Heading &h : scan.markdown) {
            if (h.level == level)
                chapters.push_back(std::move(h));
            else if (h.level < level)
                ++parts;
        }
    } else {
        for (Heading &h : scan.plain) {
            if (h.role == HeadingRole::Chapter)
                chapters.push_back(std::move(h));
            else
                ++parts;
        }
    }
    if (parts > 0)
        split.warnings.push_back(std::to_string(parts)
                                 + " part or volume headings were kept as text inside the chapter "
                                   "before them; move them if you need them elsewhere.");

    const std::size_t firstChapterLine = chapters.empty() ? lines.size() : chapters.front().first;
    std::string preface = joinBody(lines, 0, firstChapterLine, skip);
    if (const std::size_t toc = tableOfContentsLength(chapters, lines); toc > 0) {
        chapters.erase(chapters.begin(), chapters.begin() + static_cast<std::ptrdiff_t>(toc));
        split.warnings.push_back("A table of contents (" + std::to_string(toc)
                                 + " entries) at the start of the file was left out.");
    }

    // Chinese plain-text novels often open with 《书名》 on its own line.
    if (split.title.empty() && !preface.empty()) {
        const std::string_view firstLine
            = trimLine(std::string_view(preface).substr(0, preface.find('\n')));
        if (firstLine.starts_with("《") && firstLine.ends_with("》") && firstLine.size() > 6) {
            split.title = std::string(firstLine.substr(3, firstLine.size() - 6));
            const std::size_t nl = preface.find('\n');
            preface = nl == std::string::npos ? std::string()
                                              : std::string(trimLine(preface.substr(nl + 1)));
        }
    }

    if (chapters.empty()) {
        split.chapters.push_back(ImportedChapter{split.title, std::move(preface)});
        split.warnings.push_back(
            "No chapter headings were found, so the whole text was imported as "
            "one chapter. Mark chapters with \"# Chapter 1\" or \"第一章\" "
            "lines to split it.");
        return split;
    }

    if (!preface.empty()) {
        const std::size_t nonBlankLines = static_cast<std::size_t>(std::ranges::count_if(
            splitLines(preface), [](std::string_view l) { return !isBlank(l); }));
        if (countText(preface).length() >= kTrivialPrefaceLength
            || nonBlankLines > kTrivialPrefaceLines) {
            split.chapters.push_back(
                ImportedChapter{language == "zh" ? "前言" : "Preface", std::move(preface)});
        } else {
            split.warnings.push_back("The short text before the first chapter was not imported: "
                                     + quoteExcerpt(preface) + ".");
        }
    }

    std::size_t empty = 0;
    for (std::size_t k = 0; k < chapters.size(); ++k) {
        const std::size_t end = k + 1 < chapters.size() ? chapters[k + 1].first : lines.size();
        std::string body = joinBody(lines, chapters[k].last + 1, end, skip);
        empty += body.empty() ? 1 : 0;
        split.chapters.push_back(ImportedChapter{std::move(chapters[k].text), std::move(body)});
    }
    if (empty > 0)
        split.warnings.push_back(
            std::to_string(empty)
            + " chapters have no text (a table of contents at the start of the "
              "file looks like this); delete them after importing if so.");
    return split;
}

} // namespace scriptorium::novel
