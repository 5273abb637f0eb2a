// MainWindow: today's writing in the status bar (issue 16, store/writing_log.h).
#include "ui/main_window.h"

#include "novel/length_unit.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/writing_log.h"
#include "ui/library_session.h"

#include <QLabel>

namespace scriptorium::ui {

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
    // One indexed query over the book's last year: today's figure and the streak.
    store::WritingLog log(m_session->database());
    const std::string today = store::localDay(store::nowMs());
    auto since = store::addDays(today, -366);
    auto days = since ? log.history(chapter->bookId, *since, today)
                      : Result<std::vector<store::WritingDay>>(fail(since.error()));
    auto goal = log.dailyGoal(chapter->bookId);
    if (!days || !goal)
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
    const int streak = store::streak(*days, today, target);
    const QString unit = novel::lengthUnitFor(book->language) == novel::LengthUnit::Characters
        ? tr("characters")
        : tr("words");
    m_writingToday->setText(
        target > 0
            ? tr("Today %1 / %2 %3 · streak %4").arg(written).arg(target).arg(unit).arg(streak)
            : tr("Today %1 %2 · streak %3").arg(written).arg(unit).arg(streak));
    m_writingToday->setToolTip(
        tr("Written today in this book: %1 by hand, %2 accepted from generations. The streak "
           "counts the days in a row that met the daily goal (set it with scriptorium-cli stats "
           "--writing BOOK --goal N).")
            .arg(byHand)
            .arg(accepted));
}

QString MainWindow::writingTodayText() const
{
    return m_writingToday->text();
}

} // namespace scriptorium::ui
