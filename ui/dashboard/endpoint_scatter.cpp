#include "ui/dashboard/endpoint_scatter.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace scriptorium::ui {

namespace {

// Fixed per family, so a precision keeps its colour whichever families the window holds.
QColor familyColor(PrecisionFamily family)
{
    switch (family) {
    case PrecisionFamily::Fp4:
        return QColor(0xd6, 0x27, 0x28);
    case PrecisionFamily::Fp8:
        return QColor(0xff, 0x7f, 0x0e);
    case PrecisionFamily::Fp16:
        return QColor(0x1f, 0x77, 0xb4);
    case PrecisionFamily::Other:
        break;
    }
    return QColor(0x7f, 0x7f, 0x7f);
}

int sizeClass(double px)
{
    return static_cast<int>(std::lround(px / 4.0)) * 4;
}

QList<QPointF> frontierPoints(const std::vector<ScatterPoint> &points)
{
    QList<QPointF> out;
    for (std::size_t i : paretoFrontier(points))
        out.append(QPointF(points[i].decodeTps, points[i].usdPerMillion));
    return out;
}

} // namespace

EndpointScatter::EndpointScatter(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_view = new QChartView(this);
    m_view->setObjectName(QStringLiteral("chart-endpoint-scatter"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(320, 220);
    m_caption = new QLabel(
        tr("One point per provider × model × precision; a larger point had more requests. A "
           "square writes clearly worse: its finding-rate interval lies wholly above that of "
           "the model's median endpoint. The line joins the endpoints no other "
           "endpoint beats on both speed and price."),
        this);
    m_caption->setObjectName(QStringLiteral("scatterCaption"));
    m_caption->setWordWrap(true);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_caption);

    auto *chart = new QChart;
    chart->setTitle(tr("Endpoints: speed against price"));
    chart->setAnimationOptions(QChart::NoAnimation);
    // Beside the plot: five entries in a row under it would be cut short.
    chart->legend()->setAlignment(Qt::AlignRight);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("Decode tokens/s (p50)"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y = new QValueAxis;
    m_y->setTitleText(tr("USD per million output tokens"));
    m_y->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (int f = 0; f < kPrecisionFamilyCount; ++f) {
        auto *entry = new QScatterSeries;
        entry->setName(familyName(static_cast<PrecisionFamily>(f)));
        entry->setColor(familyColor(static_cast<PrecisionFamily>(f)));
        entry->setBorderColor(familyColor(static_cast<PrecisionFamily>(f)));
        chart->addSeries(entry);
        entry->attachAxis(m_x);
        entry->attachAxis(m_y);
        m_legendOnly[f] = entry;
    }
    m_frontier = new QLineSeries;
    m_frontier->setName(tr("Pareto frontier"));
    QPen pen(QColor(0x33, 0x33, 0x33));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    m_frontier->setPen(pen);
    chart->addSeries(m_frontier);
    m_frontier->attachAxis(m_x);
    m_frontier->attachAxis(m_y);
    m_view->setChart(chart);
    setPoints({});
}

QString EndpointScatter::familyName(PrecisionFamily family)
{
    switch (family) {
    case PrecisionFamily::Fp4:
        return tr("fp4 / int4");
    case PrecisionFamily::Fp8:
        return tr("fp8 / int8");
    case PrecisionFamily::Fp16:
        return tr("fp16 / bf16");
    case PrecisionFamily::Other:
        break;
    }
    return tr("Other / unknown");
}

void EndpointScatter::setPoints(std::vector<ScatterPoint> points)
{
    m_points = std::move(points);
    QChart *chart = m_view->chart();
    std::map<GroupKey, QList<QPointF>> grouped;
    bool familyShown[kPrecisionFamilyCount] = {};
    double maxX = 10;
    double maxY = 0.01;
    for (const ScatterPoint &p : m_points) {
        const int family = static_cast<int>(p.family);
        grouped[{family, p.worse, sizeClass(p.markerPx)}].append(
            QPointF(p.decodeTps, p.usdPerMillion));
        familyShown[family] = true;
        maxX = std::max(maxX, p.decodeTps);
        maxY = std::max(maxY, p.usdPerMillion);
    }
    std::map<GroupKey, QScatterSeries *> kept;
    for (const auto &[key, values] : grouped) {
        QScatterSeries *series = nullptr;
        if (auto it = m_groups.find(key); it != m_groups.end()) {
            series = it->second;
            m_groups.erase(it);
        } else {
            const auto &[family, worse, px] = key;
            const QColor color = familyColor(static_cast<PrecisionFamily>(family));
            series = new QScatterSeries;
            series->setColor(color);
            series->setBorderColor(worse ? QColor(Qt::black) : color.darker(130));
            series->setMarkerShape(worse ? QScatterSeries::MarkerShapeRectangle
                                         : QScatterSeries::MarkerShapeCircle);
            series->setMarkerSize(px);
            chart->addSeries(series);
            series->attachAxis(m_x);
            series->attachAxis(m_y);
            // The family's legend entry is the empty series above; one per group would repeat it.
            for (QLegendMarker *marker : chart->legend()->markers(series))
                marker->setVisible(false);
            connect(series, &QScatterSeries::hovered, this,
                    [this, series](const QPointF &point, bool state) {
                        showTip(series, point, state);
                    });
        }
        if (series->points() != values)
            series->replace(values);
        kept.emplace(key, series);
    }
    for (const auto &[key, gone] : m_groups) {
        chart->removeSeries(gone);
        delete gone;
    }
    m_groups = std::move(kept);
    for (int f = 0; f < kPrecisionFamilyCount; ++f) {
        for (QLegendMarker *marker : chart->legend()->markers(m_legendOnly[f]))
            marker->setVisible(familyShown[f]);
    }
    const QList<QPointF> frontier = frontierPoints(m_points);
    if (m_frontier->points() != frontier)
        m_frontier->replace(frontier);
    // From zero, so distances read as ratios; the margin keeps the largest marker inside.
    m_x->setRange(0, maxX * 1.1);
    m_y->setRange(0, maxY * 1.15);
}

void EndpointScatter::showTip(QScatterSeries *series, const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    QStringList lines;
    for (const ScatterPoint &p : m_points) {
        if (QPointF(p.decodeTps, p.usdPerMillion) != point)
            continue;
        const QString rate
            = p.findingRate ? QString::number(*p.findingRate, 'f', 2) : QString(QChar(0x2013));
        lines << tr("%1 · %2 · %3\nDecode: %4 tokens/s\nPrice: %5 USD per million output "
                    "tokens\nRequests: %6\nFindings per 10,000 output tokens: %7")
                     .arg(QString::fromStdString(p.provider), QString::fromStdString(p.model),
                          QString::fromStdString(p.precision))
                     .arg(p.decodeTps, 0, 'f', 1)
                     .arg(p.usdPerMillion, 0, 'f', 2)
                     .arg(p.requests)
                     .arg(rate);
    }
    if (lines.isEmpty())
        return;
    const QPoint at
        = m_view->mapToGlobal(m_view->mapFromScene(m_view->chart()->mapToPosition(point, series)));
    QToolTip::showText(at, lines.join(QStringLiteral("\n\n")), m_view);
}

} // namespace scriptorium::ui
