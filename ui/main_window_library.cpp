// MainWindow: the library half — opening libraries, books and chapters, trash, reordering,
// autosave of the open chapter, revisions, search and export.
#include "ui/generation/generation_panel.h"
#include "ui/main_window.h"

#include "novel/book_replace.h"
#include "store/database.h"
#include "ui/app_settings.h"
#include "ui/autosaver.h"
#include "ui/batch/batch_panel.h"
#include "ui/bible_panel.h"
#include "ui/chapter_editor.h"
#include "ui/error_messages.h"
#include "ui/export_dialog.h"
#include "ui/find_bar.h"
#include "ui/length_indicator.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/library_upgrade.h"
#include "ui/outline_panel.h"
#include "ui/revisions_dialog.h"
#include "ui/routing/routing_session.h"
#include "ui/search_dialog.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QStandardItem>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>

namespace scriptorium::ui {

namespace {

/// Replace-in-book on a worker thread: its own connection, as LibrarySession asks of work that
/// scans a whole book.
Result<novel::BookReplacement> replaceInLibrary(const QString &path, std::int64_t bookId,
                                                const novel::Replacement &replacement,
                                                std::int64_t skipChapter)
{
    store::OpenOptions options;
    options.create = false;
    options.checkIntegrity = false;
    auto db = store::Database::open(std::filesystem::path(path.toStdString()), options);
    if (!db)
        return fail(db.error());
    const std::int64_t skip[] = {skipChapter};
    return novel::replaceInBook(**db, bookId, replacement, skip);
}

} // namespace

void MainWindow::createLibraryActions()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    QMenu *file = m_fileMenu;
    QAction *newLibrary = addAction(file, tr("&New Library…"), "actionNewLibrary");
    connect(newLibrary, &QAction::triggered, this, &MainWindow::chooseNewLibrary);
    QAction *open = addAction(file, tr("&Open Library…"), "actionOpenLibrary", QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::chooseLibrary);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    QAction *save = addAction(file, tr("&Save"), "actionSave", QKeySequence::Save);
    connect(save, &QAction::triggered, this, [this] {
        if (saveAll())
            statusBar()->showMessage(tr("Saved"), 2000);
    });
    QAction *search = addAction(file, tr("Searc&h Library…"), "actionSearch",
                                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(search, &QAction::triggered, this, &MainWindow::showSearch);
    QAction *exportBook
        = addAction(file, tr("&Export Book…"), "actionExport", QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportBook, &QAction::triggered, this, &MainWindow::showExport);

    QMenu *book = menuBar()->addMenu(tr("&Book"));
    m_bookMenu = book;
    QAction *newBookAction = addAction(book, tr("New &Book…"), "actionNewBook",
                                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(newBookAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString title = QInputDialog::getText(this, tr("New book"), tr("Title:"),
                                                    QLineEdit::Normal, tr("Untitled book"), &ok);
        if (ok && !title.trimmed().isEmpty())
            newBook(title.trimmed());
    });
    QAction *newChapterAction
        = addAction(book, tr("New &Chapter"), "actionNewChapter", QKeySequence::New);
    connect(newChapterAction, &QAction::triggered, this, [this] { newChapter({}); });
    book->addSeparator();
    QAction *rename = addAction(book, tr("Re&name…"), "actionRename", QKeySequence(Qt::Key_F2));
    connect(rename, &QAction::triggered, this, &MainWindow::renameCurrent);
    QAction *trash = addAction(book, tr("Move Chapter to &Trash"), "actionTrashChapter",
                               QKeySequence(Qt::Key_Delete));
    // Only while the tree has focus: in the editor Delete deletes text.
    trash->setShortcutContext(Qt::WidgetShortcut);
    connect(trash, &QAction::triggered, this, &MainWindow::trashCurrent);
    QAction *restore = addAction(book, tr("Restore from Tr&ash"), "actionRestoreChapter");
    connect(restore, &QAction::triggered, this, &MainWindow::restoreCurrent);
    QAction *deleteBook = addAction(book, tr("&Delete Book…"), "actionDeleteBook");
    connect(deleteBook, &QAction::triggered, this, &MainWindow::deleteCurrentBook);
    book->addSeparator();
    QAction *revisions = addAction(book, tr("Re&visions…"), "actionRevisions",
                                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(revisions, &QAction::triggered, this, &MainWindow::showRevisions);
    QAction *previous = addAction(book, tr("&Previous Chapter"), "actionPreviousChapter",
                                  QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    connect(previous, &QAction::triggered, this, [this] { stepChapter(-1); });
    QAction *next = addAction(book, tr("Ne&xt Chapter"), "actionNextChapter",
                              QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    connect(next, &QAction::triggered, this, [this] { stepChapter(1); });

    m_libraryTree->addActions(
        {newChapterAction, newBookAction, rename, trash, restore, deleteBook, revisions});
}

Status MainWindow::openLibraryFile(const QString &path)
{
    saveAll();
    // An older library is upgraded on a worker thread first (seconds for a large one).
    if (Status upgraded = LibraryUpgrade::upgrade(path, this); !upgraded)
        return upgraded;
    auto session = LibrarySession::open(path, this);
    if (!session)
        return fail(session.error());
    m_chapterId = 0;
    m_autosaver->reset();
    m_editor->loadText({});
    m_outlinePanel->setSession(nullptr);
    m_biblePanel->setSession(nullptr);
    m_libraryTree->setSession(nullptr);
    m_session = std::move(*session);
    m_libraryTree->setSession(m_session.get());
    m_outlinePanel->setSession(m_session.get());
    m_biblePanel->setSession(m_session.get());
    m_routing->setLibrary(path); // a fresh strategy, primed from this library's attempts
    AppSettings::addRecentLibrary(path);
    if (QStandardItem *first = m_libraryTree->libraryModel()->item(0))
        m_libraryTree->setCurrentIndex(first->index());
    if (m_batchPanel) {
        m_batchPanel->setSession(m_session.get());
        m_batchPanel->setBook(m_libraryTree->currentBookId());
    }
    updateTitle();
    return {};
}

void MainWindow::showLibraryError(const QString &title, const QString &path, const Error &error)
{
    QMessageBox box(QMessageBox::Warning, title, libraryOpenErrorText(path, error), QMessageBox::Ok,
                    this);
    box.setDetailedText(errorDetail(error)); // the full path, schema versions, the backup
    box.exec();
}

void MainWindow::chooseNewLibrary()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("New library"), QDir::homePath() + QStringLiteral("/novels.scriptorium"),
        tr("Scriptorium libraries (*.scriptorium *.db)"));
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path)) {
        reportError(tr("%1 already exists: use Open Library to open it.").arg(path));
        return;
    }
    if (Status opened = openLibraryFile(path); !opened)
        showLibraryError(tr("Library not created"), path, opened.error());
}

void MainWindow::chooseLibrary()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open library"), QDir::homePath(),
        tr("Scriptorium libraries (*.scriptorium *.db);;All files (*)"));
    if (path.isEmpty())
        return;
    if (Status opened = openLibraryFile(path); !opened)
        showLibraryError(tr("Library not opened"), path, opened.error());
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = AppSettings::recentLibraries();
    for (const QString &path : recent) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path] {
            if (Status opened = openLibraryFile(path); !opened)
                showLibraryError(tr("Library not opened"), path, opened.error());
        });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent libraries"))->setEnabled(false);
}

bool MainWindow::saveAll()
{
    bool ok = m_autosaver->flush();
    ok = m_outlinePanel->flush() && ok;
    ok = m_biblePanel->flush() && ok;
    return ok;
}

QString MainWindow::editorText() const
{
    return m_editor->toPlainText();
}

QTextCursor MainWindow::editorCursor() const
{
    return m_editor->textCursor();
}

bool MainWindow::hasUnsavedEdits() const
{
    return m_autosaver->isDirty() || m_autosaver->state() != Autosaver::State::Saved;
}

Status MainWindow::saveOpenChapter(const QString &text)
{
    if (!m_session || m_chapterId == 0)
        return fail(ErrorCode::NotFound, "No chapter is open.");
    auto saved
        = m_session->chapters().replaceBody(m_chapterId, toStd(text), store::BodySource::Writer);
    if (!saved)
        return fail(saved.error());
    m_libraryTree->reload(); // lengths and book totals
    updateWritingToday();
    return {};
}

QString MainWindow::unsavedText() const
{
    const std::optional<Error> &error = m_autosaver->lastError();
    if (!error)
        return {};
    return tr("%1 Your text is still in the editor; it is saved again when you pause.")
        .arg(errorText(*error));
}

void MainWindow::onChapterSelected(std::int64_t chapterId)
{
    if (chapterId != 0 && chapterId != m_chapterId)
        openChapter(chapterId);
}

bool MainWindow::openChapter(std::int64_t chapterId)
{
    if (!m_session)
        return false;
    if (!saveAll()) {
        if (const std::optional<Error> &error = m_autosaver->lastError())
            reportError(*error,
                        tr("%1 Your text is still in the editor; it is saved again when "
                           "you pause."));
    }
    auto chapter = m_session->chapters().get(chapterId);
    if (!chapter) {
        reportError(chapter.error());
        return false;
    }
    if (chapter->deletedAt)
        return false;
    m_chapterId = chapterId;
    m_chapterTitle = toQ(chapter->title);
    m_editor->loadText(toQ(chapter->body));
    m_editor->setReadOnly(false);
    m_autosaver->reset();
    m_outlinePanel->setChapter(chapterId);
    m_biblePanel->setBook(chapter->bookId);
    m_lengthIndicator->setTarget(static_cast<int>(chapter->targetLength.value_or(0)));
    if (m_libraryTree->currentChapterId() != chapterId)
        m_libraryTree->selectChapter(chapterId);
    updateTitle();
    // Text a crash interrupted is offered back in the Generate dock.
    if (m_generationPanel)
        m_generationPanel->offerRecoveredDraft(chapterId);
    updateWritingToday();
    return true;
}

Result<std::int64_t> MainWindow::newBook(const QString &title)
{
    if (!m_session)
        return fail(ErrorCode::NotFound, "No library is open.");
    auto id = m_session->createBook(title);
    if (!id) {
        reportError(id.error());
        return id;
    }
    m_libraryTree->selectBook(*id);
    return *id;
}

Result<std::int64_t> MainWindow::newChapter(const QString &title)
{
    if (!m_session)
        return fail(ErrorCode::NotFound, "No library is open.");
    std::int64_t bookId = m_libraryTree->currentBookId();
    if (bookId == 0) {
        auto created = newBook(tr("Untitled book"));
        if (!created)
            return created;
        bookId = *created;
    }
    // After the selected chapter, else at the end.
    int position = 0;
    if (const std::int64_t current = m_libraryTree->currentChapterId()) {
        if (auto c = m_session->chapters().get(current))
            position = c->position + 1;
    }
    auto id = m_session->createChapter(bookId, title, position);
    if (!id) {
        reportError(id.error());
        return id;
    }
    openChapter(*id);
    return *id;
}

void MainWindow::renameCurrent()
{
    if (!m_session)
        return;
    const std::int64_t chapterId = m_libraryTree->currentChapterId();
    const std::int64_t bookId = m_libraryTree->currentBookId();
    if (chapterId != 0) {
        auto chapter = m_session->chapters().get(chapterId);
        if (!chapter)
            return;
        bool ok = false;
        const QString title = QInputDialog::getText(this, tr("Rename chapter"), tr("Title:"),
                                                    QLineEdit::Normal, toQ(chapter->title), &ok);
        if (!ok)
            return;
        m_outlinePanel->flush();
        if (auto s = m_session->renameChapter(chapterId, title.trimmed()); !s)
            reportError(s.error());
        if (chapterId == m_chapterId) {
            m_chapterTitle = title.trimmed();
            const std::int64_t keep = m_chapterId;
            m_outlinePanel->setChapter(0);
            m_outlinePanel->setChapter(keep);
        }
        updateTitle();
    } else if (bookId != 0) {
        auto book = m_session->books().get(bookId);
        if (!book)
            return;
        bool ok = false;
        const QString title = QInputDialog::getText(this, tr("Rename book"), tr("Title:"),
                                                    QLineEdit::Normal, toQ(book->title), &ok);
        if (ok && !title.trimmed().isEmpty()) {
            m_biblePanel->flush();
            if (auto s = m_session->renameBook(bookId, title.trimmed()); !s)
                reportError(s.error());
            updateTitle();
        }
    }
}

bool MainWindow::trashChapter(std::int64_t chapterId)
{
    if (!m_session || chapterId == 0)
        return false;
    if (chapterId == m_chapterId) {
        saveAll();
        m_chapterId = 0;
        m_autosaver->reset();
        m_outlinePanel->setChapter(0);
        m_editor->loadText({});
        m_lengthIndicator->setTarget(0);
    }
    if (auto s = m_session->trashChapter(chapterId); !s) {
        reportError(s.error());
        return false;
    }
    statusBar()->showMessage(tr("Chapter moved to the trash; restore it from the book's Trash."),
                             5000);
    updateTitle();
    return true;
}

bool MainWindow::restoreChapter(std::int64_t chapterId)
{
    if (!m_session || chapterId == 0)
        return false;
    if (auto s = m_session->restoreChapter(chapterId); !s) {
        reportError(s.error());
        return false;
    }
    return openChapter(chapterId);
}

void MainWindow::trashCurrent()
{
    trashChapter(m_libraryTree->currentChapterId());
}

void MainWindow::restoreCurrent()
{
    restoreChapter(m_libraryTree->currentTrashedChapterId());
}

void MainWindow::deleteCurrentBook()
{
    const std::int64_t bookId = m_libraryTree->currentBookId();
    if (!m_session || bookId == 0)
        return;
    auto book = m_session->books().get(bookId);
    if (!book)
        return;
    const auto answer = QMessageBox::warning(
        this, tr("Delete book"),
        tr("Delete “%1” with all its chapters, revisions and story bible? This cannot be "
           "undone; export it first if you may want it back.")
            .arg(toQ(book->title)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    saveAll();
    if (auto open = m_session->chapters().get(m_chapterId); open && open->bookId == bookId) {
        m_chapterId = 0;
        m_autosaver->reset();
        m_outlinePanel->setChapter(0);
        m_editor->loadText({});
    }
    m_biblePanel->setBook(0);
    if (auto s = m_session->deleteBook(bookId); !s)
        reportError(s.error());
    updateTitle();
}

bool MainWindow::moveChapter(std::int64_t chapterId, int position)
{
    if (!m_session)
        return false;
    saveAll();
    if (auto s = m_session->moveChapter(chapterId, position); !s) {
        reportError(s.error());
        return false;
    }
    m_libraryTree->selectChapter(chapterId);
    return true;
}

void MainWindow::stepChapter(int delta)
{
    if (!m_session || m_chapterId == 0)
        return;
    auto chapter = m_session->chapters().get(m_chapterId);
    if (!chapter)
        return;
    if (auto next = m_session->chapters().getAt(chapter->bookId, chapter->position + delta))
        openChapter(next->id);
}

QFuture<int> MainWindow::replaceInBook(const QString &needle, const QString &with, int findFlags)
{
    const std::int64_t bookId = m_libraryTree->currentBookId();
    if (!m_session || bookId == 0 || needle.isEmpty())
        return QtFuture::makeReadyFuture(0);
    saveAll();
    const auto flags = QTextDocument::FindFlags(findFlags);
    novel::Replacement replacement;
    replacement.needle = toStd(needle);
    replacement.replacement = toStd(with);
    replacement.matchCase = flags.testFlag(QTextDocument::FindCaseSensitively)
        ? novel::MatchCase::Sensitive
        : novel::MatchCase::Insensitive;
    replacement.words = flags.testFlag(QTextDocument::FindWholeWords) ? novel::MatchWords::Whole
                                                                      : novel::MatchWords::Anywhere;
    // The open chapter is left out and changed in the editor afterwards, so the writer can
    // undo it there and text typed meanwhile is kept.
    std::int64_t openId = 0;
    if (m_chapterId != 0) {
        if (auto chapter = m_session->chapters().get(m_chapterId);
            chapter && chapter->bookId == bookId && !chapter->deletedAt)
            openId = m_chapterId;
    }

    const QPointer<LibrarySession> session = m_session.get();
    auto finish = [this, session, openId, needle, with, flags,
                   replacement](const Result<novel::BookReplacement> &replaced) -> int {
        if (!replaced) {
            reportError(replaced.error(), tr("Nothing was replaced: %1"));
            return 0;
        }
        auto total = static_cast<int>(replaced->total());
        if (!session || session != m_session.get())
            return total; // the library was closed meanwhile; its file holds the change
        if (openId != 0 && m_chapterId == openId) {
            const int count = replaceAllInDocument(m_editor->document(), needle, with, flags);
            total += count;
            if (count > 0)
                m_autosaver->flush();
        } else if (openId != 0) {
            // The writer opened another chapter meanwhile, which saved this one: replace in
            // what was saved.
            auto count = novel::replaceInChapter(m_session->database(), openId, replacement);
            if (count)
                total += static_cast<int>(*count);
            else
                reportError(count.error());
        }
        // A chapter opened while the rest was written may show its text from before. Reload
        // it unless the writer has typed in it: their text is never dropped.
        const bool openedMeanwhile = m_chapterId != 0 && m_chapterId != openId;
        if (openedMeanwhile && !m_autosaver->isDirty()
            && std::ranges::any_of(replaced->chapters, [this](const novel::ChapterReplacement &c) {
                   return c.chapterId == m_chapterId;
               })) {
            const std::int64_t keep = m_chapterId;
            m_chapterId = 0;
            openChapter(keep);
        }
        m_libraryTree->reload();
        return total;
    };
    // A whole book is read and rewritten: on a worker with its own connection, like search.
    return QtConcurrent::run(replaceInLibrary, m_session->path(), bookId, replacement, openId)
        .then(this, std::move(finish));
}

void MainWindow::showRevisions()
{
    if (!m_session || m_chapterId == 0) {
        reportError(tr("Open a chapter to see its revisions."));
        return;
    }
    saveAll();
    RevisionsDialog dialog(m_session.get(), m_chapterId, m_editor->text(), this);
    connect(&dialog, &RevisionsDialog::restored, this, [this](std::int64_t chapterId) {
        const std::int64_t keep = chapterId;
        m_chapterId = 0;
        openChapter(keep);
        m_libraryTree->reload();
        statusBar()->showMessage(tr("Revision restored; the replaced text is kept as a revision."),
                                 5000);
    });
    dialog.exec();
}

void MainWindow::showSearch()
{
    if (!m_session)
        return;
    saveAll(); // the worker reads the file
    auto *dialog = new SearchDialog(m_session->path(), m_libraryTree->currentBookId(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SearchDialog::chapterChosen, this,
            [this](std::int64_t chapterId, const QString &query) {
                if (!openChapter(chapterId))
                    return;
                m_editor->moveCursor(QTextCursor::Start);
                const QString first = query.split(QLatin1Char(' '), Qt::SkipEmptyParts).value(0);
                if (!first.isEmpty())
                    m_editor->find(first);
                m_editor->setFocus();
            });
    connect(dialog, &SearchDialog::bibleEntryChosen, this, [this] {
        m_bibleDock->show();
        m_bibleDock->raise();
    });
    dialog->show();
}

void MainWindow::showExport()
{
    const std::int64_t bookId = m_libraryTree->currentBookId();
    if (!m_session || bookId == 0) {
        reportError(tr("Select a book to export."));
        return;
    }
    saveAll();
    auto book = m_session->books().get(bookId);
    if (!book)
        return;
    ExportDialog dialog(m_session->path(), bookId, toQ(book->title), this);
    dialog.exec();
}

void MainWindow::updateTitle()
{
    QString title = QApplication::applicationDisplayName();
    if (m_session && m_chapterId != 0) {
        if (auto chapter = m_session->chapters().get(m_chapterId)) {
            QString chapterName = chapter->title.empty() ? tr("Chapter %1").arg(chapter->position)
                                                         : toQ(chapter->title);
            if (auto book = m_session->books().get(chapter->bookId))
                title = QStringLiteral("%1 — %2 — %3")
                            .arg(chapterName, toQ(book->title),
                                 QApplication::applicationDisplayName());
        }
    }
    m_editor->setEnabled(!m_session || m_chapterId != 0);
    setWindowTitle(title);
}

} // namespace scriptorium::ui
