#include "ui/dashboard/provider_multiples.h"

#include <algorithm>

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace scriptorium::ui {

ProviderMultiples::ProviderMultiples(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("chart-tokens-per-second"));
    setMinimumSize(320, 220);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Decode tokens/s over time (p50)"), this);
    title->setAlignment(Qt::AlignHCenter);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_empty = new QLabel(tr("No provider has decode speeds in this range."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_grid = new QGridLayout;
    m_grid->setSpacing(2);
    layout->addWidget(title);
    layout->addWidget(m_empty, 1);
    layout->addLayout(m_grid, 1);
}

ProviderMultiples::Panel ProviderMultiples::makePanel(const QString &provider)
{
    Panel panel;
    auto *chart = new QChart;
    chart->setTitle(provider);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    panel.x = new QDateTimeAxis;
    panel.x->setTickCount(3);
    panel.y = new QValueAxis;
    panel.y->setLabelFormat(QStringLiteral("%.0f"));
    panel.y->setTickCount(3);
    chart->addAxis(panel.x, Qt::AlignBottom);
    chart->addAxis(panel.y, Qt::AlignLeft);
    panel.line = new QLineSeries;
    panel.line->setName(provider);
    chart->addSeries(panel.line);
    panel.line->attachAxis(panel.x);
    panel.line->attachAxis(panel.y);
    panel.view = new QChartView(chart, this);
    panel.view->setObjectName(QStringLiteral("tokensPerSecond-") + provider);
    panel.view->setRenderHint(QPainter::Antialiasing);
    panel.view->setMinimumSize(160, 120);
    return panel;
}

void ProviderMultiples::setSeries(const std::vector<store::ProviderSeries> &providers,
                                  const QDateTime &from, const QDateTime &to,
                                  const QString &timeFormat)
{
    // One y range for all: the point of small multiples is that heights compare.
    double max = 10;
    QStringList order;
    QMap<QString, Panel> kept;
    for (const store::ProviderSeries &p : providers) {
        if (p.points.empty())
            continue;
        const QString name = QString::fromStdString(p.provider);
        Panel panel = m_panels.contains(name) ? m_panels.take(name) : makePanel(name);
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(p.points.size()));
        for (const store::SeriesPoint &s : p.points) {
            points.append(QPointF(static_cast<qreal>(s.tMs), s.value));
            max = std::max(max, s.value);
        }
        panel.line->setPointsVisible(points.size() < 3);
        if (panel.line->points() != points)
            panel.line->replace(points);
        if (panel.x->format() != timeFormat)
            panel.x->setFormat(timeFormat);
        if (panel.x->min() != from || panel.x->max() != to)
            panel.x->setRange(from, to);
        kept.insert(name, panel);
        order << name;
    }
    for (const Panel &gone : std::as_const(m_panels))
        delete gone.view; // owns its chart, axes and series
    m_panels = kept;
    for (const Panel &panel : std::as_const(m_panels)) {
        if (panel.y->max() != max * 1.1 || panel.y->min() != 0)
            panel.y->setRange(0, max * 1.1);
    }
    if (order != m_order) {
        m_order = order;
        relayout();
    }
}

void ProviderMultiples::relayout()
{
    while (m_grid->count() > 0)
        delete m_grid->takeAt(0); // the layout item only; the views live on
    const auto count = m_order.size();
    const int columns = count <= 1 ? 1 : count <= 4 ? 2 : 3;
    for (qsizetype i = 0; i < count; ++i) {
        const int index = static_cast<int>(i);
        m_grid->addWidget(m_panels.value(m_order[i]).view, index / columns, index % columns);
    }
    m_empty->setVisible(count == 0);
}

QChartView *ProviderMultiples::chartView(const QString &provider) const
{
    return m_panels.value(provider).view;
}

} // namespace scriptorium::ui
