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
/// measured from. Also primes the quality estimates (primeQualityFromHistory(), same window).
/// Returns how many attempts were read. Borrows the Database (same thread).
Result<int> primeEstimatesFromHistory(Database &db, routing::EndpointEstimates &estimates, int days,
                                      std::int64_t nowMs, int maxRows = 20000);

/// Primes the estimates' per-endpoint quality evidence with the generations of the last `days`
/// days the local checks ran on (generations.quality_checked bit 1; at most the newest
/// `maxRows`): each one's completion tokens and its local, not intentional findings
/// (quality_findings), dated by its start so the decay weighs it. Returns how many generations
/// were read. Borrows the Database (same thread).
Result<int> primeQualityFromHistory(Database &db, routing::EndpointEstimates &estimates, int days,
                                    std::int64_t nowMs, int maxRows = 20000);

} // namespace scriptorium::store
