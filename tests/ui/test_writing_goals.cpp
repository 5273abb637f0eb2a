// Issue 16: the window's writing figures — today's and this session's writing in the status
// bar, and Book → Writing Goals… (goals, history chart) — against the library's writing log.
#include "store/database.h"
#include "store/writing_log.h"
#include "ui/application_setup.h"
#include "ui/chapter_editor.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"
#include "ui/writing/writing_goals_dialog.h"
#include "ui/writing/writing_history_chart.h"

#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace scriptorium;
using namespace scriptorium::ui;

class TestWritingGoals : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        ApplicationSetup::configure(*qApp);
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup() { m_dir.reset(); }
    void statusBarShowsTodaysWriting();
    void writingGoalsShowHistoryAndSaveGoals();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    MemorySecretStore m_secrets;
};

void TestWritingGoals::statusBarShowsTodaysWriting()
{
    // Issue 16: what the writer typed today in the open book, against the daily goal.
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_dir->filePath(QStringLiteral("today.db"))));
    const std::int64_t book = window.newBook(QStringLiteral("Diary")).value_or(0);
    QVERIFY(book != 0);
    QVERIFY(window.newChapter(QStringLiteral("One")).value_or(0) != 0);
    QTest::keyClicks(window.editor(), QStringLiteral("Rain on the glass"));
    QVERIFY(window.saveAll());
    QVERIFY2(window.writingTodayText().startsWith(QStringLiteral("Today 4 words")),
             qPrintable(window.writingTodayText()));
    QVERIFY(store::WritingLog(window.session()->database()).setDailyGoal(book, 5).has_value());
    QTest::keyClicks(window.editor(), QStringLiteral(" and wind"));
    QVERIFY(window.saveAll());
    QCOMPARE(window.writingTodayText(), QStringLiteral("Today 6 / 5 words · session 6 · streak 1"));
}

void TestWritingGoals::writingGoalsShowHistoryAndSaveGoals()
{
    // Issue 16: goals set in the window, this sitting's count, and the history chart of what
    // was written by hand vs accepted — the figures the CLI's `stats --writing` prints.
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_dir->filePath(QStringLiteral("goals.db"))));
    const std::int64_t book = window.newBook(QStringLiteral("Almanac")).value_or(0);
    QVERIFY(book != 0);
    store::WritingLog log(window.session()->database());
    const std::string today = store::localDay(store::nowMs());
    // Written before this window's session: not the session's.
    QVERIFY(log.addWritten(book, *store::addDays(today, -3), 100, 20).has_value());
    QVERIFY(log.addWritten(book, today, 7, 0).has_value());
    QVERIFY(window.newChapter(QStringLiteral("One")).value_or(0) != 0);
    QTest::keyClicks(window.editor(), QStringLiteral("Rain on the glass"));
    QVERIFY(window.saveAll());
    QCOMPARE(window.writingTodayText(), QStringLiteral("Today 11 words · session 4 · streak 1"));

    WritingGoalsDialog *dialog = window.showWritingGoals(book);
    QVERIFY(dialog);
    dialog->dailyGoalBox()->setValue(12);
    dialog->sessionGoalBox()->setValue(50);
    QVERIFY(dialog->saveGoals().has_value());
    QCOMPARE(*log.dailyGoal(book), std::optional<std::int64_t>(12));
    QCOMPARE(*log.sessionGoal(book), std::optional<std::int64_t>(50));
    // Saving the goals updates the status bar: today (11) is short of 12, so the streak ends
    // yesterday, when nothing was written.
    QCOMPARE(window.writingTodayText(),
             QStringLiteral("Today 11 / 12 words · session 4 / 50 · streak 0"));
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("This session: 4 of 50 words")),
             qPrintable(dialog->summaryText()));
    // (%n plurals read "2 day(s)" without the English translation the app installs.)
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("131 words in 2 day")),
             qPrintable(dialog->summaryText()));
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("111 by hand, 20 accepted.")),
             qPrintable(dialog->summaryText()));

    // A bar per day of the last 30, the goal as a line across them.
    WritingHistoryChart *chart = dialog->chart();
    QCOMPARE(chart->barCount(), 30);
    QCOMPARE(chart->byHandAt(26), 100.0);
    QCOMPARE(chart->acceptedAt(26), 20.0);
    QCOMPARE(chart->byHandAt(29), 11.0);
    QCOMPARE(chart->byHandAt(28), 0.0);
    QVERIFY(chart->showsGoalLine());
    QCOMPARE(chart->goalLineValue(), 12.0);
    // A year is drawn per week (the last bar ends today) with the goal scaled to match.
    dialog->setPeriod(365);
    QCOMPARE(chart->barCount(), 53);
    double handSum = 0;
    double acceptedSum = 0;
    for (int i = 0; i < chart->barCount(); ++i) {
        handSum += chart->byHandAt(i);
        acceptedSum += chart->acceptedAt(i);
    }
    QCOMPARE(handSum, 111.0);
    QCOMPARE(acceptedSum, 20.0);
    QCOMPARE(chart->byHandAt(52), 111.0);
    QCOMPARE(chart->goalLineValue(), 84.0);

    // More typing raises the session's count in the open dialog too.
    QTest::keyClicks(window.editor(), QStringLiteral(" and wind"));
    QVERIFY(window.saveAll());
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("This session: 6 of 50 words")),
             qPrintable(dialog->summaryText()));
    // Removing a goal (0 is "none") takes the line away.
    dialog->dailyGoalBox()->setValue(0);
    QVERIFY(dialog->saveGoals().has_value());
    QCOMPARE(*log.dailyGoal(book), std::optional<std::int64_t>());
    QVERIFY(!chart->showsGoalLine());
    dialog->close();
}

QTEST_MAIN(TestWritingGoals)
#include "test_writing_goals.moc"
