#pragma once

#include "util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace scriptorium::store {

class Database;

/// One scene beat of a chapter's outline: a line or two saying what happens, with an optional
/// point-of-view character and location. Beats are ordered by `position` (0-based, dense).
struct Beat {
    std::int64_t id = 0;
    std::int64_t chapterId = 0;
    int position = 0;
    std::string text{};
    std::string pov{};
    std::string location{};
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

/// The scene beats of chapters. Borrows the Database (same thread). Every write keeps a
/// chapter's positions dense (0..n-1) and runs in one transaction. Errors: NotFound (no such
/// beat), InvalidArgument (empty text, a position out of range), and the Database's codes.
class BeatStore {
public:
    explicit BeatStore(Database &db)
        : m_db(db)
    {
    }

    /// Beats of a chapter in order.
    Result<std::vector<Beat>> list(std::int64_t chapterId);
    Result<Beat> get(std::int64_t id);
    /// Inserts `beat` at `position` in its chapter (clamped to 0..n; -1 appends) and returns
    /// its id; the beats after it move down one place.
    Result<std::int64_t> add(const Beat &beat, int position = -1);
    /// Updates the text, POV and location of beat `beat.id` (not its place).
    Status update(const Beat &beat);
    /// Removes a beat; the beats after it move up one place.
    Status remove(std::int64_t id);
    /// Moves beat `id` to `position` (0..n-1) within its chapter.
    Status move(std::int64_t id, int position);
    /// Replaces all beats of a chapter by `beats` (in that order; their ids and positions are
    /// ignored). Beats with empty text are skipped.
    Status replaceAll(std::int64_t chapterId, const std::vector<Beat> &beats);

private:
    Status renumber(std::int64_t chapterId, const std::vector<std::int64_t> &order);
    Result<std::vector<std::int64_t>> ids(std::int64_t chapterId);

    Database &m_db;
};

} // namespace scriptorium::store
