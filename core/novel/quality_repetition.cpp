// Repetition loops: a model that starts repeating itself. Three shapes are looked for, each
// with a threshold measured on clean text (docs/quality.md, "Repetition"):
//  1. a block of 1–8 sentences repeated back-to-back (three copies, or two of a long block)
//     that chance would not produce given how often the text repeats its sentences anyway;
//  2. a long sentence or paragraph recurring 3+ times in a text that otherwise does not
//     repeat its sentences;
//  3. a long run of units (words, CJK characters) repeated back-to-back whatever the sentence
//     boundaries are: loops without punctuation, or cut mid-sentence.
#include "novel/quality_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "util/text_stats.h"

namespace scriptorium::novel::quality {

namespace {

std::string percent(double share)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", share * 100.0);
    return buf;
}

std::string oneDigit(double value)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1g", value);
    return buf;
}

bool isMostlyCjk(std::string_view text)
{
    return countText(text).isMostlyCjk();
}

bool overlapsFinding(const std::vector<QualityFinding> &found, std::size_t begin, std::size_t end)
{
    return std::any_of(found.begin(), found.end(), [&](const QualityFinding &f) {
        return f.kind == QualityKind::Repetition && f.begin < end && begin < f.end;
    });
}

/// The expected number of runs like the one at [first, first + block*copies) in a text of n
/// sentences that draws each sentence with the frequency it has outside the run:
/// n·Πp^(copies-1) over the block's sentences. A sentence that occurs only in the run (a model
/// looping on a sentence it just wrote) has p = 0, so its run is always reported; a sentence
/// of the simulator's 18- or 20-sentence bank has p ≈ 1/20, so only a run chance would not
/// make is. Leaving the run out biases p low for sentences the text repeats anyway, which the
/// limit allows for (docs/quality.md).
double chanceOfRun(const std::vector<Sentence> &sentences,
                   const std::unordered_map<std::uint64_t, std::size_t> &counts, std::size_t first,
                   std::size_t block, std::size_t copies)
{
    const auto n = static_cast<double>(sentences.size());
    double expected = n;
    for (std::size_t k = 0; k < block; ++k) {
        const std::uint64_t h = sentences[first + k].hash;
        std::size_t inBlock = 0;
        for (std::size_t m = 0; m < block; ++m)
            inBlock += sentences[first + m].hash == h ? 1 : 0;
        const std::size_t all = counts.at(h);
        const std::size_t inRun = inBlock * copies;
        const double outside = all > inRun ? static_cast<double>(all - inRun) : 0.0;
        expected *= std::pow(outside / n, static_cast<double>(copies - 1));
    }
    return expected;
}

bool isPrimitiveBlock(const std::vector<Sentence> &s, std::size_t first, std::size_t block)
{
    for (std::size_t d = 1; d < block; ++d) {
        if (block % d != 0)
            continue;
        bool periodic = true;
        for (std::size_t k = d; k < block && periodic; ++k)
            periodic = s[first + k].hash == s[first + k - d].hash;
        if (periodic)
            return false;
    }
    return true;
}

void findSentenceLoops(std::string_view text, const RepetitionLimits &lim,
                       const std::vector<Sentence> &sentences,
                       const std::unordered_map<std::uint64_t, std::size_t> &counts,
                       std::vector<QualityFinding> &out)
{
    const std::size_t n = sentences.size();
    std::size_t i = 0;
    while (i < n) {
        bool reported = false;
        for (std::size_t block = 1; block <= lim.maxBlockSentences && i + 2 * block <= n; ++block) {
            std::size_t copies = 1;
            while (i + (copies + 1) * block <= n) {
                bool same = true;
                for (std::size_t k = 0; k < block && same; ++k)
                    same = sentences[i + copies * block + k].hash == sentences[i + k].hash;
                if (!same)
                    break;
                ++copies;
            }
            if (copies < 2 || !isPrimitiveBlock(sentences, i, block))
                continue;
            std::size_t units = 0;
            for (std::size_t k = 0; k < block; ++k)
                units += sentences[i + k].units;
            const std::size_t begin = sentences[i].span.begin;
            const std::size_t end = sentences[i + copies * block - 1].span.end;
            const bool cjk
                = isMostlyCjk(text.substr(begin, sentences[i + block - 1].span.end - begin));
            const std::size_t longBlock = cjk ? lim.longBlockCjk : lim.longBlockWords;
            if (units < lim.minLoopUnits || (copies == 2 && units < longBlock))
                continue;
            // Three copies or more back to back: prose does not say a sentence of four units
            // or more three times in a row, whatever else it repeats. Two copies of a long
            // block: only when chance would not make the run.
            const double chance = copies >= lim.alwaysLoopCopies
                ? 0.0
                : chanceOfRun(sentences, counts, i, block, copies);
            if (chance >= lim.chanceLimit)
                continue;
            std::string detail = block == 1
                ? "the same sentence occurs " + std::to_string(copies) + " times in a row ("
                    + std::to_string(units) + (cjk ? " characters" : " words") + " each)"
                : "the same " + std::to_string(block) + "-sentence passage occurs "
                    + std::to_string(copies) + " times in a row";
            out.push_back(makeFinding(
                QualityKind::Repetition, QualitySeverity::Major, text, begin, end,
                detail
                    + (copies >= lim.alwaysLoopCopies ? std::string()
                           : chance == 0.0
                           ? std::string("; it occurs nowhere else in the text")
                           : "; chance makes such a run " + oneDigit(chance) + " times")));
            i += copies * block;
            reported = true;
            break;
        }
        if (!reported)
            ++i;
    }
}

void findRecurringSentences(std::string_view text, const RepetitionLimits &lim,
                            const std::vector<Sentence> &sentences,
                            const std::unordered_map<std::uint64_t, std::size_t> &counts,
                            std::vector<QualityFinding> &out)
{
    std::vector<bool> isLong(sentences.size());
    std::size_t longTotal = 0;
    std::size_t longRepeated = 0;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        const Sentence &s = sentences[i];
        const bool cjk = isMostlyCjk(text.substr(s.span.begin, s.span.end - s.span.begin));
        isLong[i] = s.units >= (cjk ? lim.recurringMinCjk : lim.recurringMinWords);
        if (isLong[i]) {
            ++longTotal;
            longRepeated += counts.at(s.hash) > 1 ? 1 : 0;
        }
    }
    std::unordered_map<std::uint64_t, bool> done;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        const std::uint64_t h = sentences[i].hash;
        const std::size_t count = counts.at(h);
        if (!isLong[i] || count < lim.recurringCount || done[h])
            continue;
        done[h] = true;
        // The baseline leaves this sentence out: how often the text repeats the others.
        const std::size_t others = longTotal - count;
        const double baseline = others == 0
            ? 0.0
            : static_cast<double>(longRepeated - count) / static_cast<double>(others);
        if (baseline > lim.maxBaselineDuplicates)
            continue;
        std::size_t last = i;
        for (std::size_t j = i + 1; j < sentences.size(); ++j)
            if (sentences[j].hash == h)
                last = j;
        if (overlapsFinding(out, sentences[i].span.begin, sentences[last].span.end))
            continue;
        out.push_back(makeFinding(QualityKind::Repetition, QualitySeverity::Major, text,
                                  sentences[i].span.begin, sentences[last].span.end,
                                  "the sentence occurs " + std::to_string(count) + " times; "
                                      + percent(baseline)
                                      + " of the text's other long sentences recur"));
    }
}

void findRepeatedParagraphs(std::string_view text, const RepetitionLimits &lim,
                            std::vector<QualityFinding> &out)
{
    struct Seen {
        std::size_t count = 0;
        Span first;
        Span last;
    };
    std::unordered_map<std::uint64_t, Seen> seen;
    std::vector<std::uint64_t> order;
    for (const Span &p : paragraphsOf(text)) {
        const std::string_view body = text.substr(p.begin, p.end - p.begin);
        const std::vector<Unit> units = unitsOf(body);
        const bool cjk = isMostlyCjk(body);
        if (units.size() < (cjk ? lim.recurringMinCjk : lim.recurringMinWords))
            continue;
        std::uint64_t h = 0x84222325cbf29ce4ULL;
        for (const Unit &u : units)
            h = (h ^ u.hash) * 0x100000001b3ULL;
        Seen &s = seen[h];
        if (s.count++ == 0) {
            s.first = p;
            order.push_back(h);
        }
        s.last = p;
    }
    for (std::uint64_t h : order) {
        const Seen &s = seen[h];
        if (s.count < lim.recurringCount || overlapsFinding(out, s.first.begin, s.last.end))
            continue;
        out.push_back(makeFinding(
            QualityKind::Repetition, QualitySeverity::Major, text, s.first.begin, s.last.end,
            "the same paragraph occurs " + std::to_string(s.count) + " times"));
    }
}

void findRepeatedRuns(std::string_view text, const RepetitionLimits &lim,
                      std::vector<QualityFinding> &out)
{
    const std::vector<Unit> units = unitsOf(text);
    const std::size_t k = lim.gram;
    if (k == 0 || units.size() < 2 * k)
        return;
    const bool cjk = countText(text).isMostlyCjk();
    const std::size_t longRun = cjk ? lim.longRunCjk : lim.longRunWords;
    auto same = [&](std::size_t a, std::size_t b) {
        return units[a].hash == units[b].hash;
    };
    // A k-gram seen before proposes a period d; the run of units equal to the unit d earlier is
    // then followed forwards and backwards by direct comparison, so k-grams that also occur
    // inside the repeated passage do not cut the run short.
    std::unordered_map<std::uint64_t, std::size_t> last;
    last.reserve(units.size());
    std::size_t i = 0;
    std::size_t reportedUpTo = 0;
    std::size_t checkedPeriod = 0; // the run last followed, so a loop is followed once
    std::size_t checkedEnd = 0;
    while (i + k <= units.size()) {
        std::uint64_t g = 0x9E3779B97F4A7C15ULL;
        for (std::size_t m = 0; m < k; ++m)
            g = (g ^ units[i + m].hash) * 0x100000001b3ULL;
        const auto it = last.find(g);
        const std::size_t d = it == last.end() ? 0 : i - it->second;
        last[g] = i;
        if (d == 0 || i < reportedUpTo || (d == checkedPeriod && i + k <= checkedEnd)) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (start > d && same(start - 1, start - 1 - d))
            --start;
        std::size_t end = i + k;
        while (end < units.size() && same(end, end - d))
            ++end;
        const std::size_t repeated = end - start;
        checkedPeriod = d;
        checkedEnd = end;
        // Back-to-back: the repeat reaches the copy it repeats (repeated >= d).
        if (repeated >= d && repeated >= longRun
            && !overlapsFinding(out, units[start - d].begin, units[end - 1].end)) {
            out.push_back(makeFinding(
                QualityKind::Repetition, QualitySeverity::Major, text, units[start - d].begin,
                units[end - 1].end,
                "a passage of " + std::to_string(d) + (cjk ? " characters" : " words")
                    + " repeats back-to-back; " + std::to_string(repeated) + " repeated in all"));
            reportedUpTo = end;
        }
        ++i;
    }
}

} // namespace

void checkRepetition(std::string_view text, const RepetitionLimits &lim,
                     std::vector<QualityFinding> &out)
{
    const std::vector<Sentence> sentences = sentencesOf(text);
    std::unordered_map<std::uint64_t, std::size_t> counts;
    counts.reserve(sentences.size());
    for (const Sentence &s : sentences)
        ++counts[s.hash];
    std::vector<QualityFinding> found;
    findSentenceLoops(text, lim, sentences, counts, found);
    findRecurringSentences(text, lim, sentences, counts, found);
    findRepeatedParagraphs(text, lim, found);
    findRepeatedRuns(text, lim, found);
    out.insert(out.end(), found.begin(), found.end());
}

} // namespace scriptorium::novel::quality
