#include "ui/main_window.h"

#include "store/writing_log.h"
#include "ui/app_settings.h"
#include "ui/autosaver.h"
#include "ui/bible_panel.h"
#include "ui/chapter_editor.h"
#include "ui/dashboard/dashboard_launcher.h"
#include "ui/error_messages.h"
#include "ui/find_bar.h"
#include "ui/length_indicator.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/outline_panel.h"
#include "ui/routing/routing_session.h"
#include "ui/secret_store.h"
#include "ui/settings_dialog.h"
#include "ui/shortcuts_dialog.h"
#include "util/version.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

constexpr auto kGeometryKey = "mainWindow/geometry";
constexpr auto kStateKey = "mainWindow/state";

} // namespace

MainWindow::MainWindow(SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent)
    , m_secrets(secrets ? secrets : new KeychainSecretStore(this))
    , m_routing(new RoutingSession({}, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QApplication::applicationDisplayName());
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    createEditor();
    createStatusBar();
    createDocks();
    createActions();
    createGenerationDock();
    createBatchDock();
    createQualityActions();
    createAnalysisActions();
    createWritingActions();
    applyEditorSettings();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createEditor()
{
    m_editor = new ChapterEditor(this);
    m_editor->setPlaceholderText(tr("Open a chapter from the library, or start writing here."));
    m_findBar = new FindBar(m_editor, this);

    auto *centre = new QWidget(this);
    centre->setObjectName(QStringLiteral("editorArea"));
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_findBar);
    setCentralWidget(centre);

    m_autosaver = new Autosaver(this);
    m_autosaver->setFunctions([this] { return m_editor->text(); },
                              [this](const QString &text) { return saveOpenChapter(text); });
    connect(m_editor, &ChapterEditor::userEdited, this, [this] {
        if (m_chapterId != 0)
            m_autosaver->markDirty();
    });
    connect(m_autosaver, &Autosaver::stateChanged, this, &MainWindow::updateSaveState);
    connect(m_findBar, &FindBar::replaceInBookRequested, this,
            [this](const QString &needle, const QString &with, QTextDocument::FindFlags flags) {
                m_findBar->showMessage(tr("Replacing in the book…"));
                replaceInBook(needle, with, int(flags)).then(this, [this](int count) {
                    m_findBar->showMessage(tr("%n replaced in the book", nullptr, count));
                });
            });
}

void MainWindow::createDocks()
{
    m_libraryTree = new LibraryTree(this);
    m_libraryTree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_libraryDock = new QDockWidget(tr("Library"), this);
    m_libraryDock->setObjectName(QStringLiteral("libraryDock"));
    m_libraryDock->setWidget(m_libraryTree);
    m_libraryDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_libraryDock);
    connect(m_libraryTree, &LibraryTree::chapterSelected, this, &MainWindow::onChapterSelected);
    connect(m_libraryTree, &LibraryTree::bookSelected, this, [this](std::int64_t bookId) {
        m_biblePanel->setBook(bookId);
        updateTitle();
    });
    connect(m_libraryTree, &LibraryTree::moveRequested, this, &MainWindow::moveChapter);

    // The right-hand area holds the chapter's plan and the story bible; the generation and
    // batch panels join it as further tabbed docks.
    m_outlinePanel = new OutlinePanel(this);
    m_outlineDock = new QDockWidget(tr("Chapter"), this);
    m_outlineDock->setObjectName(QStringLiteral("outlineDock"));
    // The chapter's fields and its scene beats are taller than a small window: they scroll
    // rather than set the window's minimum height.
    auto *outlineScroll = new QScrollArea(this);
    outlineScroll->setObjectName(QStringLiteral("outlineScroll"));
    outlineScroll->setWidget(m_outlinePanel);
    outlineScroll->setWidgetResizable(true);
    outlineScroll->setFrameShape(QFrame::NoFrame);
    m_outlineDock->setWidget(outlineScroll);
    addDockWidget(Qt::RightDockWidgetArea, m_outlineDock);
    m_biblePanel = new BiblePanel(this);
    m_bibleDock = new QDockWidget(tr("Story Bible"), this);
    m_bibleDock->setObjectName(QStringLiteral("bibleDock"));
    m_bibleDock->setWidget(m_biblePanel);
    addDockWidget(Qt::RightDockWidgetArea, m_bibleDock);
    tabifyDockWidget(m_outlineDock, m_bibleDock);
    m_outlineDock->raise();
    resizeDocks({m_libraryDock, m_outlineDock}, {260, 320}, Qt::Horizontal);

    connect(m_outlinePanel, &OutlinePanel::metaSaved, this, [this] {
        m_libraryTree->reload();
        updateTitle();
    });
    connect(m_outlinePanel, &OutlinePanel::targetChanged, m_lengthIndicator,
            &LengthIndicator::setTarget);
    connect(m_outlinePanel, &OutlinePanel::saveFailed, this,
            [this](const Error &error) { reportError(error); });
    connect(m_biblePanel, &BiblePanel::saveFailed, this,
            [this](const Error &error) { reportError(error); });
}

void MainWindow::createStatusBar()
{
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    m_saveState = new QLabel(this);
    m_saveState->setObjectName(QStringLiteral("saveState"));
    m_lengthIndicator = new LengthIndicator(m_editor, this);
    m_writingToday = new QLabel(this);
    m_writingToday->setObjectName(QStringLiteral("writingToday"));
    statusBar()->addPermanentWidget(m_writingToday);
    statusBar()->addPermanentWidget(m_saveState);
    statusBar()->addPermanentWidget(m_lengthIndicator);
    // An error's detail stays the bar's tooltip only while its message is shown.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString &message) {
        if (message.isEmpty() || message != m_reportedError) {
            m_reportedError.clear();
            statusBar()->setToolTip({});
        }
    });
    updateSaveState();
}

QAction *MainWindow::addAction(QMenu *menu, const QString &text, const char *objectName,
                               const QKeySequence &shortcut)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    menu->addAction(action);
    // Window-level actions keep their shortcuts working in focus mode, where the menu bar
    // is hidden.
    QWidget::addAction(action);
    m_actions << action;
    return action;
}

void MainWindow::createActions()
{
    createLibraryActions();
    QMenu *file = m_fileMenu;
    file->addSeparator();
    // Explicit: QKeySequence::Quit is empty outside X11 key schemes.
    QAction *quit = addAction(file, tr("&Quit"), "actionQuit", QKeySequence(Qt::CTRL | Qt::Key_Q));
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = addAction(edit, tr("&Undo"), "actionUndo", QKeySequence::Undo);
    connect(undo, &QAction::triggered, m_editor, &QTextEdit::undo);
    connect(m_editor, &QTextEdit::undoAvailable, undo, &QAction::setEnabled);
    undo->setEnabled(false);
    QAction *redo = addAction(edit, tr("&Redo"), "actionRedo", QKeySequence::Redo);
    connect(redo, &QAction::triggered, m_editor, &QTextEdit::redo);
    connect(m_editor, &QTextEdit::redoAvailable, redo, &QAction::setEnabled);
    redo->setEnabled(false);
    // The editor handles these keys itself; the actions exist for the menu and the list.
    undo->setShortcutContext(Qt::WidgetShortcut);
    redo->setShortcutContext(Qt::WidgetShortcut);
    edit->addSeparator();
    QAction *find = addAction(edit, tr("&Find…"), "actionFind", QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_findBar->setWholeBook(false);
        m_findBar->activate(false);
    });
    QAction *findNext = addAction(edit, tr("Find &Next"), "actionFindNext", QKeySequence::FindNext);
    connect(findNext, &QAction::triggered, this, [this] { m_findBar->findNext(false); });
    QAction *findPrevious
        = addAction(edit, tr("Find Pre&vious"), "actionFindPrevious", QKeySequence::FindPrevious);
    connect(findPrevious, &QAction::triggered, this, [this] { m_findBar->findNext(true); });
    QAction *replace
        = addAction(edit, tr("&Replace…"), "actionReplace", QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(replace, &QAction::triggered, this, [this] {
        m_findBar->setWholeBook(false);
        m_findBar->activate(true);
    });
    QAction *replaceBook = addAction(edit, tr("Replace in &Book…"), "actionReplaceInBook",
                                     QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    connect(replaceBook, &QAction::triggered, this, [this] {
        m_findBar->setWholeBook(true);
        m_findBar->activate(true);
    });
    edit->addSeparator();
    QAction *settings = addAction(edit, tr("&Settings…"), "actionSettings",
                                  QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setMenuRole(QAction::PreferencesRole);
    connect(settings, &QAction::triggered, this, &MainWindow::showSettings);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_viewMenu = view;
    QAction *toggleLibrary = m_libraryDock->toggleViewAction();
    toggleLibrary->setObjectName(QStringLiteral("actionToggleLibrary"));
    toggleLibrary->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    view->addAction(toggleLibrary);
    m_actions << toggleLibrary;
    QAction *toggleOutline = m_outlineDock->toggleViewAction();
    toggleOutline->setObjectName(QStringLiteral("actionToggleOutline"));
    toggleOutline->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    view->addAction(toggleOutline);
    m_actions << toggleOutline;
    QAction *toggleBible = m_bibleDock->toggleViewAction();
    toggleBible->setObjectName(QStringLiteral("actionToggleBible"));
    toggleBible->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    view->addAction(toggleBible);
    m_actions << toggleBible;
    view->addSeparator();
    QAction *focus
        = addAction(view, tr("&Focus Mode"), "actionFocusMode", QKeySequence(Qt::Key_F11));
    focus->setCheckable(true);
    connect(focus, &QAction::toggled, this, &MainWindow::setFocusMode);
    view->addSeparator();
    QAction *dashboard = addAction(view, tr("Provider &Dashboard"), "actionDashboard",
                                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(dashboard, &QAction::triggered, this, [this] { showDashboard(this, m_session.get()); });
    QAction *routing = addAction(view, tr("&Routing…"), "actionRouting");
    connect(routing, &QAction::triggered, this, [this] { showRoutingEditor(this); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = addAction(help, tr("&Keyboard Shortcuts"), "actionShortcuts",
                                   QKeySequence(Qt::CTRL | Qt::Key_Slash));
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    help->addSeparator();
    help->addAction(tr("&About Scriptorium"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QList<QAction *> MainWindow::shortcutActions() const
{
    QList<QAction *> withKeys;
    for (QAction *action : m_actions) {
        if (!action->shortcuts().isEmpty())
            withKeys << action;
    }
    return withKeys;
}

void MainWindow::setFocusMode(bool on)
{
    if (on == m_focusMode)
        return;
    m_focusMode = on;
    if (on) {
        m_stateBeforeFocus = saveState();
        const auto docks = findChildren<QDockWidget *>();
        for (QDockWidget *dock : docks)
            dock->hide();
        menuBar()->hide();
        statusBar()->hide();
    } else {
        menuBar()->show();
        statusBar()->show();
        restoreState(m_stateBeforeFocus);
    }
    m_editor->setCentredColumn(on);
    if (auto *action = findChild<QAction *>(QStringLiteral("actionFocusMode")))
        action->setChecked(on);
    m_editor->setFocus();
}

void MainWindow::applyEditorSettings()
{
    m_editor->setEditorFont(AppSettings::editorFont());
    m_editor->setLineSpacing(AppSettings::lineSpacing());
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_secrets, this);
    connect(&dialog, &SettingsDialog::editorSettingsChanged, this,
            &MainWindow::applyEditorSettings);
    dialog.exec();
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(shortcutActions(), this);
    dialog.exec();
}

void MainWindow::updateSaveState()
{
    switch (m_autosaver->state()) {
    case Autosaver::State::Saved:
        m_saveState->setText(tr("Saved"));
        m_saveState->setToolTip({});
        break;
    case Autosaver::State::Unsaved:
        m_saveState->setText(tr("Edited"));
        m_saveState->setToolTip(tr("Saved automatically when you pause typing."));
        break;
    case Autosaver::State::Saving:
        m_saveState->setText(tr("Saving…"));
        break;
    case Autosaver::State::Failed:
        m_saveState->setText(tr("Not saved"));
        m_saveState->setToolTip(unsavedText());
        break;
    }
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(QString::fromLatin1(kGeometryKey)).toByteArray()))
        resize(1100, 720);
    restoreState(settings.value(QString::fromLatin1(kStateKey)).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QString::fromLatin1(kGeometryKey), saveGeometry());
    settings.setValue(QString::fromLatin1(kStateKey),
                      m_focusMode ? m_stateBeforeFocus : saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!saveAll()) {
        const auto answer = QMessageBox::warning(
            this, tr("Unsaved changes"),
            tr("The chapter could not be saved: %1\n\nQuit anyway and lose the last edits?")
                .arg(unsavedText()),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard) {
            event->ignore();
            return;
        }
    }
    saveLayout();
    shutdownGeneration();
    shutdownQuality();
    shutdownAnalysis();
    shutdownBatch();
    event->accept();
}

void MainWindow::reportError(const QString &message)
{
    statusBar()->showMessage(message, 10000);
}

void MainWindow::reportError(const Error &error, const QString &lead)
{
    m_reportedError = lead.isEmpty() ? errorText(error) : lead.arg(errorText(error));
    statusBar()->showMessage(m_reportedError, 10000);
    statusBar()->setToolTip(errorDetail(error));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Scriptorium"),
                       tr("<h3>Scriptorium %1</h3>"
                          "<p>Write novels with language models. Requests are routed through "
                          "OpenRouter, preferring fp8-quantized providers, and every provider's "
                          "speed and cost is measured.</p>")
                           .arg(QString::fromLatin1(kVersion)));
}

} // namespace scriptorium::ui
