#pragma once

#include "store/stats.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace scriptorium::store {

/// The provider table's columns, shared by `scriptorium-cli stats` and the dashboard so both
/// show the same numbers the same way. Pure functions; thread-safe.
enum class StatsColumn {
    Provider,
    Model,
    Precision,
    Requests,
    SuccessRate,
    TtftP50,
    TtftP90,
    DecodeTps,
    E2eTps,
    PromptTokens,
    OutputTokens,
    CostUsd,
    UsdPerMillion,
    FallbackRate,
    DegradationRate,
    Errors,
};
inline constexpr std::size_t kStatsColumnCount = 16;

/// Every column in display order.
const std::vector<StatsColumn> &statsColumns();
/// The English header ("TTFT p50 ms"); the GUI translates its own.
std::string_view statsColumnHeader(StatsColumn column);
/// The cell as text: rates in percent with one decimal, "-" for a missing value.
std::string statsCell(const ProviderStats &row, StatsColumn column);
/// A number to sort by (nullopt for text columns and missing values).
std::optional<double> statsSortValue(const ProviderStats &row, StatsColumn column);
/// "ErrorClass=count,…" in name order.
std::string statsErrorsText(const ProviderStats &row);

/// The table as CSV (RFC 4180: comma, CRLF, quotes doubled), header first, total last.
std::string statsTableCsv(const StatsReport &report);
/// Reads CSV written by statsTableCsv() (or any RFC 4180 text) into rows of fields.
std::vector<std::vector<std::string>> parseCsv(std::string_view text);

/// One row as the `--json` object of `scriptorium-cli stats`.
nlohmann::json statsRowJson(const ProviderStats &row);

} // namespace scriptorium::store
