#pragma once

#include "store/dashboard_data.h"

#include <vector>

#include <QMap>
#include <QStringList>
#include <QWidget>

class QChartView;
class QDateTime;
class QDateTimeAxis;
class QGridLayout;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace scriptorium::ui {

/// Decode tokens/s over time as small multiples: one small chart per provider with samples in
/// the window, two or three to a row, all on the same y range so their heights compare (one
/// chart with a line per provider turns into a tangle past three providers). A provider's chart
/// is kept while it stays and only its points are replaced. Draws what the snapshot holds;
/// GUI thread only.
class ProviderMultiples : public QWidget {
    Q_OBJECT

public:
    explicit ProviderMultiples(QWidget *parent = nullptr);

    /// Shows `providers` (those without points get no chart) between `from` and `to`.
    void setSeries(const std::vector<store::ProviderSeries> &providers, const QDateTime &from,
                   const QDateTime &to, const QString &timeFormat);

    int chartCount() const { return static_cast<int>(m_order.size()); }
    /// Providers in grid order.
    QStringList providers() const { return m_order; }
    /// The provider's small chart, or nullptr.
    QChartView *chartView(const QString &provider) const;

private:
    struct Panel {
        QChartView *view = nullptr;
        QLineSeries *line = nullptr;
        QDateTimeAxis *x = nullptr;
        QValueAxis *y = nullptr;
    };

    Panel makePanel(const QString &provider);
    void relayout();

    QGridLayout *m_grid = nullptr;
    QLabel *m_empty = nullptr;
    QMap<QString, Panel> m_panels;
    QStringList m_order;
};

} // namespace scriptorium::ui
