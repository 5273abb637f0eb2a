#include "store/stats_table.h"

#include "util/measurement_text.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace scriptorium::store {

namespace {

std::string fixed(double value, int digits)
{
    return fixedText(value, digits);
}

std::string optionalText(const std::optional<double> &value, int digits)
{
    return measurementText(value, digits);
}

/// A rate over the row's requests: not measured when there were none ("–", not "0.0%").
std::string percent(const ProviderStats &row, double fraction)
{
    return row.requests == 0 ? std::string(kNotMeasured) : fixed(fraction * 100, 1) + "%";
}

nlohmann::json optionalJson(const std::optional<double> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

void appendCsvField(std::string &out, const std::string &field)
{
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

void appendCsvRow(std::string &out, const ProviderStats &row)
{
    bool first = true;
    for (StatsColumn column : statsColumns()) {
        if (!first)
            out += ',';
        first = false;
        appendCsvField(out, statsCell(row, column));
    }
    out += "\r\n";
}

} // namespace

const std::vector<StatsColumn> &statsColumns()
{
    static const std::vector<StatsColumn> columns = [] {
        std::vector<StatsColumn> v;
        for (std::size_t i = 0; i < kStatsColumnCount; ++i)
            v.push_back(static_cast<StatsColumn>(i));
        return v;
    }();
    return columns;
}

std::string_view statsColumnHeader(StatsColumn column)
{
    switch (column) {
    case StatsColumn::Provider:
        return "provider";
    case StatsColumn::Model:
        return "model";
    case StatsColumn::Precision:
        return "precision";
    case StatsColumn::Requests:
        return "requests";
    case StatsColumn::SuccessRate:
        return "success";
    case StatsColumn::TtftP50:
        return "TTFT p50 ms";
    case StatsColumn::TtftP90:
        return "TTFT p90 ms";
    case StatsColumn::DecodeTps:
        return "decode tok/s p50";
    case StatsColumn::E2eTps:
        return "e2e tok/s p50";
    case StatsColumn::PromptTokens:
        return "prompt tokens";
    case StatsColumn::OutputTokens:
        return "output tokens";
    case StatsColumn::CostUsd:
        return "cost USD";
    case StatsColumn::UsdPerMillion:
        return "USD/M out";
    case StatsColumn::FallbackRate:
        return "fallback";
    case StatsColumn::DegradationRate:
        return "degraded";
    case StatsColumn::Errors:
        return "errors";
    }
    return "";
}

std::string statsErrorsText(const ProviderStats &row)
{
    std::string out;
    for (const auto &[name, count] : row.errors) {
        if (!out.empty())
            out += ',';
        out += name + '=' + std::to_string(count);
    }
    return out;
}

std::string statsCell(const ProviderStats &row, StatsColumn column)
{
    switch (column) {
    case StatsColumn::Provider:
        return row.provider;
    case StatsColumn::Model:
        return row.model;
    case StatsColumn::Precision:
        return row.precision;
    case StatsColumn::Errors:
        return statsErrorsText(row);
    case StatsColumn::SuccessRate:
        return percent(row, row.successRate);
    case StatsColumn::FallbackRate:
        return percent(row, row.fallbackRate);
    case StatsColumn::DegradationRate:
        return percent(row, row.degradationRate);
    case StatsColumn::Requests:
        return std::to_string(row.requests);
    case StatsColumn::PromptTokens:
        return std::to_string(row.promptTokens);
    case StatsColumn::OutputTokens:
        return std::to_string(row.completionTokens);
    case StatsColumn::TtftP50:
        return optionalText(row.ttftP50Ms, 0);
    case StatsColumn::TtftP90:
        return optionalText(row.ttftP90Ms, 0);
    case StatsColumn::DecodeTps:
        return optionalText(row.decodeTpsP50, 1);
    case StatsColumn::E2eTps:
        return optionalText(row.e2eTpsP50, 1);
    case StatsColumn::CostUsd:
        return fixed(row.costUsd, 4);
    case StatsColumn::UsdPerMillion:
        return optionalText(row.usdPerMillionOutput, 2);
    }
    return {};
}

std::optional<double> statsSortValue(const ProviderStats &row, StatsColumn column)
{
    switch (column) {
    case StatsColumn::Provider:
    case StatsColumn::Model:
    case StatsColumn::Precision:
    case StatsColumn::Errors:
        return std::nullopt;
    case StatsColumn::Requests:
        return static_cast<double>(row.requests);
    case StatsColumn::SuccessRate:
        return row.successRate;
    case StatsColumn::TtftP50:
        return row.ttftP50Ms;
    case StatsColumn::TtftP90:
        return row.ttftP90Ms;
    case StatsColumn::DecodeTps:
        return row.decodeTpsP50;
    case StatsColumn::E2eTps:
        return row.e2eTpsP50;
    case StatsColumn::PromptTokens:
        return static_cast<double>(row.promptTokens);
    case StatsColumn::OutputTokens:
        return static_cast<double>(row.completionTokens);
    case StatsColumn::CostUsd:
        return row.costUsd;
    case StatsColumn::UsdPerMillion:
        return row.usdPerMillionOutput;
    case StatsColumn::FallbackRate:
        return row.fallbackRate;
    case StatsColumn::DegradationRate:
        return row.degradationRate;
    }
    return std::nullopt;
}

std::string statsTableCsv(const StatsReport &report)
{
    std::string out;
    bool first = true;
    for (StatsColumn column : statsColumns()) {
        if (!first)
            out += ',';
        first = false;
        appendCsvField(out, std::string(statsColumnHeader(column)));
    }
    out += "\r\n";
    for (const ProviderStats &row : report.rows)
        appendCsvRow(out, row);
    appendCsvRow(out, report.total);
    return out;
}

std::vector<std::vector<std::string>> parseCsv(std::string_view text)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            fieldStarted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            fieldStarted = true;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

nlohmann::json statsRowJson(const ProviderStats &s)
{
    return {{"provider", s.provider},
            {"model", s.model},
            {"precision", s.precision},
            {"requests", s.requests},
            {"successes", s.successes},
            {"cancelled", s.cancelled},
            {"success_rate", s.successRate},
            {"ttft_p50_ms", optionalJson(s.ttftP50Ms)},
            {"ttft_p90_ms", optionalJson(s.ttftP90Ms)},
            {"decode_tps_p50", optionalJson(s.decodeTpsP50)},
            {"e2e_tps_p50", optionalJson(s.e2eTpsP50)},
            {"prompt_tokens", s.promptTokens},
            {"completion_tokens", s.completionTokens},
            {"cost_usd", s.costUsd},
            {"usd_per_million_output", optionalJson(s.usdPerMillionOutput)},
            {"errors", s.errors},
            {"fallback_rate", s.fallbackRate},
            {"degradation_rate", s.degradationRate}};
}

} // namespace scriptorium::store
