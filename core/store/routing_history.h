#pragma once

#include "util/result.h"

#include <cstdint>

namespace scriptorium::routing {
class EndpointEstimates;
}

namespace scriptorium::store {

class Database;

/// Primes the adaptive router's estimates with the library's own attempts of the last `days`
/// days (at most the newest `maxRows`), dated by their age so the estimates' decay weighs
/// them, and read through the same rule as live attempts (routing::observationsFrom), so the
/// router keeps learning across restarts. `nowMs` is the wall clock (Unix ms) the ages are
/// measured from. Returns how many attempts were read. Borrows the Database (same thread).
Result<int> primeEstimatesFromHistory(Database &db, routing::EndpointEstimates &estimates, int days,
                                      std::int64_t nowMs, int maxRows = 20000);

} // namespace scriptorium::store
