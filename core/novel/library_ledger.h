#pragma once

#include "openrouter/catalog_json.h"
#include "routing/reservation_ledger.h"
#include "util/result.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace scriptorium::novel {

class SharedDatabase;

/// The Router's reservations written to the library (store::ReservationStore). Borrows the
/// SharedDatabase, which must outlive it. Thread-safe (the Router calls it on its network
/// thread while workers record).
class LibraryLedger final : public routing::ReservationLedger {
public:
    explicit LibraryLedger(SharedDatabase &db)
        : m_db(db)
    {
    }

    Result<std::int64_t> open(const routing::ReservationOwner &owner, double usd) override;
    void identify(std::int64_t reservationId, std::string_view openrouterId) override;
    void drop(std::int64_t reservationId) override;

private:
    SharedDatabase &m_db;
};

/// Asks OpenRouter's /generation what each of these requests was billed (blocking; the ids it
/// could not learn are missing from the answer).
using BilledLookup = std::function<std::map<std::string, openrouter::GenerationInfo>(
    const std::vector<std::string> &openrouterIds)>;

/// What recoverInterrupted() found and did.
struct InterruptedRecovery {
    int booked = 0; ///< reservations replaced by their billed cost (or their worst case)
    int pending = 0; ///< reservations still held: /generation could not be asked yet
    int swept = 0; ///< generations marked interrupted
    double bookedUsd = 0;
};

/// Settles what a crashed process left in the library: every orphaned reservation whose
/// request OpenRouter named is booked at what /generation says it billed; one whose request
/// was never named (killed before the response) is booked at its reservation, the worst case
/// it could have cost; one whose bill cannot be learned now stays, and keeps counting as spent
/// until a later start. Then generations left running by dead processes are marked
/// interrupted (their partial text stays). `lookup` may be empty (offline).
Result<InterruptedRecovery> recoverInterrupted(SharedDatabase &db, const BilledLookup &lookup);

} // namespace scriptorium::novel
