// MainWindow: continuing a book the writer wrote (ui/analysis, issue 16 part 1): Book → Analyse
// Book… and Book → Continue Book….
#include "ui/main_window.h"

#include "novel/book_continuation.h"
#include "novel/shared_database.h"
#include "ui/analysis/analysis_bridge.h"
#include "ui/analysis/analysis_dialog.h"
#include "ui/batch/batch_panel.h"
#include "ui/bible_panel.h"
#include "ui/error_messages.h"
#include "ui/library_session.h"
#include "ui/runtime/app_runtime.h"

#include <QAction>
#include <QDockWidget>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

namespace scriptorium::ui {

void MainWindow::createAnalysisActions()
{
    m_analysisBridge = new AnalysisBridge(AppRuntime::of(this), this);
    QMenu *book = m_bookMenu;
    book->addSeparator();
    QAction *analyse = addAction(book, tr("A&nalyse Book…"), "actionAnalyseBook");
    connect(analyse, &QAction::triggered, this, [this] { (void)analyseBook(); });
    QAction *cont = addAction(book, tr("Con&tinue Book…"), "actionContinueBook");
    connect(cont, &QAction::triggered, this, [this] { (void)continueBook(); });
    connect(m_analysisBridge, &AnalysisBridge::continuationOutlined, this,
            [this](std::int64_t bookId, int first, int last, double cost) {
                // The drafting is a batch: the writer sees its forecast and starts it there.
                m_batchPanel->setBook(bookId);
                m_batchPanel->setMode(novel::BatchMode::Sequential);
                m_batchPanel->setRange(first, last);
                m_batchDock->show();
                m_batchDock->raise();
                statusBar()->showMessage(
                    tr("Chapters %1–%2 are outlined (%3); start the batch to write them.")
                        .arg(first)
                        .arg(last)
                        .arg(QStringLiteral("$%1").arg(cost, 0, 'f', 4)),
                    10000);
            });
    connect(m_analysisBridge, &AnalysisBridge::failed, this, [this](const QString &message) {
        if (m_continuing) {
            m_continuing = false;
            QMessageBox::warning(this, tr("Continue Book"), message);
        }
    });
    connect(m_analysisBridge, &AnalysisBridge::continuationOutlined, this,
            [this] { m_continuing = false; });
}

void MainWindow::shutdownAnalysis()
{
    if (m_analysisBridge)
        m_analysisBridge->shutdown();
}

AnalysisDialog *MainWindow::analyseBook(std::int64_t bookId)
{
    if (bookId == 0)
        bookId = chosenBookId();
    if (!m_session || bookId == 0) {
        QMessageBox::information(this, tr("Analyse Book"),
                                 tr("Select a book in the library first."));
        return nullptr;
    }
    auto book = m_session->books().get(bookId);
    if (!book) {
        reportError(book.error());
        return nullptr;
    }
    m_batchPanel->setBook(bookId); // the same connection, preset and model as its batches
    auto *dialog
        = new AnalysisDialog(m_analysisBridge, m_session->path(), m_batchPanel->connection(),
                             bookId, QString::fromStdString(book->title), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AnalysisDialog::analysisFinished, this, [this](std::int64_t id) {
        if (m_biblePanel->bookId() == id)
            m_biblePanel->reload();
        else
            m_biblePanel->setBook(id);
        m_bibleDock->show();
    });
    dialog->show();
    return dialog;
}

bool MainWindow::continueBook(std::int64_t bookId, int chapters)
{
    if (bookId == 0)
        bookId = chosenBookId();
    if (!m_session || bookId == 0) {
        QMessageBox::information(this, tr("Continue Book"),
                                 tr("Select a book in the library first."));
        return false;
    }
    if (m_analysisBridge->isBusy()) {
        QMessageBox::information(this, tr("Continue Book"),
                                 tr("An analysis is running; wait until it ends."));
        return false;
    }
    m_biblePanel->flush();
    // Refused with what to do when the book is not analysed or waits for review.
    novel::SharedDatabase shared(m_session->database());
    if (auto ready = novel::continuationRange(shared, bookId, 1); !ready) {
        QMessageBox::information(this, tr("Continue Book"), errorText(ready.error()));
        return false;
    }
    if (chapters <= 0) {
        bool ok = false;
        chapters = QInputDialog::getInt(
            this, tr("Continue Book"),
            tr("Chapters to write after the last one (outlined now, then drafted as a batch):"), 5,
            1, 500, 1, &ok);
        if (!ok)
            return false;
    }
    m_batchPanel->setBook(bookId);
    if (!m_analysisBridge->outlineContinuation(m_session->path(), m_batchPanel->connection(),
                                               bookId, chapters))
        return false;
    m_continuing = true;
    statusBar()->showMessage(tr("Outlining the next %n chapter(s)…", nullptr, chapters));
    return true;
}

} // namespace scriptorium::ui
