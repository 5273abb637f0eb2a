#include "novel/library_ledger.h"

#include "novel/shared_database.h"
#include "store/reservation_store.h"

namespace scriptorium::novel {

Result<std::int64_t> LibraryLedger::open(const routing::ReservationOwner &owner, double usd)
{
    store::Reservation r;
    r.generationId = owner.recordId;
    r.batchId = owner.batchId;
    r.attemptIndex = owner.attemptIndex;
    r.reservedUsd = usd;
    return m_db.with([&](store::Database &db) { return store::ReservationStore(db).open(r); });
}

void LibraryLedger::identify(std::int64_t reservationId, std::string_view openrouterId)
{
    // Best effort: without the id a later start books the reservation's worst case instead.
    (void)m_db.with([&](store::Database &db) {
        return store::ReservationStore(db).identify(reservationId, openrouterId);
    });
}

void LibraryLedger::drop(std::int64_t reservationId)
{
    (void)m_db.with(
        [&](store::Database &db) { return store::ReservationStore(db).drop(reservationId); });
}

Result<InterruptedRecovery> recoverInterrupted(SharedDatabase &db, const BilledLookup &lookup)
{
    InterruptedRecovery report;
    auto orphans
        = db.with([](store::Database &d) { return store::ReservationStore(d).orphaned(); });
    if (!orphans)
        return fail(orphans.error());
    std::vector<std::string> ids;
    for (const store::Reservation &r : *orphans)
        if (!r.openrouterId.empty())
            ids.push_back(r.openrouterId);
    // Asked without holding the library: the lookup waits on the network.
    std::map<std::string, openrouter::GenerationInfo> billed;
    if (!ids.empty() && lookup)
        billed = lookup(ids);
    for (const store::Reservation &r : *orphans) {
        store::InterruptedCost cost;
        if (r.openrouterId.empty()) {
            // Killed before the response named the request: it may still have been served
            // and billed, and nothing can tell what it cost. Its worst case is the honest
            // upper bound, and the budget already counted it.
            cost.costUsd = r.reservedUsd;
            cost.source = store::CostSource::Estimate;
        } else if (const auto it = billed.find(r.openrouterId);
                   it != billed.end() && it->second.totalCost) {
            const openrouter::GenerationInfo &info = it->second;
            cost.costUsd = *info.totalCost;
            cost.source = store::CostSource::Generation;
            cost.model = info.model;
            cost.provider = info.providerName;
            cost.promptTokens = info.tokensPrompt;
            cost.completionTokens = info.tokensCompletion;
        } else {
            ++report.pending;
            continue;
        }
        if (auto ok
            = db.with([&](store::Database &d) { return store::ReservationStore(d).book(r, cost); });
            !ok)
            return fail(ok.error());
        ++report.booked;
        report.bookedUsd += cost.costUsd;
    }
    auto swept
        = db.with([](store::Database &d) { return store::ReservationStore(d).sweepRunning(); });
    if (!swept)
        return fail(swept.error());
    report.swept = *swept;
    return report;
}

} // namespace scriptorium::novel
