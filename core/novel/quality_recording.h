#pragma once

#include "routing/attempt_record.h"
#include "store/generation_store.h"
#include "store/quality_store.h"

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

/// Whether localFindings() checks this generation: the local checks have run on it when it is
/// recorded, even when they found nothing.
bool qualityCheckable(const routing::GenerationResult &result);

} // namespace scriptorium::novel
