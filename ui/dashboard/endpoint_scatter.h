#pragma once

#include "ui/dashboard/endpoint_scatter_points.h"

#include <map>
#include <tuple>
#include <vector>

#include <QWidget>

class QChartView;
class QLabel;
class QLineSeries;
class QPointF;
class QScatterSeries;
class QValueAxis;

namespace scriptorium::ui {

/// "Which endpoint is fast, cheap and writes well?" in one chart: one marker per provider ×
/// model × precision at (decode tokens/s, USD per million output tokens), coloured by
/// precision family, sized by traffic, square when its finding rate is clearly worse (see
/// scatterPoints()), with the Pareto frontier drawn as a line. It draws points computed
/// elsewhere; a QScatterSeries has one colour, shape and size, so the points are grouped into
/// one series per precision family × shape × size class, and the legend shows one entry per
/// family (empty series that only name it) plus the frontier. GUI thread only.
class EndpointScatter : public QWidget {
    Q_OBJECT

public:
    explicit EndpointScatter(QWidget *parent = nullptr);

    void setPoints(std::vector<ScatterPoint> points);
    const std::vector<ScatterPoint> &points() const { return m_points; }
    QChartView *view() const { return m_view; }
    /// The frontier line (for tests).
    QLineSeries *frontier() const { return m_frontier; }

    static QString familyName(PrecisionFamily family);

private:
    /// Family, worse, size class (px, rounded to 4).
    using GroupKey = std::tuple<int, bool, int>;

    void showTip(QScatterSeries *series, const QPointF &point, bool state);

    QChartView *m_view = nullptr;
    QLabel *m_caption = nullptr;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    QLineSeries *m_frontier = nullptr;
    QScatterSeries *m_legendOnly[kPrecisionFamilyCount] = {};
    std::map<GroupKey, QScatterSeries *> m_groups;
    std::vector<ScatterPoint> m_points;
};

} // namespace scriptorium::ui
