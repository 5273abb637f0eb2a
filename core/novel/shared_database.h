#pragma once

#include "store/database.h"

#include <mutex>

namespace scriptorium::novel {

/// One library connection shared by the pipeline's threads (batch workers, the recorder).
/// A store::Database may be used by one thread at a time; every use goes through with(),
/// which holds a lock for the duration of `f`. Borrows the Database, which must outlive it.
class SharedDatabase {
public:
    explicit SharedDatabase(store::Database &db)
        : m_db(db)
    {
    }

    /// Runs `f(db)` under the lock and returns what it returns. Keep `f` short: other
    /// workers wait meanwhile.
    template<typename F> auto with(F &&f)
    {
        std::lock_guard lock(m_mutex);
        return f(m_db);
    }

private:
    std::mutex m_mutex;
    store::Database &m_db;
};

} // namespace scriptorium::novel
