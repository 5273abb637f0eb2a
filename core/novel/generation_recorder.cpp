#include "novel/generation_recorder.h"

#include "novel/quality_recording.h"
#include "store/batch_store.h"
#include "store/database.h"
#include "store/reservation_store.h"

#include <nlohmann/json.hpp>

namespace scriptorium::novel {

namespace {

std::optional<store::CostSource> storedCostSource(routing::CostSource source)
{
    switch (source) {
    case routing::CostSource::Usage:
        return store::CostSource::Usage;
    case routing::CostSource::Generation:
        return store::CostSource::Generation;
    case routing::CostSource::Estimate:
        return store::CostSource::Estimate;
    case routing::CostSource::None:
        break;
    }
    return std::nullopt;
}

store::GenerationStatus statusOf(const routing::GenerationResult &result)
{
    if (!result.error)
        return store::GenerationStatus::Succeeded;
    return result.error->code == ErrorCode::Cancelled ? store::GenerationStatus::Cancelled
                                                      : store::GenerationStatus::Failed;
}

} // namespace

store::AttemptRecord toStoredAttempt(const routing::AttemptRecord &a, std::int64_t generationId)
{
    store::AttemptRecord s;
    s.generationId = generationId;
    s.index = a.index;
    s.model = a.servedModel.empty() ? a.model : a.servedModel;
    s.provider = a.provider;
    s.providerSlug = a.providerSlug;
    if (!a.providerSlug.empty() && !a.quantization.empty() && a.quantization != "unknown")
        s.endpointTag = a.providerSlug + "/" + a.quantization;
    s.quantization = a.quantization == "unknown" ? std::string() : a.quantization;
    s.quantizationExact = a.quantizationSource == routing::QuantizationSource::Exact;
    s.providerPreferences = openrouter::toJson(a.preferences).dump();
    if (a.httpStatus > 0)
        s.httpStatus = static_cast<int>(a.httpStatus);
    s.errorClass = a.errorClass;
    s.t0Ms = a.startedAtUnixMs;
    s.ttfbMs = a.ttfbMs;
    s.ttftMs = a.ttftMs;
    s.decodeTps = a.decodeTokensPerSecond;
    s.e2eTps = a.e2eTokensPerSecond;
    if (a.promptTokens > 0 || !a.tokensEstimated)
        s.promptTokens = a.promptTokens;
    if (a.completionTokens > 0 || !a.tokensEstimated)
        s.completionTokens = a.completionTokens;
    s.costUsd = a.costUsd;
    s.costSource = storedCostSource(a.costSource);
    s.fallback = !a.servedModel.empty() && a.servedModel != a.model;
    s.degraded = a.degraded;
    s.finishReason = a.finishReason;
    s.routingStrategy = a.strategy;
    s.routingReason = a.routingReason;
    nlohmann::json internal = nlohmann::json::array();
    for (const routing::InternalAttempt &ia : a.internalAttempts) {
        internal.push_back(
            {{"provider", ia.providerName},
             {"endpoint", ia.endpointTag},
             {"status", ia.status},
             {"latency_ms",
              ia.latencyMs ? nlohmann::json(*ia.latencyMs) : nlohmann::json(nullptr)}});
    }
    s.internalAttempts = internal.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return s;
}

Result<std::int64_t> startGenerationRecord(store::Database &db, const std::string &stage,
                                           std::optional<std::int64_t> bookId,
                                           std::optional<std::int64_t> chapterId,
                                           const std::string &model)
{
    store::GenerationRecord g;
    g.bookId = bookId;
    g.chapterId = chapterId;
    g.stage = stage;
    g.model = model;
    g.status = store::GenerationStatus::Running;
    g.startedAt = store::nowMs();
    return store::GenerationStore(db).start(g);
}

Status finishGenerationRecord(store::Database &db, std::int64_t id,
                              const routing::GenerationResult &result,
                              std::optional<std::int64_t> batchId,
                              routing::RoutingStrategy *learner)
{
    store::GenerationStore generations(db);
    auto existing = generations.get(id);
    if (!existing)
        return fail(existing.error());
    store::GenerationRecord g = std::move(*existing);
    g.status = statusOf(result);
    if (!result.model.empty())
        g.model = result.model;
    g.provider = result.provider;
    g.providerSlug = result.providerSlug;
    g.precision = result.quantization == "unknown" ? std::string() : result.quantization;
    g.precisionExact = result.quantizationSource == routing::QuantizationSource::Exact;
    g.degraded = result.degraded;
    std::int64_t prompt = 0;
    std::int64_t completion = 0;
    for (const routing::AttemptRecord &a : result.attempts) {
        prompt += a.promptTokens;
        completion += a.completionTokens;
    }
    if (!result.attempts.empty()) {
        g.promptTokens = prompt;
        g.completionTokens = completion;
        g.costUsd = result.totalCostUsd();
        g.costSource = storedCostSource(result.costSource());
    }
    g.errorClass = result.error ? std::optional(result.error->code) : std::nullopt;
    if (const routing::AttemptRecord *last = result.finalAttempt()) {
        g.ttftMs = last->ttftMs;
        g.decodeTps = last->decodeTokensPerSecond;
        g.e2eTps = last->e2eTokensPerSecond;
    }
    g.finishedAt = store::nowMs();
    // Checked before the transaction (milliseconds, no network), stored inside it: a recorded
    // generation always has its findings.
    const bool checkable = qualityCheckable(result);
    const std::vector<store::StoredFinding> findings
        = checkable ? localFindings(db, g, result) : std::vector<store::StoredFinding>{};
    auto stored = store::inTransaction(db, [&]() -> Status {
        if (auto ok = generations.finish(g); !ok)
            return ok;
        if (auto ok = generations.setOutput(id, result.text); !ok)
            return ok;
        for (const routing::AttemptRecord &a : result.attempts)
            if (auto ok = generations.recordAttemptInTransaction(toStoredAttempt(a, id)); !ok)
                return fail(ok.error());
        if (checkable)
            if (auto ok = store::QualityStore(db).record(id, findings); !ok)
                return ok;
        if (auto ok = store::ReservationStore(db).dropForGeneration(id); !ok)
            return ok;
        const double cost = result.totalCostUsd();
        if (batchId && cost > 0)
            if (auto ok = store::BatchStore(db).addSpent(*batchId, cost); !ok)
                return ok;
        return {};
    });
    if (stored && checkable && learner)
        if (const auto observation = qualityObservation(g, findings))
            learner->observeQuality(*observation);
    return stored;
}

} // namespace scriptorium::novel
