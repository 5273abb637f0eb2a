#pragma once

#include "store/dashboard_data.h"
#include "store/quality_store.h"

#include <memory>
#include <vector>

#include <QMap>
#include <QStringList>
#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QHorizontalBarSeries;
class QLineSeries;
class QValueAxis;

namespace scriptorium::ui {

class EndpointScatter;
class ProviderMultiples;

/// The dashboard's Charts tab, drawn from a finished snapshot and the quality rates (it only
/// arranges what they hold): the endpoint scatter (speed against price, precision, traffic,
/// finding rate and the Pareto frontier), decode tokens/s over time as one small chart per
/// provider, the TTFT distribution per provider, cumulative cost over time, and cost by book,
/// chapter or stage. The charts, axes and series are built once; a snapshot replaces their
/// points and values in place and adds or removes a provider's series only when the provider
/// appears or leaves. A hidden widget (another tab in front) only keeps the newest snapshot and
/// rates and draws them when it is shown, measured or exported. GUI thread only.
class DashboardCharts : public QWidget {
    Q_OBJECT

public:
    enum Chart {
        TokensPerSecond,
        TtftDistribution,
        CumulativeCost,
        CostBreakdown,
        Endpoints,
        ChartCount
    };

    explicit DashboardCharts(QWidget *parent = nullptr);

    void setSnapshot(std::shared_ptr<const store::DashboardSnapshot> snapshot);
    /// The finding rates that shape the scatter's markers (nullptr: none known yet).
    void setQualityRates(std::shared_ptr<const std::vector<store::QualityRate>> rates);
    /// A chart's view; nullptr for TokensPerSecond, which is a grid of them (multiples()).
    QChartView *view(Chart chart) const;
    ProviderMultiples *multiples() const;
    EndpointScatter *scatter() const;
    /// Saves one chart (the whole grid for TokensPerSecond) as PNG; false when the file cannot
    /// be written.
    bool exportPng(Chart chart, const QString &path) const;
    /// A file-name stem for a chart ("tokens-per-second").
    static QString chartStem(Chart chart);
    /// Series in a chart; for TokensPerSecond the number of small charts, one line each (for
    /// tests).
    int seriesCount(Chart chart) const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    /// Draws the pending snapshot, if any. Const so that const accessors see current charts.
    void drawPending() const;
    void draw(const store::DashboardSnapshot &snapshot);
    QChart *addChart(Chart chart, const QString &title);
    void buildCharts();
    void updateTimeAxes(const store::DashboardSnapshot &snapshot);
    void updateTtft(const store::DashboardSnapshot &snapshot);
    void updateCumulativeCost(const store::DashboardSnapshot &snapshot);
    void drawBreakdown();

    QChartView *m_views[ChartCount] = {};
    ProviderMultiples *m_multiples = nullptr;
    EndpointScatter *m_scatter = nullptr;
    QComboBox *m_breakdownBy = nullptr;
    QBarSeries *m_ttftBars = nullptr;
    QBarCategoryAxis *m_ttftBins = nullptr;
    QMap<QString, QBarSet *> m_ttftSets;
    QLineSeries *m_costLine = nullptr;
    QDateTimeAxis *m_costX = nullptr;
    QValueAxis *m_costY = nullptr;
    QHorizontalBarSeries *m_breakdownBars = nullptr;
    QBarSet *m_breakdownSet = nullptr;
    QBarCategoryAxis *m_breakdownLabels = nullptr;
    QValueAxis *m_breakdownX = nullptr;
    QStringList m_breakdownShown;
    std::vector<store::CostTotal> m_costByBook;
    std::vector<store::CostTotal> m_costByChapter;
    std::vector<store::CostTotal> m_costByStage;
    mutable std::shared_ptr<const store::DashboardSnapshot> m_pending;
    /// The snapshot drawn last: the scatter is redrawn from it when only the rates change.
    std::shared_ptr<const store::DashboardSnapshot> m_shown;
    std::shared_ptr<const std::vector<store::QualityRate>> m_rates;
    mutable bool m_scatterStale = false;
};

} // namespace scriptorium::ui
