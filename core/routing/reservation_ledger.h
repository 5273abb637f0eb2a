#pragma once

#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace scriptorium::routing {

/// What a reservation is for: the library's generation row and, for a batch step, its batch.
struct ReservationOwner {
    std::int64_t recordId = 0;
    std::optional<std::int64_t> batchId;
    int attemptIndex = 0;
};

/// Where the Router writes each attempt's budget reservation before the request is sent, so a
/// crash cannot forget money in flight: on the next start, reservations nobody settled count
/// as spent until OpenRouter's /generation says what was billed. The row is removed in the
/// transaction that records the generation's real cost (novel::finishGenerationRecord), so
/// at every instant the library holds either the reservation or the cost, never neither.
///
/// Threading: called on the Router's network thread; implementations must be thread-safe.
class ReservationLedger {
public:
    virtual ~ReservationLedger() = default;
    /// Writes a reservation of `usd` and returns its id. An error stops the attempt before
    /// anything is sent: an unrecorded reservation would not survive a crash.
    virtual Result<std::int64_t> open(const ReservationOwner &owner, double usd) = 0;
    /// Notes OpenRouter's id of the request (X-Generation-Id or the first chunk's id), which
    /// lets a later start ask /generation what it cost. Best effort.
    virtual void identify(std::int64_t reservationId, std::string_view openrouterId) = 0;
    /// The request was never sent: nothing was spent.
    virtual void drop(std::int64_t reservationId) = 0;
};

} // namespace scriptorium::routing
