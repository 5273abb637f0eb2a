// Continuing a book the writer wrote, in the window (issue 16 part 1): Book → Analyse Book…
// shows the price before anything is sent and reads the book in the background against an
// in-process simulator; the Story Bible panel shows the derived entries "to review" with the
// chapter each comes from, accepts one or all; Book → Continue Book… is refused until then,
// and afterwards outlines the next chapters and sets the Batch dock to draft them.
#include "novel/shared_database.h"
#include "sim/sim_server.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "ui/analysis/analysis_bridge.h"
#include "ui/analysis/analysis_dialog.h"
#include "ui/application_setup.h"
#include "ui/batch/batch_panel.h"
#include "ui/bible_panel.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QDockWidget>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kKey = QStringLiteral("sk-test-analysis-7a2e");

} // namespace

class TestAnalysisWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<MainWindow> m_window;
    std::int64_t m_book = 0;
    std::vector<std::int64_t> m_chapters;

    std::vector<store::BibleEntry> entries()
    {
        auto list = m_window->session()->bible().list(m_book);
        return list ? *list : std::vector<store::BibleEntry>{};
    }

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
        QVERIFY(m_window->openLibraryFile(m_dir->filePath(QStringLiteral("a.db"))));
        // An imported book: chapters with text, no bible, no outline.
        auto book
            = m_window->session()->books().create(store::Book{.title = "Keeper", .language = "en"});
        QVERIFY(book.has_value());
        m_book = *book;
        m_chapters.clear();
        for (int p = 1; p <= 4; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Night " + std::to_string(p);
            c.body = "Mara climbed the ninety steps to the lamp room and looked at the empty "
                     "boat below the causeway. Old Tom had not come back.";
            c.status = store::ChapterStatus::Edited;
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

    void theBookMenuHasAnalyseAndContinue()
    {
        QStringList found;
        for (QAction *menu : m_window->menuBar()->actions())
            if (menu->menu())
                for (QAction *action : menu->menu()->actions())
                    found << action->objectName();
        QVERIFY(found.contains(QStringLiteral("actionAnalyseBook")));
        QVERIFY(found.contains(QStringLiteral("actionContinueBook")));
    }

    void theStoryBiblePanelReviewsDerivedEntries()
    {
        store::BibleStore &bible = m_window->session()->bible();
        store::BibleEntry derived;
        derived.bookId = m_book;
        derived.name = "Old Tom";
        derived.text = "The ferryman.";
        derived.origin = store::BibleOrigin::Analysis;
        derived.sourceChapterId = m_chapters[2];
        derived.reviewed = false;
        const std::int64_t tom = *bible.add(derived);
        derived.name = "Skerry Light";
        derived.kind = store::BibleKind::Place;
        derived.sourceChapterId = m_chapters[0];
        QVERIFY(bible.add(derived).has_value());
        BiblePanel *panel = m_window->biblePanel();
        panel->setBook(m_book);
        panel->reload();
        QCOMPARE(panel->unreviewedCount(), 2);
        QListWidget *characters = panel->entryList(store::BibleKind::Character);
        QCOMPARE(characters->count(), 1);
        QVERIFY(characters->item(0)->text().contains(QStringLiteral("to review")));
        characters->setCurrentRow(0);
        QCOMPARE(panel->provenanceText(store::BibleKind::Character),
                 QStringLiteral("From chapter 3 · to review"));

        QVERIFY(panel->acceptEntry(tom).has_value());
        QVERIFY(bible.get(tom)->reviewed);
        QCOMPARE(panel->unreviewedCount(), 1);
        QCOMPARE(characters->item(0)->text(), QStringLiteral("Old Tom"));
        QVERIFY(!panel->acceptAllButton()->isHidden());
        panel->acceptAllButton()->click();
        QCOMPARE(panel->unreviewedCount(), 0);
        QVERIFY(bible.listUnreviewed(m_book)->empty());
        QVERIFY(panel->acceptAllButton()->parentWidget()->isHidden());
    }

    void analyseShowsThePriceThenReadsAndContinueFollows()
    {
        sim::SimOptions options;
        options.market = "default";
        options.timeScale = 0.01;
        options.seed = 9;
        sim::SimServer sim(options);
        QVERIFY(sim.start().has_value());
        m_window->batchPanel()->setConnection(QString::fromStdString(sim.baseUrl()), kKey);

        // Not analysed: continuing is refused (a message, nothing sent).
        QTimer::singleShot(0, this, [] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(w))
                    box->accept();
        });
        QVERIFY(!m_window->continueBook(m_book, 2));

        AnalysisDialog *dialog = m_window->analyseBook();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->shownForecast().has_value(), kTimeoutMs);
        QCOMPARE(dialog->shownForecast()->chapters, 4);
        QVERIFY(dialog->shownForecast()->costUsd.expected > 0);
        QVERIFY2(dialog->priceText().contains(QStringLiteral("4 chapter")),
                 qPrintable(dialog->priceText()));
        QVERIFY(sim.truth().empty());

        QSignalSpy finished(dialog, &AnalysisDialog::analysisFinished);
        QVERIFY(dialog->startAnalysis());
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY2(dialog->statusText().contains(QStringLiteral("4 chapter")),
                 qPrintable(dialog->statusText()));
        QVERIFY(!sim.truth().empty());
        auto chapter = m_window->session()->chapters().get(m_chapters[3]);
        QVERIFY(!chapter->summary.empty());
        // The derived entries wait in the Story Bible panel.
        BiblePanel *panel = m_window->biblePanel();
        QCOMPARE(panel->bookId(), m_book);
        QVERIFY(panel->unreviewedCount() > 0);
        for (const store::BibleEntry &e : entries()) {
            QCOMPARE(e.origin, store::BibleOrigin::Analysis);
            QVERIFY(!e.reviewed);
            QVERIFY(e.sourceChapterId.has_value());
        }
        dialog->close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->analysisBridge()->isBusy(), kTimeoutMs);

        QVERIFY(panel->acceptAll().has_value());
        QSignalSpy outlined(m_window->analysisBridge(), &AnalysisBridge::continuationOutlined);
        QVERIFY(m_window->continueBook(m_book, 2));
        QVERIFY(outlined.wait(kTimeoutMs));
        QCOMPARE(outlined.first().at(1).toInt(), 5);
        QCOMPARE(outlined.first().at(2).toInt(), 6);
        auto fifth = m_window->session()->chapters().getAt(m_book, 5);
        QVERIFY(fifth.has_value());
        QVERIFY(!fifth->outline.empty());
        QVERIFY(fifth->body.empty()); // drafted by the batch the writer starts
        QVERIFY(!m_window->findChild<QDockWidget *>(QStringLiteral("batchDock"))->isHidden());
    }
};

QTEST_MAIN(TestAnalysisWindow)
#include "test_analysis_window.moc"
