// MainWindow: the quality findings and the continuity audit (ui/quality, issue 15).
#include "ui/main_window.h"

#include "novel/continuity_audit.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "ui/batch/batch_panel.h"
#include "ui/chapter_editor.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/quality/ask_panel.h"
#include "ui/quality/audit_bridge.h"
#include "ui/quality/audit_dialog.h"
#include "ui/quality/findings_dialog.h"
#include "ui/runtime/app_runtime.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTextCursor>

namespace scriptorium::ui {

void MainWindow::createQualityActions()
{
    m_auditBridge = new AuditBridge(AppRuntime::of(this), this);
    // At the end of the Book menu: the book's checks.
    QMenu *book = m_bookMenu;
    book->addSeparator();
    QAction *audit = addAction(book, tr("Continuity &Audit…"), "actionContinuityAudit");
    connect(audit, &QAction::triggered, this, [this] { (void)auditContinuity(); });
    QAction *findings = addAction(book, tr("Quality &Findings…"), "actionQualityFindings");
    connect(findings, &QAction::triggered, this, [this] { (void)showFindings(); });
    QAction *ask = addAction(book, tr("As&k the Manuscript…"), "actionAskManuscript",
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(ask, &QAction::triggered, this, [this] { (void)askManuscript(); });

    // A side panel rather than a dialog: the writer reads the cited passage in the editor
    // with the answer still beside it.
    m_askPanel = new AskPanel(
        m_auditBridge, [this] { return askContext(); }, this);
    connect(m_askPanel, &AskPanel::openRequested, this, &MainWindow::openFinding);
    m_askDock = new QDockWidget(tr("Ask"), this);
    m_askDock->setObjectName(QStringLiteral("askDock"));
    m_askDock->setWidget(m_askPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_askDock);
    tabifyDockWidget(m_bibleDock, m_askDock);
    m_askDock->hide();
    QAction *toggle = m_askDock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionToggleAsk"));
    m_viewMenu->insertAction(m_viewMenu->actions().value(3), toggle);
    m_actions << toggle;
}

std::optional<AskContext> MainWindow::askContext()
{
    const std::int64_t bookId = chosenBookId();
    if (!m_session || bookId == 0)
        return std::nullopt;
    auto book = m_session->books().get(bookId);
    if (!book)
        return std::nullopt;
    // The same connection, preset and strategy as a batch of this book.
    m_batchPanel->setBook(bookId);
    return AskContext{m_session->path(), m_batchPanel->connection(), bookId,
                      QString::fromStdString(book->title)};
}

void MainWindow::shutdownQuality()
{
    if (m_auditBridge)
        m_auditBridge->shutdown();
}

std::int64_t MainWindow::chosenBookId() const
{
    if (const std::int64_t selected = m_libraryTree ? m_libraryTree->currentBookId() : 0)
        return selected;
    if (!m_session || m_chapterId == 0)
        return 0;
    auto chapter = m_session->chapters().get(m_chapterId);
    return chapter ? chapter->bookId : 0;
}

AuditDialog *MainWindow::auditContinuity(std::int64_t bookId)
{
    if (bookId == 0)
        bookId = chosenBookId();
    if (!m_session || bookId == 0) {
        QMessageBox::information(this, tr("Continuity Audit"),
                                 tr("Select a book in the library first."));
        return nullptr;
    }
    auto book = m_session->books().get(bookId);
    auto chapters = m_session->chapters().list(bookId);
    if (!book || !chapters) {
        reportError(!book ? book.error() : chapters.error());
        return nullptr;
    }
    if (chapters->empty()) {
        QMessageBox::information(this, tr("Continuity Audit"),
                                 tr("This book has no chapters to audit yet."));
        return nullptr;
    }
    // The same connection, preset and strategy as a batch of this book.
    m_batchPanel->setBook(bookId);
    auto *dialog = new AuditDialog(m_auditBridge, m_session->path(), m_batchPanel->connection(),
                                   bookId, QString::fromStdString(book->title),
                                   static_cast<int>(chapters->size()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AuditDialog::showFindingsRequested, this,
            [this](std::int64_t id) { (void)showFindings(id); });
    dialog->show();
    return dialog;
}

AskPanel *MainWindow::askManuscript()
{
    m_askDock->show();
    m_askDock->raise();
    m_askPanel->focusQuestion();
    return m_askPanel;
}

FindingsDialog *MainWindow::showFindings(std::int64_t bookId)
{
    if (bookId == 0)
        bookId = chosenBookId();
    if (!m_session || bookId == 0) {
        QMessageBox::information(this, tr("Quality Findings"),
                                 tr("Select a book in the library first."));
        return nullptr;
    }
    auto *dialog = new FindingsDialog(m_session.get(), bookId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &FindingsDialog::openRequested, this, &MainWindow::openFinding);
    dialog->show();
    return dialog;
}

bool MainWindow::openFinding(std::int64_t chapterId, const QString &quote)
{
    if (!openChapter(chapterId))
        return false;
    const QString text = m_editor->toPlainText();
    const std::string utf8 = text.toStdString();
    const auto range = novel::locateQuote(utf8, quote.toStdString());
    if (!range) {
        statusBar()->showMessage(
            tr("The quote is no longer in the chapter; it was changed since it was checked."),
            5000);
        return true;
    }
    // Byte offsets → UTF-16 positions.
    const auto begin = QString::fromUtf8(utf8.data(), static_cast<qsizetype>(range->first)).size();
    const auto end = QString::fromUtf8(utf8.data(), static_cast<qsizetype>(range->second)).size();
    QTextCursor cursor(m_editor->document());
    cursor.setPosition(static_cast<int>(begin));
    cursor.setPosition(static_cast<int>(end), QTextCursor::KeepAnchor);
    m_editor->setTextCursor(cursor);
    m_editor->ensureCursorVisible();
    m_editor->setFocus();
    return true;
}

} // namespace scriptorium::ui
