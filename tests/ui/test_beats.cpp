// Scene beats in the window: the Outline panel's beat list (add, edit, remove, reorder by
// buttons and by drag), drafting one beat at the cursor through the Generate dock against an
// in-process simulator, and the beats block of the prompt preview.
#include "sim/sim_server.h"
#include "store/beat_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "ui/application_setup.h"
#include "ui/beat_list.h"
#include "ui/chapter_editor.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_panel.h"
#include "ui/generation/generation_prompts.h"
#include "ui/generation/prompt_preview_dialog.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/outline_panel.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

constexpr int kTimeoutMs = 30000;

struct Window {
    explicit Window(const QString &dir)
    {
        window = std::make_unique<MainWindow>(&secrets);
        QVERIFY(window->openLibraryFile(dir + QStringLiteral("/lib.db")));
        QVERIFY(window->newBook(QStringLiteral("Storm")).has_value());
        chapterId = window->newChapter(QStringLiteral("One")).value_or(0);
        otherId = window->newChapter(QStringLiteral("Two")).value_or(0);
        QVERIFY(chapterId != 0 && otherId != 0);
        auto chapter = window->session()->chapters().get(chapterId);
        QVERIFY(chapter.has_value());
        chapter->outline = "Mara finds the ledger under the lamp room floor.";
        QVERIFY(window->session()->chapters().updateMeta(*chapter).has_value());
        QVERIFY(window->openChapter(chapterId));
        beats = window->outlinePanel()->beatList();
        QVERIFY(beats);
        ok = true;
    }

    QStringList stored() const
    {
        QStringList out;
        auto list = store::BeatStore(window->session()->database()).list(chapterId);
        for (const store::Beat &b : list.value_or(std::vector<store::Beat>{}))
            out << QString::fromStdString(b.text);
        return out;
    }

    QStringList shown() const
    {
        QStringList out;
        for (int row = 0; row < beats->list()->count(); ++row)
            out << beats->list()->item(row)->text();
        return out;
    }

    std::int64_t addBeat(const std::string &text, const std::string &pov = {},
                         const std::string &location = {})
    {
        return store::BeatStore(window->session()->database())
            .add(
                store::Beat{.chapterId = chapterId, .text = text, .pov = pov, .location = location})
            .value_or(0);
    }

    MemorySecretStore secrets;
    std::unique_ptr<MainWindow> window;
    BeatList *beats = nullptr;
    std::int64_t chapterId = 0;
    std::int64_t otherId = 0;
    bool ok = false;
};

} // namespace

class TestBeats : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void addEditRemove();
    void reorderByButtonsAndDrag();
    void beatsFollowTheChapter();
    void draftBeatAtCursor();
    void promptPreviewShowsBeats();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestBeats::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    qputenv("XDG_CONFIG_HOME", m_settingsDir.path().toUtf8());
    qunsetenv("OPENROUTER_API_KEY");
    ApplicationSetup::configure(*qApp);
    ApplicationSetup::installTranslators(*qApp, QStringLiteral("en"));
}

void TestBeats::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestBeats::cleanup()
{
    m_dir.reset();
}

void TestBeats::addEditRemove()
{
    Window w(m_dir->path());
    QVERIFY(w.ok);
    QVERIFY(w.shown().isEmpty());
    QVERIFY(!w.beats->draftButton()->isEnabled());

    QVERIFY(w.beats->addBeat());
    QCOMPARE(w.stored(), QStringList{QStringLiteral("New beat")});
    QVERIFY(w.beats->textEdit()->isEnabled());
    // Typing into the fields saves the selected beat (debounced; flush() saves now).
    w.beats->textEdit()->setPlainText(QStringLiteral("Mara lifts the floorboard"));
    w.beats->povEdit()->setText(QStringLiteral("Mara"));
    emit w.beats->povEdit()->textEdited(QStringLiteral("Mara"));
    w.beats->locationEdit()->setText(QStringLiteral("the lamp room"));
    emit w.beats->locationEdit()->textEdited(QStringLiteral("the lamp room"));
    QVERIFY(w.beats->flush());
    auto stored = store::BeatStore(w.window->session()->database()).list(w.chapterId).value();
    QCOMPARE(stored.size(), std::size_t(1));
    QCOMPARE(stored[0].text, std::string("Mara lifts the floorboard"));
    QCOMPARE(stored[0].pov, std::string("Mara"));
    QCOMPARE(stored[0].location, std::string("the lamp room"));
    QCOMPARE(w.shown(),
             QStringList{QStringLiteral("1. Mara lifts the floorboard\nPOV: Mara · Location: the "
                                        "lamp room")});

    // The debounce saves without flush() too.
    w.beats->textEdit()->setPlainText(QStringLiteral("Mara lifts the loose floorboard"));
    QTRY_COMPARE(w.stored(), QStringList{QStringLiteral("Mara lifts the loose floorboard")});

    // Add goes after the selected beat.
    QVERIFY(w.beats->addBeat());
    w.beats->textEdit()->setPlainText(QStringLiteral("The ledger is wet"));
    w.beats->list()->setCurrentRow(0); // switching saves the one being edited
    QCOMPARE(w.stored(),
             (QStringList{QStringLiteral("Mara lifts the loose floorboard"),
                          QStringLiteral("The ledger is wet")}));
    QVERIFY(w.beats->addBeat());
    QCOMPARE(w.beats->list()->currentRow(), 1);
    QCOMPARE(w.stored().size(), 3);
    QCOMPARE(w.stored()[1], QStringLiteral("New beat"));

    // An emptied text is not saved: the beat keeps its words until it is removed.
    w.beats->textEdit()->clear();
    QVERIFY(w.beats->flush());
    QCOMPARE(w.stored()[1], QStringLiteral("New beat"));

    QTest::mouseClick(w.window->findChild<QToolButton *>(QStringLiteral("beatRemove")),
                      Qt::LeftButton);
    QCOMPARE(w.stored(),
             (QStringList{QStringLiteral("Mara lifts the loose floorboard"),
                          QStringLiteral("The ledger is wet")}));
    QCOMPARE(w.shown().size(), 2);
    QVERIFY(w.shown()[1].startsWith(QStringLiteral("2. The ledger is wet")));
}

void TestBeats::reorderByButtonsAndDrag()
{
    Window w(m_dir->path());
    QVERIFY(w.ok);
    for (const char *text : {"a", "b", "c", "d"})
        QVERIFY(w.addBeat(text) != 0);
    w.beats->setChapter(w.otherId); // reload
    w.beats->setChapter(w.chapterId);
    QCOMPARE(w.shown().size(), 4);

    w.beats->list()->setCurrentRow(2);
    QTest::mouseClick(w.window->findChild<QToolButton *>(QStringLiteral("beatUp")), Qt::LeftButton);
    QCOMPARE(w.stored().join(QString()), QStringLiteral("acbd"));
    QCOMPARE(w.beats->list()->currentRow(), 1); // the moved beat stays selected
    QVERIFY(w.beats->moveSelected(1));
    QVERIFY(w.beats->moveSelected(1));
    QCOMPARE(w.stored().join(QString()), QStringLiteral("abdc"));
    QVERIFY(!w.window->findChild<QToolButton *>(QStringLiteral("beatDown"))->isEnabled());

    // A drag is a model row move: the first beat dropped after the last.
    QVERIFY(w.beats->list()->model()->moveRow(QModelIndex(), 0, QModelIndex(), 4));
    QCOMPARE(w.stored().join(QString()), QStringLiteral("bdca"));
    QCOMPARE(w.shown(),
             (QStringList{QStringLiteral("1. b"), QStringLiteral("2. d"), QStringLiteral("3. c"),
                          QStringLiteral("4. a")}));
    // And the last one dropped before the first.
    QVERIFY(w.beats->list()->model()->moveRow(QModelIndex(), 3, QModelIndex(), 0));
    QCOMPARE(w.stored().join(QString()), QStringLiteral("abdc"));
    QCOMPARE(w.shown().first(), QStringLiteral("1. a"));
}

void TestBeats::beatsFollowTheChapter()
{
    Window w(m_dir->path());
    QVERIFY(w.ok);
    w.addBeat("one's beat");
    QVERIFY(w.window->openChapter(w.otherId));
    QVERIFY(w.shown().isEmpty());
    QVERIFY(w.beats->addBeat());
    w.beats->textEdit()->setPlainText(QStringLiteral("two's beat"));
    // Opening another chapter saves the pending edit into the chapter it belongs to.
    QVERIFY(w.window->openChapter(w.chapterId));
    QCOMPARE(w.shown(), QStringList{QStringLiteral("1. one's beat")});
    auto other = store::BeatStore(w.window->session()->database()).list(w.otherId).value();
    QCOMPARE(other.size(), std::size_t(1));
    QCOMPARE(other[0].text, std::string("two's beat"));
}

void TestBeats::draftBeatAtCursor()
{
    sim::SimOptions options;
    options.market = "default";
    options.timeScale = 0.02;
    options.seed = 11;
    sim::SimServer sim(options);
    QVERIFY(sim.start().has_value());
    Window w(m_dir->path());
    QVERIFY(w.ok);
    w.addBeat("Mara lifts the floorboard", "Mara");
    const std::int64_t second = w.addBeat("UNIQUE-BEAT the ledger is wet", "", "the lamp room");
    w.addBeat("She hears steps");
    QVERIFY(w.window->session()
                ->chapters()
                .replaceBody(w.chapterId, "First paragraph.\nLast paragraph.",
                             store::BodySource::Writer)
                .has_value());
    QVERIFY(w.window->openChapter(w.chapterId));
    GenerationPanel *panel = w.window->generationPanel();
    panel->setPreviewBeforeSending(false);
    panel->setConnection(QString::fromStdString(sim.baseUrl()), QStringLiteral("sk-test-beats-1"),
                         false);
    panel->setModel(QStringLiteral("meta-llama/llama-3.3-70b-instruct"));
    QTextCursor cursor = w.window->editor()->textCursor();
    cursor.setPosition(17); // after "First paragraph.\n"
    w.window->editor()->setTextCursor(cursor);

    // The prompt names the one beat among all of them, with the text around the cursor.
    auto job = prepareBeatJob(w.window->session()->database(), w.chapterId, second,
                              w.window->editor()->toPlainText(), 17, panel->model(), 1024);
    QVERIFY(job.has_value());
    QCOMPARE(job->mode, GenerationMode::Beat);
    QVERIFY(job->user.find("beat 2 of the beats below") != std::string::npos);
    QVERIFY(job->user.find("1. Mara lifts the floorboard (POV: Mara)\n2. UNIQUE-BEAT")
            != std::string::npos);
    QVERIFY(job->user.find("The beat to write now:\nUNIQUE-BEAT the ledger is wet (location: "
                           "the lamp room)")
            != std::string::npos);
    QVERIFY(job->user.find("First paragraph.") < job->user.find("Last paragraph."));
    // A beat of another chapter is refused.
    auto foreign = prepareBeatJob(w.window->session()->database(), w.otherId, second, QString(), 0,
                                  panel->model(), 1024);
    QVERIFY(!foreign.has_value());
    QCOMPARE(foreign.error().code, ErrorCode::NotFound);

    // "Draft at cursor" on the selected beat streams into the Generate dock.
    w.beats->list()->setCurrentRow(1);
    QSignalSpy done(panel, &GenerationPanel::generationFinished);
    QVERIFY(w.beats->draftButton()->isEnabled());
    QSignalSpy asked(w.beats, &BeatList::draftBeatRequested);
    QTest::mouseClick(w.beats->draftButton(), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.front().front().value<std::int64_t>(), second);
    QVERIFY2(panel->isRunning() || !done.isEmpty(), qPrintable(panel->message()));
    QVERIFY(done.wait(kTimeoutMs) || !done.isEmpty());
    QVERIFY2(panel->lastResult() && panel->lastResult()->ok(), qPrintable(panel->message()));
    const QString draft = panel->draftText().trimmed();
    QVERIFY(!draft.isEmpty());
    auto record = store::GenerationStore(w.window->session()->database()).get(panel->recordId());
    QVERIFY(record.has_value());
    QCOMPARE(record->stage, std::string("beat"));

    // Accept puts it at the cursor, as its own paragraph; the rest of the chapter stays.
    QVERIFY(panel->accept());
    const QString body
        = QString::fromStdString(w.window->session()->chapters().get(w.chapterId)->body);
    QCOMPARE(body,
             QStringLiteral("First paragraph.\n") + draft + QStringLiteral("\nLast paragraph."));
    QCOMPARE(w.window->editor()->toPlainText(), body);
}

void TestBeats::promptPreviewShowsBeats()
{
    Window w(m_dir->path());
    QVERIFY(w.ok);
    w.addBeat("Mara lifts the floorboard", "Mara", "the lamp room");
    w.addBeat("The ledger is wet");
    auto job = w.window->generationPanel()->prepare(GenerationMode::Draft);
    QVERIFY2(job.has_value(), job ? "" : job.error().message.c_str());
    const std::string expected
        = "1. Mara lifts the floorboard (POV: Mara; location: the lamp room)\n2. The ledger is wet";
    QVERIFY(job->user.find(expected) != std::string::npos);
    PromptPreviewDialog dialog(*job, std::nullopt);
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("promptBlocks"));
    QVERIFY(table);
    int row = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text() == QStringLiteral("Scene beats"))
            row = r;
    QVERIFY(row >= 0);
    QVERIFY(table->item(row, 1)->text().toInt() > 0);
    // Right after the chapter's outline, as in the prompt.
    QCOMPARE(table->item(row - 1, 0)->text(), QStringLiteral("Chapter outline"));
}

QTEST_MAIN(TestBeats)
#include "test_beats.moc"
