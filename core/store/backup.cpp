#include "store/backup.h"

#include "store/database.h"
#include "store/schema.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace scriptorium::store {

namespace {

std::int64_t mtimeNs(const std::filesystem::path &file)
{
    struct stat st { };
    if (::stat(file.c_str(), &st) != 0)
        return 0;
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

Error ioError(ErrorCode code, std::string message, const std::error_code &ec)
{
    return Error{code, std::move(message), ec.message()};
}

ErrorCode codeForErrno(int err)
{
    if (err == ENOSPC)
        return ErrorCode::DiskFull;
    if (err == EROFS || err == EACCES || err == EPERM)
        return ErrorCode::ReadOnly;
    return ErrorCode::Io;
}

void syncFile(const std::filesystem::path &file)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string stamp(std::int64_t ms)
{
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &tm);
    return buffer;
}

} // namespace

std::vector<std::filesystem::path> listBackups(const std::filesystem::path &dir)
{
    std::vector<std::pair<std::int64_t, std::filesystem::path>> found;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec) && entry.path().extension() == ".db")
            found.emplace_back(mtimeNs(entry.path()), entry.path());
    }
    std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second > b.second;
    });
    std::vector<std::filesystem::path> out;
    for (auto &[time, path] : found)
        out.push_back(std::move(path));
    return out;
}

std::optional<std::filesystem::path> latestBackup(const std::filesystem::path &dir)
{
    auto all = listBackups(dir);
    if (all.empty())
        return std::nullopt;
    return all.front();
}

namespace {

bool quickCheckPasses(sqlite3 *db)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &stmt, nullptr) != SQLITE_OK)
        return false;
    bool ok = false;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto *text = sqlite3_column_text(stmt, 0);
        ok = text && std::string_view(reinterpret_cast<const char *>(text)) == "ok";
    }
    sqlite3_finalize(stmt);
    return ok;
}

} // namespace

Status backupTo(Database &db, const std::filesystem::path &out)
{
    std::error_code ec;
    if (out.has_parent_path()) {
        std::filesystem::create_directories(out.parent_path(), ec);
        if (ec) {
            return fail(ioError(ErrorCode::Io,
                                "cannot create the backup folder " + out.parent_path().string(),
                                ec));
        }
    }
    const std::filesystem::path temp = out.string() + ".part";
    std::filesystem::remove(temp, ec);
    const int fd = ::open(temp.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        return fail(codeForErrno(err),
                    "cannot write the backup " + out.string()
                        + ": check that the folder is writable and has space",
                    std::generic_category().message(err));
    }
    ::close(fd);

    sqlite3 *target = nullptr;
    int rc = sqlite3_open_v2(temp.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    Status result;
    if (rc == SQLITE_OK) {
        sqlite3_backup *backup = sqlite3_backup_init(target, "main", db.handle(), "main");
        if (!backup) {
            rc = sqlite3_errcode(target);
        } else {
            // Copy in one step: the source is a local file, and one step keeps it consistent
            // without retrying when writers change it.
            rc = sqlite3_backup_step(backup, -1);
            sqlite3_backup_finish(backup);
            if (rc == SQLITE_DONE)
                rc = sqlite3_errcode(target);
            // A backup is a single self-contained file: no -wal/-shm beside it.
            if (rc == SQLITE_OK)
                rc = sqlite3_exec(target, "PRAGMA journal_mode = DELETE", nullptr, nullptr,
                                  nullptr);
            // The copy is page-for-page, so checking it checks the library too; large
            // libraries skip the check at open and rely on this one (see database.cpp).
            if (rc == SQLITE_OK && !quickCheckPasses(target)) {
                sqlite3_close_v2(target);
                std::filesystem::remove(temp, ec);
                return fail(ErrorCode::Corrupt,
                            "the library failed its integrity check while being backed up; "
                            "restore the latest good backup (scriptorium-cli restore FILE)",
                            "quick_check on the backup copy");
            }
        }
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        Error e{ErrorCode::Io, "", sqlite3_errstr(rc)};
        const int primary = rc & 0xff;
        e.code = primary == SQLITE_FULL  ? ErrorCode::DiskFull
            : primary == SQLITE_READONLY ? ErrorCode::ReadOnly
            : primary == SQLITE_BUSY     ? ErrorCode::Busy
                                         : ErrorCode::Io;
        e.message = "the backup to " + out.string()
            + " failed and was discarded; the library itself is unchanged (check free space "
              "and permissions)";
        result = fail(std::move(e));
    }
    sqlite3_close_v2(target);
    if (!result) {
        std::filesystem::remove(temp, ec);
        return result;
    }
    syncFile(temp);
    std::filesystem::rename(temp, out, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return fail(
            ioError(ErrorCode::Io, "cannot move the backup into place at " + out.string(), ec));
    }
    return {};
}

Result<std::filesystem::path> backupNow(Database &db, std::int64_t nowMs)
{
    std::filesystem::path out = db.backupDir() / ("library-" + stamp(nowMs) + ".db");
    for (int n = 1; std::filesystem::exists(out); ++n)
        out = db.backupDir() / ("library-" + stamp(nowMs) + "-" + std::to_string(n) + ".db");
    if (auto s = backupTo(db, out); !s)
        return fail(s.error());
    return out;
}

Result<std::optional<std::filesystem::path>>
autoBackup(Database &db, const AutoBackupPolicy &policy, std::int64_t nowMs)
{
    const auto existing = listBackups(db.backupDir());
    if (!existing.empty()) {
        const std::int64_t newestMs = mtimeNs(existing.front()) / 1000000;
        if (nowMs - newestMs < policy.interval.count())
            return std::optional<std::filesystem::path>();
    }
    auto made = backupNow(db, nowMs);
    if (!made)
        return fail(made.error());
    const auto all = listBackups(db.backupDir());
    std::error_code ec;
    for (std::size_t i = static_cast<std::size_t>(std::max(policy.keep, 1)); i < all.size(); ++i)
        std::filesystem::remove(all[i], ec);
    return std::optional(*made);
}

namespace {

constexpr int kRestoreBusyTimeoutMs = 1000;

// SQLite's lock bytes in every database file (os.h: PENDING_BYTE, RESERVED_BYTE, SHARED_FIRST
// and SHARED_SIZE), a stable part of the file format.
constexpr off_t kPendingByte = 0x40000000;
constexpr off_t kLockBytes = 2 + 510;

Error notALibrary(const std::filesystem::path &backup)
{
    return Error{ErrorCode::InvalidArgument,
                 "the file " + backup.string()
                     + " is not a Scriptorium library, so nothing was changed: choose a backup "
                       "from the library's backups folder or one made with 'scriptorium-cli "
                       "backup'",
                 {}};
}

Error libraryInUse(const std::filesystem::path &library)
{
    return Error{ErrorCode::Busy,
                 "the library " + library.string()
                     + " is open in Scriptorium or another scriptorium-cli command; close it "
                       "and run the restore again (nothing was changed)",
                 {}};
}

/// Checks that `backup` holds a Scriptorium library this build can open. Returns true for a
/// library from before the application id (which the restored copy must be given).
Result<bool> checkBackup(const std::filesystem::path &backup)
{
    auto db = Database::openRaw(backup, true);
    if (!db)
        return fail(db.error());
    auto version = (*db)->schemaVersion();
    auto id = (*db)->applicationId();
    if (!version || !id) {
        return fail(ErrorCode::Corrupt,
                    "the backup " + backup.string()
                        + " is not a readable library; choose another backup",
                    (version ? id.error() : version.error()).detail);
    }
    bool needsId = false;
    if (*id == kApplicationId) {
        if (*version > kSchemaVersion) {
            return fail(ErrorCode::TooNew,
                        "the backup was written by a newer Scriptorium; update to restore it");
        }
        if (*version < 1) // created but never set up: there is nothing to restore
            return fail(notALibrary(backup));
    } else if (*id != 0 || *version < 1 || *version > kSchemaVersion) {
        return fail(notALibrary(backup));
    } else {
        // From before the application id: recognised by the tables every version has.
        auto tables
            = (*db)->queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                              "AND name IN ('books', 'chapters', 'revisions', 'bible_entries')");
        if (!tables || *tables != 4)
            return fail(notALibrary(backup));
        needsId = true;
    }
    if (auto s = (*db)->integrityCheck(); !s) {
        return fail(ErrorCode::Corrupt,
                    "the backup " + backup.string()
                        + " is damaged itself; nothing was changed: choose an older backup",
                    s.error().detail);
    }
    return needsId;
}

/// Gives a library from before the application id its id (the copy being restored, not the
/// backup itself).
Status stampApplicationId(const std::filesystem::path &file)
{
    auto db = Database::openRaw(file);
    if (!db)
        return fail(db.error());
    return (*db)->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
}

/// Whether the file starts with SQLite's header. Read through the connection's own descriptor:
/// closing a second one would drop the POSIX locks this process's other connections hold.
bool hasSqliteHeader(Database &db)
{
    sqlite3_file *file = nullptr;
    if (sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK
        || !file || !file->pMethods)
        return false;
    char header[16] = {};
    return file->pMethods->xRead(file, header, sizeof header, 0) == SQLITE_OK
        && std::memcmp(header, "SQLite format 3", sizeof header) == 0;
}

/// Folds the library's WAL into the file (switching to the rollback journal needs every other
/// connection closed), so the file alone holds everything committed. Busy when another
/// connection has it open; a damaged or read-only library is left as it is, and one that is not
/// SQLite at all is not handed to SQLite (which would delete a WAL beside it that it cannot
/// read), so its side files go with the safety copy.
Status settleLibrary(const std::filesystem::path &library)
{
    auto db = Database::openRaw(library);
    if (!db || sqlite3_db_readonly((*db)->handle(), "main") == 1 || !hasSqliteHeader(**db))
        return {};
    sqlite3_busy_timeout((*db)->handle(), kRestoreBusyTimeoutMs);
    auto stmt = (*db)->prepare("PRAGMA journal_mode = DELETE");
    auto row = stmt ? stmt->step() : Result<bool>(fail(stmt.error()));
    if (!row)
        return row.error().code == ErrorCode::Busy ? fail(libraryInUse(library)) : Status{};
    // SQLite answers with the old mode when other connections keep it from switching.
    if (*row && stmt->text(0) != "delete")
        return fail(libraryInUse(library));
    return {};
}

/// An exclusive lock on SQLite's lock bytes of the library: no connection in any process
/// (this one included) can read or write it while the lock is held, and taking it fails when
/// one has it open. An open-file-description lock, because those conflict with SQLite's POSIX
/// locks in this process too. Closing its descriptor drops this process's POSIX locks on the
/// file, so it is taken only after settleLibrary() found no other connection open.
class LibraryLock {
public:
    LibraryLock() = default;
    LibraryLock(LibraryLock &&other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {
    }
    LibraryLock &operator=(LibraryLock &&other) noexcept
    {
        std::swap(m_fd, other.m_fd);
        return *this;
    }
    LibraryLock(const LibraryLock &) = delete;
    LibraryLock &operator=(const LibraryLock &) = delete;
    ~LibraryLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    static Result<LibraryLock> take(const std::filesystem::path &library)
    {
        LibraryLock lock;
        lock.m_fd = ::open(library.c_str(), O_RDWR | O_CLOEXEC);
        if (lock.m_fd < 0)
            return lock; // not writable: nobody can write into it either
        struct flock range { };
        range.l_type = F_WRLCK;
        range.l_whence = SEEK_SET;
        range.l_start = kPendingByte;
        range.l_len = kLockBytes;
        if (::fcntl(lock.m_fd, F_OFD_SETLK, &range) != 0) {
            const int err = errno;
            if (err == EAGAIN || err == EACCES)
                return fail(libraryInUse(library));
            return fail(ErrorCode::Io, "cannot lock the library " + library.string(),
                        std::generic_category().message(err));
        }
        return lock;
    }

private:
    int m_fd = -1;
};

void syncDirectory(const std::filesystem::path &file)
{
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

Result<std::filesystem::path> restoreBackup(const std::filesystem::path &library,
                                            const std::filesystem::path &backup, std::int64_t nowMs,
                                            const RestoreOptions &options)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(backup, ec)) {
        return fail(ErrorCode::NotFound,
                    "the backup " + backup.string() + " does not exist: check the path");
    }
    auto needsId = checkBackup(backup);
    if (!needsId)
        return fail(needsId.error());

    // Copy the backup next to the library first, so the final step is one atomic rename.
    const std::filesystem::path temp = library.string() + ".restoring";
    std::filesystem::copy_file(backup, temp, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return fail(ioError(ErrorCode::Io, "cannot copy the backup next to the library", ec));
    }
    std::filesystem::permissions(
        temp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    auto discard = [&](Error e) {
        std::filesystem::remove(temp, ec);
        return fail(std::move(e));
    };
    if (*needsId) {
        if (auto s = stampApplicationId(temp); !s)
            return discard(s.error());
    }
    syncFile(temp);

    const std::string safetyBase = library.string() + ".before-restore-" + std::to_string(nowMs);
    std::filesystem::path safety = safetyBase;
    for (int n = 1; std::filesystem::exists(safety, ec); ++n)
        safety = safetyBase + "-" + std::to_string(n);
    const bool replaces = std::filesystem::exists(library, ec);
    // Held until the restored file is in place: a running app cannot write into the file that
    // is being replaced (it would write into the safety copy, and the writing would be lost).
    LibraryLock lock;
    std::vector<std::string> movedSides;
    auto undo = [&] {
        for (const std::string &suffix : movedSides)
            ::rename((safety.string() + suffix).c_str(), (library.string() + suffix).c_str());
        if (replaces)
            std::filesystem::remove(safety, ec);
    };
    if (replaces) {
        if (auto s = settleLibrary(library); !s)
            return discard(s.error());
        auto taken = LibraryLock::take(library);
        if (!taken)
            return discard(taken.error());
        lock = std::move(*taken);
        // The safety copy is a second name for the current file, which stays where it is until
        // the restored copy replaces it in one rename.
        if (::link(library.c_str(), safety.c_str()) != 0) {
            std::filesystem::copy_file(library, safety, ec);
            if (const std::error_code copyError = ec) {
                std::filesystem::remove(safety, ec);
                return discard(ioError(codeForErrno(copyError.value()),
                                       "cannot keep a safety copy of the library; nothing was "
                                       "changed (check free space and permissions)",
                                       copyError));
            }
        }
        // Left only when the library could not be settled (damaged): they belong to the old
        // file, and SQLite must not apply them to the restored one.
        for (const char *suffix : {"-wal", "-shm", "-journal"}) {
            const std::string side = library.string() + suffix;
            if (!std::filesystem::exists(side, ec))
                continue;
            if (::rename(side.c_str(), (safety.string() + suffix).c_str()) != 0) {
                const int err = errno;
                undo();
                return discard(Error{codeForErrno(err),
                                     "cannot move the library's " + std::string(suffix + 1)
                                         + " file aside; nothing was changed (check permissions)",
                                     std::generic_category().message(err)});
            }
            movedSides.push_back(suffix);
        }
    }
    const auto renameFile = options.rename ? options.rename : [](const char *from, const char *to) {
        return ::rename(from, to);
    };
    if (renameFile(temp.c_str(), library.c_str()) != 0) {
        const int err = errno;
        undo();
        return discard(Error{codeForErrno(err),
                             "cannot move the restored library into place; the library was left "
                             "as it was (check free space and permissions)",
                             std::generic_category().message(err)});
    }
    syncDirectory(library);
    return safety;
}

} // namespace scriptorium::store
