#include "ui/writing/writing_history_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDate>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace scriptorium::ui {

namespace {

// A bar: its label and what it sums.
struct Bar {
    QString label;
    std::int64_t byHand = 0;
    std::int64_t accepted = 0;
};

// The day of the month: a category is as wide as a bar (a dozen pixels for a year's weeks), and
// Qt Charts elides a label wider than its category. The period's dates are in the dialog.
QString shortDate(const std::string &day)
{
    const QDate date = QDate::fromString(QString::fromStdString(day), Qt::ISODate);
    return QString::number(date.day());
}

// Days as they are, or summed per 7 days ending on the last day (the current week is complete
// up to today, so the last bar is never a partial one of older days).
std::vector<Bar> barsOf(const std::vector<store::WritingDay> &days, bool weekly)
{
    std::vector<Bar> bars;
    if (!weekly) {
        for (const store::WritingDay &d : days)
            bars.push_back({shortDate(d.day), d.byHand, d.accepted});
        return bars;
    }
    const auto n = static_cast<std::ptrdiff_t>(days.size());
    for (std::ptrdiff_t end = n; end > 0; end -= 7) {
        const std::ptrdiff_t begin = std::max<std::ptrdiff_t>(0, end - 7);
        Bar bar{shortDate(days[static_cast<std::size_t>(begin)].day)};
        for (std::ptrdiff_t i = begin; i < end; ++i) {
            bar.byHand += days[static_cast<std::size_t>(i)].byHand;
            bar.accepted += days[static_cast<std::size_t>(i)].accepted;
        }
        bars.push_back(bar);
    }
    std::reverse(bars.begin(), bars.end());
    return bars;
}

} // namespace

WritingHistoryChart::WritingHistoryChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, this))
{
    setObjectName(QStringLiteral("writingHistoryChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void WritingHistoryChart::setDays(const std::vector<store::WritingDay> &days,
                                  std::optional<std::int64_t> goal)
{
    m_chart->removeAllSeries();
    // removeAxis() gives the axis back to the caller: it is not deleted with the chart.
    for (QAbstractAxis *axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    const bool weekly = static_cast<int>(days.size()) > kMostDailyBars;
    const std::vector<Bar> bars = barsOf(days, weekly);
    m_chart->setTitle(weekly ? tr("Written per week") : tr("Written per day"));

    auto *series = new QStackedBarSeries;
    m_byHand = new QBarSet(tr("By hand"));
    m_accepted = new QBarSet(tr("Accepted from generations"));
    QStringList labels;
    double highest = 0;
    for (const Bar &bar : bars) {
        *m_byHand << static_cast<double>(bar.byHand);
        *m_accepted << static_cast<double>(bar.accepted);
        labels << bar.label;
        highest = std::max(highest, static_cast<double>(bar.byHand + bar.accepted));
    }
    series->append(m_byHand);
    series->append(m_accepted);
    m_chart->addSeries(series);

    // Qt Charts draws every category label, and side by side more than ~12 overlap: label every
    // k-th bar counted back from the newest. Categories must be distinct, so the others get
    // distinct invisible labels (zero-width spaces).
    const auto step = static_cast<qsizetype>((labels.size() + 11) / 12);
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if ((labels.size() - 1 - i) % step != 0)
            labels[i] = QString(i + 1, QChar(0x200B));
    }
    auto *xAxis = new QBarCategoryAxis;
    xAxis->append(labels);
    QFont small = xAxis->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    xAxis->setLabelsFont(small);
    m_chart->addAxis(xAxis, Qt::AlignBottom);
    series->attachAxis(xAxis);
    auto *yAxis = new QValueAxis;
    yAxis->setLabelFormat(QStringLiteral("%d"));
    m_chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(yAxis);

    m_goalShown = goal && *goal > 0 && !bars.empty();
    m_goalValue = m_goalShown ? static_cast<double>(*goal) * (weekly ? 7 : 1) : 0;
    if (m_goalShown) {
        // Across the whole category axis: bar i is centred on x = i.
        auto *line = new QLineSeries;
        line->setName(weekly ? tr("Daily goal × 7") : tr("Daily goal"));
        line->append(-0.5, m_goalValue);
        line->append(static_cast<double>(bars.size()) - 0.5, m_goalValue);
        m_chart->addSeries(line);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
        highest = std::max(highest, m_goalValue);
    }
    yAxis->setRange(0, highest > 0 ? highest * 1.1 : 10);
    yAxis->applyNiceNumbers();
}

int WritingHistoryChart::barCount() const
{
    return m_byHand ? static_cast<int>(m_byHand->count()) : 0;
}

double WritingHistoryChart::byHandAt(int bar) const
{
    return m_byHand ? m_byHand->at(bar) : 0;
}

double WritingHistoryChart::acceptedAt(int bar) const
{
    return m_accepted ? m_accepted->at(bar) : 0;
}

} // namespace scriptorium::ui
