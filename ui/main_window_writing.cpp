// MainWindow: today's writing and this session's in the status bar, and Book → Writing Goals…
// (issue 16, store/writing_log.h).
#include "ui/main_window.h"

#include "novel/length_unit.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/writing_log.h"
#include "ui/library_session.h"
#include "ui/writing/writing_goals_dialog.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>

namespace scriptorium::ui {

void MainWindow::createWritingActions()
{
    m_writingSession = std::make_unique<store::WritingSession>(store::localDay(store::nowMs()));
    QAction *goals = addAction(m_bookMenu, tr("&Writing Goals…"), "actionWritingGoals");
    connect(goals, &QAction::triggered, this, [this] { (void)showWritingGoals(); });
}

void MainWindow::updateWritingToday()
{
    m_writingToday->clear();
    if (!m_session || m_chapterId == 0)
        return;
    auto chapter = m_session->chapters().get(m_chapterId);
    if (!chapter)
        return;
    auto book = m_session->books().get(chapter->bookId);
    if (!book)
        return;
    // One indexed query over the book's last year: today's figure, the session and the streak.
    store::WritingLog log(m_session->database());
    const std::string today = store::localDay(store::nowMs());
    auto since = store::addDays(today, -366);
    auto days = since ? log.history(chapter->bookId, *since, today)
                      : Result<std::vector<store::WritingDay>>(fail(since.error()));
    auto goal = log.dailyGoal(chapter->bookId);
    auto sessionGoal = log.sessionGoal(chapter->bookId);
    if (!days || !goal || !sessionGoal)
        return;
    std::int64_t byHand = 0;
    std::int64_t accepted = 0;
    for (const store::WritingDay &d : *days)
        if (d.day == today) {
            byHand = d.byHand;
            accepted = d.accepted;
        }
    const std::int64_t written = byHand + accepted;
    const std::int64_t target = goal->value_or(0);
    const std::int64_t sessionTarget = sessionGoal->value_or(0);
    const std::int64_t session = m_writingSession->written(chapter->bookId, *days);
    const int streak = store::streak(*days, today, target);
    const QString unit = novel::lengthUnitFor(book->language) == novel::LengthUnit::Characters
        ? tr("characters")
        : tr("words");
    QString text = target > 0 ? tr("Today %1 / %2 %3").arg(written).arg(target).arg(unit)
                              : tr("Today %1 %2").arg(written).arg(unit);
    text += sessionTarget > 0 ? tr(" · session %1 / %2").arg(session).arg(sessionTarget)
                              : tr(" · session %1").arg(session);
    text += tr(" · streak %1").arg(streak);
    m_writingToday->setText(text);
    m_writingToday->setToolTip(
        tr("Written today in this book: %1 by hand, %2 accepted from generations; %3 since "
           "this window opened the book. The streak counts the days in a row that met the "
           "daily goal. Set goals and see the history in Book → Writing Goals….")
            .arg(byHand)
            .arg(accepted)
            .arg(session));
    if (m_goalsDialog && m_goalsDialog->bookId() == chapter->bookId) {
        m_goalsDialog->setSessionWritten(session);
        (void)m_goalsDialog->reload();
    }
}

QString MainWindow::writingTodayText() const
{
    return m_writingToday->text();
}

WritingGoalsDialog *MainWindow::showWritingGoals(std::int64_t bookId)
{
    if (bookId == 0)
        bookId = chosenBookId();
    if (!m_session || bookId == 0) {
        QMessageBox::information(this, tr("Writing Goals"),
                                 tr("Select a book in the library first."));
        return nullptr;
    }
    if (m_goalsDialog)
        m_goalsDialog->close();
    auto *dialog = new WritingGoalsDialog(m_session.get(), bookId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_goalsDialog = dialog;
    // The session's count for this book as the status bar computes it (its first look is
    // the baseline, so a book never opened in this window starts here).
    store::WritingLog log(m_session->database());
    const std::string today = store::localDay(store::nowMs());
    if (auto days = log.history(bookId, m_writingSession->startDay(), today))
        dialog->setSessionWritten(m_writingSession->written(bookId, *days));
    connect(dialog, &WritingGoalsDialog::goalsChanged, this, &MainWindow::updateWritingToday);
    dialog->show();
    return dialog;
}

} // namespace scriptorium::ui
