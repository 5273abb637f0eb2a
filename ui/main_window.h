#pragma once

#include "ui/editor_host.h"
#include "util/result.h"

#include <QFuture>
#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <cstdint>
#include <memory>
#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QTreeView;

namespace scriptorium::store {
class WritingSession;
}

namespace scriptorium::ui {

class Autosaver;
class BiblePanel;
class ChapterEditor;
class FindBar;
class LengthIndicator;
class LibrarySession;
class LibraryTree;
class RoutingSession;
class OutlinePanel;
class SecretStore;
class GenerationBridge;
class GenerationPanel;
class BatchBridge;
class AuditBridge;
class AnalysisBridge;
class AnalysisDialog;
class AskPanel;
struct AskContext;
class WritingGoalsDialog;
class AuditDialog;
class FindingsDialog;
class BatchPanel;

/// The writer's main window: the library tree (books → chapters) in the left dock, the chapter
/// editor with its find bar in the centre, the story bible and chapter outline in right-hand
/// docks, and a status bar with the save state and live length. Later panels (generation,
/// batch) dock on the right; generation status widgets go into the status bar left of the
/// length count (see docs/gui.md). Remembers geometry and dock layout across runs.
class MainWindow : public QMainWindow, public EditorHost {
    Q_OBJECT

public:
    /// `secrets` is borrowed and must outlive the window; null uses the OS keychain (owned).
    explicit MainWindow(SecretStore *secrets = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens (creating if needed) the library file at `path`, saving the open chapter first.
    /// On failure shows nothing and returns core's error (an older library is upgraded first).
    Status openLibraryFile(const QString &path);
    LibrarySession *session() const override { return m_session.get(); }

    LibraryTree *libraryTree() const { return m_libraryTree; }
    BiblePanel *biblePanel() const { return m_biblePanel; }
    OutlinePanel *outlinePanel() const { return m_outlinePanel; }
    /// The chapter in the editor, or 0.
    std::int64_t openChapterId() const override { return m_chapterId; }
    /// Saves the editor and panels now; false when a write failed.
    bool saveAll() override;
    QString editorText() const override;
    QTextCursor editorCursor() const override;
    bool hasUnsavedEdits() const override;

    // Library commands (also behind the menus); each reports failures in the status bar and
    // returns core's error too.
    Result<std::int64_t> newBook(const QString &title);
    Result<std::int64_t> newChapter(const QString &title);
    bool openChapter(std::int64_t chapterId) override;
    bool trashChapter(std::int64_t chapterId);
    bool restoreChapter(std::int64_t chapterId);
    bool moveChapter(std::int64_t chapterId, int position);
    /// Replaces in every chapter of the open book (novel/book_replace.h) off the GUI thread;
    /// the open chapter is replaced in its editor once the rest is written, as one undo step
    /// that keeps any unsaved text. The future, finished on the GUI thread, holds the number
    /// of replacements (0 after an error, which is reported in the status bar).
    QFuture<int> replaceInBook(const QString &needle, const QString &with, int findFlags);
    void showRevisions();
    void showSearch();
    void showExport();
    ChapterEditor *editor() const { return m_editor; }
    FindBar *findBar() const { return m_findBar; }
    Autosaver *autosaver() const { return m_autosaver; }
    SecretStore *secretStore() const { return m_secrets; }
    /// The generation dock's panel and the bridge that owns the network (ui/generation).
    GenerationPanel *generationPanel() const { return m_generationPanel; }
    GenerationBridge *generationBridge() const { return m_generationBridge; }
    /// The Batch dock's panel and the bridge that runs its batches (ui/batch).
    BatchPanel *batchPanel() const { return m_batchPanel; }
    BatchBridge *batchBridge() const { return m_batchBridge; }
    /// The routing config and the one routing strategy every request of this window uses (the
    /// Generate and Batch docks) and the dashboard's Routing tab shows (ui/routing).
    RoutingSession *routingSession() const override { return m_routing; }

    /// Every action with a shortcut, for the shortcuts dialog and the tests.
    QList<QAction *> shortcutActions() const;

    bool isFocusMode() const { return m_focusMode; }
    void setFocusMode(bool on);
    void showShortcuts();
    void showSettings();
    /// Re-reads font and line spacing from AppSettings.
    void applyEditorSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createEditor();
    void createDocks();
    void createActions();
    void createStatusBar();
    // ui/generation/main_window_generation.cpp
    void createGenerationDock();
    void shutdownGeneration();
    // ui/batch/main_window_batch.cpp
    void createBatchDock();
    void shutdownBatch();
    // ui/quality/main_window_quality.cpp
    void createQualityActions();
    void shutdownQuality();
    // ui/analysis/main_window_analysis.cpp
    void createAnalysisActions();
    void shutdownAnalysis();

public:
    /// Book → Continuity Audit… for `bookId` (0: the book selected in the library): the
    /// price, then the audit in the background. Returns the dialog (tests), or null when no
    /// book is chosen.
    AuditDialog *auditContinuity(std::int64_t bookId = 0);
    /// Book → Quality Findings… for `bookId` (0: the selected book); null when none.
    FindingsDialog *showFindings(std::int64_t bookId = 0);
    /// Book → Ask the Manuscript…: shows the Ask side panel and focuses its question; it asks
    /// about the book selected in the library (or the open chapter's) when the writer looks a
    /// question up.
    AskPanel *askManuscript();
    /// Opens chapter `chapterId` and selects `quote` in it (where it is now, found like the
    /// audit finds quotes); false when the chapter cannot be opened.
    bool openFinding(std::int64_t chapterId, const QString &quote);
    AuditBridge *auditBridge() const { return m_auditBridge; }
    /// Book → Analyse Book… for `bookId` (0: the selected book): the price and time, then the
    /// analysis in the background; the derived entries wait in the Story Bible panel. Returns
    /// the dialog (tests), or null when no book is chosen.
    AnalysisDialog *analyseBook(std::int64_t bookId = 0);
    /// Book → Continue Book…: `chapters` (0: asked) after the last written chapter are
    /// outlined in the background, then the Batch dock is set to draft them. False (with a
    /// message saying what to do) when the book is not analysed or waits for review.
    bool continueBook(std::int64_t bookId = 0, int chapters = 0);
    AnalysisBridge *analysisBridge() const { return m_analysisBridge; }

private:
    std::int64_t chosenBookId() const;
    /// The library, connection and book the Ask panel asks about now (nullopt: none chosen).
    std::optional<AskContext> askContext();
    // main_window_writing.cpp
    void createWritingActions();
    /// The status bar's "today" figure for the open chapter's book (store::WritingLog).
    void updateWritingToday();

public:
    /// What the status bar says of today's writing (tests).
    QString writingTodayText() const;
    /// Book → Writing Goals… for `bookId` (0: the selected book); null when none.
    WritingGoalsDialog *showWritingGoals(std::int64_t bookId = 0);

private:
    void restoreLayout();
    void saveLayout() const;
    void showAbout();
    void updateSaveState();
    QAction *addAction(QMenu *menu, const QString &text, const char *objectName,
                       const QKeySequence &shortcut = {});
    // main_window_library.cpp
    void createLibraryActions();
    void chooseNewLibrary();
    void chooseLibrary();
    void fillRecentMenu();
    void onChapterSelected(std::int64_t chapterId);
    void renameCurrent();
    void trashCurrent();
    void restoreCurrent();
    void deleteCurrentBook();
    void stepChapter(int delta);
    void updateTitle();
    Status saveOpenChapter(const QString &text);
    /// What the writer reads when the chapter could not be saved (the autosaver's last error).
    QString unsavedText() const;
    void reportError(const QString &message);
    /// errorText() in the status bar, core's own words (errorDetail()) as its tooltip;
    /// `lead`, when given, is a translated sentence with %1 for errorText().
    void reportError(const Error &error, const QString &lead = {});
    void showLibraryError(const QString &title, const QString &path, const Error &error);

    SecretStore *m_secrets = nullptr;
    RoutingSession *m_routing = nullptr;
    std::unique_ptr<LibrarySession> m_session;
    std::int64_t m_chapterId = 0;
    QString m_chapterTitle;
    QDockWidget *m_libraryDock = nullptr;
    QDockWidget *m_bibleDock = nullptr;
    QDockWidget *m_outlineDock = nullptr;
    LibraryTree *m_libraryTree = nullptr;
    BiblePanel *m_biblePanel = nullptr;
    OutlinePanel *m_outlinePanel = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_bookMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    ChapterEditor *m_editor = nullptr;
    FindBar *m_findBar = nullptr;
    Autosaver *m_autosaver = nullptr;
    LengthIndicator *m_lengthIndicator = nullptr;
    QLabel *m_saveState = nullptr;
    QLabel *m_writingToday = nullptr; ///< today's writing, the goal and the streak
    QString m_reportedError; ///< the status-bar message whose detail is the bar's tooltip
    QList<QAction *> m_actions;
    bool m_focusMode = false;
    QByteArray m_stateBeforeFocus;
    GenerationBridge *m_generationBridge = nullptr;
    GenerationPanel *m_generationPanel = nullptr;
    QDockWidget *m_generationDock = nullptr;
    BatchBridge *m_batchBridge = nullptr;
    BatchPanel *m_batchPanel = nullptr;
    QDockWidget *m_batchDock = nullptr;
    AuditBridge *m_auditBridge = nullptr;
    AnalysisBridge *m_analysisBridge = nullptr;
    bool m_continuing = false; ///< a continuation is being outlined
    AskPanel *m_askPanel = nullptr;
    QDockWidget *m_askDock = nullptr;
    QMenu *m_viewMenu = nullptr;
    std::unique_ptr<store::WritingSession> m_writingSession; ///< this sitting's writing
    QPointer<WritingGoalsDialog> m_goalsDialog;
};

} // namespace scriptorium::ui
