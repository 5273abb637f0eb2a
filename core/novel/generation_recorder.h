#pragma once

#include "routing/attempt_record.h"
#include "routing/routing_strategy.h"
#include "store/generation_store.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::novel {

/// The stored form of an attempt the Router measured.
store::AttemptRecord toStoredAttempt(const routing::AttemptRecord &attempt,
                                     std::int64_t generationId);

/// Inserts a Running generation row for a pipeline step; returns its id.
Result<std::int64_t> startGenerationRecord(store::Database &db, const std::string &stage,
                                           std::optional<std::int64_t> bookId,
                                           std::optional<std::int64_t> chapterId,
                                           const std::string &model);

/// Completes the row `id` from `result`: status, final provider and precision, tokens, cost,
/// speed, output, and one attempt row per attempt — and, in the same transaction, releases
/// the generation's budget reservations and adds its cost to batch `batchId`'s total, so a
/// crash leaves either the reservations or the cost in the library, never neither or both.
/// The local quality checks run on the text and their findings are stored in the same
/// transaction; once it commits, `learner` (the strategy that routed it, when not null) is
/// told what they say about the endpoint (qualityObservation()).
Status finishGenerationRecord(store::Database &db, std::int64_t id,
                              const routing::GenerationResult &result,
                              std::optional<std::int64_t> batchId = std::nullopt,
                              routing::RoutingStrategy *learner = nullptr);

} // namespace scriptorium::novel
