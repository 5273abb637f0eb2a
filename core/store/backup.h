#pragma once

#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace scriptorium::store {

class Database;

/// Backups are complete library files made with SQLite's online backup API (consistent while
/// the library is in use), written atomically (temp file + rename) with mode 0600.

/// Backup files (*.db) in `dir`, newest first (by modification time). Empty when none.
std::vector<std::filesystem::path> listBackups(const std::filesystem::path &dir);

/// The newest backup in `dir`, if any.
std::optional<std::filesystem::path> latestBackup(const std::filesystem::path &dir);

/// Copies the open library into `out` (replaced atomically). Errors: Io, DiskFull, ReadOnly.
Status backupTo(Database &db, const std::filesystem::path &out);

/// Copies the library into its backups dir as library-YYYYMMDD-HHMMSS.db and returns the path.
Result<std::filesystem::path> backupNow(Database &db, std::int64_t nowMs);

/// Daily (configurable) automatic backups that keep the newest `keep` files.
struct AutoBackupPolicy {
    std::chrono::milliseconds interval = std::chrono::hours(24);
    int keep = 7;
};

/// Makes a backup when the newest one in the backups dir is older than policy.interval (or
/// there is none), then deletes all but the newest policy.keep. Returns the new backup's path,
/// or nullopt when none was due.
Result<std::optional<std::filesystem::path>>
autoBackup(Database &db, const AutoBackupPolicy &policy, std::int64_t nowMs);

/// File operations restoreBackup() uses for its final step; tests inject failures.
struct RestoreOptions {
    /// rename(2); empty → ::rename.
    std::function<int(const char *from, const char *to)> rename;
};

/// Replaces the library file `library` with `backup`. The backup is verified first, and nothing
/// changes when it fails: it must be a Scriptorium library (application_id kApplicationId, or 0
/// with the tables of schema 1 for a library from before the id, which the restored copy is
/// given; else InvalidArgument), not newer than this build (TooNew) and pass PRAGMA
/// integrity_check (Corrupt). Then the library's WAL is folded into it and it is locked
/// exclusively until the restored copy is in place; Busy, with nothing changed, when any
/// connection (another window, another command) has it open. The current file is kept beside it
/// as "<library>.before-restore-<nowMs>", whose path is returned; the restored copy replaces the
/// library in one rename, and when that fails the library is left as it was (Io, DiskFull,
/// ReadOnly).
Result<std::filesystem::path> restoreBackup(const std::filesystem::path &library,
                                            const std::filesystem::path &backup, std::int64_t nowMs,
                                            const RestoreOptions &options = {});

} // namespace scriptorium::store
