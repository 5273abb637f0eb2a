#include "util/process_hardening.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <sys/prctl.h>
#include <sys/resource.h>

namespace scriptorium {

Status disableCoreDumps()
{
    // Both: the limit stops the kernel writing a core file, and non-dumpable also covers a
    // core pattern that pipes to a handler (systemd-coredump, apport), which ignores the limit.
    const rlimit none{0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0) {
        return fail(ErrorCode::Io,
                    "could not turn off core dumps, so a crash could write the API key to "
                    "disk; run 'ulimit -c 0' before starting Scriptorium",
                    std::string("setrlimit(RLIMIT_CORE): ") + std::strerror(errno));
    }
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        return fail(ErrorCode::Io,
                    "could not mark the process as not dumpable, so a crash handler could "
                    "record the API key",
                    std::string("prctl(PR_SET_DUMPABLE): ") + std::strerror(errno));
    }
    return {};
}

} // namespace scriptorium
