#pragma once

#include "novel/book_analysis.h"
#include "ui/batch/batch_bridge.h"

#include <QDialog>
#include <QString>

#include <cstdint>
#include <optional>

class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace scriptorium::ui {

class AnalysisBridge;

/// Book → Analyse Book…: the price and time of reading the writer's book (computed before
/// anything is sent), a spending cap, and the analysis in the background (AnalysisBridge),
/// request by request. A stopped analysis (the cap, Stop) keeps what it read; opening the
/// dialog again resumes. The derived entries then wait in the Story Bible panel. GUI thread
/// only.
class AnalysisDialog : public QDialog {
    Q_OBJECT

public:
    AnalysisDialog(AnalysisBridge *bridge, QString libraryPath, BatchConnection connection,
                   std::int64_t bookId, const QString &bookTitle, QWidget *parent = nullptr);

    /// The forecast shown now (after forecastReady), for tests.
    const std::optional<novel::AnalysisForecast> &shownForecast() const { return m_forecast; }
    QString priceText() const;
    QString statusText() const;
    /// The cap of the next run in USD; 0 for none.
    void setBudget(double usd);
    /// Starts the analysis for the price shown; false when there is no price yet or it is busy.
    bool startAnalysis();

signals:
    /// The analysis ended (finished, stopped or failed): what it read is stored.
    void analysisFinished(std::int64_t bookId);

private:
    void requestForecast();
    void showForecast(const novel::AnalysisForecast &forecast);
    void showReport(const novel::AnalysisReport &report);

    AnalysisBridge *m_bridge;
    QString m_libraryPath;
    BatchConnection m_connection;
    std::int64_t m_bookId;
    QLabel *m_price;
    QLabel *m_status;
    QDoubleSpinBox *m_budget;
    QProgressBar *m_progress;
    QPushButton *m_analyse;
    QPushButton *m_stop;
    std::optional<novel::AnalysisForecast> m_forecast;
    bool m_running = false;
};

} // namespace scriptorium::ui
