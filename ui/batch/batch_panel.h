#pragma once

#include "novel/batch_forecast.h"
#include "novel/batch_scheduler.h"
#include "ui/batch/batch_bridge.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <cstdint>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QFrame;
class QLabel;
class QPushButton;
class QSpinBox;

namespace scriptorium::ui {

class AppConnection;
class BatchChapterList;
class LibrarySession;
class EditorHost;
class SecretStore;

/// The Batch dock: generates a range of the open book's chapters with the core's
/// BatchScheduler, like `scriptorium-cli novel generate`. The writer picks the range, mode,
/// concurrency and an optional budget and sees the forecast (time and cost) update as they
/// change; Start / Pause / Resume / Cancel; a row per chapter with its phase, progress, cost
/// and, for a failure, what to do; Retry runs the failed chapters again (the same batch: done
/// chapters are skipped and not paid again). A batch left unfinished (paused, or the app was
/// closed or killed) is offered for resume in a banner when its book is shown.
///
/// As chapters are drafted and finished the library tree is refreshed, and the chapter open in
/// the editor reloads with its new text unless it has unsaved edits. GUI thread only; the
/// bridge runs the scheduler on its worker thread. Borrows the window and the bridge.
class BatchPanel : public QWidget {
    Q_OBJECT

public:
    BatchPanel(EditorHost *host, BatchBridge *bridge, QWidget *parent = nullptr);
    ~BatchPanel() override;

    /// Reads the API key from `secrets` (again after each write) unless OPENROUTER_API_KEY is
    /// set; where batches go is AppConnection's precedence (the environment, then the
    /// settings). Ignored after setConnection().
    void useSecretStore(SecretStore *secrets);
    /// Sends batches to `baseUrl` with `apiKey` (the demo's simulator; tests): the explicit
    /// level that nothing overrides.
    void setConnection(const QString &baseUrl, const QString &apiKey);
    /// The window's routing config changed (the routing editor saved it): the forecast is
    /// computed again, since stage policies change its saving against the speed objective.
    void routingConfigChanged();
    /// The window opened a library (null: none).
    void setSession(LibrarySession *session);
    /// Shows `bookId` (the book selected in the library tree); kept while a batch runs.
    void setBook(std::int64_t bookId);
    std::int64_t bookId() const { return m_bookId; }

    void setRange(int first, int last);
    void setMode(novel::BatchMode mode);
    void setConcurrency(int concurrency);
    /// Empty: no limit.
    void setBudget(std::optional<double> usd);

    /// Stores a new batch over the chosen range and runs it; false with a message when not.
    bool start();
    /// Running chapters finish, then the batch pauses (resumable).
    void pause();
    /// Runs the book's unfinished batch; false when there is none.
    bool resume();
    /// Gives up the book's unfinished batch (stored as cancelled, so it is no longer offered;
    /// what its chapters got stays). False when there is none or it is running.
    bool discardUnfinished();
    void cancel();
    /// Runs the last batch's failed chapters again; false when none failed.
    bool retryFailed();
    /// On quit: running chapters stop at once, the batch is saved paused.
    void shutdown();

    bool isRunning() const;
    /// The banner offering to resume an unfinished batch is shown.
    bool isResumeOffered() const;
    /// The batch shown in the list (running, last run or offered), or 0.
    std::int64_t batchId() const { return m_batchId; }
    BatchChapterList *chapterList() const { return m_list; }
    QString forecastText() const;
    QString totalsText() const;
    QString message() const;
    const std::optional<novel::BatchForecast> &forecast() const { return m_forecast; }
    /// Where the shown book's runs and forecasts go: the base URL, key and model, the book's
    /// or draft stage's preset else the window's routing config, and the window's strategy.
    BatchConnection connection() const;

signals:
    /// A run ended (done, failed, paused or cancelled); the list and totals are up to date.
    void batchFinished(scriptorium::store::BatchState state);

private:
    void createWidgets();
    void refresh();
    void updateForecast();
    void updateButtons();
    void updateTotals();
    void showMessage(const QString &text, bool error);
    void requestProfile();
    void forgetProfiles();
    bool runBatch(std::int64_t batchId);
    /// Shows the stored state of `batchId`; false when it is not of the book shown.
    bool showBatchRows(std::int64_t batchId);
    void onProgress(const QList<scriptorium::novel::ChapterProgress> &chapters);
    void onFinished(const scriptorium::novel::BatchReport &report);
    void onFailed(const QString &message);
    void chapterWritten(std::int64_t chapterId);

    EditorHost *m_host;
    QPointer<BatchBridge> m_bridge;
    QPointer<LibrarySession> m_session;
    std::int64_t m_bookId = 0;
    std::int64_t m_batchId = 0;
    std::optional<store::Batch> m_unfinished; ///< offered for resume
    QString m_runLibrary; ///< the library the running batch writes to
    double m_spentBefore = 0; ///< the shown batch's spend before this run
    std::optional<double> m_budgetUsd; ///< the shown batch's budget
    bool m_pausing = false;

    AppConnection *m_connection = nullptr;
    QString m_profileBaseUrl; ///< the server the profiles' catalog basis came from
    QHash<std::int64_t, novel::ForecastProfile> m_profiles; ///< by book
    /// Profiles asked for since the connection or library last changed (older ones are stale).
    quint64 m_profileTag = 0;
    QHash<std::int64_t, quint64> m_profileRequested;
    std::optional<novel::BatchForecast> m_forecast;

    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_bannerResume = nullptr;
    QPushButton *m_bannerDiscard = nullptr;
    QSpinBox *m_from = nullptr;
    QSpinBox *m_to = nullptr;
    QComboBox *m_mode = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QDoubleSpinBox *m_budget = nullptr;
    QLabel *m_forecastLabel = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_retry = nullptr;
    BatchChapterList *m_list = nullptr;
    QLabel *m_totals = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace scriptorium::ui
