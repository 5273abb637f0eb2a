#pragma once

#include "util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

/// A quality finding as the library keeps it (schema 8): from the local checks
/// (novel/quality_checks.h) or the continuity audit, on one generation, whose row holds the
/// provider, precision, model and degraded flag that wrote the text.
struct StoredFinding {
    std::int64_t id = 0;
    std::int64_t generationId = 0;
    std::string source = "local"; ///< "local" or "audit"
    std::string kind{}; ///< novel::qualityKindName(): "repetition", "continuity", …
    std::string severity = "minor"; ///< "minor" or "major"
    std::int64_t begin = 0; ///< byte range in the generation's output
    std::int64_t end = 0;
    std::string evidence{}; ///< a quote of the generated text
    std::string reference{}; ///< audit: the quote of what the bible or a summary says
    std::string detail{};
    /// Identifies "the same finding" across regenerations: findingFingerprint(kind, evidence)
    /// unless the caller sets one.
    std::string fingerprint{};
    bool intentional = false; ///< the writer said it is meant; not shown, not counted
    std::int64_t createdAt = 0; ///< Unix ms
    // Joined from the generation row when listing (not written by record()).
    std::optional<std::int64_t> chapterId{};
    std::string provider{};
    std::string model{};
    std::string precision{};
    bool degraded = false;
};

/// Finding rates of one provider × model × precision over the generations the local checks
/// ran on.
struct QualityRate {
    std::string provider{};
    std::string model{};
    std::string precision{}; ///< empty when the server did not say
    std::int64_t generations = 0; ///< checked generations
    std::int64_t outputTokens = 0; ///< their completion tokens
    std::int64_t findings = 0; ///< not intentional
    std::map<std::string, std::int64_t> byKind{};
    double perTenThousand = 0; ///< findings per 10,000 output tokens
    double low = 0; ///< 95 % confidence interval of that rate (Poisson)
    double high = 0;
};

/// A lower-case, whitespace-collapsed digest of kind + evidence: the same loop or the same
/// contradiction quoted again in a regenerated chapter has the same fingerprint.
std::string findingFingerprint(std::string_view kind, std::string_view evidence);

/// Quality findings in the library. Borrows the Database; single-threaded like it.
class QualityStore {
public:
    explicit QualityStore(Database &db)
        : m_db(db)
    {
    }

    /// Stores `findings` of generation `generationId` and, for source "local", marks the
    /// generation checked (it then counts in rates() even with no finding). A finding whose
    /// fingerprint the writer marked intentional for the generation's book is stored as
    /// intentional. Call inside a transaction to make it part of a larger write; it opens none.
    Status record(std::int64_t generationId, const std::vector<StoredFinding> &findings,
                  std::string_view source = "local");

    /// The findings of one generation, in text order.
    Result<std::vector<StoredFinding>> forGeneration(std::int64_t generationId);
    /// The findings of every generation of a chapter, newest generation first (the history
    /// across regenerations); intentional ones only when asked.
    Result<std::vector<StoredFinding>> forChapter(std::int64_t chapterId, bool withIntentional);
    /// The writer says finding `id` is meant (or takes that back): remembered per book, so the
    /// same finding never comes back. Errors: NotFound.
    Status setIntentional(std::int64_t id, bool intentional);

    /// Finding rates per provider × model × precision over the checked generations that
    /// started at or after `sinceMs` (Unix ms; nullopt: all), most tokens first. Only
    /// findings of `source` count ("local" by default; the audit's are counted per audited
    /// generation with source "audit").
    Result<std::vector<QualityRate>> rates(std::optional<std::int64_t> sinceMs = std::nullopt,
                                           std::string_view source = "local");

private:
    Database &m_db;
};

/// The 95 % confidence interval of the mean of a Poisson count `count`: Garwood's exact
/// interval up to 200 (Byar's approximation above, within 0.1 %); {0, 3.69} for 0.
struct CountInterval {
    double low = 0;
    double high = 0;
};
CountInterval poissonInterval(std::int64_t count);

/// Two-sided p-value that two Poisson rates differ: `countA` events over `exposureA` against
/// `countB` over `exposureB` (the conditional binomial test, exact for small counts, normal
/// approximation with continuity correction above 1000 events). 1 when nothing to compare.
double ratesDifferPValue(std::int64_t countA, double exposureA, std::int64_t countB,
                         double exposureB);

} // namespace scriptorium::store
