#pragma once

#include "util/result.h"

#include <mutex>
#include <optional>

namespace scriptorium::routing {

/// A spending cap shared by the generations of a batch. Before an attempt the Router reserves
/// its worst-case cost (prompt tokens × price + max_tokens × price); afterwards it settles the
/// reservation with what the attempt really cost. Thread-safe.
class Budget {
public:
    /// `capUsd` empty means unlimited (reservations always succeed but spending is tracked).
    explicit Budget(std::optional<double> capUsd = std::nullopt);

    /// Reserves `worstCaseUsd`. Errors: Budget when it does not fit in what is left.
    Status reserve(double worstCaseUsd);
    /// Replaces a reservation by the actual cost (which may be larger: it is still counted).
    void settle(double reservedUsd, double actualUsd);
    /// Starts over for a (resumed) batch: its cap and what it has already spent, including
    /// reservations a crash left unsettled. Call only while nothing is reserved.
    void restart(std::optional<double> capUsd, double spentUsd);

    std::optional<double> capUsd() const;
    double spentUsd() const;
    double reservedUsd() const;
    /// What is left under the cap (cap − spent − reserved), or empty when unlimited.
    std::optional<double> remainingUsd() const;

private:
    mutable std::mutex m_mutex;
    std::optional<double> m_cap;
    double m_spent = 0;
    double m_reserved = 0;
};

} // namespace scriptorium::routing
