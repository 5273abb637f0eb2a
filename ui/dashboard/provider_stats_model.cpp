#include "ui/dashboard/provider_stats_model.h"

#include "store/stats_table.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <QBrush>
#include <QColor>
#include <QFont>

namespace scriptorium::ui {

namespace {

using RowKey = std::tuple<std::string, std::string, std::string>;

RowKey keyOf(const store::ProviderStats &s)
{
    return {s.provider, s.model, s.precision};
}

} // namespace

ProviderStatsModel::ProviderStatsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ProviderStatsModel::setReport(const store::StatsReport &report,
                                   const std::vector<store::DriftWarning> &drift)
{
    // A model reset would drop the view's selection and make it re-measure every cell; the
    // rows are few but a refresh comes every second, so only what changed is signalled.
    std::map<RowKey, std::size_t> incoming;
    for (std::size_t i = 0; i < report.rows.size(); ++i)
        incoming.emplace(keyOf(report.rows[i]), i);
    auto driftOf = [&drift](std::size_t i) {
        return i < drift.size() ? drift[i] : store::DriftWarning{};
    };

    for (int r = static_cast<int>(m_report.rows.size()) - 1; r >= 0; --r) {
        const auto at = static_cast<std::size_t>(r);
        if (incoming.contains(keyOf(m_report.rows[at])))
            continue;
        beginRemoveRows({}, r, r);
        m_report.rows.erase(m_report.rows.begin() + r);
        m_drift.erase(m_drift.begin() + r);
        endRemoveRows();
    }

    int firstChanged = -1;
    int lastChanged = -1;
    std::vector<bool> placed(report.rows.size(), false);
    for (std::size_t r = 0; r < m_report.rows.size(); ++r) {
        const std::size_t i = incoming.at(keyOf(m_report.rows[r]));
        placed[i] = true;
        const store::DriftWarning w = driftOf(i);
        if (m_report.rows[r] == report.rows[i] && m_drift[r] == w)
            continue;
        m_report.rows[r] = report.rows[i];
        m_drift[r] = w;
        if (firstChanged < 0)
            firstChanged = static_cast<int>(r);
        lastChanged = static_cast<int>(r);
    }

    const int added = static_cast<int>(std::count(placed.begin(), placed.end(), false));
    if (added > 0) {
        const int first = static_cast<int>(m_report.rows.size());
        beginInsertRows({}, first, first + added - 1);
        for (std::size_t i = 0; i < report.rows.size(); ++i) {
            if (placed[i])
                continue;
            m_report.rows.push_back(report.rows[i]);
            m_drift.push_back(driftOf(i));
        }
        endInsertRows();
    }

    m_report.sinceMs = report.sinceMs;
    m_report.untilMs = report.untilMs;
    if (!(m_report.total == report.total)) {
        m_report.total = report.total;
        const int total = static_cast<int>(m_report.rows.size());
        if (firstChanged < 0)
            firstChanged = total;
        lastChanged = total;
    }
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, columnCount() - 1));
}

int ProviderStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_report.rows.size()) + 1;
}

int ProviderStatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(store::kStatsColumnCount);
}

const store::ProviderStats &ProviderStatsModel::rowAt(int row) const
{
    return row < static_cast<int>(m_report.rows.size())
        ? m_report.rows[static_cast<std::size_t>(row)]
        : m_report.total;
}

QString ProviderStatsModel::driftText(int row) const
{
    if (row >= static_cast<int>(m_drift.size()))
        return {};
    const store::DriftWarning &w = m_drift[static_cast<std::size_t>(row)];
    const store::ProviderStats &s = rowAt(row);
    QStringList lines;
    if (w.speed && w.baselineDecodeTps && s.decodeTpsP50) {
        lines << tr("Slower than usual: %1 tokens/s against %2 over the previous 30 days.")
                     .arg(*s.decodeTpsP50, 0, 'f', 1)
                     .arg(*w.baselineDecodeTps, 0, 'f', 1);
    }
    if (w.price && w.baselineUsdPerMillion && s.usdPerMillionOutput) {
        lines << tr("Dearer than usual: %1 USD per million output tokens against %2.")
                     .arg(*s.usdPerMillionOutput, 0, 'f', 2)
                     .arg(*w.baselineUsdPerMillion, 0, 'f', 2);
    }
    if (w.errors && w.baselineErrorRate) {
        lines << tr("More errors than usual: %1% against %2%. Consider moving this provider "
                    "down in the routing order.")
                     .arg((1 - s.successRate) * 100, 0, 'f', 1)
                     .arg(*w.baselineErrorRate * 100, 0, 'f', 1);
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant ProviderStatsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const auto column = static_cast<store::StatsColumn>(index.column());
    const store::ProviderStats &s = rowAt(index.row());
    const bool isTotal = index.row() == static_cast<int>(m_report.rows.size());
    const bool drifted = !isTotal && m_drift[static_cast<std::size_t>(index.row())].any();
    switch (role) {
    case Qt::DisplayRole:
        if (isTotal && column == store::StatsColumn::Provider)
            return tr("Total");
        return QString::fromStdString(store::statsCell(s, column));
    case kSortRole: {
        // The total stays last whatever the order: it sorts as the extreme value.
        if (auto v = store::statsSortValue(s, column))
            return *v;
        return QString::fromStdString(store::statsCell(s, column));
    }
    case kDriftRole:
        return drifted;
    case Qt::TextAlignmentRole:
        if (index.column() >= static_cast<int>(store::StatsColumn::Requests)
            && column != store::StatsColumn::Errors)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::BackgroundRole:
        if (drifted)
            return QBrush(QColor(255, 236, 179));
        return {};
    case Qt::ToolTipRole:
        if (drifted)
            return driftText(index.row());
        return {};
    case Qt::FontRole:
        if (isTotal) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant ProviderStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<store::StatsColumn>(section)) {
    case store::StatsColumn::Provider:
        return tr("Provider");
    case store::StatsColumn::Model:
        return tr("Model");
    case store::StatsColumn::Precision:
        return tr("Precision");
    case store::StatsColumn::Requests:
        return tr("Requests");
    case store::StatsColumn::SuccessRate:
        return tr("Success");
    case store::StatsColumn::TtftP50:
        return tr("TTFT p50 ms");
    case store::StatsColumn::TtftP90:
        return tr("TTFT p90 ms");
    case store::StatsColumn::DecodeTps:
        return tr("Decode tok/s p50");
    case store::StatsColumn::E2eTps:
        return tr("End-to-end tok/s p50");
    case store::StatsColumn::PromptTokens:
        return tr("Prompt tokens");
    case store::StatsColumn::OutputTokens:
        return tr("Output tokens");
    case store::StatsColumn::CostUsd:
        return tr("Cost USD");
    case store::StatsColumn::UsdPerMillion:
        return tr("USD / M output");
    case store::StatsColumn::FallbackRate:
        return tr("Fallback");
    case store::StatsColumn::DegradationRate:
        return tr("Degraded");
    case store::StatsColumn::Errors:
        return tr("Errors");
    }
    return {};
}

QByteArray ProviderStatsModel::toCsv() const
{
    return QByteArray::fromStdString(store::statsTableCsv(m_report));
}

} // namespace scriptorium::ui
