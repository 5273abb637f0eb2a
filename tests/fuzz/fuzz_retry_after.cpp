// Fuzzes routing::parseRetryAfter, which reads a server's Retry-After header: it must never
// crash, and any delay it returns must be a finite number of seconds ≥ 0 (the Router sleeps for
// it; inf or nan would stall a batch forever or be undefined when converted to milliseconds).
#include "routing/router_policy.h"

#include "fuzz_checks.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using scriptorium::fuzz::check;
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    if (const auto seconds = scriptorium::routing::parseRetryAfter(input)) {
        check(std::isfinite(*seconds), "parseRetryAfter returned a non-finite delay");
        check(*seconds >= 0, "parseRetryAfter returned a negative delay");
    }
    return 0;
}
