#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::novel {

/// Text a generation streamed into the library before its process died (kill, crash, power):
/// kept in its row while it ran (PipelineRuntime::startSingle), marked interrupted on the next
/// start (recoverInterrupted), and offered back to the writer until accepted or dismissed.
struct RecoveredDraft {
    std::int64_t generationId = 0;
    std::int64_t chapterId = 0;
    std::string stage; ///< "draft", "continue", "rewrite", "expand"
    std::string text;
    std::optional<double> costUsd; ///< best known: what /generation billed, or the worst case
    std::int64_t startedAt = 0; ///< Unix ms
};

/// The newest interrupted generation of `chapterId` with text that the writer has not yet
/// accepted or dismissed (accepting it dismisses it too).
Result<std::optional<RecoveredDraft>> recoveredDraft(store::Database &db, std::int64_t chapterId);

/// The writer put the recovered text aside: it is not offered again (the row keeps it).
Status dismissRecoveredDraft(store::Database &db, std::int64_t generationId);

} // namespace scriptorium::novel
