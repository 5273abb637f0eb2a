#include "store/backup.h"

#include "store/database.h"
#include "store/schema.h"

#include <algorithm>
#include <ctime>
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

Result<std::filesystem::path> restoreBackup(const std::filesystem::path &library,
                                            const std::filesystem::path &backup, std::int64_t nowMs)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(backup, ec)) {
        return fail(ErrorCode::NotFound,
                    "the backup " + backup.string() + " does not exist: check the path");
    }
    {
        auto check = Database::openRaw(backup, true);
        if (!check)
            return fail(check.error());
        auto version = (*check)->schemaVersion();
        if (!version) {
            return fail(ErrorCode::Corrupt,
                        "the backup " + backup.string()
                            + " is not a readable library; choose another backup",
                        version.error().detail);
        }
        if (*version > kSchemaVersion) {
            return fail(ErrorCode::TooNew,
                        "the backup was written by a newer Scriptorium; update to restore it");
        }
        if (auto s = (*check)->integrityCheck(); !s) {
            return fail(ErrorCode::Corrupt,
                        "the backup " + backup.string()
                            + " is damaged itself; nothing was changed: choose an older backup",
                        s.error().detail);
        }
    }

    // Copy the backup next to the library first, so the final step is one atomic rename.
    const std::filesystem::path temp = library.string() + ".restoring";
    std::filesystem::copy_file(backup, temp, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return fail(ioError(ErrorCode::Io, "cannot copy the backup next to the library", ec));
    }
    std::filesystem::permissions(
        temp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    syncFile(temp);

    // Keep the current file and its WAL/shared-memory files together under the safety name,
    // so SQLite can still open the safety copy with everything that was committed.
    const std::filesystem::path safety
        = library.string() + ".before-restore-" + std::to_string(nowMs);
    if (std::filesystem::exists(library, ec)) {
        std::filesystem::rename(library, safety, ec);
        if (ec) {
            std::filesystem::remove(temp, ec);
            return fail(ioError(ErrorCode::Io, "cannot keep a safety copy of the library", ec));
        }
        for (const char *suffix : {"-wal", "-shm"}) {
            const std::filesystem::path side = library.string() + suffix;
            if (std::filesystem::exists(side, ec))
                std::filesystem::rename(side, safety.string() + suffix, ec);
        }
    }
    std::filesystem::rename(temp, library, ec);
    if (ec)
        return fail(ioError(ErrorCode::Io, "cannot move the restored library into place", ec));
    return safety;
}

} // namespace scriptorium::store
