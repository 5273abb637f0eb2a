// MainWindow: the generation dock, its Generate menu and status-bar widget (ui/generation).
#include "ui/main_window.h"

#include "ui/beat_list.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_panel.h"
#include "ui/outline_panel.h"
#include "ui/runtime/app_runtime.h"

#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>

namespace scriptorium::ui {

void MainWindow::createGenerationDock()
{
    // The window's one routing core (AppRuntime::of(window) finds it): Generate, Batch, the
    // dashboard and the routing editor share it. Created before the docks that use it.
    auto *runtime = new AppRuntime(this);
    // Both are children of the window; the panel holds a guarded pointer to the bridge, so
    // the order in which Qt deletes children does not matter.
    m_generationBridge = new GenerationBridge(runtime, this);
    m_generationPanel = new GenerationPanel(this, m_generationBridge, this);
    m_generationDock = new QDockWidget(tr("Generate"), this);
    m_generationDock->setObjectName(QStringLiteral("generationDock"));
    m_generationDock->setWidget(m_generationPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_generationDock);
    if (m_outlineDock)
        tabifyDockWidget(m_outlineDock, m_generationDock);
    m_generationDock->raise();

    QMenu *generate = new QMenu(tr("&Generate"), this);
    // Before Help, so the menu order reads File, Edit, View, Generate, Help.
    const QList<QAction *> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.last(), generate);
    const QList<QAction *> actions = m_generationPanel->generationActions();
    for (int i = 0; i < actions.size(); ++i) {
        if (i == 4)
            generate->addSeparator(); // Stop / Accept / Discard
        generate->addAction(actions[i]);
        // Window-level, so the shortcuts keep working in focus mode (menus hidden).
        QMainWindow::addAction(actions[i]);
        m_actions << actions[i];
    }
    QAction *toggle = m_generationDock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionToggleGeneration"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    generate->addSeparator();
    generate->addAction(toggle);
    QMainWindow::addAction(toggle);
    m_actions << toggle;

    // "Draft at cursor" in the Outline panel's beats runs here, where the stream is shown.
    connect(m_outlinePanel->beatList(), &BeatList::draftBeatRequested, this,
            [this](std::int64_t beatId) {
                m_generationDock->show();
                m_generationDock->raise();
                m_generationPanel->draftBeat(beatId);
            });

    // Left of the save state and the length count.
    statusBar()->insertPermanentWidget(0, m_generationPanel->statusWidget());
    m_generationPanel->useSecretStore(m_secrets);
}

void MainWindow::shutdownGeneration()
{
    if (m_generationPanel)
        m_generationPanel->shutdown();
    if (m_generationBridge)
        m_generationBridge->shutdown();
}

} // namespace scriptorium::ui
