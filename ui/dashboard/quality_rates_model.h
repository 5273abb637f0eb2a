#pragma once

#include "store/quality_store.h"

#include <QAbstractTableModel>

#include <vector>

namespace scriptorium::ui {

/// The dashboard's Quality tab: the local quality checks' findings per 10,000 output tokens of
/// each provider × model × precision, as store::QualityStore::rates() computed them (rate and
/// 95 % Poisson interval are shown, never recomputed). Rows are ordered by model, then by rate,
/// highest first; a row without output tokens has no rate and shows a dash. GUI thread only.
class QualityRatesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Provider,
        Model,
        Precision,
        Generations,
        OutputTokens,
        Findings,
        PerTenThousand,
        Interval,
        ColumnCount
    };

    explicit QualityRatesModel(QObject *parent = nullptr);

    /// Replaces the rows (a reset: they change only when a check ran or the window moved).
    void setRates(std::vector<store::QualityRate> rates);
    const std::vector<store::QualityRate> &rates() const { return m_rates; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<store::QualityRate> m_rates;
};

} // namespace scriptorium::ui
