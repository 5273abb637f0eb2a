#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace scriptorium::store {

/// The schema version this build writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 10;

/// PRAGMA application_id of every library: the ASCII of "SCRP". Set when a file is created or
/// migrated (and on the first open of a library from before it existed); restore refuses files
/// that carry another program's id.
inline constexpr std::int32_t kApplicationId = 0x53435250;

/// The SQL of every migration step: element i turns a version-i file into version i+1. Steps
/// are never edited once released; a change is a new step. Kept public so tests can build a
/// file at every earlier version and migrate it.
std::span<const std::string_view> migrationSteps();

} // namespace scriptorium::store
