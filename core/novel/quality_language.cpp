// Language drift: whole paragraphs in another script than the book's. A name, a brand or an
// English phrase inside a Chinese paragraph is normal; a paragraph that is mostly Latin words
// in a Chinese book (or mostly Chinese in an English one) is the model switching language.
// Thresholds: docs/quality.md, "Language drift".
#include "novel/quality_text.h"

#include <string>

#include "util/text_stats.h"

namespace scriptorium::novel::quality {

void checkLanguageDrift(std::string_view text, bool bookIsCjk, const DriftLimits &lim,
                        std::vector<QualityFinding> &out)
{
    struct Drift {
        Span span;
        std::size_t paragraphs = 0;
        std::size_t foreign = 0;
        std::size_t length = 0;
    };
    std::vector<Drift> drifts;
    std::size_t paragraphIndex = 0;
    std::size_t lastDriftIndex = 0;
    for (const Span &p : paragraphsOf(text)) {
        ++paragraphIndex;
        const TextStats stats = countText(text.substr(p.begin, p.end - p.begin));
        const std::size_t foreign = bookIsCjk ? stats.latinWords : stats.cjkCharacters;
        const std::size_t length = stats.length();
        if (foreign < lim.minForeignUnits
            || static_cast<double>(foreign) < lim.minForeignShare * static_cast<double>(length))
            continue;
        // Consecutive drifted paragraphs are one finding: the model changed language once.
        if (!drifts.empty() && lastDriftIndex + 1 == paragraphIndex) {
            Drift &d = drifts.back();
            d.span.end = p.end;
            ++d.paragraphs;
            d.foreign += foreign;
            d.length += length;
        } else {
            drifts.push_back({p, 1, foreign, length});
        }
        lastDriftIndex = paragraphIndex;
    }
    for (const Drift &d : drifts) {
        const int share = static_cast<int>(100.0 * static_cast<double>(d.foreign)
                                           / static_cast<double>(d.length));
        const std::string what
            = std::to_string(d.paragraphs) + (d.paragraphs == 1 ? " paragraph" : " paragraphs");
        const std::string detail = bookIsCjk
            ? what + " in Latin script in a CJK book: " + std::to_string(d.foreign) + " words, "
                + std::to_string(share) + "% of its length"
            : what + " in CJK script in a " + "Latin-script book: " + std::to_string(d.foreign)
                + " CJK characters, " + std::to_string(share) + "% of its length";
        out.push_back(makeFinding(QualityKind::LanguageDrift,
                                  d.foreign >= lim.majorForeignUnits ? QualitySeverity::Major
                                                                     : QualitySeverity::Minor,
                                  text, d.span.begin, d.span.end, detail));
    }
}

} // namespace scriptorium::novel::quality
