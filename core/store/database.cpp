#include "store/database.h"

#include "store/backup.h"
#include "store/rollup_key.h"
#include "store/schema.h"

#include <chrono>
#include <cstdlib>
#include <system_error>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace scriptorium::store {

namespace {

Error sqliteError(sqlite3 *db, int rc, std::string_view what)
{
    const int primary = rc & 0xff;
    std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Error{ErrorCode::Busy,
                     "the library is busy: another Scriptorium process is writing to it; try "
                     "again in a moment or close the other program",
                     detail};
    case SQLITE_FULL:
        return Error{ErrorCode::DiskFull,
                     "the disk is full: free some space and try again; nothing already saved "
                     "was lost",
                     detail};
    case SQLITE_READONLY:
        return Error{ErrorCode::ReadOnly,
                     "the library is read-only: make the file and its folder writable (chmod "
                     "u+w) or open a copy",
                     detail};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return Error{ErrorCode::Corrupt,
                     "the library file is damaged; restore it from a backup with "
                     "'scriptorium-cli restore FILE'",
                     detail};
    case SQLITE_CONSTRAINT:
        return Error{ErrorCode::Conflict, "the change conflicts with the library's contents",
                     detail};
    case SQLITE_CANTOPEN:
        return Error{ErrorCode::Io,
                     "cannot open the library file: check that the path exists and that you "
                     "may read and write it",
                     detail};
    default:
        return Error{ErrorCode::Io, "the library could not be read or written", detail};
    }
}

Error corruptError(const std::filesystem::path &file, const std::filesystem::path &backupDir,
                   std::string detail)
{
    std::string message = "the library file " + file.string() + " is damaged and was not changed; ";
    if (auto latest = latestBackup(backupDir)) {
        message += "restore the latest backup with 'scriptorium-cli --db " + file.string()
            + " restore " + latest->string() + "'";
    } else {
        message += "no backup was found in " + backupDir.string()
            + "; restore a copy of the file from elsewhere";
    }
    return Error{ErrorCode::Corrupt, std::move(message), std::move(detail)};
}

Status createPrivateFile(const std::filesystem::path &file)
{
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            return fail(ErrorCode::Io,
                        "cannot create the folder " + file.parent_path().string()
                            + ": check the path and permissions",
                        ec.message());
        }
    }
    const int fd = ::open(file.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        if (err == EEXIST)
            return {};
        const ErrorCode code = err == ENOSPC  ? ErrorCode::DiskFull
            : (err == EROFS || err == EACCES) ? ErrorCode::ReadOnly
                                              : ErrorCode::Io;
        return fail(code,
                    "cannot create the library file " + file.string()
                        + ": check that the folder is writable and has space",
                    std::generic_category().message(err));
    }
    ::close(fd);
    return {};
}

} // namespace

// ---- Statement ----------------------------------------------------------------------------

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
    , m_inUse(other.m_inUse)
{
    other.m_stmt = nullptr;
    other.m_inUse = nullptr;
}

Statement::~Statement()
{
    if (!m_stmt)
        return;
    if (m_inUse) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        *m_inUse = false;
    } else {
        sqlite3_finalize(m_stmt);
    }
}

Statement &Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view value)
{
    sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement &Statement::bindBlob(int index, const void *data, std::size_t size)
{
    sqlite3_bind_blob64(m_stmt, index, data, size, SQLITE_TRANSIENT);
    return *this;
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error e = sqliteError(m_db, rc, sqlite3_sql(m_stmt) ? "running a statement" : "step");
    sqlite3_reset(m_stmt);
    return fail(std::move(e));
}

Status Statement::run()
{
    while (true) {
        auto r = step();
        if (!r)
            return fail(r.error());
        if (!*r) {
            sqlite3_reset(m_stmt);
            return {};
        }
    }
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
             : std::string();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::optInt64(int column) const
{
    return isNull(column) ? std::nullopt : std::optional(int64(column));
}

std::optional<double> Statement::optReal(int column) const
{
    return isNull(column) ? std::nullopt : std::optional(real(column));
}

std::optional<std::string> Statement::optText(int column) const
{
    return isNull(column) ? std::nullopt : std::optional(text(column));
}

std::string_view Statement::blob(int column) const
{
    const void *p = sqlite3_column_blob(m_stmt, column);
    return p ? std::string_view(static_cast<const char *>(p),
                                static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
             : std::string_view();
}

// ---- Database -----------------------------------------------------------------------------

Database::~Database()
{
    for (auto &[sql, cached] : m_cache)
        sqlite3_finalize(cached.stmt);
    if (m_db)
        sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Database>> Database::connect(const std::filesystem::path &file, int flags)
{
    std::unique_ptr<Database> db(new Database);
    db->m_path = file;
    const int rc = sqlite3_open_v2(file.c_str(), &db->m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return fail(db->error(rc, "opening " + file.string()));
    sqlite3_extended_result_codes(db->m_db, 1);
    return db;
}

namespace {

// quick_check reads every page: ~0.1 s for a typical library, but seconds for one with years of
// generation records. Large files are checked when the previous session did not close cleanly
// (a non-empty WAL left behind) and by every automatic backup, which verifies what it copies.
bool integrityCheckWorthwhile(const std::filesystem::path &file)
{
    constexpr std::uintmax_t kAlwaysCheckBelow = 64ULL * 1024 * 1024;
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec || size < kAlwaysCheckBelow)
        return true;
    std::filesystem::path wal = file;
    wal += "-wal";
    const std::uintmax_t walSize = std::filesystem::file_size(wal, ec);
    return !ec && walSize > 0;
}

} // namespace

Result<std::unique_ptr<Database>> Database::openRaw(const std::filesystem::path &file,
                                                    bool readOnly)
{
    return connect(file, readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path &file,
                                                 const OpenOptions &options)
{
    std::error_code ec;
    const bool exists = std::filesystem::exists(file, ec);
    if (!exists) {
        if (!options.create || options.readOnly) {
            return fail(ErrorCode::NotFound,
                        "there is no library at " + file.string()
                            + ": check the --db path or create a book first");
        }
        if (auto s = createPrivateFile(file); !s)
            return fail(s.error());
    } else if (!options.readOnly && ::access(file.c_str(), W_OK) != 0) {
        return fail(ErrorCode::ReadOnly,
                    "the library file " + file.string()
                        + " is read-only: make it writable (chmod u+w) or open a copy",
                    "access(W_OK) failed");
    }

    auto connected = connect(file, options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    if (!connected)
        return connected;
    std::unique_ptr<Database> db = std::move(*connected);
    db->m_backupDir = options.backupDir.empty() ? defaultBackupDir(file) : options.backupDir;
    sqlite3_busy_timeout(db->m_db, options.busyTimeoutMs);

    // Read the version before anything writes: a newer or damaged file must stay untouched.
    auto version = db->schemaVersion();
    if (!version) {
        if (version.error().code == ErrorCode::Corrupt)
            return fail(corruptError(file, db->m_backupDir, version.error().detail));
        return fail(version.error());
    }
    auto applicationId = db->applicationId();
    if (!applicationId)
        return fail(applicationId.error());
    if (*applicationId != 0 && *applicationId != kApplicationId) {
        return fail(ErrorCode::InvalidArgument,
                    "the file " + file.string()
                        + " is not a Scriptorium library (it belongs to another program) and was "
                          "left untouched: choose a library file, or a new file name to start "
                          "one",
                    "PRAGMA application_id = " + std::to_string(*applicationId));
    }
    if (*version > kSchemaVersion) {
        return fail(ErrorCode::TooNew,
                    "the library " + file.string() + " was written by a newer Scriptorium (schema "
                        + std::to_string(*version) + ", this build reads up to "
                        + std::to_string(kSchemaVersion)
                        + "); it was left untouched: update Scriptorium to open it");
    }
    if (options.checkIntegrity && *version > 0 && integrityCheckWorthwhile(file)) {
        auto stmt = db->prepare("PRAGMA quick_check(1)");
        if (!stmt)
            return fail(corruptError(file, db->m_backupDir, stmt.error().detail));
        auto row = stmt->step();
        if (!row || !*row || stmt->text(0) != "ok") {
            return fail(
                corruptError(file, db->m_backupDir,
                             row && *row ? stmt->text(0) : std::string("quick_check failed")));
        }
    }
    if (options.readOnly) {
        if (*version != kSchemaVersion) {
            return fail(ErrorCode::ReadOnly,
                        "the library needs an upgrade but was opened read-only: open it once "
                        "with write access");
        }
        if (auto s = db->exec("PRAGMA foreign_keys = ON"); !s)
            return fail(s.error());
        return db;
    }
    {
        auto mode = db->prepare("PRAGMA journal_mode = WAL");
        if (!mode)
            return fail(mode.error());
        if (auto row = mode->step(); !row)
            return fail(row.error());
        if (mode->text(0) != "wal")
            return fail(ErrorCode::Io, "cannot switch the library to WAL mode", mode->text(0));
    }
    // synchronous=NORMAL in WAL: a committed transaction survives a killed process; only a
    // power cut may lose the last commits, never corrupt the file.
    if (auto s = db->exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"); !s)
        return fail(s.error());
    if (auto s = db->migrateTo(kSchemaVersion); !s)
        return fail(s.error());
    // A library from before the application id gets it (migration steps set it too): one
    // write to the file header, once.
    if (*applicationId != kApplicationId) {
        if (auto s = db->exec("PRAGMA application_id = " + std::to_string(kApplicationId)); !s)
            return fail(s.error());
    }
    // The schema-5 upgrade marks every book's hours for the per-book rollups to be built from
    // the raw attempts; so may a crash between a change and its repair. Nothing marked: one
    // empty read.
    if (auto s = repairBookRollups(*db); !s) {
        Error e = s.error();
        e.message
            = "building the per-book dashboard rollups failed and was rolled back: " + e.message;
        return fail(std::move(e));
    }
    return db;
}

Result<Statement> Database::prepare(std::string_view sql)
{
    auto it = m_cache.find(std::string(sql));
    if (it != m_cache.end() && !*it->second.inUse) {
        *it->second.inUse = true;
        return Statement(m_db, it->second.stmt, it->second.inUse.get());
    }
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return fail(error(rc, "preparing a statement"));
    if (it != m_cache.end()) // the cached one is borrowed (nested use): hand out a private one
        return Statement(m_db, stmt, nullptr);
    auto &cached = m_cache[std::string(sql)];
    cached.stmt = stmt;
    cached.inUse = std::make_unique<bool>(true);
    return Statement(m_db, stmt, cached.inUse.get());
}

Status Database::exec(std::string_view sql)
{
    const std::string copy(sql);
    const int rc = sqlite3_exec(m_db, copy.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return fail(error(rc, "executing SQL"));
    return {};
}

Result<std::int64_t> Database::queryInt(std::string_view sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return fail(stmt.error());
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(ErrorCode::Internal, "a query returned no row", std::string(sql));
    return stmt->int64(0);
}

Status Database::begin()
{
    // Nested transactions become savepoints, so repository calls compose inside a caller's
    // transaction (e.g. an import that adds a book and its chapters at once).
    if (m_depth > 0) {
        if (auto s = exec("SAVEPOINT nested" + std::to_string(m_depth)); !s)
            return s;
    } else if (auto s = exec("BEGIN IMMEDIATE"); !s) {
        return s;
    }
    ++m_depth;
    return {};
}

Status Database::commit()
{
    if (m_depth == 0)
        return fail(ErrorCode::Internal, "commit without a transaction");
    if (m_depth > 1) {
        if (auto s = exec("RELEASE nested" + std::to_string(m_depth - 1)); !s)
            return s;
    } else if (auto s = exec("COMMIT"); !s) {
        return s; // still open: the caller rolls back
    }
    --m_depth;
    return {};
}

void Database::rollback()
{
    if (m_depth == 0)
        return;
    --m_depth;
    if (m_depth > 0) {
        const std::string name = "nested" + std::to_string(m_depth);
        sqlite3_exec(m_db, ("ROLLBACK TO " + name + "; RELEASE " + name).c_str(), nullptr, nullptr,
                     nullptr);
    } else if (!sqlite3_get_autocommit(m_db)) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Result<int> Database::schemaVersion()
{
    auto v = queryInt("PRAGMA user_version");
    if (!v)
        return fail(v.error());
    return static_cast<int>(*v);
}

Result<std::int32_t> Database::applicationId()
{
    auto id = queryInt("PRAGMA application_id");
    if (!id)
        return fail(id.error());
    return static_cast<std::int32_t>(*id);
}

Status Database::migrateTo(int target)
{
    const auto steps = migrationSteps();
    if (target > static_cast<int>(steps.size()))
        return fail(ErrorCode::Internal, "no migration to version " + std::to_string(target));
    for (int next = 1; next <= target; ++next) {
        auto current = schemaVersion();
        if (!current)
            return fail(current.error());
        if (*current >= next)
            continue;
        // Re-read inside the write transaction: another process may have migrated meanwhile.
        auto s = inTransaction(*this, [&]() -> Status {
            auto v = schemaVersion();
            if (!v)
                return fail(v.error());
            if (*v >= next)
                return {};
            if (auto r = exec(steps[static_cast<std::size_t>(next - 1)]); !r)
                return r;
            // Every migrated or new library carries the application id (see restoreBackup()).
            return exec("PRAGMA user_version = " + std::to_string(next)
                        + "; PRAGMA application_id = " + std::to_string(kApplicationId));
        });
        if (!s) {
            Error e = s.error();
            e.message = "upgrading the library to schema " + std::to_string(next)
                + " failed and was rolled back: " + e.message;
            return fail(std::move(e));
        }
    }
    return {};
}

bool upgradePending(const std::filesystem::path &file)
{
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return false;
    auto db = Database::openRaw(file, true);
    if (!db)
        return false;
    auto version = (*db)->schemaVersion();
    if (!version || *version > kSchemaVersion)
        return false;
    if (*version < kSchemaVersion)
        return true;
    auto pending = bookRollupRepairPending(**db);
    return pending && *pending;
}

Status Database::integrityCheck()
{
    auto stmt = prepare("PRAGMA integrity_check");
    if (!stmt)
        return fail(stmt.error());
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row || stmt->text(0) != "ok")
        return fail(corruptError(m_path, m_backupDir, *row ? stmt->text(0) : std::string()));
    return {};
}

Error Database::error(int rc, std::string_view what) const
{
    return sqliteError(m_db, rc, what);
}

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::filesystem::path defaultLibraryPath()
{
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "scriptorium" / "library.db";
    const char *home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "scriptorium"
        / "library.db";
}

std::filesystem::path defaultBackupDir(const std::filesystem::path &libraryFile)
{
    return libraryFile.parent_path() / "backups";
}

} // namespace scriptorium::store
