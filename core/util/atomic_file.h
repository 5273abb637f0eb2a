#pragma once

#include "util/result.h"

#include <filesystem>
#include <string_view>

namespace scriptorium {

/// Writes `bytes` to `target` atomically: a temporary file in the same directory is written,
/// fsync'ed and renamed over `target`, then the directory is fsync'ed. Readers see either the
/// old file or the complete new one; after a failure no temporary file remains and an existing
/// `target` is untouched. A replaced file keeps its permission bits; a new one gets 0666 minus
/// the process umask (0644 with the usual 022, 0600 with 077), like any file a program creates.
///
/// Errors: ErrorCode::NotFound (the directory does not exist), ErrorCode::ReadOnly (no write
/// permission or a read-only file system), ErrorCode::DiskFull (no space or quota left),
/// ErrorCode::TooLarge (over the file size limit), ErrorCode::InvalidArgument (`target` is a
/// directory), ErrorCode::Io (anything else). Thread-safe; concurrent writers to the same
/// target each succeed and the last rename wins.
Status writeFileAtomically(const std::filesystem::path &target, std::string_view bytes);

/// Creates the directories above `target` that do not exist yet (for files kept under
/// ~/.config or ~/.cache, whose folders a first run has not made). Errors: ReadOnly, DiskFull,
/// Io, with the directory named.
Status createParentDirectories(const std::filesystem::path &target);

} // namespace scriptorium
