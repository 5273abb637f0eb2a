#include "ui/dashboard/dashboard_charts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace scriptorium::ui {

namespace {

QChart *freshChart(QChartView *view, const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
    return chart;
}

QDateTimeAxis *timeAxis(const store::DashboardSnapshot &s)
{
    auto *axis = new QDateTimeAxis;
    axis->setFormat(s.bucketMs < 3600LL * 1000            ? QStringLiteral("HH:mm")
                        : s.bucketMs < 24LL * 3600 * 1000 ? QStringLiteral("dd HH:mm")
                                                          : QStringLiteral("MM-dd"));
    const qint64 until = s.query.nowMs;
    const qint64 since = s.query.range == store::DashboardRange::All && !s.cumulativeCost.empty()
        ? s.cumulativeCost.front().tMs
        : store::dashboardRangeStart(s.query.range, s.query.nowMs);
    axis->setRange(QDateTime::fromMSecsSinceEpoch(since), QDateTime::fromMSecsSinceEpoch(until));
    axis->setTickCount(6);
    return axis;
}

} // namespace

DashboardCharts::DashboardCharts(QWidget *parent)
    : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    for (int i = 0; i < ChartCount; ++i) {
        m_views[i] = new QChartView(this);
        m_views[i]->setRenderHint(QPainter::Antialiasing);
        m_views[i]->setMinimumSize(320, 220);
        m_views[i]->setObjectName(QStringLiteral("chart-") + chartStem(static_cast<Chart>(i)));
    }
    m_breakdownBy = new QComboBox(this);
    m_breakdownBy->setObjectName(QStringLiteral("breakdownBy"));
    m_breakdownBy->addItem(tr("Cost by book"));
    m_breakdownBy->addItem(tr("Cost by chapter"));
    m_breakdownBy->addItem(tr("Cost by stage"));
    connect(m_breakdownBy, &QComboBox::currentIndexChanged, this, [this] { drawBreakdown(); });
    auto *breakdown = new QWidget(this);
    auto *breakdownLayout = new QVBoxLayout(breakdown);
    breakdownLayout->setContentsMargins(0, 0, 0, 0);
    breakdownLayout->addWidget(m_breakdownBy);
    breakdownLayout->addWidget(m_views[CostBreakdown]);
    grid->addWidget(m_views[TokensPerSecond], 0, 0);
    grid->addWidget(m_views[TtftDistribution], 0, 1);
    grid->addWidget(m_views[CumulativeCost], 1, 0);
    grid->addWidget(breakdown, 1, 1);
    setSnapshot(store::DashboardSnapshot{});
}

QString DashboardCharts::chartStem(Chart chart)
{
    switch (chart) {
    case TokensPerSecond:
        return QStringLiteral("tokens-per-second");
    case TtftDistribution:
        return QStringLiteral("ttft-distribution");
    case CumulativeCost:
        return QStringLiteral("cumulative-cost");
    case CostBreakdown:
        return QStringLiteral("cost-breakdown");
    case ChartCount:
        break;
    }
    return {};
}

int DashboardCharts::seriesCount(Chart chart) const
{
    return static_cast<int>(m_views[chart]->chart()->series().size());
}

void DashboardCharts::setSnapshot(const store::DashboardSnapshot &snapshot)
{
    m_snapshot = snapshot;
    const bool haveTime = snapshot.query.nowMs > 0;

    QChart *tps = freshChart(m_views[TokensPerSecond], tr("Decode tokens/s over time (p50)"));
    auto *tpsY = new QValueAxis;
    tpsY->setTitleText(tr("tokens/s"));
    tpsY->setLabelFormat(QStringLiteral("%.0f"));
    double tpsMax = 10;
    QDateTimeAxis *tpsX = haveTime ? timeAxis(snapshot) : nullptr;
    if (tpsX)
        tps->addAxis(tpsX, Qt::AlignBottom);
    tps->addAxis(tpsY, Qt::AlignLeft);
    for (const store::ProviderSeries &p : snapshot.providers) {
        if (p.points.empty())
            continue;
        auto *line = new QLineSeries;
        line->setName(QString::fromStdString(p.provider));
        line->setPointsVisible(p.points.size() < 3);
        for (const store::SeriesPoint &point : p.points) {
            line->append(static_cast<qreal>(point.tMs), point.value);
            tpsMax = std::max(tpsMax, point.value);
        }
        tps->addSeries(line);
        if (tpsX)
            line->attachAxis(tpsX);
        line->attachAxis(tpsY);
    }
    tpsY->setRange(0, tpsMax * 1.1);

    QChart *ttft
        = freshChart(m_views[TtftDistribution], tr("Time to first token (share of requests)"));
    QStringList bins;
    double lower = 0;
    for (double edge : snapshot.ttftEdgesMs) {
        bins << tr("%1–%2 ms").arg(lower).arg(edge);
        lower = edge;
    }
    bins << tr("≥ %1 ms").arg(lower);
    auto *bars = new QBarSeries;
    for (const store::ProviderSeries &p : snapshot.providers) {
        std::int64_t total = 0;
        for (std::int64_t c : p.ttftCounts)
            total += c;
        if (total == 0)
            continue;
        auto *set = new QBarSet(QString::fromStdString(p.provider));
        for (std::int64_t c : p.ttftCounts)
            *set << static_cast<double>(c) * 100.0 / static_cast<double>(total);
        bars->append(set);
    }
    ttft->addSeries(bars);
    auto *binAxis = new QBarCategoryAxis;
    binAxis->append(bins);
    binAxis->setLabelsAngle(-45);
    auto *shareAxis = new QValueAxis;
    shareAxis->setRange(0, 100);
    shareAxis->setTitleText(tr("% of requests"));
    ttft->addAxis(binAxis, Qt::AlignBottom);
    ttft->addAxis(shareAxis, Qt::AlignLeft);
    bars->attachAxis(binAxis);
    bars->attachAxis(shareAxis);

    QChart *cost = freshChart(m_views[CumulativeCost], tr("Cumulative cost (USD)"));
    auto *costLine = new QLineSeries;
    costLine->setName(tr("USD"));
    double costMax = 0.001;
    for (const store::SeriesPoint &point : snapshot.cumulativeCost) {
        costLine->append(static_cast<qreal>(point.tMs), point.value);
        costMax = std::max(costMax, point.value);
    }
    cost->addSeries(costLine);
    cost->legend()->hide();
    auto *costY = new QValueAxis;
    costY->setRange(0, costMax * 1.1);
    costY->setLabelFormat(QStringLiteral("%.4f"));
    if (haveTime) {
        QDateTimeAxis *costX = timeAxis(snapshot);
        cost->addAxis(costX, Qt::AlignBottom);
        costLine->attachAxis(costX);
    }
    cost->addAxis(costY, Qt::AlignLeft);
    costLine->attachAxis(costY);

    drawBreakdown();
}

void DashboardCharts::drawBreakdown()
{
    const int by = m_breakdownBy->currentIndex();
    QChart *chart = freshChart(m_views[CostBreakdown], m_breakdownBy->currentText());
    const std::vector<store::CostTotal> &totals = by == 0 ? m_snapshot.costByBook
        : by == 1                                         ? m_snapshot.costByChapter
                                                          : m_snapshot.costByStage;
    auto *series = new QHorizontalBarSeries;
    auto *set = new QBarSet(tr("USD"));
    QStringList labels;
    double max = 0.001;
    // The 15 largest items keep the chart readable; the ledger tab lists every one.
    std::vector<store::CostTotal> top = totals;
    std::stable_sort(
        top.begin(), top.end(),
        [](const store::CostTotal &a, const store::CostTotal &b) { return a.costUsd > b.costUsd; });
    if (top.size() > 15)
        top.resize(15);
    std::reverse(top.begin(), top.end());
    for (const store::CostTotal &t : top) {
        labels << QString::fromStdString(t.label);
        *set << t.costUsd;
        max = std::max(max, t.costUsd);
    }
    series->append(set);
    chart->addSeries(series);
    chart->legend()->hide();
    auto *axisY = new QBarCategoryAxis;
    axisY->append(labels);
    auto *axisX = new QValueAxis;
    axisX->setRange(0, max * 1.1);
    axisX->setLabelFormat(QStringLiteral("%.4f"));
    chart->addAxis(axisY, Qt::AlignLeft);
    chart->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisY);
    series->attachAxis(axisX);
}

bool DashboardCharts::exportPng(Chart chart, const QString &path) const
{
    QChartView *view = m_views[chart];
    // A hidden view has no useful size yet; give it a readable one before grabbing.
    if (!view->isVisible())
        view->resize(900, 560);
    return view->grab().save(path, "PNG");
}

} // namespace scriptorium::ui
