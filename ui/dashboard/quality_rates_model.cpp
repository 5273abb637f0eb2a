#include "ui/dashboard/quality_rates_model.h"

#include <algorithm>
#include <tuple>

namespace scriptorium::ui {

namespace {

bool hasRate(const store::QualityRate &r)
{
    return r.outputTokens > 0;
}

QString dash()
{
    return QString(QChar(0x2013));
}

QString number(double value)
{
    // Fixed two decimals in the C locale, like the provider table's cells: the same rate reads
    // the same in every language and in a copied cell.
    return QString::number(value, 'f', 2);
}

} // namespace

QualityRatesModel::QualityRatesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void QualityRatesModel::setRates(std::vector<store::QualityRate> rates)
{
    // By model, so a model's precisions sit together and fp8 / fp4 read against bf16; within a
    // model the worst rate first, and rows without tokens (no rate at all) last.
    std::ranges::stable_sort(rates, [](const store::QualityRate &a, const store::QualityRate &b) {
        return std::make_tuple(a.model, !hasRate(a), -a.perTenThousand, a.provider, a.precision)
            < std::make_tuple(b.model, !hasRate(b), -b.perTenThousand, b.provider, b.precision);
    });
    beginResetModel();
    m_rates = std::move(rates);
    endResetModel();
}

int QualityRatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rates.size());
}

int QualityRatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QualityRatesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const store::QualityRate &r = m_rates[static_cast<std::size_t>(index.row())];
    if (role == Qt::TextAlignmentRole) {
        if (index.column() >= Generations)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(index.column())) {
    case Provider:
        return QString::fromStdString(r.provider);
    case Model:
        return QString::fromStdString(r.model);
    case Precision:
        return r.precision.empty() ? tr("unknown") : QString::fromStdString(r.precision);
    case Generations:
        return QString::number(r.generations);
    case OutputTokens:
        return QString::number(r.outputTokens);
    case Findings:
        return QString::number(r.findings);
    case PerTenThousand:
        // Zero tokens is no measurement, not a rate of 0.
        return hasRate(r) ? number(r.perTenThousand) : dash();
    case Interval:
        return hasRate(r) ? number(r.low) + dash() + number(r.high) : dash();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant QualityRatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case Provider:
        return tr("Provider");
    case Model:
        return tr("Model");
    case Precision:
        return tr("Precision");
    case Generations:
        return tr("Generations");
    case OutputTokens:
        return tr("Output tokens");
    case Findings:
        return tr("Findings");
    case PerTenThousand:
        return tr("Findings / 10k tokens");
    case Interval:
        return tr("95 % interval");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace scriptorium::ui
