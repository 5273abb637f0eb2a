#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

/// What a quality finding says is wrong with a generated text. The names (qualityKindName)
/// are stored in the library, printed by the CLI and used as the simulator's defect names.
enum class QualityKind {
    Repetition, ///< a loop: repeated sentences or long n-grams beyond what prose has
    LanguageDrift, ///< paragraphs in another script than the book's language
    Truncation, ///< ends mid-sentence without finish_reason "length" explaining it
    MetaText, ///< "As an AI…", "Here is the chapter:", notes or headings the prompt forbade
    Length, ///< far outside the target length
    BrokenJson, ///< a JSON step's reply that does not parse or lacks its required fields
    Continuity, ///< found by the paid continuity audit, not by a local check
};

/// How sure a finding is that the text is damaged. Major: the writer should not keep the text
/// as it is (a loop, a cut sentence, broken JSON); Minor: worth a look.
enum class QualitySeverity {
    Minor,
    Major,
};

/// One thing a check found, pointing at a range of the checked text.
struct QualityFinding {
    QualityKind kind = QualityKind::Repetition;
    QualitySeverity severity = QualitySeverity::Minor;
    std::size_t begin = 0; ///< byte offset into the checked UTF-8 text
    std::size_t end = 0; ///< one past the last byte (begin <= end <= text.size())
    /// A short quote of the text at the range (at most ~120 bytes, cut on a UTF-8 boundary).
    std::string evidence;
    /// One line saying what was measured ("the sentence … occurs 5 times"), in English; the
    /// UI translates by kind and shows this as detail.
    std::string detail;
};

/// What the checks know about the text beyond the text itself.
struct QualityContext {
    /// The pipeline stage that produced the text ("draft", "continue", "outline", "summary",
    /// "global_summary", "character_states", "rewrite", "expand", …). JSON stages get the
    /// structure check; prose stages get the others.
    std::string stage = "draft";
    /// The book's language (BCP 47, "zh", "en", …); empty: taken from the text itself.
    std::string language;
    /// The server's finish_reason ("stop", "length", …); empty when unknown.
    std::string finishReason;
    /// The target length in the book's unit (novel::lengthUnitFor(language)); 0: no target,
    /// no length check.
    std::size_t targetLength = 0;
    /// Fields a JSON stage's object must have (empty: only that it parses as an object or an
    /// array).
    std::vector<std::string> requiredJsonFields;
    /// The JSON Schema the step asked for (null: none): its `required` fields are checked at
    /// the top and, through `properties` and `items`, in every nested object.
    nlohmann::json schema;
};

/// True for the stages whose reply is a JSON document: "outline", "bible", "audit" and "ask" (the
/// steps that go through json_step). The finalize stages ("summary", "global_summary",
/// "character_states") ask for prose and get the prose checks.
bool isJsonStage(std::string_view stage);

/// Runs every local check that applies to `context.stage` over `text` (UTF-8; invalid bytes
/// are tolerated). No network, no library: pure and thread-safe; a 10,000-character chapter
/// takes well under 5 ms (tests/bench/bench_quality_checks). Findings are ordered by `begin`.
std::vector<QualityFinding> checkQuality(std::string_view text, const QualityContext &context);

/// "repetition", "language_drift", "truncation", "meta_text", "length", "broken_json",
/// "continuity": the stored and printed name of a kind.
std::string_view qualityKindName(QualityKind kind);
/// The kind named `name` (as qualityKindName writes it); nullopt for an unknown name.
std::optional<QualityKind> qualityKindFromName(std::string_view name);
/// "minor" or "major".
std::string_view qualitySeverityName(QualitySeverity severity);
std::optional<QualitySeverity> qualitySeverityFromName(std::string_view name);

/// Whether a finding counts against the endpoint that wrote the text (the routing axis and
/// the per-endpoint finding rates): everything except a minor truncation, which is the token
/// cap's doing (finish_reason "length"), not the endpoint's.
bool blamesEndpoint(QualityKind kind, QualitySeverity severity);

} // namespace scriptorium::novel
