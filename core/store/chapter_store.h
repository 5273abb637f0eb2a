#pragma once

#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

enum class ChapterStatus { Planned, Drafted, Generated, Edited, Final };
std::string_view chapterStatusName(ChapterStatus status);
Result<ChapterStatus> chapterStatusFromName(std::string_view name);

/// Who or what put a chapter body in place (and, in a revision, who replaced the old one).
enum class BodySource { Writer, Generation, Restore, Import };
std::string_view bodySourceName(BodySource source);
Result<BodySource> bodySourceFromName(std::string_view name);

struct Chapter {
    std::int64_t id = 0;
    std::int64_t bookId = 0;
    int position = 0; ///< 1-based among the book's live (not trashed) chapters
    std::string title{};
    std::string outline{};
    std::string body{};
    ChapterStatus status = ChapterStatus::Planned;
    std::optional<std::int64_t> targetLength{};
    std::string targetUnit{}; ///< "words" or "characters"
    std::string summary{};
    std::string endState{}; ///< end-of-chapter state notes (who is where, what changed)
    BodySource bodySource = BodySource::Writer;
    std::int64_t bodyLength = 0; ///< words, or characters for CJK (util/text_stats.h)
    std::optional<std::int64_t> deletedAt{};
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

/// A chapter without its long texts, for lists.
struct ChapterListItem {
    std::int64_t id = 0;
    int position = 0;
    std::string title{};
    ChapterStatus status = ChapterStatus::Planned;
    std::int64_t bodyLength = 0;
    std::optional<std::int64_t> targetLength{};
    std::optional<std::int64_t> deletedAt{};
    std::int64_t updatedAt = 0;
};

/// When replacing a body keeps the old one as a revision. Replacements by a generation, an
/// import or a restore always do. A writer's save does when the stored body did not come
/// from the writer (the first save after a generation/import/restore), when the last revision
/// is older than `writerInterval`, or when the edit changes at least `significantFraction` of
/// the text; other writer saves (autosave keystrokes) overwrite in place.
struct RevisionPolicy {
    std::chrono::milliseconds writerInterval = std::chrono::minutes(10);
    double significantFraction = 0.2;
};

/// Chapters of a library, with the revision rule above applied on every body replacement.
/// Borrows the Database (same thread; must outlive the store). Every write is one
/// transaction. Errors: NotFound, InvalidArgument, and the Database's codes.
class ChapterStore {
public:
    explicit ChapterStore(Database &db, RevisionPolicy policy = {})
        : m_db(db)
        , m_policy(policy)
    {
    }

    /// Adds a chapter at chapter.position (1-based; ≤ 0 or past the end appends), shifting
    /// later chapters down. Returns the new id. The body is stored as given (no revision).
    Result<std::int64_t> add(std::int64_t bookId, const Chapter &chapter);
    Result<std::vector<ChapterListItem>> list(std::int64_t bookId);
    Result<std::vector<ChapterListItem>> listTrash(std::int64_t bookId);
    Result<Chapter> get(std::int64_t chapterId);
    /// The live chapter at `position` (1-based) of a book.
    Result<Chapter> getAt(std::int64_t bookId, int position);
    /// Updates title, outline, status, target, summary and end state (not body or position).
    Status updateMeta(const Chapter &chapter);
    /// Replaces the body in one transaction, keeping the old body as a revision when the
    /// RevisionPolicy says so. Returns true when a revision was made. A Writer or Generation
    /// body also adds its growth to the writing log (store/writing_log.h) on `atMs`'s local
    /// day, by hand or accepted; add() does the same for the body it is given.
    Result<bool> replaceBody(std::int64_t chapterId, std::string_view body, BodySource source,
                             std::optional<std::int64_t> generationId = std::nullopt,
                             std::optional<std::int64_t> atMs = std::nullopt);
    /// Moves a chapter to the trash (restorable); later chapters move up.
    Status trash(std::int64_t chapterId);
    /// Brings a trashed chapter back at its old position (or at the end).
    Status untrash(std::int64_t chapterId);
    /// Moves a live chapter to `position` (clamped to 1..count); the chapters between shift by
    /// one. Errors: NotFound; InvalidArgument for a chapter in the trash.
    Status move(std::int64_t chapterId, int position);

    /// The same as replaceBody() but for a caller that already holds a transaction.
    Result<bool> replaceBodyInTransaction(std::int64_t chapterId, std::string_view body,
                                          BodySource source,
                                          std::optional<std::int64_t> generationId,
                                          std::int64_t atMs);

private:
    Status shiftFrom(std::int64_t bookId, int position, int delta);
    Result<std::vector<ChapterListItem>> listWhere(std::int64_t bookId, bool trashed);

    Database &m_db;
    RevisionPolicy m_policy;
};

} // namespace scriptorium::store
