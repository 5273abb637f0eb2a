#pragma once

#include "store/chapter_store.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::store {

class Database;

/// One kept body: the text a chapter had before `replacedBy` replaced it.
struct RevisionInfo {
    std::int64_t id = 0;
    std::int64_t chapterId = 0;
    BodySource replacedBy = BodySource::Writer;
    std::optional<std::int64_t> generationId{}; ///< the generation that replaced it, if any
    std::int64_t createdAt = 0; ///< when it was replaced (Unix ms)
    std::int64_t bytes = 0; ///< size of the kept body in UTF-8 bytes
};

struct Revision {
    RevisionInfo info{};
    std::string body{};
};

/// Chapter history: list, fetch whole bodies (for diffing against the current body) and
/// restore. Borrows the Database (same thread). Restoring is itself a body replacement, so the
/// body it replaces becomes a new revision: nothing is ever lost.
class RevisionStore {
public:
    explicit RevisionStore(Database &db)
        : m_db(db)
    {
    }

    /// Revisions of a chapter, newest first.
    Result<std::vector<RevisionInfo>> list(std::int64_t chapterId);
    Result<Revision> get(std::int64_t revisionId);
    /// Puts revision `revisionId` back as the chapter's body; NotFound when the revision does
    /// not belong to `chapterId`.
    Status restore(std::int64_t chapterId, std::int64_t revisionId);

private:
    Database &m_db;
};

} // namespace scriptorium::store
