#pragma once

#include "routing/attempt_record.h"
#include "ui/generation/generation_job.h"
#include "util/result.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QWidget>

#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace scriptorium::ui {

class AppConnection;
class GenerationBridge;
class LibrarySession;
class EditorHost;
class SecretStore;

/// The generation dock: Draft / Continue / Rewrite selection / Expand selection on the open
/// chapter (and one scene beat at the cursor, asked for by the Outline panel), a model picker and
/// routing preset, an optional prompt preview, the live stream in a read-only draft pane with Stop,
/// and Accept (the chapter's old body becomes a revision) or Discard. Its status widget (for the
/// main window's status bar) shows provider, precision
/// ("degraded" when not fp8), TTFT, tokens/s and cost so far while a generation runs.
///
/// One generation at a time. Every generation is recorded in the library's generations table
/// (stage "draft", "continue", "rewrite", "expand" or "beat") like the CLI's. GUI thread only: the
/// bridge delivers core callbacks here as queued calls, so nothing here ever waits on the
/// network. Borrows the window and the bridge, which must outlive the panel.
class GenerationPanel : public QWidget {
    Q_OBJECT

public:
    GenerationPanel(EditorHost *host, GenerationBridge *bridge, QWidget *parent = nullptr);
    ~GenerationPanel() override;

    /// The actions for the Generate menu (each with a shortcut), in menu order.
    QList<QAction *> generationActions() const { return m_actions; }
    /// The status-bar widget; the main window adds it to its status bar.
    QWidget *statusWidget() const;

    /// Reads the API key from `secrets` (again whenever it reports a write) unless
    /// OPENROUTER_API_KEY is set; where requests go is AppConnection's precedence (the
    /// environment, then the settings). The model list is fetched once a key is known.
    /// Ignored after setConnection().
    void useSecretStore(SecretStore *secrets);
    /// Points generation at `baseUrl` with `apiKey`, the explicit level that nothing overrides
    /// (the keychain is no longer read), and labels the status bar as a simulation when
    /// `simulation` is true. Loads the model list from there.
    void setConnection(const QString &baseUrl, const QString &apiKey, bool simulation);
    bool isSimulation() const { return m_simulation; }
    /// Where the next generation goes and with which key (AppConnection's precedence).
    AppConnection *connection() const { return m_connection; }

    /// Show the prompt preview (editable) before sending; on by default.
    void setPreviewBeforeSending(bool on);
    QString model() const;
    void setModel(const QString &model);

    /// Prepares a job on the open chapter from the editor (see prepareGenerationJob).
    Result<GenerationJob> prepare(GenerationMode mode) const;
    /// What the writer must do before `mode` can run (open a chapter, write something to
    /// continue, select a passage), translated; empty when nothing is missing. Core's
    /// InvalidArgument names all three alike, so the panel says which one it is.
    QString missingFor(GenerationMode mode) const;
    /// Prepares and (after the preview, if on) starts; false with a message when it could not.
    bool generate(GenerationMode mode);
    /// Drafts scene beat `beatId` of the open chapter (prepareBeatJob) like generate() does a
    /// mode: after the preview, if on, it streams into the draft pane, and Accept inserts it
    /// at the editor's cursor as it was when the generation started. False with a message
    /// when it could not start.
    bool draftBeat(std::int64_t beatId);
    /// Starts `job` now; false with a message when it could not.
    bool start(const GenerationJob &job);
    /// Stops the running generation at once: the text streamed so far stays in the draft pane
    /// and can be accepted; the final result (cost of the cut attempt) is recorded when the
    /// Router reports it.
    void stop();
    /// Puts the draft into the chapter (the old body becomes a revision); false on failure.
    bool accept();
    void discard();
    /// On quit: cancels a running generation (the runtime records it as cancelled, with its
    /// partial text and best-known cost).
    void shutdown();
    /// A chapter was opened: when a crash interrupted a generation of it (its text is in the
    /// library, novel::recoveredDraft), the draft pane offers that text to accept or discard.
    void offerRecoveredDraft(std::int64_t chapterId);
    /// The generation row whose recovered text the pane offers (0 when none).
    std::int64_t recoveredGenerationId() const { return m_recovered; }

    bool isRunning() const { return m_ticket != 0; }
    bool hasDraft() const;
    QString draftText() const { return m_text; }
    /// The last error or notice shown under the draft pane.
    QString message() const;
    /// What the status bar shows now.
    QString statusText() const;
    QPlainTextEdit *draftPane() const { return m_draft; }
    /// The outcome of the last generation, until the draft is accepted or discarded.
    const std::optional<routing::GenerationResult> &lastResult() const { return m_result; }
    /// The stored generation record of the current draft (0 when none).
    std::int64_t recordId() const { return m_recordId; }

signals:
    /// A generation ended (ok or not); the draft and message are up to date.
    void generationFinished(bool ok);
    void draftAccepted(std::int64_t chapterId);

private:
    void createWidgets();
    void createActions();
    void updateActions();
    void updateStatus();
    void showMessage(const QString &text, bool error);
    void loadPresets();
    /// A key became known (the environment's, or the keychain's was read): builds the Router
    /// and fetches the model list.
    void keyKnown();
    bool ensureRouter(const QString &preset, std::int64_t bookId);
    void onFirstToken(quint64 id, double ttftMs, const QString &provider,
                      const QString &quantization, bool degraded);
    void onDelta(quint64 id, const QByteArray &utf8);
    void onAttemptStarted(quint64 id, const QString &provider, const QString &quantization);
    void onAttemptFinished(quint64 id, const scriptorium::routing::AttemptRecord &attempt);
    void onFinished(quint64 id, const scriptorium::routing::GenerationResult &result,
                    qint64 recordId, const QString &recordError);
    /// The chapter text once the draft is put in place (novel::spliceDraft over the editor's
    /// text, or the job's when another chapter is open). Conflict when the selected passage
    /// was changed meanwhile.
    Result<QString> splicedDraft() const;

    EditorHost *m_host;
    QPointer<GenerationBridge> m_bridge;
    QPointer<LibrarySession> m_session; ///< the library the running generation records into
    QList<QAction *> m_actions;
    QAction *m_draftAction = nullptr;
    QAction *m_continueAction = nullptr;
    QAction *m_rewriteAction = nullptr;
    QAction *m_expandAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_acceptAction = nullptr;
    QAction *m_discardAction = nullptr;
    QComboBox *m_model = nullptr;
    QComboBox *m_preset = nullptr;
    QCheckBox *m_preview = nullptr;
    QPlainTextEdit *m_draft = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_status = nullptr;

    AppConnection *m_connection = nullptr;
    /// The connection the Router was last built for, as m_connection resolved it then.
    QString m_baseUrl;
    QString m_apiKey;
    bool m_simulation = false;
    QString m_configuredPreset; ///< the preset the bridge's Router was built with
    bool m_routerReady = false;

    quint64 m_ticket = 0;
    /// A stopped generation whose final result (and cost) has not arrived yet.
    quint64 m_stoppedTicket = 0;
    std::optional<GenerationJob> m_job;
    std::int64_t m_recovered = 0; ///< the offered recovered draft's generation row
    std::int64_t m_recordId = 0;
    QByteArray m_pendingBytes; ///< an incomplete UTF-8 tail waiting for its next bytes
    QString m_text;
    std::optional<routing::GenerationResult> m_result;
    QString m_provider;
    QString m_quantization;
    bool m_degraded = false;
    double m_ttftMs = -1;
    std::size_t m_tokens = 0;
    double m_spentUsd = 0; ///< finished attempts
};

} // namespace scriptorium::ui
