#pragma once

#include "util/result.h"

namespace scriptorium {

/// Keeps the API key out of core dumps: sets the core file size limit (soft and hard) to 0 and
/// marks the process non-dumpable (PR_SET_DUMPABLE 0), which also stops other processes of the
/// same user from attaching a debugger or reading its memory through /proc/<pid>/mem. Call it
/// first thing in main(), before the key is read and before any thread starts; it is
/// process-wide and cannot be undone. Errors: Io when a system call fails (the process is then
/// still usable, only less protected).
Status disableCoreDumps();

} // namespace scriptorium
