#pragma once

#include "util/error.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

enum class BatchState { Pending, Running, Paused, Done, Failed, Cancelled };
enum class BatchItemState { Pending, Running, Done, Failed, Skipped };
std::string_view batchStateName(BatchState state);
std::string_view batchItemStateName(BatchItemState state);

struct BatchItem {
    std::int64_t chapterId = 0;
    BatchItemState state = BatchItemState::Pending;
    std::optional<std::int64_t> generationId{};
    std::optional<ErrorCode> errorClass{};
};

/// A batch of chapter generations, persisted so the scheduler can resume after a crash.
struct Batch {
    std::int64_t id = 0;
    std::int64_t bookId = 0;
    int firstPosition = 0;
    int lastPosition = 0;
    std::string mode{}; ///< scheduler-defined ("draft", "draft+summary", …)
    int concurrency = 1;
    std::optional<double> budgetUsd{};
    double spentUsd = 0;
    BatchState state = BatchState::Pending;
    std::vector<BatchItem> items{}; ///< in chapter order
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

/// Batches and their per-chapter state. Borrows the Database (same thread). On a restart
/// the scheduler reads unfinished() and treats Running items as Pending again.
class BatchStore {
public:
    explicit BatchStore(Database &db)
        : m_db(db)
    {
    }

    /// Creates a batch with one Pending item per live chapter in [first, last] positions.
    Result<std::int64_t> create(const Batch &batch);
    Result<Batch> get(std::int64_t id);
    /// Batches in Pending, Running or Paused state, oldest first.
    Result<std::vector<Batch>> unfinished();
    Status setState(std::int64_t id, BatchState state);
    Status addSpent(std::int64_t id, double usd);
    /// Raises or lowers the cap (`generate --resume --budget X`); empty removes it.
    Status setBudget(std::int64_t id, std::optional<double> usd);
    Status setItem(std::int64_t batchId, const BatchItem &item);

private:
    Database &m_db;
};

} // namespace scriptorium::store
