#include "novel/book_replace.h"
#include "ui/application_setup.h"
#include "ui/autosaver.h"
#include "ui/chapter_editor.h"
#include "ui/find_bar.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

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
    void typingInLongChapterDoesNotLayOutTheWholeDocument();

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
    QTest::newRow("chinese whole words")
        << QStringLiteral("他说。他走。") << QStringLiteral("他") << QStringLiteral("她") << words
        << QStringLiteral("他说。他走。") << 0;
    QTest::newRow("chinese between punctuation")
        << QStringLiteral("「林」说：林黛玉") << QStringLiteral("林") << QStringLiteral("木")
        << words << QStringLiteral("「木」说：林黛玉") << 1;
    QTest::newRow("underscore is no letter") << "cat_x cat"
                                             << "cat"
                                             << "dog" << words << "dog_x dog" << 2;
    QTest::newRow("accented case") << QStringLiteral("ÉCLAIR Éclair éclair")
                                   << QStringLiteral("éclair") << "x" << none << "x x x" << 3;
    QTest::newRow("greek final sigma")
        << QStringLiteral("ΟΔΟΣ οδος") << QStringLiteral("οδος") << "x" << none << "x x" << 2;
    QTest::newRow("cyrillic case") << QStringLiteral("Анна АННА анна") << QStringLiteral("анна")
                                   << "x" << none << "x x x" << 3;
    QTest::newRow("pinyin tone letters")
        << QStringLiteral("Lǚ lǚ") << QStringLiteral("LǙ") << "x" << none << "x x" << 2;
    QTest::newRow("sharp s is not ss")
        << QStringLiteral("Straße STRASSE") << QStringLiteral("straße") << "x" << none
        << QStringLiteral("x STRASSE") << 1;
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
    // The chapters that are not open are replaced by core, the open one in its document: both
    // must find the same matches.
    using namespace scriptorium::novel;
    const auto findFlags = QTextDocument::FindFlags(flags);
    const Replacement replacement{
        needle.toStdString(), with.toStdString(),
        findFlags.testFlag(QTextDocument::FindCaseSensitively) ? MatchCase::Sensitive
                                                               : MatchCase::Insensitive,
        findFlags.testFlag(QTextDocument::FindWholeWords) ? MatchWords::Whole
                                                          : MatchWords::Anywhere};
    std::string utf8 = text.toStdString();
    QCOMPARE(static_cast<int>(replaceAll(utf8, replacement)), count);
    QCOMPARE(QString::fromStdString(utf8), expected);

    QTextDocument document;
    document.setPlainText(text);
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

void TestChapterEditor::typingInLongChapterDoesNotLayOutTheWholeDocument()
{
    // The latency itself is measured by tests/bench/bench_chapter_editor.cpp. What keeps it
    // low is asserted here: a keystroke re-lays out the paragraph it lands in, not the whole
    // 100,000-character document. The layout reports each area it re-laid out through
    // update(): a whole-document relayout (e.g. re-applying the line spacing on every edit)
    // reports the document from the top, while typing reports the paragraph and at most what
    // follows it (moved down when the paragraph gains a line, or a word wraps).
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
    editor.setLineSpacing(150);
    editor.loadText(text);

    const int middle = static_cast<int>(text.size() / 2);
    QTextCursor cursor(editor.document());
    cursor.setPosition(middle);
    editor.setTextCursor(cursor);
    QAbstractTextDocumentLayout *layout = editor.document()->documentLayout();
    QList<QRectF> laidOut;
    connect(layout, &QAbstractTextDocumentLayout::update, this,
            [&laidOut](const QRectF &area) { laidOut << area; });
    QSignalSpy changes(editor.document(), &QTextDocument::contentsChange);
    QSignalSpy edits(&editor, &ChapterEditor::userEdited);
    constexpr int kKeystrokes = 100;
    for (int i = 0; i < kKeystrokes; ++i)
        QTest::keyClick(editor.viewport(), Qt::Key_A);
    QCoreApplication::processEvents(); // anything the edits deferred

    const QTextBlock typed = editor.document()->findBlock(middle);
    const QRectF typedParagraph = layout->blockBoundingRect(typed);
    QVERIFY(!laidOut.isEmpty());
    for (const QRectF &area : std::as_const(laidOut)) {
        QVERIFY2(area.top() >= typedParagraph.top() - 1,
                 qPrintable(QStringLiteral("re-laid out from %1; the typed paragraph starts at %2")
                                .arg(area.top())
                                .arg(typedParagraph.top())));
    }
    // Each keystroke is one inserted character of the document, and one edit for the autosaver.
    QCOMPARE(changes.size(), kKeystrokes);
    for (int i = 0; i < kKeystrokes; ++i) {
        const QList<QVariant> &change = changes.at(i);
        QCOMPARE(change.at(0).toInt(), middle + i); // position
        QCOMPARE(change.at(1).toInt(), 0); // characters removed
        QCOMPARE(change.at(2).toInt(), 1); // characters added
    }
    QCOMPARE(edits.size(), kKeystrokes);
    QCOMPARE(editor.text().size(), text.size() + kKeystrokes);
    QCOMPARE(editor.text().mid(middle, kKeystrokes), QString(kKeystrokes, QLatin1Char('a')));
    // Typed text keeps the paragraph's line spacing without a reformat.
    QCOMPARE(typed.blockFormat().lineHeight(), 150.0);
}

QTEST_MAIN(TestChapterEditor)
#include "test_chapter_editor.moc"
