#include "routing/budget.h"

#include <algorithm>
#include <cstdio>

namespace scriptorium::routing {

Budget::Budget(std::optional<double> capUsd)
    : m_cap(capUsd)
{
}

Status Budget::reserve(double worstCaseUsd)
{
    std::lock_guard lock(m_mutex);
    if (m_cap && m_spent + m_reserved + worstCaseUsd > *m_cap) {
        char detail[128];
        std::snprintf(detail, sizeof detail, "worst case $%.6f, left $%.6f of $%.6f", worstCaseUsd,
                      std::max(0.0, *m_cap - m_spent - m_reserved), *m_cap);
        return fail(ErrorCode::Budget,
                    "the spending cap does not allow another request; raise the budget or lower "
                    "max tokens",
                    detail);
    }
    m_reserved += worstCaseUsd;
    return {};
}

void Budget::settle(double reservedUsd, double actualUsd)
{
    std::lock_guard lock(m_mutex);
    m_reserved = std::max(0.0, m_reserved - reservedUsd);
    m_spent += actualUsd;
}

void Budget::restart(std::optional<double> capUsd, double spentUsd)
{
    std::lock_guard lock(m_mutex);
    m_cap = capUsd;
    m_spent = std::max(0.0, spentUsd);
    m_reserved = 0;
}

std::optional<double> Budget::capUsd() const
{
    std::lock_guard lock(m_mutex);
    return m_cap;
}

double Budget::spentUsd() const
{
    std::lock_guard lock(m_mutex);
    return m_spent;
}

double Budget::reservedUsd() const
{
    std::lock_guard lock(m_mutex);
    return m_reserved;
}

std::optional<double> Budget::remainingUsd() const
{
    std::lock_guard lock(m_mutex);
    if (!m_cap)
        return std::nullopt;
    return std::max(0.0, *m_cap - m_spent - m_reserved);
}

} // namespace scriptorium::routing
