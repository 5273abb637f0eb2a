// Money that survives crashes (issue 13): a parallel capped batch run by scriptorium-cli is
// killed with SIGKILL at random moments, ten times, and resumed each time; what the simulator
// billed (its truth log) never exceeds the cap, the library keeps no orphaned reservation or
// running generation once a run has started after the kill, and --resume --budget raises the
// cap so the batch finishes.
#include "cli_process.h"
#include "novel/chapter_finalizer.h"
#include "novel/chapter_pipeline.h"
#include "novel_sim_fixture.h"
#include "store/batch_store.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <random>

using namespace scriptorium;
using namespace scriptorium::novel;

namespace {

std::int64_t count(store::Database &db, const char *sql)
{
    auto stmt = db.prepare(sql);
    return stmt && *stmt->step() ? stmt->int64(0) : -1;
}

} // namespace

class TestBudgetCrash : public QObject {
    Q_OBJECT

private slots:
    void killedTenTimesNeverBillsPastTheCap()
    {
        QTemporaryDir dir;
        // What one chapter costs here, to set a cap the batch cannot finish within.
        double chapterCost = 0;
        {
            test::NovelSim probe(dir.filePath(QStringLiteral("probe")).toStdString());
            QVERIFY(probe.ready);
            const auto book = probe.makeOutlinedBook(1);
            PipelineContext ctx = probe.context();
            QVERIFY(draftChapter(ctx, book, 1).has_value());
            QVERIFY(finalizeChapter(ctx, book, 1).has_value());
            chapterCost = test::sumOfAttemptCosts(*probe.db, book);
        }
        QVERIFY(chapterCost > 0);
        const double cap = 4.0 * chapterCost;

        test::SimSetup setup;
        setup.timeScale = 0.1;
        test::NovelSim sim(dir.filePath(QStringLiteral("run")).toStdString(), setup);
        QVERIFY(sim.ready);
        const auto book = sim.makeOutlinedBook(12);
        const QString dbPath = dir.filePath(QStringLiteral("run/library.db"));
        const QString configPath = dir.filePath(QStringLiteral("routing.json"));
        QVERIFY(sim.config.save(configPath.toStdString()).has_value());
        const QProcessEnvironment env = test::cliEnvironment(QDir(dir.path()));
        const QStringList common{
            QStringLiteral("--db"),       dbPath,
            QStringLiteral("--config"),   configPath,
            QStringLiteral("--base-url"), QString::fromStdString(sim.server->baseUrl()),
            QStringLiteral("generate"),   QString::number(book)};
        const QStringList start
            = common + QStringList{QStringLiteral("--chapters"),    QStringLiteral("1-12"),
                                   QStringLiteral("--mode"),        QStringLiteral("parallel"),
                                   QStringLiteral("--concurrency"), QStringLiteral("3"),
                                   QStringLiteral("--budget"),      QString::number(cap, 'g', 17)};
        const QStringList resume = common + QStringList{QStringLiteral("--resume")};

        std::mt19937 rng(1313);
        std::uniform_int_distribution<int> moment(100, 1200);
        int killed = 0;
        for (int run = 0; killed < 10 && run < 30; ++run) {
            QProcess cli;
            cli.setProcessEnvironment(env);
            cli.start(test::cliPath(), run == 0 ? start : resume);
            QVERIFY(cli.waitForStarted());
            if (cli.waitForFinished(moment(rng))) {
                // It ended on its own (the cap paused it): the remaining runs only resume.
                QVERIFY2(cli.exitStatus() == QProcess::NormalExit,
                         cli.readAllStandardError().constData());
                continue;
            }
            ::kill(static_cast<pid_t>(cli.processId()), SIGKILL);
            QVERIFY(cli.waitForFinished(10000));
            ++killed;
            // After every kill the server has billed no more than the cap.
            const double billed = test::billedBySimulator(*sim.server);
            QVERIFY2(billed <= cap + 1e-12,
                     qPrintable(QStringLiteral("after kill %1: billed %2 > cap %3")
                                    .arg(killed)
                                    .arg(billed)
                                    .arg(cap)));
        }
        QVERIFY2(killed == 10, qPrintable(QStringLiteral("only %1 kills landed").arg(killed)));

        // A last resume runs until the cap pauses the batch (or it is done).
        QProcess last;
        last.setProcessEnvironment(env);
        last.start(test::cliPath(), resume);
        QVERIFY(last.waitForFinished(120000));
        QCOMPARE(last.exitStatus(), QProcess::NormalExit);
        const double billed = test::billedBySimulator(*sim.server);
        QVERIFY2(billed <= cap + 1e-12,
                 qPrintable(QStringLiteral("billed %1 > cap %2").arg(billed).arg(cap)));
        // Nothing is left in flight or unaccounted: every crash's reservations were booked at
        // what /generation billed (or their worst case), every running row swept.
        QCOMPARE(count(*sim.db, "SELECT COUNT(*) FROM budget_reservations"), std::int64_t(0));
        QCOMPARE(count(*sim.db, "SELECT COUNT(*) FROM generations WHERE status = 'running'"),
                 std::int64_t(0));
        auto batch = store::BatchStore(*sim.db).unfinished().value();
        QCOMPARE(batch.size(), std::size_t(1));
        const double recorded = test::sumOfAttemptCosts(*sim.db, book);
        // The batch total is what the library recorded, which is at least what was billed
        // (a request killed before it was named is booked at its worst case) and within the
        // cap.
        QVERIFY(std::abs(batch.front().spentUsd - recorded) < 1e-9);
        QVERIFY(recorded >= billed - 1e-9);
        QVERIFY(recorded <= cap + 1e-12);
        qInfo("%d kills; billed %.1f%% of the cap, booked %.1f%%", killed, 100 * billed / cap,
              100 * recorded / cap);

        // --resume --budget raises the cap: the batch finishes.
        QProcess raised;
        raised.setProcessEnvironment(env);
        raised.start(
            test::cliPath(),
            resume + QStringList{QStringLiteral("--budget"), QString::number(cap * 40, 'g', 17)});
        QVERIFY(raised.waitForFinished(180000));
        QVERIFY2(raised.exitCode() == 0, raised.readAllStandardOutput().constData());
        const auto done = store::BatchStore(*sim.db).get(batch.front().id).value();
        QCOMPARE(done.state, store::BatchState::Done);
        QCOMPARE(done.budgetUsd, std::optional(cap * 40));
        QVERIFY(test::billedBySimulator(*sim.server) <= cap * 40);
    }

    void configBudgetCapsABatchWithoutBudgetFlag()
    {
        QTemporaryDir dir;
        test::SimSetup setup;
        setup.timeScale = 0.02;
        test::NovelSim sim(dir.path().toStdString(), setup);
        QVERIFY(sim.ready);
        const auto book = sim.makeOutlinedBook(4);
        sim.config.budget.maxUsd = 0.0004; // less than four chapters cost
        const QString configPath = dir.filePath(QStringLiteral("routing.json"));
        QVERIFY(sim.config.save(configPath.toStdString()).has_value());
        const QProcessEnvironment env = test::cliEnvironment(QDir(dir.path()));
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.start(test::cliPath(),
                  {QStringLiteral("--db"), dir.filePath(QStringLiteral("library.db")),
                   QStringLiteral("--config"), configPath, QStringLiteral("--base-url"),
                   QString::fromStdString(sim.server->baseUrl()), QStringLiteral("generate"),
                   QString::number(book), QStringLiteral("--chapters"), QStringLiteral("1-4")});
        QVERIFY(cli.waitForFinished(120000));
        const QByteArray out = cli.readAllStandardOutput();
        QVERIFY2(out.contains("of $0.00040"), out.constData());
        QVERIFY(out.contains("--resume --budget"));
        auto batch = store::BatchStore(*sim.db).unfinished().value();
        QCOMPARE(batch.size(), std::size_t(1));
        QCOMPARE(batch.front().budgetUsd, std::optional(0.0004));
        QVERIFY(test::billedBySimulator(*sim.server) <= 0.0004);
    }
};

QTEST_GUILESS_MAIN(TestBudgetCrash)
#include "test_budget_crash.moc"
