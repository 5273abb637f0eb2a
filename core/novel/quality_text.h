#pragma once

// Internal to core/novel/quality_*.cpp: how the quality checks cut a text into paragraphs,
// sentences and counted units, and how they phrase a finding. Not a public API.

#include "novel/quality_checks.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::novel::quality {

/// A byte range [begin, end) of the checked text.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Non-blank lines, trimmed. Chinese web novels put one paragraph per line and English drafts
/// leave blank lines between paragraphs; treating every line as a paragraph serves both.
std::vector<Span> paragraphsOf(std::string_view text);

/// One counted unit (a Latin word or one CJK character, as util/text_stats.h counts them):
/// a hash of its normalised form (ASCII lower-cased) and where it is.
struct Unit {
    std::uint64_t hash = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// The units of `text` in order; punctuation, symbols and white space are not units.
std::vector<Unit> unitsOf(std::string_view text);

/// One sentence: its range, the hash of its units (so "He left." and "he left" are the same
/// sentence) and how many units it has.
struct Sentence {
    Span span;
    std::uint64_t hash = 0;
    std::size_t units = 0;
};

/// The sentences of `text`, split after . ! ? … 。！？ and line ends (closing quotes stay with
/// their sentence). Sentences without units (a lone "……") are left out.
std::vector<Sentence> sentencesOf(std::string_view text);

/// `pos` moved back to the start of the UTF-8 sequence it falls in.
std::size_t boundaryAtOrBefore(std::string_view text, std::size_t pos);

/// A finding over [begin, end) with a quote of at most kEvidenceBytes from `begin`.
QualityFinding makeFinding(QualityKind kind, QualitySeverity severity, std::string_view text,
                           std::size_t begin, std::size_t end, std::string detail);

inline constexpr std::size_t kEvidenceBytes = 120;

/// The repetition thresholds (quality_repetition.cpp). The defaults are what checkQuality
/// uses; docs/quality.md says how each was measured, and bench_quality_checks --sweep varies
/// them over clean text.
struct RepetitionLimits {
    /// Blocks of up to this many sentences are looked for as a repeating unit; a longer loop is
    /// a paragraph, which the unit-run check catches.
    std::size_t maxBlockSentences = 8;
    /// A block shorter than this ("No. No. No.", "快跑！快跑！快跑！") is rhetoric, not a loop.
    std::size_t minLoopUnits = 4;
    /// Two back-to-back copies are a loop only when the block is at least this long: a long
    /// sentence said twice in a row is a loop, "He waited. He waited." is style.
    std::size_t longBlockWords = 16;
    std::size_t longBlockCjk = 24;
    /// A back-to-back run of sentences is reported when chance would produce it less than
    /// this often: the expected number of such runs in a text of the same length that draws
    /// its sentences with the frequencies seen outside the run.
    double chanceLimit = 1e-5;
    /// A block of at least minLoopUnits repeated this many times back to back is a loop
    /// whatever chance says (the chance model treats sentences as independent draws, which
    /// prose is not: it does not say the same sentence three times in a row).
    std::size_t alwaysLoopCopies = 3;
    /// A sentence or paragraph at least this long occurring recurringCount times or more…
    std::size_t recurringMinWords = 8;
    std::size_t recurringMinCjk = 12;
    std::size_t recurringCount = 3;
    /// …in a text where at most this share of the other long sentences recur.
    double maxBaselineDuplicates = 0.2;
    /// The unit-run check: k-grams of this many units anchor a repeated run, and a run that
    /// repeats back-to-back is reported from this many units on.
    std::size_t gram = 8;
    std::size_t longRunWords = 60;
    std::size_t longRunCjk = 100;
};

/// Appends repetition findings.
void checkRepetition(std::string_view text, const RepetitionLimits &limits,
                     std::vector<QualityFinding> &out);

/// The language-drift thresholds (quality_language.cpp); see RepetitionLimits.
struct DriftLimits {
    /// A drifted paragraph has at least this many units in the foreign script (a name or a
    /// short quoted phrase is not drift)…
    std::size_t minForeignUnits = 6;
    /// …and they make up at least this share of its length.
    double minForeignShare = 0.5;
    /// Drift of at least this many foreign units is Major; shorter drift is Minor.
    std::size_t majorForeignUnits = 15;
};

/// Appends language-drift findings: paragraphs in Latin script in a CJK book (`bookIsCjk`) or
/// in CJK script in any other book.
void checkLanguageDrift(std::string_view text, bool bookIsCjk, const DriftLimits &limits,
                        std::vector<QualityFinding> &out);

} // namespace scriptorium::novel::quality
