#pragma once

#include "store/dashboard_data.h"

#include <QAbstractTableModel>

namespace scriptorium::ui {

/// The dashboard's provider × model × precision table over a finished snapshot; the last row
/// is the total. Columns are store::statsColumns(), formatted by store::statsCell() exactly as
/// `scriptorium-cli stats` prints them. Qt::UserRole holds a number to sort by; a row whose
/// speed, price or error rate drifted from its baseline gets a warning background and a tooltip
/// saying which and by how much. GUI thread only.
class ProviderStatsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    static constexpr int kSortRole = Qt::UserRole;
    static constexpr int kDriftRole = Qt::UserRole + 1; ///< bool: the row has a drift warning

    explicit ProviderStatsModel(QObject *parent = nullptr);

    /// Updates the rows in place: a provider × model × precision row keeps its place and only
    /// signals dataChanged when its numbers changed; new rows are inserted before the total and
    /// rows that left the window are removed. Views keep their sorting and selection.
    void setReport(const store::StatsReport &report, const std::vector<store::DriftWarning> &drift);
    const store::StatsReport &report() const { return m_report; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The table as CSV (the same text as store::statsTableCsv()).
    QByteArray toCsv() const;

private:
    const store::ProviderStats &rowAt(int row) const;
    QString driftText(int row) const;

    store::StatsReport m_report;
    std::vector<store::DriftWarning> m_drift;
};

} // namespace scriptorium::ui
