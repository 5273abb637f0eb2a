// The window's quality tools (issue 15): Book → Quality Findings lists what the local checks
// found with who wrote the text, marks a finding intentional (hidden, and it stays hidden) and
// opens it in the editor at its quote; Book → Continuity Audit shows the price before it runs
// and audits the book in the background against an in-process simulator.
#include "novel/book_setup.h"
#include "novel/generation_recorder.h"
#include "novel/shared_database.h"
#include "sim/sim_server.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/quality_store.h"
#include "ui/application_setup.h"
#include "ui/batch/batch_panel.h"
#include "ui/chapter_editor.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/main_window.h"
#include "ui/quality/ask_panel.h"
#include "ui/quality/audit_bridge.h"
#include "ui/quality/audit_dialog.h"
#include "ui/quality/findings_dialog.h"
#include "ui/secret_store.h"

#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <iterator>
#include <memory>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kKey = QStringLiteral("sk-test-quality-5d1c");

// A loop the repetition check finds, then a sentence cut off mid-way.
std::string loopingText()
{
    std::string text = "Rain fell on the harbour and the bells were still. ";
    for (int i = 0; i < 8; ++i)
        text += "The keeper climbed the stairs to the lamp and counted every step twice. ";
    return text + "She stopped at the door and";
}

} // namespace

class TestQualityWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        qputenv("XDG_CONFIG_HOME", m_settingsDir.path().toUtf8());
        qunsetenv("OPENROUTER_API_KEY");
        qunsetenv("SCRIPTORIUM_BASE_URL");
        ApplicationSetup::configure(*qApp);
        ApplicationSetup::installTranslators(*qApp, QStringLiteral("en"));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_window = std::make_unique<MainWindow>(&m_secrets);
        QVERIFY(m_window->openLibraryFile(m_dir->filePath(QStringLiteral("q.db"))));
        novel::SharedDatabase shared(m_window->session()->database());
        novel::BookSetupRequest request;
        request.title = "Lamp";
        request.premise = "A lighthouse keeper and a ship that does not exist.";
        request.chapters = 2;
        request.chapterTarget = 120;
        auto book = novel::createBook(shared, request);
        QVERIFY(book.has_value());
        m_book = *book;
        novel::StoryBible bible{"A keeper and a ghost ship",
                                {{"Mara", "keeper", "Lost her left thumb to a winch.", "alone"}},
                                {{"place", "Isle", "A rock in the sea."}}};
        QVERIFY(novel::storeBible(shared, m_book, bible, "en").has_value());
        m_chapters.clear();
        for (int p = 1; p <= 2; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Part " + std::to_string(p);
            c.body = p == 1 ? loopingText() : "Mara held the rail with both thumbs and watched.";
            auto id = m_window->session()->chapters().add(m_book, c);
            QVERIFY(id.has_value());
            m_chapters.push_back(*id);
        }
        m_window->session()->notifyChanged();
        QVERIFY(m_window->libraryTree()->selectBook(m_book));
    }

    void cleanup()
    {
        m_window.reset();
        m_dir.reset();
    }

    void theBookMenuHasTheQualityActions()
    {
        // In the Book menu, next to the book's other commands; one Book menu.
        int bookMenus = 0;
        for (QAction *menu : m_window->menuBar()->actions()) {
            if (!menu->menu())
                continue;
            QStringList found;
            for (QAction *action : menu->menu()->actions())
                found << action->objectName();
            if (!found.contains(QStringLiteral("actionNewChapter")))
                continue;
            ++bookMenus;
            QVERIFY(found.contains(QStringLiteral("actionContinuityAudit")));
            QVERIFY(found.contains(QStringLiteral("actionQualityFindings")));
            QVERIFY(found.contains(QStringLiteral("actionAskManuscript")));
        }
        QCOMPARE(bookMenus, 1);
    }

    void findingsAreListedMarkedAndOpened()
    {
        // Chapter 1's text as a generation wrote it: the checks run when it is recorded.
        store::Database &db = m_window->session()->database();
        store::GenerationRecord g;
        g.bookId = m_book;
        g.chapterId = m_chapters[0];
        g.stage = "draft";
        g.model = "m/model";
        g.startedAt = store::nowMs();
        const std::int64_t id = *store::GenerationStore(db).start(g);
        routing::GenerationResult result;
        result.text = loopingText();
        result.finishReason = "stop";
        result.provider = "DeepInfra";
        result.providerSlug = "deepinfra";
        result.quantization = "fp4";
        routing::AttemptRecord a;
        a.index = 1;
        a.model = "m/model";
        a.httpStatus = 200;
        a.completionTokens = 160;
        a.finishReason = "stop";
        result.attempts.push_back(a);
        QVERIFY(novel::finishGenerationRecord(db, id, result).has_value());
        const auto stored = store::QualityStore(db).forChapter(m_chapters[0], false);
        QVERIFY(stored.has_value() && stored->size() >= 2);

        FindingsDialog *dialog = m_window->showFindings();
        QVERIFY(dialog);
        QCOMPARE(dialog->listed().size(), stored->size());
        for (const store::StoredFinding &f : dialog->listed()) {
            QCOMPARE(f.provider, std::string("DeepInfra"));
            QCOMPARE(f.precision, std::string("fp4"));
        }
        const auto isLoop = [](const store::StoredFinding &f) {
            return f.kind == "repetition";
        };
        const auto loopAt = std::ranges::find_if(dialog->listed(), isLoop);
        QVERIFY(loopAt != dialog->listed().end());
        const store::StoredFinding loop = *loopAt;
        // Another one marked intentional: hidden here, and stored so.
        const auto otherAt = std::ranges::find_if_not(dialog->listed(), isLoop);
        QVERIFY(otherAt != dialog->listed().end());
        const std::int64_t marked = otherAt->id;
        QVERIFY(dialog->setIntentional(
            static_cast<int>(std::distance(dialog->listed().begin(), otherAt)), true));
        QCOMPARE(dialog->listed().size(), stored->size() - 1);
        for (const store::StoredFinding &f : dialog->listed())
            QVERIFY(f.id != marked);
        QCOMPARE(store::QualityStore(db).forChapter(m_chapters[0], false)->size(),
                 stored->size() - 1);

        // Opened: the chapter is in the editor with the quote selected.
        QVERIFY(m_window->openFinding(m_chapters[0], QString::fromStdString(loop.evidence)));
        QCOMPARE(m_window->openChapterId(), m_chapters[0]);
        const QString selected = m_window->editor()->textCursor().selectedText();
        QVERIFY2(!selected.isEmpty(), qPrintable(QString::fromStdString(loop.evidence)));
        QVERIFY(QString::fromStdString(loop.evidence)
                    .simplified()
                    .startsWith(selected.simplified().left(20)));
        dialog->close();
    }

    void auditShowsThePriceThenRunsInTheBackground()
    {
        sim::SimOptions options;
        options.market = "default";
        options.timeScale = 0.01;
        options.seed = 5;
        sim::SimServer sim(options);
        QVERIFY(sim.start().has_value());
        m_window->batchPanel()->setConnection(QString::fromStdString(sim.baseUrl()), kKey);

        AuditDialog *dialog = m_window->auditContinuity();
        QVERIFY(dialog);
        // The price comes first; nothing is sent before the writer starts the audit.
        QTRY_VERIFY_WITH_TIMEOUT(dialog->shownForecast().has_value(), kTimeoutMs);
        QCOMPARE(dialog->shownForecast()->chapters, 2);
        QVERIFY(dialog->shownForecast()->costUsd.expected > 0);
        QVERIFY(sim.truth().empty());

        QSignalSpy finished(dialog, &AuditDialog::auditFinished);
        QVERIFY(dialog->startAudit());
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY2(dialog->statusText().contains(QStringLiteral("2 chapters audited")),
                 qPrintable(dialog->statusText()));
        // One paid audit request per chapter, recorded as stage "audit" on the chapter.
        auto stmt = m_window->session()->database().prepare(
            "SELECT count(*) FROM generations WHERE stage = 'audit' AND book_id = ?");
        QVERIFY(stmt.has_value());
        stmt->bind(1, m_book);
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->int64(0), std::int64_t(2));
        QVERIFY(!sim.truth().empty());
        dialog->close();
    }

    void askTheManuscriptShowsThePriceThenAnswers()
    {
        sim::SimOptions options;
        options.market = "default";
        options.timeScale = 0.01;
        options.seed = 6;
        sim::SimServer sim(options);
        QVERIFY(sim.start().has_value());
        m_window->batchPanel()->setConnection(QString::fromStdString(sim.baseUrl()), kKey);
        AskPanel *panel = m_window->askManuscript();
        QVERIFY(panel);
        // A side panel beside the editor, not a window of its own.
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("askDock"));
        QVERIFY(dock && !dock->isHidden());
        QCOMPARE(dock->widget(), panel);
        // Looked up and priced first; nothing is sent.
        panel->setQuestion(QStringLiteral("When did the keeper climb the stairs to the lamp?"));
        QVERIFY(panel->priceQuestion());
        QTRY_VERIFY_WITH_TIMEOUT(panel->hasPrice(), kTimeoutMs);
        QVERIFY2(panel->statusText().contains(QStringLiteral("chapters 1")),
                 qPrintable(panel->statusText()));
        QVERIFY(sim.truth().empty());
        QSignalSpy answered(panel, &AskPanel::answerArrived);
        QVERIFY(panel->ask());
        QVERIFY(answered.wait(kTimeoutMs));
        QVERIFY(!panel->answerText().isEmpty());
        QVERIFY(panel->answer().has_value());
        QCOMPARE(sim.truth().size(), std::size_t(1));
        // A question that names nothing in the book is refused before anything is sent.
        panel->setQuestion(QStringLiteral("What was it?"));
        QVERIFY(panel->priceQuestion());
        QTRY_VERIFY_WITH_TIMEOUT(panel->statusText().contains(QStringLiteral("names nothing")),
                                 kTimeoutMs);
        QVERIFY(!panel->hasPrice());
        QCOMPARE(sim.truth().size(), std::size_t(1));
        // The same panel again, still beside the editor.
        QCOMPARE(m_window->askManuscript(), panel);
        QVERIFY(!dock->isHidden());
    }

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<MainWindow> m_window;
    std::int64_t m_book = 0;
    std::vector<std::int64_t> m_chapters;
};

QTEST_MAIN(TestQualityWindow)
#include "test_quality_window.moc"
