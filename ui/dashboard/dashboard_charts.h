#pragma once

#include "store/dashboard_data.h"

#include <QWidget>

class QChart;
class QChartView;
class QComboBox;

namespace scriptorium::ui {

/// The dashboard's four charts, drawn from a finished snapshot (they compute nothing): decode
/// tokens/s over time per provider, the TTFT distribution per provider, cumulative cost over
/// time, and cost by book, chapter or stage. GUI thread only.
class DashboardCharts : public QWidget {
    Q_OBJECT

public:
    enum Chart { TokensPerSecond, TtftDistribution, CumulativeCost, CostBreakdown, ChartCount };

    explicit DashboardCharts(QWidget *parent = nullptr);

    void setSnapshot(const store::DashboardSnapshot &snapshot);
    QChartView *view(Chart chart) const { return m_views[chart]; }
    /// Saves one chart as PNG; false when the file cannot be written.
    bool exportPng(Chart chart, const QString &path) const;
    /// A file-name stem for a chart ("tokens-per-second").
    static QString chartStem(Chart chart);
    /// Series in a chart (for tests).
    int seriesCount(Chart chart) const;

private:
    void drawBreakdown();

    QChartView *m_views[ChartCount] = {};
    QComboBox *m_breakdownBy = nullptr;
    store::DashboardSnapshot m_snapshot;
};

} // namespace scriptorium::ui
