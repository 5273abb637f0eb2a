#pragma once

#include "util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::novel {

/// One file inside a ZIP archive.
struct ZipEntry {
    std::string name; ///< path inside the archive, '/'-separated, UTF-8
    std::string data;
    bool stored = false; ///< true: no compression (the EPUB mimetype entry must be stored)
};

/// Builds a ZIP archive in memory with libzip, entries in the given order and without extra
/// fields. Errors: ErrorCode::Internal when libzip fails. Thread-safe.
Result<std::string> buildZipArchive(const std::vector<ZipEntry> &entries);

} // namespace scriptorium::novel
