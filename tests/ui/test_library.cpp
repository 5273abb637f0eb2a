#include "novel/book_exporter.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/schema.h"
#include "ui/app_settings.h"
#include "ui/application_setup.h"
#include "ui/autosaver.h"
#include "ui/bible_panel.h"
#include "ui/chapter_editor.h"
#include "ui/export_dialog.h"
#include "ui/find_bar.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"
#include "ui/library_upgrade.h"
#include "ui/main_window.h"
#include "ui/outline_panel.h"
#include "ui/revisions_dialog.h"
#include "ui/search_dialog.h"
#include "ui/secret_store.h"
#include "ui/settings_dialog.h"
#include "ui/text_diff.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <fstream>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

QStringList titles(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *t : list)
        out << QString::fromUtf8(t);
    return out;
}

} // namespace

class TestLibrary : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void typeAutosaveAndReopen();
    void switchingChapterSavesAtOnce();
    void reorderChapters();
    void dropMovesChapter();
    void trashAndRestore();
    void treeShowsLengthsTargetsAndTotals();
    void revisionsRestore();
    void diffParagraphsFindsTheEdit();
    void replaceInWholeBook();
    void bibleAndOutlineAreSaved();
    void searchFindsChapter();
    void exportWritesTheBook();
    void keyNeverLandsInTheLibrary();
    void olderLibraryIsUpgradedOffTheGuiThread();

private:
    std::int64_t chapterIdAt(MainWindow &window, std::int64_t bookId, int position);
    QStringList chapterTitles(MainWindow &window, std::int64_t bookId);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    MemorySecretStore m_secrets;
};

void TestLibrary::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    ApplicationSetup::configure(*qApp);
}

void TestLibrary::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("library.db"));
}

void TestLibrary::cleanup()
{
    m_dir.reset();
}

std::int64_t TestLibrary::chapterIdAt(MainWindow &window, std::int64_t bookId, int position)
{
    auto chapter = window.session()->chapters().getAt(bookId, position);
    return chapter ? chapter->id : 0;
}

QStringList TestLibrary::chapterTitles(MainWindow &window, std::int64_t bookId)
{
    QStringList titles;
    if (auto list = window.session()->chapters().list(bookId)) {
        for (const auto &c : *list)
            titles << toQ(c.title);
    }
    return titles;
}

void TestLibrary::typeAutosaveAndReopen()
{
    std::int64_t chapterId = 0;
    {
        MainWindow window(&m_secrets);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openLibraryFile(m_path));
        QVERIFY(window.newBook(QStringLiteral("The Lighthouse")).value_or(0) != 0);
        chapterId = window.newChapter(QStringLiteral("Arrival")).value_or(0);
        QVERIFY(chapterId != 0);
        QCOMPARE(window.openChapterId(), chapterId);
        window.editor()->setFocus();
        QTest::keyClicks(window.editor(), QStringLiteral("The keeper climbed the stairs."));
        QCOMPARE(window.autosaver()->state(), Autosaver::State::Unsaved);
        auto *saveState = window.findChild<QLabel *>(QStringLiteral("saveState"));
        QVERIFY(saveState);
        const QString unsavedText = saveState->text();
        // Debounced: saved on its own once typing pauses, and the label says so.
        QTRY_COMPARE_WITH_TIMEOUT(window.autosaver()->state(), Autosaver::State::Saved, 5000);
        QVERIFY(saveState->text() != unsavedText);
        auto stored = window.session()->chapters().get(chapterId);
        QVERIFY(stored.has_value());
        QCOMPARE(toQ(stored->body), QStringLiteral("The keeper climbed the stairs."));
        // More typing, then quit at once: closing saves.
        QTest::keyClicks(window.editor(), QStringLiteral(" Night fell."));
        QVERIFY(window.autosaver()->isDirty());
        QVERIFY(window.close());
    }
    MainWindow reopened(&m_secrets);
    QVERIFY(reopened.openLibraryFile(m_path));
    QVERIFY(reopened.openChapter(chapterId));
    QCOMPARE(reopened.editor()->text(),
             QStringLiteral("The keeper climbed the stairs. Night fell."));
    QCOMPARE(AppSettings::recentLibraries().value(0), QFileInfo(m_path).absoluteFilePath());
}

void TestLibrary::switchingChapterSavesAtOnce()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    window.newBook(QStringLiteral("Book"));
    const auto first = window.newChapter(QStringLiteral("One")).value_or(0);
    const auto second = window.newChapter(QStringLiteral("Two")).value_or(0);
    QVERIFY(window.openChapter(first));
    QTest::keyClicks(window.editor(), QStringLiteral("first body"));
    QVERIFY(window.openChapter(second)); // no wait: the switch itself saves
    QCOMPARE(toQ(window.session()->chapters().get(first)->body), QStringLiteral("first body"));
    QCOMPARE(window.editor()->text(), QString());
    QVERIFY(!window.editor()->document()->isUndoAvailable());
}

void TestLibrary::reorderChapters()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    const auto book = window.newBook(QStringLiteral("Book")).value_or(0);
    const auto a = window.newChapter(QStringLiteral("A")).value_or(0);
    window.newChapter(QStringLiteral("B"));
    const auto c = window.newChapter(QStringLiteral("C")).value_or(0);
    QCOMPARE(chapterTitles(window, book), (titles({"A", "B", "C"})));
    QVERIFY(window.moveChapter(c, 1));
    QCOMPARE(chapterTitles(window, book), (titles({"C", "A", "B"})));
    QVERIFY(window.moveChapter(c, 3));
    QCOMPARE(chapterTitles(window, book), (titles({"A", "B", "C"})));
    QVERIFY(window.moveChapter(a, 2));
    QCOMPARE(chapterTitles(window, book), (titles({"B", "A", "C"})));
    // The tree follows, with positions in the titles.
    QStandardItem *bookItem = window.libraryTree()->itemForBook(book);
    QVERIFY(bookItem);
    QCOMPARE(bookItem->child(0)->text(), QStringLiteral("1. B"));
    QCOMPARE(bookItem->child(1)->text(), QStringLiteral("2. A"));
    QCOMPARE(window.libraryTree()->currentChapterId(), a);
}

void TestLibrary::dropMovesChapter()
{
    MainWindow window(&m_secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openLibraryFile(m_path));
    const auto book = window.newBook(QStringLiteral("Book")).value_or(0);
    window.newChapter(QStringLiteral("A"));
    window.newChapter(QStringLiteral("B"));
    const auto c = window.newChapter(QStringLiteral("C")).value_or(0);
    LibraryTree *tree = window.libraryTree();
    QVERIFY(tree->selectChapter(c));
    QCoreApplication::processEvents(); // lay out the rows
    // Drop C on the upper half of A: C becomes the first chapter.
    const QRect target
        = tree->visualRect(tree->itemForChapter(chapterIdAt(window, book, 1))->index());
    QVERIFY(target.isValid());
    QMimeData *mime = tree->model()->mimeData({tree->currentIndex()});
    QDropEvent drop(QPointF(target.center().x(), target.top() + 2), Qt::MoveAction, mime,
                    Qt::LeftButton, Qt::NoModifier);
    // Qt delivers a drop only to the widget a drag entered first.
    const QPoint at(target.center().x(), target.top() + 2);
    QDragEnterEvent enter(at, Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(tree->viewport(), &enter);
    QDragMoveEvent move(at, Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(tree->viewport(), &move);
    QVERIFY(move.isAccepted());
    QCoreApplication::sendEvent(tree->viewport(), &drop);
    delete mime;
    QCOMPARE(chapterTitles(window, book), (titles({"C", "A", "B"})));
}

void TestLibrary::trashAndRestore()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    const auto book = window.newBook(QStringLiteral("Book")).value_or(0);
    window.newChapter(QStringLiteral("A"));
    const auto b = window.newChapter(QStringLiteral("B")).value_or(0);
    window.newChapter(QStringLiteral("C"));
    QVERIFY(window.openChapter(b));
    QTest::keyClicks(window.editor(), QStringLiteral("keep me"));
    QVERIFY(window.trashChapter(b));
    QCOMPARE(window.openChapterId(), 0);
    QCOMPARE(chapterTitles(window, book), (titles({"A", "C"})));
    QStandardItem *trashed = window.libraryTree()->itemForChapter(b);
    QVERIFY(trashed);
    QCOMPARE(trashed->data(LibraryTree::KindRole).toInt(), int(LibraryTree::Kind::TrashedChapter));
    QVERIFY(trashed->parent()->text().contains(QStringLiteral("(1)")));

    window.libraryTree()->setCurrentIndex(trashed->index());
    QCOMPARE(window.libraryTree()->currentTrashedChapterId(), b);
    auto *restore = window.findChild<QAction *>(QStringLiteral("actionRestoreChapter"));
    QVERIFY(restore);
    restore->trigger();
    QCOMPARE(chapterTitles(window, book), (titles({"A", "B", "C"})));
    QCOMPARE(window.openChapterId(), b);
    QCOMPARE(window.editor()->text(), QStringLiteral("keep me"));
}

void TestLibrary::treeShowsLengthsTargetsAndTotals()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    const auto book = window.newBook(QStringLiteral("书")).value_or(0);
    const auto first = window.newChapter(QStringLiteral("一")).value_or(0);
    window.outlinePanel()->targetBox()->setValue(3000);
    QVERIFY(window.outlinePanel()->flush());
    window.editor()->textCursor().insertText(QStringLiteral("他推开门。"));
    QVERIFY(window.saveAll());
    const auto second = window.newChapter(QStringLiteral("Two")).value_or(0);
    QTest::keyClicks(window.editor(), QStringLiteral("Three short words"));
    QVERIFY(window.saveAll());

    auto *model = window.libraryTree()->libraryModel();
    QStandardItem *bookItem = window.libraryTree()->itemForBook(book);
    QStandardItem *firstItem = window.libraryTree()->itemForChapter(first);
    QStandardItem *secondItem = window.libraryTree()->itemForChapter(second);
    QVERIFY(bookItem && firstItem && secondItem);
    // CJK-aware: four characters, not one word and not 15 bytes.
    QCOMPARE(model->itemFromIndex(firstItem->index().siblingAtColumn(1))->text(),
             QStringLiteral("4 / 3,000"));
    QCOMPARE(model->itemFromIndex(secondItem->index().siblingAtColumn(1))->text(),
             QStringLiteral("3"));
    QCOMPARE(model->itemFromIndex(bookItem->index().siblingAtColumn(1))->text(),
             QStringLiteral("7 / 3,000"));
    QVERIFY(!firstItem->icon().isNull());
    // The status bar shows the open chapter against its target.
    QVERIFY(window.openChapter(first));
    auto *length = window.findChild<QLabel *>(QStringLiteral("lengthIndicator"));
    QTRY_VERIFY(length->text().contains(QStringLiteral("3,000")));
}

void TestLibrary::revisionsRestore()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    window.newBook(QStringLiteral("Book"));
    const auto id = window.newChapter(QStringLiteral("One")).value_or(0);
    QTest::keyClicks(window.editor(), QStringLiteral("my own words"));
    QVERIFY(window.saveAll());
    // A generation replaces the body: the writer's text becomes a revision.
    auto replaced = window.session()->chapters().replaceBody(id, "generated words",
                                                             store::BodySource::Generation);
    QVERIFY(replaced.has_value());
    QVERIFY(*replaced);
    QVERIFY(window.openChapter(id));
    QCOMPARE(window.editor()->text(), QStringLiteral("generated words"));

    RevisionsDialog dialog(window.session(), id, window.editor()->text());
    QCOMPARE(dialog.list()->topLevelItemCount(), 1);
    QSignalSpy restored(&dialog, &RevisionsDialog::restored);
    QVERIFY(dialog.restoreSelected());
    QCOMPARE(restored.count(), 1);
    QCOMPARE(toQ(window.session()->chapters().get(id)->body), QStringLiteral("my own words"));
    // Restoring kept the generated text too: nothing is lost.
    auto revisions = window.session()->revisions().list(id);
    QVERIFY(revisions && revisions->size() == 2);
}

void TestLibrary::diffParagraphsFindsTheEdit()
{
    const auto runs = diffParagraphs(QStringLiteral("a\nb\nc\nd"), QStringLiteral("a\nx\nc\nd\ne"));
    QCOMPARE(runs.size(), 5);
    QCOMPARE(runs[0].kind, DiffRun::Kind::Same);
    QCOMPARE(runs[0].paragraphs, QStringList{QStringLiteral("a")});
    QCOMPARE(runs[1].kind, DiffRun::Kind::Added);
    QCOMPARE(runs[1].paragraphs, QStringList{QStringLiteral("x")});
    QCOMPARE(runs[2].kind, DiffRun::Kind::Removed);
    QCOMPARE(runs[2].paragraphs, QStringList{QStringLiteral("b")});
    QCOMPARE(runs[3].kind, DiffRun::Kind::Same);
    QCOMPARE(runs[3].paragraphs, (QStringList{QStringLiteral("c"), QStringLiteral("d")}));
    QCOMPARE(runs[4].kind, DiffRun::Kind::Added);
    QVERIFY(diffParagraphs(QStringLiteral("same"), QStringLiteral("same")).size() == 1);
}

void TestLibrary::replaceInWholeBook()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    window.newBook(QStringLiteral("Book"));
    const auto one = window.newChapter(QStringLiteral("One")).value_or(0);
    QTest::keyClicks(window.editor(), QStringLiteral("Anna ran. Anna hid."));
    const auto two = window.newChapter(QStringLiteral("Two")).value_or(0);
    QTest::keyClicks(window.editor(), QStringLiteral("Where was Anna?"));
    QVERIFY(window.openChapter(one));
    QFuture<int> replaced = window.replaceInBook(QStringLiteral("Anna"), QStringLiteral("Mara"),
                                                 int(QTextDocument::FindCaseSensitively));
    // Text typed while the rest of the book is written is kept, and replaced in too.
    window.editor()->moveCursor(QTextCursor::End);
    QTest::keyClicks(window.editor(), QStringLiteral(" Anna left."));
    QTRY_VERIFY(replaced.isFinished());
    QCOMPARE(replaced.result(), 4);
    QCOMPARE(window.editor()->text(), QStringLiteral("Mara ran. Mara hid. Mara left."));
    QCOMPARE(toQ(window.session()->chapters().get(one)->body),
             QStringLiteral("Mara ran. Mara hid. Mara left."));
    QCOMPARE(toQ(window.session()->chapters().get(two)->body), QStringLiteral("Where was Mara?"));
    // The chapter that was not open keeps its old text as a revision.
    auto revisions = window.session()->revisions().list(two);
    QVERIFY(revisions.has_value() && !revisions->empty());
    QCOMPARE(window.session()->revisions().get(revisions->front().id)->body,
             std::string("Where was Anna?"));
    // In the open chapter the replacement is one undo step.
    window.editor()->undo();
    QCOMPARE(window.editor()->text(), QStringLiteral("Anna ran. Anna hid. Anna left."));

    // Through the find bar, which reports the count when the book is done.
    window.findBar()->activate(true);
    window.findBar()->setWholeBook(true);
    window.findBar()->findField()->setText(QStringLiteral("Mara"));
    window.findBar()->replaceField()->setText(QStringLiteral("\u6797")); // 林
    QCOMPARE(window.findBar()->replaceAll(), -1);
    auto *message = window.findBar()->findChild<QLabel *>(QStringLiteral("findMessage"));
    QVERIFY(message);
    QTRY_COMPARE(toQ(window.session()->chapters().get(two)->body),
                 QStringLiteral("Where was \u6797?"));
    QTRY_VERIFY(message->text().contains(QLatin1Char('1')));
}

void TestLibrary::bibleAndOutlineAreSaved()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    const auto book = window.newBook(QStringLiteral("Book")).value_or(0);
    const auto chapter = window.newChapter(QStringLiteral("One")).value_or(0);
    BiblePanel *bible = window.biblePanel();
    QCOMPARE(bible->bookId(), book);
    bible->premiseEdit()->setPlainText(QStringLiteral("A keeper and a storm."));
    bible->styleEdit()->setPlainText(QStringLiteral("Close third person, past tense."));
    const auto anna
        = bible->addEntry(store::BibleKind::Character, QStringLiteral("Anna")).value_or(0);
    QVERIFY(anna != 0);
    QCOMPARE(bible->entryList(store::BibleKind::Character)->count(), 1);
    OutlinePanel *outline = window.outlinePanel();
    outline->outlineEdit()->setPlainText(QStringLiteral("Anna arrives at the lighthouse."));
    outline->statusBox()->setCurrentIndex(
        outline->statusBox()->findData(int(store::ChapterStatus::Drafted)));
    // Debounced saves land without an explicit flush.
    QTRY_COMPARE(toQ(window.session()->books().get(book)->premise),
                 QStringLiteral("A keeper and a storm."));
    QTRY_COMPARE(toQ(window.session()->chapters().get(chapter)->outline),
                 QStringLiteral("Anna arrives at the lighthouse."));
    QCOMPARE(toQ(window.session()->books().get(book)->styleGuide),
             QStringLiteral("Close third person, past tense."));
    QCOMPARE(window.session()->chapters().get(chapter)->status, store::ChapterStatus::Drafted);
    QCOMPARE(toQ(window.session()->bible().get(anna)->name), QStringLiteral("Anna"));
    QStandardItem *item = window.libraryTree()->itemForChapter(chapter);
    QCOMPARE(window.libraryTree()
                 ->libraryModel()
                 ->itemFromIndex(item->index().siblingAtColumn(2))
                 ->text(),
             LibraryTree::statusText(store::ChapterStatus::Drafted));
}

void TestLibrary::searchFindsChapter()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    const auto book = window.newBook(QStringLiteral("Book")).value_or(0);
    window.newChapter(QStringLiteral("One"));
    QTest::keyClicks(window.editor(), QStringLiteral("The lighthouse keeper slept."));
    const auto two = window.newChapter(QStringLiteral("Two")).value_or(0);
    window.editor()->textCursor().insertText(QStringLiteral("林默推开了灯塔的门。"));
    QVERIFY(window.saveAll());

    SearchDialog dialog(window.session()->path(), book);
    QSignalSpy finished(&dialog, &SearchDialog::searchFinished);
    dialog.queryField()->setText(QStringLiteral("灯塔"));
    dialog.search();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toInt(), 1);
    QCOMPARE(dialog.results()->topLevelItemCount(), 1);
    QSignalSpy chosen(&dialog, &SearchDialog::chapterChosen);
    emit dialog.results()->itemActivated(dialog.results()->topLevelItem(0), 0);
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().first().value<std::int64_t>(), two);
}

void TestLibrary::exportWritesTheBook()
{
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    const auto book = window.newBook(QStringLiteral("Storm")).value_or(0);
    window.newChapter(QStringLiteral("Arrival"));
    QTest::keyClicks(window.editor(), QStringLiteral("Rain on the glass."));
    QVERIFY(window.saveAll());

    ExportDialog dialog(window.session()->path(), book, QStringLiteral("Storm"));
    dialog.formatBox()->setCurrentIndex(
        dialog.formatBox()->findData(int(novel::ExportFormat::Markdown)));
    const QString out = m_dir->filePath(QStringLiteral("storm.md"));
    dialog.pathField()->setText(out);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("Arrival")));
    QVERIFY(text.contains(QStringLiteral("Rain on the glass.")));
}

void TestLibrary::keyNeverLandsInTheLibrary()
{
    const QString key = QStringLiteral("sk-or-v1-library-7d3e9a0b1c2f4e5d6a7b8c9d");
    MainWindow window(&m_secrets);
    QVERIFY(window.openLibraryFile(m_path));
    window.newBook(QStringLiteral("Book"));
    window.newChapter(QStringLiteral("One"));
    {
        SettingsDialog dialog(&m_secrets, &window);
        auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("apiKeyField"));
        QTRY_VERIFY(field->isEnabled());
        field->setText(key);
        QSignalSpy written(&m_secrets, &SecretStore::writeFinished);
        dialog.accept();
        QTRY_COMPARE(written.count(), 1);
    }
    QTest::keyClicks(window.editor(), QStringLiteral("text"));
    QVERIFY(window.saveAll());
    QVERIFY(window.close());
    QSettings().sync();

    QByteArray bytes;
    for (const QString &dir : {m_dir->path(), m_settingsDir.path()}) {
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            bytes += f.readAll();
        }
    }
    QVERIFY(bytes.contains("text")); // the library and settings really were read
    QVERIFY(!bytes.contains(key.toUtf8()));
    QVERIFY(!bytes.contains("7d3e9a0b1c2f"));
}

void TestLibrary::olderLibraryIsUpgradedOffTheGuiThread()
{
    // A schema-4 library with 3,000 attempts over 600 hours: opening it builds the per-book
    // rollups of schema 5 from them.
    std::ofstream(m_path.toStdString()).close();
    {
        auto raw = store::Database::openRaw(m_path.toStdString());
        QVERIFY(raw.has_value());
        QVERIFY((*raw)->migrateTo(4).has_value());
        QVERIFY((*raw)
                    ->exec("INSERT INTO books (id, title, created_at, updated_at) VALUES "
                           "(1, 'Old', 1, 1)")
                    .has_value());
        QVERIFY((*raw)->begin().has_value());
        for (int g = 1; g <= 600; ++g) {
            const std::string t0 = std::to_string(1'750'000'000'000LL + g * 3'600'000LL);
            std::string sql = "INSERT INTO generations (id, book_id, stage, model, started_at) "
                              "VALUES ("
                + std::to_string(g) + ", 1, 'draft', 'm', " + t0 + ");";
            for (int a = 0; a < 5; ++a) {
                sql += "INSERT INTO attempts (generation_id, attempt_index, model, provider, "
                       "quantization, t0_ms, ttft_ms, cost_usd) VALUES ("
                    + std::to_string(g) + ", " + std::to_string(a) + ", 'm', 'P', 'fp8', " + t0
                    + ", 300, 0.001);";
            }
            QVERIFY((*raw)->exec(sql).has_value());
        }
        QVERIFY((*raw)->commit().has_value());
    }
    QVERIFY(LibraryUpgrade::needed(m_path));

    MainWindow window(&m_secrets);
    int ticks = 0; // the GUI thread's timer keeps firing while the library upgrades
    QTimer timer;
    timer.setInterval(1);
    connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
    timer.start();
    QVERIFY(window.openLibraryFile(m_path));
    timer.stop();
    QVERIFY2(ticks > 0, "the upgrade held the GUI thread");
    store::Database &db = window.session()->database();
    QCOMPARE(*db.schemaVersion(), store::kSchemaVersion);
    QCOMPARE(*db.queryInt("SELECT count(*) FROM book_rollup_stale"), 0);
    QCOMPARE(*db.queryInt("SELECT sum(requests) FROM book_attempt_rollups WHERE book_id = 1"),
             3000);
    QVERIFY(!LibraryUpgrade::needed(m_path));
}

QTEST_MAIN(TestLibrary)
#include "test_library.moc"
