// One measurement, one number (issue 14): the window's status bar shows for a generation the
// TTFT, decode and end-to-end tokens/s and cost that the library recorded for it (StreamMeter's
// figures, the ones the CLI and the dashboard read), formatted the one way
// (util/measurement_text.h); a stats row without requests shows "–", not "0.0%".
#include "sim/sim_server.h"
#include "store/dashboard_data.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/stats_table.h"
#include "ui/generation/generation_panel.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"
#include "util/measurement_text.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::ui;

class TestOneNumber : public QObject {
    Q_OBJECT

private slots:
    void statusBarShowsTheRecordedFigures()
    {
        sim::SimOptions options;
        options.timeScale = 0.3; // slow enough for a decode window of ≥ 0.5 s
        options.seed = 9;
        sim::SimServer sim(options);
        QVERIFY(sim.start().has_value());
        QTemporaryDir dir;
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        QVERIFY(window.openLibraryFile(dir.filePath(QStringLiteral("lib.db"))));
        QVERIFY(window.newBook(QStringLiteral("Storm")).value_or(0) != 0);
        const std::int64_t chapterId = window.newChapter(QStringLiteral("One")).value_or(0);
        auto chapter = window.session()->chapters().get(chapterId);
        QVERIFY(chapter.has_value());
        chapter->outline = "Mara finds the ledger under the lamp room floor.";
        QVERIFY(window.session()->chapters().updateMeta(*chapter).has_value());
        QVERIFY(window.openChapter(chapterId));
        GenerationPanel *panel = window.generationPanel();
        panel->setPreviewBeforeSending(false);
        panel->setConnection(QString::fromStdString(sim.baseUrl()), QStringLiteral("sk-test-1n"),
                             false);
        panel->setModel(QStringLiteral("meta-llama/llama-3.3-70b-instruct"));
        QSignalSpy done(panel, &GenerationPanel::generationFinished);
        QVERIFY(panel->generate(GenerationMode::Draft));
        QVERIFY(done.wait(60000) || !done.isEmpty());
        QCOMPARE(done.first().first().toBool(), true);

        // What the library recorded for it (what the dashboard and the CLI read).
        QVERIFY(panel->recordId() != 0);
        auto record = store::GenerationStore(window.session()->database()).get(panel->recordId());
        QVERIFY(record.has_value());
        auto attempts = store::GenerationStore(window.session()->database()).attempts(record->id);
        QVERIFY(attempts.has_value() && !attempts->empty());
        const store::AttemptRecord &served = attempts->back();
        QCOMPARE(served.ttftMs, record->ttftMs);
        QCOMPARE(served.decodeTps, record->decodeTps);
        QVERIFY(record->decodeTps.has_value()); // a full draft is long enough to measure
        const QString status = panel->statusText();
        auto shown = [&](const std::string &figure) {
            return status.contains(QString::fromStdString(figure));
        };
        QVERIFY2(shown("TTFT " + measurementText(record->ttftMs, 0) + " ms"), qPrintable(status));
        QVERIFY2(shown("decode " + measurementText(record->decodeTps, 1) + " tok/s"),
                 qPrintable(status));
        QVERIFY2(shown("end-to-end " + measurementText(record->e2eTps, 1) + " tok/s"),
                 qPrintable(status));
        QVERIFY2(shown("$" + fixedText(record->costUsd.value_or(-1), 4)), qPrintable(status));

        // The dashboard's row for the endpoint that served it shows the same figures: the
        // percentiles of one attempt are that attempt's own (store::LogHistogram keeps the
        // exact range), formatted the one way.
        QCOMPARE(attempts->size(), std::size_t(1));
        store::DashboardQuery query;
        query.nowMs = store::nowMs() + 1000;
        query.range = store::DashboardRange::Day;
        auto snapshot = store::queryDashboard(window.session()->database(), query);
        QVERIFY(snapshot.has_value());
        QCOMPARE(snapshot->stats.rows.size(), std::size_t(1));
        const store::ProviderStats &row = snapshot->stats.rows.front();
        QCOMPARE(store::statsCell(row, store::StatsColumn::TtftP50),
                 measurementText(record->ttftMs, 0));
        QCOMPARE(store::statsCell(row, store::StatsColumn::DecodeTps),
                 measurementText(record->decodeTps, 1));
        QCOMPARE(store::statsCell(row, store::StatsColumn::E2eTps),
                 measurementText(record->e2eTps, 1));
        QCOMPARE(store::statsCell(row, store::StatsColumn::CostUsd),
                 fixedText(record->costUsd.value_or(-1), 4));

        // A row without requests says "not measured" the same way, not 0.0 %.
        store::ProviderStats empty;
        QCOMPARE(store::statsCell(empty, store::StatsColumn::SuccessRate),
                 std::string(kNotMeasured));
        QCOMPARE(store::statsCell(empty, store::StatsColumn::DecodeTps), std::string(kNotMeasured));
    }
};

QTEST_MAIN(TestOneNumber)
#include "test_one_number.moc"
