// Durable while streaming (issue 14): the window is killed with SIGKILL while a draft streams
// (under Xvfb when it is installed, as CI has it); reopening the library shows the partial text
// as a recovered draft, with its attempt booked at what the simulator billed.
#include "novel/library_ledger.h"
#include "novel/pipeline_runtime.h"
#include "novel/recovered_draft.h"
#include "novel/shared_database.h"
#include "sim/sim_server.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "ui/generation/generation_panel.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>

using namespace scriptorium;

namespace {

QString childPath()
{
    return qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
        + QStringLiteral("/tests/ui/gui_crash_child");
}

} // namespace

class TestGuiCrash : public QObject {
    Q_OBJECT

private slots:
    void killedWhileStreamingKeepsTheDraft()
    {
        sim::SimOptions options;
        options.timeScale = 0.5; // a draft streams for seconds: time to kill it mid-way
        options.seed = 5;
        sim::SimServer sim(options);
        QVERIFY(sim.start().has_value());
        QTemporaryDir dir;
        const QString library = dir.filePath(QStringLiteral("lib.db"));

        // A display of its own when Xvfb is installed (CI has it), else Qt's offscreen one.
        QProcess xvfb;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
        const QString xvfbBinary = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        if (!xvfbBinary.isEmpty()) {
            xvfb.start(xvfbBinary,
                       {QStringLiteral("-displayfd"), QStringLiteral("1"),
                        QStringLiteral("-screen"), QStringLiteral("0"),
                        QStringLiteral("1280x800x24"), QStringLiteral("-nolisten"),
                        QStringLiteral("tcp")});
            QVERIFY(xvfb.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(xvfb.canReadLine(), 15000);
            const QString display = QString::fromLatin1(xvfb.readLine()).trimmed();
            env.insert(QStringLiteral("DISPLAY"), QLatin1Char(':') + display);
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
            // libxkbcommon-x11 reads keymap names with strndup past their end, which ASan's
            // strict string checks report in Qt's own start-up; the window is killed anyway,
            // so leak checking is moot too.
            env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0"));
        }

        QProcess window;
        window.setProcessEnvironment(env);
        window.start(childPath(), {library, QString::fromStdString(sim.baseUrl())});
        QVERIFY(window.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += window.readAllStandardOutput()).contains("streaming")
                                     || window.state() != QProcess::Running,
                                 60000);
        QVERIFY2(window.state() == QProcess::Running,
                 QByteArray(out + window.readAllStandardError()).constData());
        // What a kill must not lose: the text reached the library while it streamed.
        auto db = store::Database::open(library.toStdString());
        QVERIFY(db.has_value());
        auto streamed = [&] {
            auto stmt = (*db)->prepare("SELECT length(output) FROM generations WHERE stage = "
                                       "'draft' AND status = 'running'");
            const bool some = stmt && *stmt->step() && stmt->int64(0) > 20;
            return some;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streamed(), 20000);
        ::kill(static_cast<pid_t>(window.processId()), SIGKILL);
        QVERIFY(window.waitForFinished(10000));
        if (xvfb.state() == QProcess::Running) {
            xvfb.terminate();
            xvfb.waitForFinished(5000);
        }

        // Reopened: the crash's leftovers are settled like any start does it.
        novel::SharedDatabase shared(**db);
        novel::RoutingSetup setup;
        setup.baseUrl = sim.baseUrl();
        setup.apiKey = routing::ApiKey("sk-or-v1-gui-crash-test");
        auto runtime = novel::PipelineRuntime::start(shared, setup);
        QVERIFY(runtime.has_value());
        auto chapter = (*db)->queryInt("SELECT id FROM chapters LIMIT 1");
        QVERIFY(chapter.has_value());
        auto draft = novel::recoveredDraft(**db, *chapter);
        QVERIFY(draft.has_value() && draft->has_value());
        const novel::RecoveredDraft &recovered = **draft;
        QVERIFY(recovered.text.size() > 20);
        auto generation = store::GenerationStore(**db).get(recovered.generationId).value();
        QCOMPARE(generation.status, store::GenerationStatus::Failed);
        QCOMPARE(generation.errorClass, std::optional(ErrorCode::Interrupted));
        auto attempts = store::GenerationStore(**db).attempts(recovered.generationId).value();
        QCOMPARE(attempts.size(), std::size_t(1));
        QVERIFY(attempts[0].costUsd.value_or(0) > 0);
        // Its cost is what the simulator billed for that request (its /generation record).
        double billed = 0;
        for (const auto &a : sim.truth())
            billed += a.value("cost_usd", 0.0);
        QCOMPARE(attempts[0].costSource, std::optional(store::CostSource::Generation));
        QVERIFY(std::abs(*attempts[0].costUsd - billed) < 1e-12);
        QCOMPARE(generation.costUsd, attempts[0].costUsd);

        // The window offers the text back when the chapter opens; accepted, it is the body.
        ui::MemorySecretStore secrets;
        ui::MainWindow reopened(&secrets);
        QVERIFY(reopened.openLibraryFile(library));
        QVERIFY(reopened.openChapter(*chapter));
        ui::GenerationPanel *panel = reopened.generationPanel();
        QCOMPARE(panel->recoveredGenerationId(), recovered.generationId);
        QCOMPARE(panel->draftText(), QString::fromStdString(recovered.text));
        QVERIFY(panel->hasDraft());
        QVERIFY(panel->accept());
        QCOMPARE(reopened.session()->chapters().get(*chapter)->body, recovered.text);
        QVERIFY(!novel::recoveredDraft(**db, *chapter)->has_value());
        QVERIFY(reopened.openChapter(*chapter));
        QCOMPARE(panel->recoveredGenerationId(), std::int64_t(0));
    }
};

QTEST_MAIN(TestGuiCrash)
#include "test_gui_crash.moc"
