#pragma once

#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
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

/// Replaces the library file `library` with `backup`. The backup is verified first (it must
/// open, pass PRAGMA integrity_check and not be newer than this build: else Corrupt/TooNew and
/// nothing changes). The current file (with its -wal) is kept beside it as
/// "<library>.before-restore-<nowMs>", whose path is returned. The library must not be open
/// by anyone during the restore.
Result<std::filesystem::path> restoreBackup(const std::filesystem::path &library,
                                            const std::filesystem::path &backup,
                                            std::int64_t nowMs);

} // namespace scriptorium::store
