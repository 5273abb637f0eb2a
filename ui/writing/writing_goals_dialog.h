#pragma once

#include "util/result.h"

#include <QDialog>

#include <cstdint>

class QComboBox;
class QLabel;
class QSpinBox;

namespace scriptorium::ui {

class LibrarySession;
class WritingHistoryChart;

/// Book → Writing Goals…: the book's daily and session goals (in its unit: words, or
/// characters for a Chinese book), today's and this session's progress, the streak, and a
/// chart of what was written by hand vs accepted from generations over a chosen period. Reads
/// the writing log (one indexed query over at most a year) and saves goals on the GUI thread:
/// both are single small statements. GUI thread only.
class WritingGoalsDialog : public QDialog {
    Q_OBJECT

public:
    WritingGoalsDialog(LibrarySession *session, std::int64_t bookId, QWidget *parent = nullptr);

    /// Reads the log and goals again and redraws; the error when the library could not be read.
    Status reload();
    /// What this sitting in the window wrote into the book (the window's WritingSession).
    void setSessionWritten(std::int64_t written);
    /// Saves the goals in the spin boxes (0: none).
    Status saveGoals();
    /// Shows the last `days` days (7, 30, 90 or 365).
    void setPeriod(int days);

    std::int64_t bookId() const { return m_bookId; }
    WritingHistoryChart *chart() const { return m_chart; }
    QSpinBox *dailyGoalBox() const { return m_dailyGoal; }
    QSpinBox *sessionGoalBox() const { return m_sessionGoal; }
    QString summaryText() const;

signals:
    /// The goals were saved: the status bar's figure should follow.
    void goalsChanged();

private:
    void showSummary();

    LibrarySession *m_session;
    std::int64_t m_bookId;
    QString m_unit;
    QComboBox *m_period;
    QSpinBox *m_dailyGoal;
    QSpinBox *m_sessionGoal;
    QLabel *m_today;
    QLabel *m_sessionLabel;
    QLabel *m_periodSummary;
    QLabel *m_error;
    WritingHistoryChart *m_chart;
    std::int64_t m_sessionWritten = 0;
    std::int64_t m_todayWritten = 0;
    std::int64_t m_dailyGoalValue = 0;
    std::int64_t m_sessionGoalValue = 0;
};

} // namespace scriptorium::ui
