#pragma once

#include "routing/attempt_record.h"
#include "routing/routing_strategy.h"
#include "store/generation_store.h"
#include "store/quality_store.h"

#include <optional>
#include <vector>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::novel {

/// The local quality checks (quality_checks.h) of a finished generation, in the library's
/// stored form: run on the text of a succeeded generation with the book's language, the
/// server's finish_reason and, for a draft, the chapter's target length (else the book's).
/// Empty for a failed or cancelled generation (its text is partial by definition) and for an
/// empty one. Reads the book and chapter rows; writes nothing.
std::vector<store::StoredFinding> localFindings(store::Database &db,
                                                const store::GenerationRecord &generation,
                                                const routing::GenerationResult &result);

/// What `findings` (localFindings() of `generation`, finished) tell the routing strategy about
/// the endpoint that wrote it: its model, provider slug and precision, its output tokens and
/// the findings that blame the endpoint (novel::blamesEndpoint). Nullopt when the generation
/// names no provider or wrote no tokens.
std::optional<routing::QualityObservation>
qualityObservation(const store::GenerationRecord &generation,
                   const std::vector<store::StoredFinding> &findings);

/// Whether localFindings() checks this generation: the local checks have run on it when it is
/// recorded, even when they found nothing.
bool qualityCheckable(const routing::GenerationResult &result);

} // namespace scriptorium::novel
