#include "store/batch_store.h"

#include "store/database.h"

#include <array>

namespace scriptorium::store {

namespace {

constexpr std::array<std::string_view, 6> kBatchStates{"pending", "running", "paused",
                                                       "done",    "failed",  "cancelled"};
constexpr std::array<std::string_view, 5> kItemStates{"pending", "running", "done", "failed",
                                                      "skipped"};

template<typename Enum, std::size_t N>
Enum fromName(const std::array<std::string_view, N> &names, std::string_view name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name)
            return static_cast<Enum>(i);
    }
    return static_cast<Enum>(0);
}

Error batchNotFound(std::int64_t id)
{
    return Error{ErrorCode::NotFound, "there is no batch " + std::to_string(id), {}};
}

} // namespace

std::string_view batchStateName(BatchState state)
{
    return kBatchStates[static_cast<std::size_t>(state)];
}

std::string_view batchItemStateName(BatchItemState state)
{
    return kItemStates[static_cast<std::size_t>(state)];
}

Result<std::int64_t> BatchStore::create(const Batch &batch)
{
    if (batch.firstPosition < 1 || batch.lastPosition < batch.firstPosition)
        return fail(ErrorCode::InvalidArgument, "a batch needs a chapter range like 3-9");
    return inTransaction(m_db, [&]() -> Result<std::int64_t> {
        auto insert = m_db.prepare(
            "INSERT INTO batches (book_id, first_position, last_position, mode, concurrency, "
            "budget_usd, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return fail(insert.error());
        const std::int64_t now = nowMs();
        insert->bind(1, batch.bookId)
            .bind(2, batch.firstPosition)
            .bind(3, batch.lastPosition)
            .bind(4, batch.mode)
            .bind(5, batch.concurrency)
            .bind(6, batch.budgetUsd)
            .bind(7, batchStateName(batch.state))
            .bind(8, now)
            .bind(9, now);
        if (auto s = insert->run(); !s)
            return fail(s.error());
        const std::int64_t id = m_db.lastInsertId();
        auto items = m_db.prepare(
            "INSERT INTO batch_items (batch_id, chapter_id) SELECT ?, id FROM chapters WHERE "
            "book_id = ? AND deleted_at IS NULL AND position BETWEEN ? AND ?");
        if (!items)
            return fail(items.error());
        items->bind(1, id)
            .bind(2, batch.bookId)
            .bind(3, batch.firstPosition)
            .bind(4, batch.lastPosition);
        if (auto s = items->run(); !s)
            return fail(s.error());
        return id;
    });
}

Result<Batch> BatchStore::get(std::int64_t id)
{
    auto stmt = m_db.prepare("SELECT id, book_id, first_position, last_position, mode, "
                             "concurrency, budget_usd, spent_usd, state, created_at, updated_at "
                             "FROM batches WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(batchNotFound(id));
    Batch b;
    b.id = stmt->int64(0);
    b.bookId = stmt->int64(1);
    b.firstPosition = static_cast<int>(stmt->int64(2));
    b.lastPosition = static_cast<int>(stmt->int64(3));
    b.mode = stmt->text(4);
    b.concurrency = static_cast<int>(stmt->int64(5));
    b.budgetUsd = stmt->optReal(6);
    b.spentUsd = stmt->real(7);
    b.state = fromName<BatchState>(kBatchStates, stmt->text(8));
    b.createdAt = stmt->int64(9);
    b.updatedAt = stmt->int64(10);

    auto items = m_db.prepare("SELECT i.chapter_id, i.state, i.generation_id, i.error_class FROM "
                              "batch_items i JOIN chapters c ON c.id = i.chapter_id WHERE "
                              "i.batch_id = ? ORDER BY c.position");
    if (!items)
        return fail(items.error());
    items->bind(1, id);
    if (auto s = items->forEachRow([&](const Statement &r) {
            BatchItem item;
            item.chapterId = r.int64(0);
            item.state = fromName<BatchItemState>(kItemStates, r.text(1));
            item.generationId = r.optInt64(2);
            ErrorCode code{};
            if (!r.isNull(3) && errorCodeFromName(r.text(3), code))
                item.errorClass = code;
            b.items.push_back(item);
        });
        !s) {
        return fail(s.error());
    }
    return b;
}

Result<std::vector<Batch>> BatchStore::unfinished()
{
    std::vector<std::int64_t> ids;
    {
        auto stmt = m_db.prepare("SELECT id FROM batches WHERE state IN ('pending', 'running', "
                                 "'paused') ORDER BY id");
        if (!stmt)
            return fail(stmt.error());
        if (auto s = stmt->forEachRow([&](const Statement &row) { ids.push_back(row.int64(0)); });
            !s) {
            return fail(s.error());
        }
    }
    std::vector<Batch> out;
    for (const std::int64_t id : ids) {
        auto b = get(id);
        if (!b)
            return fail(b.error());
        out.push_back(std::move(*b));
    }
    return out;
}

Status BatchStore::setState(std::int64_t id, BatchState state)
{
    auto stmt = m_db.prepare("UPDATE batches SET state = ?, updated_at = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, batchStateName(state)).bind(2, nowMs()).bind(3, id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(batchNotFound(id));
    return {};
}

Status BatchStore::addSpent(std::int64_t id, double usd)
{
    auto stmt
        = m_db.prepare("UPDATE batches SET spent_usd = spent_usd + ?, updated_at = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, usd).bind(2, nowMs()).bind(3, id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(batchNotFound(id));
    return {};
}

Status BatchStore::setBudget(std::int64_t id, std::optional<double> usd)
{
    if (usd && !(*usd > 0 && *usd < 1e9))
        return fail(ErrorCode::InvalidArgument, "a budget must be more than $0");
    auto stmt = m_db.prepare("UPDATE batches SET budget_usd = ?, updated_at = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, usd).bind(2, nowMs()).bind(3, id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(batchNotFound(id));
    return {};
}

Status BatchStore::setItem(std::int64_t batchId, const BatchItem &item)
{
    auto stmt = m_db.prepare("UPDATE batch_items SET state = ?, generation_id = ?, error_class = ? "
                             "WHERE batch_id = ? AND chapter_id = ?");
    if (!stmt)
        return fail(stmt.error());
    std::optional<std::string_view> error;
    if (item.errorClass)
        error = errorCodeName(*item.errorClass);
    stmt->bind(1, batchItemStateName(item.state))
        .bind(2, item.generationId)
        .bind(3, error)
        .bind(4, batchId)
        .bind(5, item.chapterId);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(ErrorCode::NotFound,
                    "chapter " + std::to_string(item.chapterId) + " is not part of batch "
                        + std::to_string(batchId));
    return {};
}

} // namespace scriptorium::store
