#include "util/measurement_text.h"

#include <cstdio>

namespace scriptorium {

std::string fixedText(double value, int digits)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
    return buffer;
}

std::string measurementText(const std::optional<double> &value, int digits)
{
    return value ? fixedText(*value, digits) : std::string(kNotMeasured);
}

} // namespace scriptorium
