// MainWindow: the Batch dock and its View menu entry (ui/batch).
#include "ui/main_window.h"

#include "ui/batch/batch_bridge.h"
#include "ui/batch/batch_panel.h"
#include "ui/library_tree.h"
#include "ui/routing/routing_session.h"
#include "ui/runtime/app_runtime.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>

namespace scriptorium::ui {

void MainWindow::createBatchDock()
{
    // Both are children of the window; the panel holds a guarded pointer to the bridge.
    m_batchBridge = new BatchBridge(AppRuntime::of(this), this);
    m_batchPanel = new BatchPanel(this, m_batchBridge, this);
    m_batchDock = new QDockWidget(tr("Batch"), this);
    m_batchDock->setObjectName(QStringLiteral("batchDock"));
    m_batchDock->setWidget(m_batchPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_batchDock);
    if (m_outlineDock)
        tabifyDockWidget(m_outlineDock, m_batchDock);
    if (m_generationDock)
        m_generationDock->raise();

    // The panel follows the book selected in the library tree.
    auto followTree = [this] {
        m_batchPanel->setBook(m_libraryTree->currentBookId());
    };
    connect(m_libraryTree, &LibraryTree::bookSelected, this, followTree);
    connect(m_libraryTree, &LibraryTree::chapterSelected, this, followTree);
    // A saved routing config may change the stage policies the forecast's saving comes from.
    connect(m_routing, &RoutingSession::configChanged, m_batchPanel,
            &BatchPanel::routingConfigChanged);

    QAction *toggle = m_batchDock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionToggleBatch"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    // In the View menu after the other docks (before its first separator).
    const QList<QAction *> menus = menuBar()->actions();
    for (QAction *menu : menus) {
        if (!menu->menu() || !menu->menu()->actions().contains(m_bibleDock->toggleViewAction()))
            continue;
        const QList<QAction *> entries = menu->menu()->actions();
        const qsizetype after = entries.indexOf(m_bibleDock->toggleViewAction()) + 1;
        menu->menu()->insertAction(after < entries.size() ? entries[after] : nullptr, toggle);
        break;
    }
    QMainWindow::addAction(toggle);
    m_actions << toggle;
    m_batchPanel->useSecretStore(m_secrets);
}

void MainWindow::shutdownBatch()
{
    if (m_batchPanel)
        m_batchPanel->shutdown();
    // Last of the quit (after the Generate and Batch docks stopped what they ran on it): the
    // window's routing core stops its network and joins its threads.
    if (AppRuntime *runtime = AppRuntime::of(this))
        runtime->shutdown();
}

} // namespace scriptorium::ui
