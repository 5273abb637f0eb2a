#include "ui/dashboard/dashboard_charts.h"

#include "ui/dashboard/endpoint_scatter.h"
#include "ui/dashboard/provider_multiples.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace scriptorium::ui {

namespace {

constexpr qint64 kHourMs = 3600LL * 1000;

QList<QPointF> pointsOf(const std::vector<store::SeriesPoint> &points, double &max)
{
    QList<QPointF> out;
    out.reserve(static_cast<qsizetype>(points.size()));
    for (const store::SeriesPoint &p : points) {
        out.append(QPointF(static_cast<qreal>(p.tMs), p.value));
        max = std::max(max, p.value);
    }
    return out;
}

// Replacing a series' points repaints it; equal points are left alone.
void replacePoints(QLineSeries *series, const QList<QPointF> &points)
{
    if (series->points() != points)
        series->replace(points);
}

void setValues(QBarSet *set, const QList<qreal> &values)
{
    if (set->count() != values.size()) {
        set->remove(0, set->count());
        set->append(values);
        return;
    }
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (set->at(i) != values[i])
            set->replace(i, values[i]);
    }
}

void setRange(QValueAxis *axis, double max)
{
    if (axis->max() != max || axis->min() != 0)
        axis->setRange(0, max);
}

} // namespace

DashboardCharts::DashboardCharts(QWidget *parent)
    : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    for (Chart chart : {TtftDistribution, CumulativeCost, CostBreakdown}) {
        m_views[chart] = new QChartView(this);
        m_views[chart]->setRenderHint(QPainter::Antialiasing);
        m_views[chart]->setMinimumSize(320, 220);
        m_views[chart]->setObjectName(QStringLiteral("chart-") + chartStem(chart));
    }
    m_multiples = new ProviderMultiples(this);
    m_scatter = new EndpointScatter(this);
    m_views[Endpoints] = m_scatter->view();
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
    // The scatter answers the tab's main question, so it gets the largest cell; the small
    // multiples sit beside it and the cost charts below.
    grid->addWidget(m_scatter, 0, 0, 1, 2);
    grid->addWidget(m_multiples, 0, 2, 1, 2);
    grid->addWidget(m_views[TtftDistribution], 1, 0, 1, 2);
    grid->addWidget(m_views[CumulativeCost], 1, 2);
    grid->addWidget(breakdown, 1, 3);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    buildCharts();
    m_shown = std::make_shared<const store::DashboardSnapshot>();
    draw(*m_shown);
}

QChart *DashboardCharts::addChart(Chart which, const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    QChart *old = m_views[which]->chart();
    m_views[which]->setChart(chart);
    delete old;
    return chart;
}

void DashboardCharts::buildCharts()
{
    QChart *ttft = addChart(TtftDistribution, tr("Time to first token (share of requests)"));
    m_ttftBars = new QBarSeries;
    ttft->addSeries(m_ttftBars);
    m_ttftBins = new QBarCategoryAxis;
    m_ttftBins->setLabelsAngle(-45);
    auto *shareAxis = new QValueAxis;
    shareAxis->setRange(0, 100);
    shareAxis->setTitleText(tr("% of requests"));
    ttft->addAxis(m_ttftBins, Qt::AlignBottom);
    ttft->addAxis(shareAxis, Qt::AlignLeft);
    m_ttftBars->attachAxis(m_ttftBins);
    m_ttftBars->attachAxis(shareAxis);

    QChart *cost = addChart(CumulativeCost, tr("Cumulative cost (USD)"));
    m_costLine = new QLineSeries;
    m_costLine->setName(tr("USD"));
    cost->addSeries(m_costLine);
    cost->legend()->hide();
    m_costX = new QDateTimeAxis;
    m_costX->setTickCount(6);
    m_costY = new QValueAxis;
    m_costY->setLabelFormat(QStringLiteral("%.4f"));
    cost->addAxis(m_costX, Qt::AlignBottom);
    cost->addAxis(m_costY, Qt::AlignLeft);
    m_costLine->attachAxis(m_costX);
    m_costLine->attachAxis(m_costY);

    QChart *breakdown = addChart(CostBreakdown, m_breakdownBy->currentText());
    m_breakdownBars = new QHorizontalBarSeries;
    m_breakdownSet = new QBarSet(tr("USD"));
    m_breakdownBars->append(m_breakdownSet);
    breakdown->addSeries(m_breakdownBars);
    breakdown->legend()->hide();
    m_breakdownLabels = new QBarCategoryAxis;
    m_breakdownX = new QValueAxis;
    m_breakdownX->setLabelFormat(QStringLiteral("%.4f"));
    breakdown->addAxis(m_breakdownLabels, Qt::AlignLeft);
    breakdown->addAxis(m_breakdownX, Qt::AlignBottom);
    m_breakdownBars->attachAxis(m_breakdownLabels);
    m_breakdownBars->attachAxis(m_breakdownX);
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
    case Endpoints:
        return QStringLiteral("endpoint-scatter");
    case ChartCount:
        break;
    }
    return {};
}

int DashboardCharts::seriesCount(Chart chart) const
{
    if (chart == TokensPerSecond)
        return multiples()->chartCount();
    return static_cast<int>(view(chart)->chart()->series().size());
}

QChartView *DashboardCharts::view(Chart chart) const
{
    drawPending();
    return m_views[chart];
}

ProviderMultiples *DashboardCharts::multiples() const
{
    drawPending();
    return m_multiples;
}

EndpointScatter *DashboardCharts::scatter() const
{
    drawPending();
    return m_scatter;
}

void DashboardCharts::setSnapshot(std::shared_ptr<const store::DashboardSnapshot> snapshot)
{
    // Laying out axes and legends is most of a chart's cost; charts nobody sees wait.
    m_pending = std::move(snapshot);
    if (isVisible())
        drawPending();
}

void DashboardCharts::setQualityRates(std::shared_ptr<const std::vector<store::QualityRate>> rates)
{
    m_rates = std::move(rates);
    m_scatterStale = true;
    if (isVisible())
        drawPending();
}

void DashboardCharts::showEvent(QShowEvent *event)
{
    drawPending();
    QWidget::showEvent(event);
}

void DashboardCharts::drawPending() const
{
    auto *self = const_cast<DashboardCharts *>(this);
    if (m_pending) {
        self->m_shown = std::move(m_pending);
        m_pending.reset();
        self->draw(*m_shown);
    }
    if (!m_scatterStale)
        return;
    m_scatterStale = false;
    static const std::vector<store::QualityRate> kNoRates;
    m_scatter->setPoints(scatterPoints(*m_shown, m_rates ? *m_rates : kNoRates));
}

void DashboardCharts::draw(const store::DashboardSnapshot &snapshot)
{
    updateTimeAxes(snapshot);
    updateTtft(snapshot);
    updateCumulativeCost(snapshot);
    m_costByBook = snapshot.costByBook;
    m_costByChapter = snapshot.costByChapter;
    m_costByStage = snapshot.costByStage;
    drawBreakdown();
    m_scatterStale = true;
}

void DashboardCharts::updateTimeAxes(const store::DashboardSnapshot &s)
{
    const QString format = s.bucketMs < kHourMs ? QStringLiteral("HH:mm")
        : s.bucketMs < 24 * kHourMs             ? QStringLiteral("dd HH:mm")
                                                : QStringLiteral("MM-dd");
    // Without a time (the empty snapshot) the axes show a harmless one-hour span.
    const qint64 until = s.query.nowMs > 0 ? s.query.nowMs : kHourMs;
    const qint64 since = s.query.nowMs <= 0 ? 0
        : s.query.range == store::DashboardRange::All && !s.cumulativeCost.empty()
        ? s.cumulativeCost.front().tMs
        : store::dashboardRangeStart(s.query.range, s.query.nowMs);
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(since);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(until);
    if (m_costX->format() != format)
        m_costX->setFormat(format);
    if (m_costX->min() != from || m_costX->max() != to)
        m_costX->setRange(from, to);
    m_multiples->setSeries(s.providers, from, to, format);
}

void DashboardCharts::updateTtft(const store::DashboardSnapshot &snapshot)
{
    QStringList bins;
    double lower = 0;
    for (double edge : snapshot.ttftEdgesMs) {
        bins << tr("%1–%2 ms").arg(lower).arg(edge);
        lower = edge;
    }
    bins << tr("≥ %1 ms").arg(lower);
    if (m_ttftBins->categories() != bins)
        m_ttftBins->setCategories(bins);

    QMap<QString, QList<qreal>> shares; // provider → share per bin, in provider order
    for (const store::ProviderSeries &p : snapshot.providers) {
        std::int64_t total = 0;
        for (std::int64_t c : p.ttftCounts)
            total += c;
        if (total == 0)
            continue;
        QList<qreal> &values = shares[QString::fromStdString(p.provider)];
        for (std::int64_t c : p.ttftCounts)
            values << static_cast<double>(c) * 100.0 / static_cast<double>(total);
    }
    for (auto it = m_ttftSets.begin(); it != m_ttftSets.end();) {
        if (shares.contains(it.key())) {
            ++it;
            continue;
        }
        m_ttftBars->remove(it.value()); // deletes the set
        it = m_ttftSets.erase(it);
    }
    // What is left is in provider order, so a new provider's set goes in at its rank.
    int position = 0;
    for (auto it = shares.cbegin(); it != shares.cend(); ++it, ++position) {
        QBarSet *&set = m_ttftSets[it.key()];
        if (!set) {
            // Parented: QBarSeries::insert() does not take ownership as append() does.
            set = new QBarSet(it.key(), m_ttftBars);
            m_ttftBars->insert(position, set);
        }
        setValues(set, it.value());
    }
}

void DashboardCharts::updateCumulativeCost(const store::DashboardSnapshot &snapshot)
{
    double max = 0.001;
    replacePoints(m_costLine, pointsOf(snapshot.cumulativeCost, max));
    setRange(m_costY, max * 1.1);
}

void DashboardCharts::drawBreakdown()
{
    const int by = m_breakdownBy->currentIndex();
    m_views[CostBreakdown]->chart()->setTitle(m_breakdownBy->currentText());
    const std::vector<store::CostTotal> &totals = by == 0 ? m_costByBook
        : by == 1                                         ? m_costByChapter
                                                          : m_costByStage;
    // The 15 largest items keep the chart readable; the ledger tab lists every one.
    std::vector<store::CostTotal> top = totals;
    std::stable_sort(
        top.begin(), top.end(),
        [](const store::CostTotal &a, const store::CostTotal &b) { return a.costUsd > b.costUsd; });
    if (top.size() > 15)
        top.resize(15);
    std::reverse(top.begin(), top.end());
    QStringList labels;
    QList<qreal> values;
    double max = 0.001;
    for (const store::CostTotal &t : top) {
        labels << QString::fromStdString(t.label);
        values << t.costUsd;
        max = std::max(max, t.costUsd);
    }
    if (labels != m_breakdownShown) {
        // New categories: the old values belong to other labels.
        m_breakdownSet->remove(0, m_breakdownSet->count());
        m_breakdownLabels->setCategories(labels);
        m_breakdownShown = labels;
    }
    setValues(m_breakdownSet, values);
    setRange(m_breakdownX, max * 1.1);
}

bool DashboardCharts::exportPng(Chart chart, const QString &path) const
{
    drawPending();
    QWidget *widget = chart == TokensPerSecond ? static_cast<QWidget *>(m_multiples)
        : chart == Endpoints                   ? static_cast<QWidget *>(m_scatter)
                                               : m_views[chart];
    // A hidden widget has no useful size yet; give it a readable one before grabbing.
    if (!widget->isVisible())
        widget->resize(900, 560);
    return widget->grab().save(path, "PNG");
}

} // namespace scriptorium::ui
