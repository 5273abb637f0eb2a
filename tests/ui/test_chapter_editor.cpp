#include "ui/application_setup.h"
#include "ui/autosaver.h"
#include "ui/chapter_editor.h"
#include "ui/find_bar.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

#include <algorithm>

using namespace scriptorium::ui;

class TestChapterEditor : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void replaceInText_data();
    void replaceInText();
    void replaceAllIsOneUndoStep();
    void findBarFindsAndWraps();
    void findBarReplacesAll();
    void lineSpacingAppliesToNewParagraphs();
    void loadIsNotAnEditAndClearsUndo();
    void pasteArrivesAsPlainText();
    void chineseUsesCjkFallbackFont();
    void focusModeHidesAndRestores();
    void typingStaysFastInLongChapter();

private:
    QTemporaryDir m_settingsDir;
};

void TestChapterEditor::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    ApplicationSetup::configure(*qApp);
}

void TestChapterEditor::replaceInText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QString>("with");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("count");

    const int none = 0;
    const int cs = QTextDocument::FindCaseSensitively;
    const int words = QTextDocument::FindWholeWords;
    QTest::newRow("simple") << "a cat and a cat"
                            << "cat"
                            << "dog" << none << "a dog and a dog" << 2;
    QTest::newRow("case-insensitive") << "Cat cat"
                                      << "cat"
                                      << "x" << none << "x x" << 2;
    QTest::newRow("case-sensitive") << "Cat cat"
                                    << "cat"
                                    << "x" << cs << "Cat x" << 1;
    QTest::newRow("whole words") << "cat catalog"
                                 << "cat"
                                 << "x" << words << "x catalog" << 1;
    QTest::newRow("regex chars literal") << "a.b a+b"
                                         << "a.b"
                                         << "c" << none << "c a+b" << 1;
    QTest::newRow("chinese") << QStringLiteral("他说。他走。") << QStringLiteral("他")
                             << QStringLiteral("她") << none << QStringLiteral("她说。她走。") << 2;
    QTest::newRow("no match") << "abc"
                              << "x"
                              << "y" << none << "abc" << 0;
    QTest::newRow("empty needle") << "abc"
                                  << ""
                                  << "y" << none << "abc" << 0;
}

void TestChapterEditor::replaceInText()
{
    QFETCH(QString, text);
    QFETCH(QString, needle);
    QFETCH(QString, with);
    QFETCH(int, flags);
    QFETCH(QString, expected);
    QFETCH(int, count);
    const QString original = text;
    QCOMPARE(replaceAllInText(text, needle, with, QTextDocument::FindFlags(flags)), count);
    QCOMPARE(text, expected);

    // The in-document replacement agrees with the string one.
    QTextDocument document;
    document.setPlainText(original);
    QCOMPARE(replaceAllInDocument(&document, needle, with, QTextDocument::FindFlags(flags)), count);
    QCOMPARE(document.toPlainText(), expected);
}

void TestChapterEditor::replaceAllIsOneUndoStep()
{
    ChapterEditor editor;
    editor.loadText(QStringLiteral("one fish two fish red fish"));
    QCOMPARE(
        replaceAllInDocument(editor.document(), QStringLiteral("fish"), QStringLiteral("bird"), {}),
        3);
    QCOMPARE(editor.text(), QStringLiteral("one bird two bird red bird"));
    editor.undo();
    QCOMPARE(editor.text(), QStringLiteral("one fish two fish red fish"));
    editor.redo();
    QCOMPARE(editor.text(), QStringLiteral("one bird two bird red bird"));
}

void TestChapterEditor::findBarFindsAndWraps()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.editor()->loadText(QStringLiteral("alpha beta alpha"));
    QTest::keySequence(&window, QKeySequence::Find);
    QTRY_VERIFY(window.findBar()->isVisible());
    QTest::keyClicks(window.findBar()->findField(), QStringLiteral("alpha"));
    QVERIFY(window.findBar()->findNext());
    QCOMPARE(window.editor()->textCursor().selectionStart(), 0);
    QVERIFY(window.findBar()->findNext());
    QCOMPARE(window.editor()->textCursor().selectionStart(), 11);
    QVERIFY(window.findBar()->findNext()); // wraps to the first match
    QCOMPARE(window.editor()->textCursor().selectionStart(), 0);
    window.findBar()->findField()->setText(QStringLiteral("gamma"));
    QVERIFY(!window.findBar()->findNext());
}

void TestChapterEditor::findBarReplacesAll()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.show();
    window.editor()->loadText(QStringLiteral("Anna met anna."));
    QSignalSpy edited(window.editor(), &ChapterEditor::userEdited);
    window.findBar()->activate(true);
    window.findBar()->findField()->setText(QStringLiteral("anna"));
    window.findBar()->replaceField()->setText(QStringLiteral("Ben"));
    QCOMPARE(window.findBar()->replaceAll(), 2);
    QCOMPARE(window.editor()->text(), QStringLiteral("Ben met Ben."));
    // Replacing is an edit: the autosaver must learn about it.
    QVERIFY(edited.count() > 0);
}

void TestChapterEditor::lineSpacingAppliesToNewParagraphs()
{
    ChapterEditor editor;
    editor.setLineSpacing(150);
    editor.loadText(QStringLiteral("first\nsecond"));
    for (QTextBlock b = editor.document()->begin(); b.isValid(); b = b.next()) {
        QCOMPARE(b.blockFormat().lineHeightType(), int(QTextBlockFormat::ProportionalHeight));
        QCOMPARE(b.blockFormat().lineHeight(), 150.0);
    }
    QTextCursor cursor(editor.document());
    cursor.movePosition(QTextCursor::End);
    editor.setTextCursor(cursor);
    QTest::keyClick(&editor, Qt::Key_Return);
    QTest::keyClicks(&editor, QStringLiteral("third"));
    QCOMPARE(editor.document()->lastBlock().text(), QStringLiteral("third"));
    QCOMPARE(editor.document()->lastBlock().blockFormat().lineHeight(), 150.0);
    // Changing the spacing is formatting, not an edit the writer can undo into.
    editor.setLineSpacing(200);
    QCOMPARE(editor.document()->firstBlock().blockFormat().lineHeight(), 200.0);
    QCOMPARE(editor.text(), QStringLiteral("first\nsecond\nthird"));
}

void TestChapterEditor::loadIsNotAnEditAndClearsUndo()
{
    ChapterEditor editor;
    int edits = 0;
    connect(&editor, &ChapterEditor::userEdited, this, [&edits] { ++edits; });
    QTest::keyClicks(&editor, QStringLiteral("draft"));
    QVERIFY(edits > 0);
    const int before = edits;
    editor.loadText(QStringLiteral("another chapter"));
    QCOMPARE(edits, before);
    QVERIFY(!editor.document()->isUndoAvailable());
    QCOMPARE(editor.text(), QStringLiteral("another chapter"));
}

void TestChapterEditor::pasteArrivesAsPlainText()
{
    ChapterEditor editor;
    auto *mime = new QMimeData;
    mime->setHtml(QStringLiteral("<b>bold</b> and <i>italic</i>"));
    mime->setText(QStringLiteral("bold and italic"));
    QApplication::clipboard()->setMimeData(mime);
    editor.paste();
    QCOMPARE(editor.text(), QStringLiteral("bold and italic"));
    QVERIFY(!editor.document()->toHtml().contains(QStringLiteral("font-weight:700")));
}

void TestChapterEditor::chineseUsesCjkFallbackFont()
{
    ChapterEditor editor;
    editor.setEditorFont(QFont(QStringLiteral("DejaVu Serif"), 13));
    const QStringList families = editor.document()->defaultFont().families();
    QCOMPARE(families.first(), QStringLiteral("DejaVu Serif"));
    QVERIFY(families.contains(QStringLiteral("Noto Serif CJK SC")));
}

void TestChapterEditor::focusModeHidesAndRestores()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("libraryDock"));
    QVERIFY(dock && dock->isVisible());
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.isFocusMode());
    QTRY_VERIFY(!dock->isVisible());
    QVERIFY(!window.menuBar()->isVisible());
    QVERIFY(!window.statusBar()->isVisible());
    QTRY_VERIFY(window.editor()->sideMargin() > 0);
    // The shortcut works while the menu bar is hidden.
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(!window.isFocusMode());
    QTRY_VERIFY(dock->isVisible());
    QVERIFY(window.menuBar()->isVisible());
    QCOMPARE(window.editor()->sideMargin(), 0);
}

void TestChapterEditor::typingStaysFastInLongChapter()
{
    ChapterEditor editor;
    editor.resize(900, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QString paragraph;
    while (paragraph.size() < 300)
        paragraph += QStringLiteral("The lamp guttered as she read the letter again. ");
    QString text;
    while (text.size() < 100000)
        text += paragraph + QLatin1Char('\n');
    QElapsedTimer timer;
    timer.start();
    editor.loadText(text);
    const qint64 loadMs = timer.elapsed();

    QTextCursor cursor(editor.document());
    cursor.setPosition(text.size() / 2);
    editor.setTextCursor(cursor);
    QList<qint64> micros;
    for (int i = 0; i < 100; ++i) {
        timer.restart();
        QTest::keyClick(editor.viewport(), Qt::Key_A);
        editor.viewport()->repaint();
        micros << timer.nsecsElapsed() / 1000;
    }
    std::sort(micros.begin(), micros.end());
    qInfo("100k-character chapter: load %lld ms, keystroke p50 %lld us, p99 %lld us", loadMs,
          micros.at(50), micros.at(98));
    QCOMPARE(editor.text().size(), text.size() + 100);
    QCOMPARE(editor.text().mid(text.size() / 2, 100), QString(100, QLatin1Char('a')));
}

QTEST_MAIN(TestChapterEditor)
#include "test_chapter_editor.moc"
