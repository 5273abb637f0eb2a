#include "store/reservation_store.h"

#include "store/database.h"

#include <cerrno>

#include <signal.h>
#include <unistd.h>

namespace scriptorium::store {

namespace {

constexpr const char *kColumns = "id, generation_id, batch_id, attempt_index, reserved_usd, "
                                 "openrouter_id, owner_pid, created_at";

Reservation readReservation(const Statement &row)
{
    Reservation r;
    r.id = row.int64(0);
    r.generationId = row.int64(1);
    r.batchId = row.optInt64(2);
    r.attemptIndex = static_cast<int>(row.int64(3));
    r.reservedUsd = row.real(4);
    r.openrouterId = row.text(5);
    r.ownerPid = row.int64(6);
    r.createdAt = row.int64(7);
    return r;
}

} // namespace

bool processAlive(std::int64_t pid)
{
    if (pid <= 0)
        return false;
    if (pid == static_cast<std::int64_t>(::getpid()))
        return true;
    // EPERM: it exists but belongs to someone else (a reused pid) — alive for our purposes.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

Result<std::int64_t> ReservationStore::open(const Reservation &r)
{
    auto stmt = m_db.prepare("INSERT INTO budget_reservations (generation_id, batch_id, "
                             "attempt_index, reserved_usd, openrouter_id, owner_pid, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, r.generationId)
        .bind(2, r.batchId)
        .bind(3, r.attemptIndex)
        .bind(4, r.reservedUsd)
        .bind(5, r.openrouterId)
        .bind(6, r.ownerPid ? r.ownerPid : static_cast<std::int64_t>(::getpid()))
        .bind(7, r.createdAt ? r.createdAt : nowMs());
    if (auto ok = stmt->run(); !ok)
        return fail(ok.error());
    return m_db.lastInsertId();
}

Status ReservationStore::identify(std::int64_t id, std::string_view openrouterId)
{
    auto stmt = m_db.prepare("UPDATE budget_reservations SET openrouter_id = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, openrouterId).bind(2, id);
    return stmt->run();
}

Status ReservationStore::drop(std::int64_t id)
{
    auto stmt = m_db.prepare("DELETE FROM budget_reservations WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    return stmt->run();
}

Status ReservationStore::dropForGeneration(std::int64_t generationId)
{
    auto stmt = m_db.prepare("DELETE FROM budget_reservations WHERE generation_id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, generationId);
    return stmt->run();
}

Result<std::vector<Reservation>> ReservationStore::orphaned()
{
    auto stmt
        = m_db.prepare(std::string("SELECT ") + kColumns + " FROM budget_reservations ORDER BY id");
    if (!stmt)
        return fail(stmt.error());
    std::vector<Reservation> out;
    if (auto ok = stmt->forEachRow([&](const Statement &row) {
            Reservation r = readReservation(row);
            if (!processAlive(r.ownerPid))
                out.push_back(std::move(r));
        });
        !ok)
        return fail(ok.error());
    return out;
}

Result<double> ReservationStore::heldUsd(std::int64_t batchId)
{
    auto stmt = m_db.prepare("SELECT total(reserved_usd) FROM budget_reservations WHERE "
                             "batch_id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, batchId);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    return *row ? stmt->real(0) : 0.0;
}

Status ReservationStore::book(const Reservation &r, const InterruptedCost &cost)
{
    return inTransaction(m_db, [&]() -> Status {
        auto generation = GenerationStore(m_db).get(r.generationId);
        AttemptRecord a;
        a.generationId = r.generationId;
        a.index = r.attemptIndex;
        a.model = !cost.model.empty() ? cost.model : generation ? generation->model : std::string();
        a.provider = cost.provider;
        a.errorClass = ErrorCode::Interrupted;
        a.t0Ms = r.createdAt;
        a.promptTokens = cost.promptTokens;
        a.completionTokens = cost.completionTokens;
        a.costUsd = cost.costUsd;
        a.costSource = cost.source;
        a.routingStrategy = "";
        a.routingReason = "the process ended during this attempt; booked on the next start";
        if (generation) {
            if (auto ok = GenerationStore(m_db).recordAttemptInTransaction(a); !ok)
                return fail(ok.error());
            auto update = m_db.prepare(
                "UPDATE generations SET status = CASE WHEN status = 'running' THEN 'failed' ELSE "
                "status END, error_class = CASE WHEN status = 'running' THEN 'interrupted' ELSE "
                "error_class END, cost_usd = COALESCE(cost_usd, 0) + ?, cost_source = ?, "
                "finished_at = COALESCE(finished_at, ?) WHERE id = ?");
            if (!update)
                return fail(update.error());
            update->bind(1, cost.costUsd)
                .bind(2, costSourceName(cost.source))
                .bind(3, nowMs())
                .bind(4, r.generationId);
            if (auto ok = update->run(); !ok)
                return ok;
        }
        if (r.batchId) {
            auto spend = m_db.prepare(
                "UPDATE batches SET spent_usd = spent_usd + ?, updated_at = ? WHERE id = ?");
            if (!spend)
                return fail(spend.error());
            spend->bind(1, cost.costUsd).bind(2, nowMs()).bind(3, *r.batchId);
            if (auto ok = spend->run(); !ok)
                return ok;
        }
        return drop(r.id);
    });
}

Result<int> ReservationStore::sweepRunning()
{
    auto running = m_db.prepare(
        "SELECT g.id, g.owner_pid FROM generations g WHERE g.status = 'running' AND NOT EXISTS "
        "(SELECT 1 FROM budget_reservations r WHERE r.generation_id = g.id)");
    if (!running)
        return fail(running.error());
    std::vector<std::int64_t> dead;
    if (auto ok = running->forEachRow([&](const Statement &row) {
            // No owner: written before schema 7, by a process that is long gone.
            if (row.isNull(1) || !processAlive(row.int64(1)))
                dead.push_back(row.int64(0));
        });
        !ok)
        return fail(ok.error());
    if (dead.empty())
        return 0;
    auto ok = inTransaction(m_db, [&]() -> Status {
        auto update = m_db.prepare("UPDATE generations SET status = 'failed', error_class = "
                                   "'interrupted', finished_at = ? WHERE id = ? AND status = "
                                   "'running'");
        if (!update)
            return fail(update.error());
        for (const std::int64_t id : dead) {
            update->bind(1, nowMs()).bind(2, id);
            if (auto run = update->run(); !run)
                return run;
        }
        return {};
    });
    if (!ok)
        return fail(ok.error());
    return static_cast<int>(dead.size());
}

} // namespace scriptorium::store
