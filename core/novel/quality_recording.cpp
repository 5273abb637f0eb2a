#include "novel/quality_recording.h"

#include "novel/book_analysis.h"
#include "novel/continuity_audit.h"
#include "novel/length_unit.h"
#include "novel/manuscript_question.h"
#include "novel/quality_checks.h"
#include "novel/story_plan.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

namespace scriptorium::novel {

namespace {

/// The target of a whole-chapter draft in the book's unit: the chapter's own, else the book's
/// per-chapter target, else none (no length check). Other stages write part of a chapter.
std::size_t draftTarget(store::Database &db, const store::GenerationRecord &g,
                        const store::Book &book)
{
    if (g.stage != "draft")
        return 0;
    if (g.chapterId) {
        if (auto chapter = store::ChapterStore(db).get(*g.chapterId);
            chapter && chapter->targetLength && *chapter->targetLength > 0)
            return static_cast<std::size_t>(*chapter->targetLength);
    }
    if (book.targetLength && *book.targetLength > 0)
        return static_cast<std::size_t>(*book.targetLength);
    return 0;
}

/// The schema a JSON stage's step asks for (the fields it requires do not depend on the
/// book: the arguments only bound counts and names); null for prose stages.
nlohmann::json schemaOfStage(const std::string &stage)
{
    if (stage == "outline")
        return outlineSchema(1, 1, {});
    if (stage == "bible")
        return bibleSchema(1, 1);
    if (stage == "audit")
        return auditSchema();
    if (stage == "ask")
        return askSchema();
    if (stage == "analyse")
        return analysisSchema(1, 1, 1);
    return nullptr;
}

} // namespace

std::optional<routing::QualityObservation>
qualityObservation(const store::GenerationRecord &generation,
                   const std::vector<store::StoredFinding> &findings)
{
    const std::int64_t tokens = generation.completionTokens.value_or(0);
    if (generation.providerSlug.empty() || tokens <= 0)
        return std::nullopt;
    routing::QualityObservation q;
    q.model = generation.model;
    q.provider = generation.providerSlug;
    q.quantization = generation.precision;
    q.outputTokens = tokens;
    for (const store::StoredFinding &f : findings) {
        const auto kind = qualityKindFromName(f.kind);
        const auto severity = qualitySeverityFromName(f.severity);
        if (!kind || !severity || !blamesEndpoint(*kind, *severity))
            continue;
        ++q.findings;
        if (*severity == QualitySeverity::Major)
            ++q.majorFindings;
    }
    return q;
}

bool qualityCheckable(const routing::GenerationResult &result)
{
    return result.ok() && !result.text.empty();
}

std::vector<store::StoredFinding> localFindings(store::Database &db,
                                                const store::GenerationRecord &generation,
                                                const routing::GenerationResult &result)
{
    if (!qualityCheckable(result))
        return {};
    QualityContext context;
    context.stage = generation.stage;
    context.schema = schemaOfStage(generation.stage);
    context.finishReason = result.finishReason;
    if (generation.bookId) {
        if (auto book = store::BookStore(db).get(*generation.bookId)) {
            context.language = book->language;
            context.targetLength = draftTarget(db, generation, *book);
        }
    }
    std::vector<store::StoredFinding> stored;
    for (const QualityFinding &f : checkQuality(result.text, context)) {
        store::StoredFinding s;
        s.kind = std::string(qualityKindName(f.kind));
        s.severity = std::string(qualitySeverityName(f.severity));
        s.begin = static_cast<std::int64_t>(f.begin);
        s.end = static_cast<std::int64_t>(f.end);
        s.evidence = f.evidence;
        s.detail = f.detail;
        stored.push_back(std::move(s));
    }
    return stored;
}

} // namespace scriptorium::novel
