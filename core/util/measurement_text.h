#pragma once

#include <optional>
#include <string>

namespace scriptorium {

/// The text of a measurement, the same on every surface (CLI, window, dashboard, exports):
/// `digits` decimals, or kNotMeasured when it could not be computed (too few tokens for a
/// decode speed, no request for a success rate). DESIGN "Measurements": one number per figure.
inline constexpr const char *kNotMeasured = "\u2013"; // –

std::string fixedText(double value, int digits);
std::string measurementText(const std::optional<double> &value, int digits);

} // namespace scriptorium
