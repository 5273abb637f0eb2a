#pragma once

#include "util/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace scriptorium::store {

/// A prepared statement borrowed from a Database's cache. Binding indexes are 1-based,
/// columns 0-based (as in SQLite). Resets itself and clears its bindings when destroyed, so
/// the cached statement is ready for the next user. Not copyable; must not outlive its
/// Database.
class Statement {
public:
    /// `inUse` is the cache's borrowed flag, or null for a statement this object finalizes.
    Statement(sqlite3 *db, sqlite3_stmt *stmt, bool *inUse)
        : m_db(db)
        , m_stmt(stmt)
        , m_inUse(inUse)
    {
    }
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const std::string &value)
    {
        return bind(index, std::string_view(value));
    }
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bindNull(int index);
    Statement &bindBlob(int index, const void *data, std::size_t size);
    template<typename T> Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    /// Steps once: true when a row is available, false when done, or an error.
    Result<bool> step();
    /// Steps to completion (for statements without result rows), then resets the statement
    /// (keeping its bindings), so it can be bound again and re-run: binding a finished,
    /// un-reset statement fails silently in SQLite and the old values would be used.
    Status run();
    /// Steps through every result row, calling `body(*this)` on each; the first error ends it.
    template<typename F> Status forEachRow(F &&body)
    {
        while (true) {
            auto row = step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return {};
            body(*this);
        }
    }

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;
    std::optional<std::int64_t> optInt64(int column) const;
    std::optional<double> optReal(int column) const;
    std::optional<std::string> optText(int column) const;
    std::string_view blob(int column) const;

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    bool *m_inUse = nullptr;
};

/// Options for Database::open().
struct OpenOptions {
    bool create = true; ///< create the file (mode 0600) when it does not exist
    bool readOnly = false; ///< open read-only; never migrates
    /// Run PRAGMA quick_check at open: always for files under 64 MiB, for larger ones only
    /// after an unclean shutdown (a non-empty WAL), since the check reads every page.
    bool checkIntegrity = true;
    int busyTimeoutMs = 5000; ///< how long to wait for another process's write lock
    /// Where backups live (for the "restore the latest backup" hint); empty: beside the file.
    std::filesystem::path backupDir{};
};

/// One SQLite connection to a library file. A Database is used by one thread at a time (the
/// connection is opened with SQLITE_OPEN_NOMUTEX); a thread that needs the library opens its
/// own Database on the same file (WAL lets readers and one writer work side by side).
///
/// open() creates the file with mode 0600, refuses another program's file (an application_id
/// other than kApplicationId or 0: ErrorCode::InvalidArgument) and files from a newer schema
/// (ErrorCode::TooNew), both untouched, checks integrity (ErrorCode::Corrupt with a message
/// naming the latest backup), then switches to WAL, turns on foreign keys, migrates stepwise to
/// kSchemaVersion, each step in its own transaction, and sets the application id.
class Database {
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    static Result<std::unique_ptr<Database>> open(const std::filesystem::path &file,
                                                  const OpenOptions &options = {});
    /// Opens `file` without migrating it to the newest version: for migration tests and tools
    /// that inspect old files. Creates nothing.
    static Result<std::unique_ptr<Database>> openRaw(const std::filesystem::path &file,
                                                     bool readOnly = false);

    /// Prepares (or reuses from the cache) `sql`.
    Result<Statement> prepare(std::string_view sql);
    /// Runs one or more statements without results.
    Status exec(std::string_view sql);
    /// Runs a query returning one integer (e.g. a PRAGMA); an error when there is no row.
    Result<std::int64_t> queryInt(std::string_view sql);

    /// BEGIN IMMEDIATE (takes the write lock up front, so Busy surfaces here, not mid-way);
    /// inside an open transaction it opens a savepoint instead, so transactions nest.
    Status begin();
    /// Commits (or releases the innermost savepoint).
    Status commit();
    /// Rolls back the innermost transaction or savepoint; never fails loudly.
    void rollback();

    std::int64_t lastInsertId() const;
    int changes() const;
    Result<int> schemaVersion();
    /// PRAGMA application_id: kApplicationId for a library, 0 for one from before it was set
    /// (or a fresh file), anything else for another program's file.
    Result<std::int32_t> applicationId();
    /// Migrates from the file's version up to `target` (≤ kSchemaVersion); each step also sets
    /// PRAGMA application_id to kApplicationId.
    Status migrateTo(int target);
    /// PRAGMA integrity_check (full); Corrupt when it reports anything but "ok".
    Status integrityCheck();

    const std::filesystem::path &path() const { return m_path; }
    const std::filesystem::path &backupDir() const { return m_backupDir; }
    sqlite3 *handle() const { return m_db; }

    /// Builds an Error from SQLite's state after `rc`, mapping the result code to an
    /// ErrorCode (BUSY → Busy, FULL → DiskFull, READONLY → ReadOnly, CORRUPT/NOTADB →
    /// Corrupt, CONSTRAINT → Conflict, else Io). `what` names the operation for the message.
    Error error(int rc, std::string_view what) const;

private:
    Database() = default;
    static Result<std::unique_ptr<Database>> connect(const std::filesystem::path &file, int flags);

    sqlite3 *m_db = nullptr;
    std::filesystem::path m_path;
    std::filesystem::path m_backupDir;
    int m_depth = 0; ///< open transaction + savepoints
    struct Cached {
        sqlite3_stmt *stmt = nullptr;
        std::unique_ptr<bool> inUse;
    };
    std::unordered_map<std::string, Cached> m_cache;
};

/// Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back when it fails.
template<typename F> auto inTransaction(Database &db, F &&body) -> decltype(body())
{
    if (auto s = db.begin(); !s)
        return fail(s.error());
    auto result = body();
    if (!result) {
        db.rollback();
        return result;
    }
    if (auto s = db.commit(); !s) {
        db.rollback();
        return fail(s.error());
    }
    return result;
}

/// Wall-clock milliseconds since the Unix epoch: the unit of every timestamp in the library.
std::int64_t nowMs();

/// Whether opening `file` would upgrade it: an older schema, or per-book rollups waiting to be
/// rebuilt from the raw attempts (seconds on a large library, so a GUI does it off its own
/// thread). False for a missing, newer or unreadable file: open() reports those.
bool upgradePending(const std::filesystem::path &file);

/// The default library file: $XDG_DATA_HOME/scriptorium/library.db, else
/// ~/.local/share/scriptorium/library.db.
std::filesystem::path defaultLibraryPath();

/// The backups directory for a library file: "<dir of file>/backups".
std::filesystem::path defaultBackupDir(const std::filesystem::path &libraryFile);

} // namespace scriptorium::store
