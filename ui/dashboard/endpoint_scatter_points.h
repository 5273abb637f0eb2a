#pragma once

#include "store/dashboard_data.h"
#include "store/quality_store.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::ui {

/// The colour groups of the endpoint scatter: 4-bit (fp4, nvfp4, mxfp4, int4), 8-bit (fp8,
/// int8), 16-bit (fp16, bf16) and everything else, "unknown" included.
enum class PrecisionFamily { Fp4, Fp8, Fp16, Other };
inline constexpr int kPrecisionFamilyCount = 4;

PrecisionFamily precisionFamily(std::string_view precision);

/// Marker sizes (px) of the least and the most used endpoint.
inline constexpr double kMinMarkerPx = 8;
inline constexpr double kMaxMarkerPx = 24;

/// One endpoint (a provider × model × precision row of the stats table) placed on the scatter.
struct ScatterPoint {
    std::string provider{};
    std::string model{};
    std::string precision{};
    PrecisionFamily family = PrecisionFamily::Other;
    double decodeTps = 0; ///< x: the table's decode tokens/s p50
    double usdPerMillion = 0; ///< y: the table's USD per million output tokens
    std::int64_t requests = 0;
    double markerPx = kMinMarkerPx; ///< kMinMarkerPx + span × sqrt(share of the requests)
    std::optional<double> findingRate{}; ///< findings per 10,000 output tokens, when joined
    /// The finding rate is clearly worse than the model's usual one: its whole 95 % interval
    /// lies above the interval of the model's median endpoint (see scatterPoints()).
    bool worse = false;
};

/// The points of the endpoint scatter, in the order of the stats rows. A row without a decode
/// speed or without a USD-per-million figure has no place on the axes and is left out.
///
/// Quality rates join on (provider, model, precision): both sides name the provider by its
/// display name ("DeepInfra"); the rates write an unknown precision as "" where the table
/// writes "unknown", so "" is read as "unknown". A rate without output tokens is no evidence.
/// The "worse" rule: the low end of the endpoint's interval lies above the high end of the
/// interval of the model's median endpoint (the rates of the same model with output tokens,
/// plotted or not, ordered by rate; the lower middle one for an even count). Intervals that
/// do not overlap, so one finding among endpoints with none is not yet "worse". Pure;
/// thread-safe.
std::vector<ScatterPoint> scatterPoints(const store::DashboardSnapshot &snapshot,
                                        const std::vector<store::QualityRate> &rates);

/// The indices of the points no other point dominates (another is at least as fast and at
/// least as cheap, and strictly better in one of the two), sorted by speed, then by price.
/// Identical points do not dominate each other, so both stay.
std::vector<std::size_t> paretoFrontier(const std::vector<ScatterPoint> &points);

} // namespace scriptorium::ui
