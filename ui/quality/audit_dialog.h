#pragma once

#include "novel/continuity_audit.h"
#include "ui/batch/batch_bridge.h"

#include <QDialog>
#include <QString>

#include <cstdint>
#include <optional>

class QLabel;
class QPushButton;
class QSpinBox;

namespace scriptorium::ui {

class AuditBridge;

/// Book → Continuity Audit…: the writer picks the chapters, sees the price of auditing them
/// (the forecast is computed before anything is sent) and starts the audit, which runs in
/// the background (AuditBridge); progress and the result show in the dialog, and "Show
/// Findings" opens the findings. GUI thread only.
class AuditDialog : public QDialog {
    Q_OBJECT

public:
    AuditDialog(AuditBridge *bridge, QString libraryPath, BatchConnection connection,
                std::int64_t bookId, const QString &bookTitle, int chapterCount,
                QWidget *parent = nullptr);

    /// The forecast shown now (after forecastReady), for tests.
    const std::optional<novel::AuditForecast> &shownForecast() const { return m_forecast; }
    QString statusText() const;
    void setRange(int first, int last);
    /// Starts the audit for the price shown; false when there is no price yet or it is busy.
    bool startAudit();

signals:
    void showFindingsRequested(std::int64_t bookId);
    void auditFinished();

private:
    void requestForecast();
    void showForecast(const novel::AuditForecast &forecast);

    AuditBridge *m_bridge;
    QString m_libraryPath;
    BatchConnection m_connection;
    std::int64_t m_bookId;
    QSpinBox *m_first;
    QSpinBox *m_last;
    QLabel *m_price;
    QLabel *m_status;
    QPushButton *m_audit;
    QPushButton *m_cancel;
    QPushButton *m_findings;
    std::optional<novel::AuditForecast> m_forecast;
    bool m_forecastPending = false; ///< the range changed while a forecast was computed
    bool m_running = false;
};

} // namespace scriptorium::ui
