#pragma once

#include "store/writing_log.h"

#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

class QBarSet;
class QChart;
class QChartView;

namespace scriptorium::ui {

/// Stacked bars of what was written by hand and accepted from generations, one bar per day
/// (per week beyond kMostDailyBars days, so a year stays readable), with the daily goal as a
/// line. GUI thread only.
class WritingHistoryChart : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMostDailyBars = 92;

    explicit WritingHistoryChart(QWidget *parent = nullptr);

    /// Shows `days` (oldest first, every day present — store::everyDay) and the goal per day.
    void setDays(const std::vector<store::WritingDay> &days, std::optional<std::int64_t> goal);

    /// What the chart shows, for tests: one bar per entry.
    int barCount() const;
    double byHandAt(int bar) const;
    double acceptedAt(int bar) const;
    bool showsGoalLine() const { return m_goalShown; }
    /// The goal line's value (per bar: ×7 for weekly bars); 0 without a goal.
    double goalLineValue() const { return m_goalValue; }

private:
    QChart *m_chart;
    QChartView *m_view;
    QBarSet *m_byHand = nullptr;
    QBarSet *m_accepted = nullptr;
    bool m_goalShown = false;
    double m_goalValue = 0;
};

} // namespace scriptorium::ui
