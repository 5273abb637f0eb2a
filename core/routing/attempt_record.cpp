#include "routing/attempt_record.h"

namespace scriptorium::routing {

std::string_view costSourceName(CostSource source)
{
    switch (source) {
    case CostSource::None:
        return "none";
    case CostSource::Usage:
        return "usage";
    case CostSource::Generation:
        return "generation";
    case CostSource::Estimate:
        return "estimate";
    }
    return "none";
}

std::string_view quantizationSourceName(QuantizationSource source)
{
    switch (source) {
    case QuantizationSource::Unknown:
        return "unknown";
    case QuantizationSource::Exact:
        return "exact";
    case QuantizationSource::Inferred:
        return "inferred";
    }
    return "unknown";
}

double GenerationResult::totalCostUsd() const
{
    double total = 0;
    for (const AttemptRecord &a : attempts)
        total += a.costUsd.value_or(0.0);
    return total;
}

CostSource GenerationResult::costSource() const
{
    CostSource worst = CostSource::None;
    for (const AttemptRecord &a : attempts) {
        if (static_cast<int>(a.costSource) > static_cast<int>(worst))
            worst = a.costSource;
    }
    return worst;
}

const AttemptRecord *GenerationResult::finalAttempt() const
{
    for (auto it = attempts.rbegin(); it != attempts.rend(); ++it) {
        if (it->textBytes > 0)
            return &*it;
    }
    return attempts.empty() ? nullptr : &attempts.back();
}

} // namespace scriptorium::routing
