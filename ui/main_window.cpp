#include "ui/main_window.h"

#include "ui/length_indicator.h"
#include "util/version.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTreeView>

namespace scriptorium::ui {

namespace {

constexpr auto kGeometryKey = "mainWindow/geometry";
constexpr auto kStateKey = "mainWindow/state";

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QApplication::applicationDisplayName());

    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("chapterEditor"));
    m_editor->setPlaceholderText(tr("Open a chapter from the library, or start writing here."));
    m_editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setCentralWidget(m_editor);

    m_libraryModel = new QStandardItemModel(this);
    m_libraryModel->setHorizontalHeaderLabels({tr("Title"), tr("Length"), tr("Status")});

    m_libraryTree = new QTreeView(this);
    m_libraryTree->setObjectName(QStringLiteral("libraryTree"));
    m_libraryTree->setModel(m_libraryModel);
    m_libraryTree->setUniformRowHeights(true);
    m_libraryTree->header()->setStretchLastSection(false);
    m_libraryTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);

    m_libraryDock = new QDockWidget(tr("Library"), this);
    m_libraryDock->setObjectName(QStringLiteral("libraryDock"));
    m_libraryDock->setWidget(m_libraryTree);
    m_libraryDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_libraryDock);

    m_lengthIndicator = new LengthIndicator(m_editor, this);
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addPermanentWidget(m_lengthIndicator);

    createActions();
    restoreLayout();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("actionQuit"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *toggleLibrary = m_libraryDock->toggleViewAction();
    toggleLibrary->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    view->addAction(toggleLibrary);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Scriptorium"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
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
    settings.setValue(QString::fromLatin1(kStateKey), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
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
