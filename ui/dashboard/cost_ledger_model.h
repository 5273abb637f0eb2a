#pragma once

#include "store/dashboard_data.h"

#include <QAbstractTableModel>

#include <vector>

namespace scriptorium::ui {

/// The dashboard's cost ledger over a finished snapshot: one row per book × chapter × stage
/// with its attempts (retries and abandoned ones included), failed attempts, cost, the
/// chapter's length and USD per 1,000 words or characters. Rows are updated in place (matched
/// by book, chapter and stage), so a sorted view keeps its order and selection across
/// refreshes. kSortRole holds numbers for the numeric columns. GUI thread only.
class CostLedgerModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Book,
        Chapter,
        Stage,
        Attempts,
        FailedAttempts,
        CostUsd,
        Length,
        UsdPerThousand,
        ColumnCount
    };
    static constexpr int kSortRole = Qt::UserRole;

    explicit CostLedgerModel(QObject *parent = nullptr);

    /// Signals only what changed: one dataChanged over the changed rows, one insertion for the
    /// new ones, a removal per block of rows that left the window.
    void setSlices(const std::vector<store::CostSlice> &slices);
    const std::vector<store::CostSlice> &slices() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString text(const store::CostSlice &slice, int column) const;

    std::vector<store::CostSlice> m_rows;
};

} // namespace scriptorium::ui
