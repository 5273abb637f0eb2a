#include "ui/dashboard/endpoint_scatter_points.h"

#include "store/stats_table.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <tuple>

namespace scriptorium::ui {

namespace {

using EndpointKey = std::tuple<std::string, std::string, std::string>;

// The stats table's spelling of an unknown precision (store::rollupPrecision()).
std::string tablePrecision(const std::string &precision)
{
    return precision.empty() ? std::string("unknown") : precision;
}

const store::QualityRate *medianRate(std::vector<const store::QualityRate *> rates)
{
    std::ranges::stable_sort(rates, {}, &store::QualityRate::perTenThousand);
    return rates[(rates.size() - 1) / 2];
}

bool dominates(const ScatterPoint &a, const ScatterPoint &b)
{
    return a.decodeTps >= b.decodeTps && a.usdPerMillion <= b.usdPerMillion
        && (a.decodeTps > b.decodeTps || a.usdPerMillion < b.usdPerMillion);
}

} // namespace

PrecisionFamily precisionFamily(std::string_view precision)
{
    std::string p(precision);
    std::ranges::transform(p, p.begin(), [](unsigned char c) { return std::tolower(c); });
    if (p == "fp4" || p == "nvfp4" || p == "mxfp4" || p == "int4")
        return PrecisionFamily::Fp4;
    if (p == "fp8" || p == "int8")
        return PrecisionFamily::Fp8;
    if (p == "fp16" || p == "bf16")
        return PrecisionFamily::Fp16;
    return PrecisionFamily::Other;
}

std::vector<ScatterPoint> scatterPoints(const store::DashboardSnapshot &snapshot,
                                        const std::vector<store::QualityRate> &rates)
{
    std::map<EndpointKey, const store::QualityRate *> rateOf;
    std::map<std::string, std::vector<const store::QualityRate *>> ratesOfModel;
    for (const store::QualityRate &r : rates) {
        if (r.outputTokens <= 0)
            continue;
        rateOf[{r.provider, r.model, tablePrecision(r.precision)}] = &r;
        ratesOfModel[r.model].push_back(&r);
    }
    std::map<std::string, const store::QualityRate *> medianOf;
    for (auto &[model, ofModel] : ratesOfModel)
        medianOf[model] = medianRate(ofModel);

    std::vector<ScatterPoint> points;
    std::int64_t totalRequests = 0;
    for (const store::ProviderStats &row : snapshot.stats.rows) {
        // The table's own numbers, so the scatter and the Providers tab never disagree.
        const auto tps = store::statsSortValue(row, store::StatsColumn::DecodeTps);
        const auto usd = store::statsSortValue(row, store::StatsColumn::UsdPerMillion);
        if (!tps || !usd)
            continue;
        ScatterPoint p;
        p.provider = row.provider;
        p.model = row.model;
        p.precision = row.precision;
        p.family = precisionFamily(row.precision);
        p.decodeTps = *tps;
        p.usdPerMillion = *usd;
        p.requests = row.requests;
        if (auto it = rateOf.find({row.provider, row.model, row.precision}); it != rateOf.end()) {
            p.findingRate = it->second->perTenThousand;
            p.worse = it->second->low > medianOf[row.model]->high;
        }
        totalRequests += row.requests;
        points.push_back(std::move(p));
    }
    for (ScatterPoint &p : points) {
        // Area follows traffic: the size grows with the square root of the share.
        const double share = totalRequests > 0
            ? static_cast<double>(p.requests) / static_cast<double>(totalRequests)
            : 0.0;
        p.markerPx = kMinMarkerPx + (kMaxMarkerPx - kMinMarkerPx) * std::sqrt(share);
    }
    return points;
}

std::vector<std::size_t> paretoFrontier(const std::vector<ScatterPoint> &points)
{
    std::vector<std::size_t> frontier;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const bool dominated = std::ranges::any_of(
            points, [&](const ScatterPoint &other) { return dominates(other, points[i]); });
        if (!dominated)
            frontier.push_back(i);
    }
    std::ranges::stable_sort(frontier, [&](std::size_t a, std::size_t b) {
        return std::tie(points[a].decodeTps, points[a].usdPerMillion)
            < std::tie(points[b].decodeTps, points[b].usdPerMillion);
    });
    return frontier;
}

} // namespace scriptorium::ui
