#pragma once

#include "store/generation_store.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

/// One attempt's budget reservation, written before its request is sent (schema 7).
struct Reservation {
    std::int64_t id = 0;
    std::int64_t generationId = 0;
    std::optional<std::int64_t> batchId{};
    int attemptIndex = 0;
    double reservedUsd = 0;
    std::string openrouterId{}; ///< empty until the response named the request
    std::int64_t ownerPid = 0; ///< 0 on open(): this process
    std::int64_t createdAt = 0; ///< Unix ms
};

/// What an interrupted attempt is known to have cost, for booking it.
struct InterruptedCost {
    double costUsd = 0;
    CostSource source = CostSource::Estimate;
    std::string model{}; ///< served model, when /generation said
    std::string provider{};
    std::optional<std::int64_t> promptTokens{};
    std::optional<std::int64_t> completionTokens{};
};

/// Budget reservations in the library and the sweep of generations a crash left running.
/// A reservation lives from before its request is sent until the transaction that records the
/// attempt's real cost (dropForGeneration()); one left by a dead process is "orphaned": it
/// counts as spent until book() replaces it by what was billed. Borrows the Database.
class ReservationStore {
public:
    explicit ReservationStore(Database &db)
        : m_db(db)
    {
    }

    Result<std::int64_t> open(const Reservation &reservation);
    Status identify(std::int64_t id, std::string_view openrouterId);
    /// The request was never sent.
    Status drop(std::int64_t id);
    /// Removes a generation's reservations: call inside the transaction that records its cost.
    Status dropForGeneration(std::int64_t generationId);

    /// Reservations whose process is gone, oldest first.
    Result<std::vector<Reservation>> orphaned();
    /// What a batch's reservations hold (all of them: in flight or orphaned).
    Result<double> heldUsd(std::int64_t batchId);

    /// Replaces an orphaned reservation by its cost, in one transaction: an interrupted
    /// attempt on its generation, the generation marked interrupted with the cost added, the
    /// batch's total, and the reservation removed.
    Status book(const Reservation &reservation, const InterruptedCost &cost);
    /// Marks generations left running by a dead process (and holding no reservation) as
    /// failed with ErrorCode::Interrupted; their text stays. Returns how many.
    Result<int> sweepRunning();

private:
    Database &m_db;
};

/// Whether process `pid` still runs (this one always does). A reused pid reads as alive: the
/// sweep then waits for a later start, which is the safe side.
bool processAlive(std::int64_t pid);

} // namespace scriptorium::store
