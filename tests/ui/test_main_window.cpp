#include "ui/application_setup.h"
#include "ui/chapter_editor.h"
#include "ui/library_tree.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using scriptorium::ui::ApplicationSetup;
using scriptorium::ui::MainWindow;
using scriptorium::ui::MemorySecretStore;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void hasItsParts();
    void lengthCountsWordsAndChineseCharacters();
    void remembersGeometry();
    void quitClosesCleanly();
    void chineseTranslationLoads();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    ApplicationSetup::configure(*qApp);
    // English plural forms come from the English translation, as in the app.
    QVERIFY(ApplicationSetup::installTranslators(*qApp, QStringLiteral("en"))
                .startsWith(QStringLiteral("en")));
}

void TestMainWindow::hasItsParts()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("libraryDock"));
    QVERIFY(dock);
    QVERIFY(dock->isVisible());
    QCOMPARE(window.dockWidgetArea(dock), Qt::LeftDockWidgetArea);
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("libraryTree"));
    QVERIFY(tree);
    QCOMPARE(tree, window.libraryTree());
    QCOMPARE(tree->model()->columnCount(), 3);
    auto *editor
        = window.findChild<scriptorium::ui::ChapterEditor *>(QStringLiteral("chapterEditor"));
    QVERIFY(editor);
    QCOMPARE(editor, window.editor());
    QVERIFY(window.centralWidget()->isAncestorOf(editor));
    QVERIFY(window.statusBar()->isVisible());
    QVERIFY(window.statusBar()->findChild<QLabel *>(QStringLiteral("lengthIndicator")));
    QCOMPARE(window.windowTitle(), QStringLiteral("Scriptorium"));
    QVERIFY(!qApp->windowIcon().isNull());
    QCOMPARE(QApplication::applicationName(), QStringLiteral("Scriptorium"));
}

void TestMainWindow::lengthCountsWordsAndChineseCharacters()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.show();
    auto *label = window.findChild<QLabel *>(QStringLiteral("lengthIndicator"));
    QVERIFY(label);

    QTest::keyClicks(window.editor(), QStringLiteral("Call me Ishmael."));
    QTRY_COMPARE(label->text(), QStringLiteral("3 words"));

    window.editor()->setPlainText(QStringLiteral("\u4ed6\u63a8\u5f00\u95e8\u3002"));
    QTRY_COMPARE(label->text(), QStringLiteral("4 characters"));
}

void TestMainWindow::remembersGeometry()
{
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(900, 640);
        QTRY_COMPARE(window.size(), QSize(900, 640));
        window.close();
    }
    MemorySecretStore secrets;
    MainWindow reopened(&secrets);
    reopened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reopened));
    QCOMPARE(reopened.size(), QSize(900, 640));
}

void TestMainWindow::quitClosesCleanly()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *quit = window.findChild<QAction *>(QStringLiteral("actionQuit"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->trigger();
    QTRY_VERIFY(!window.isVisible());
}

void TestMainWindow::chineseTranslationLoads()
{
    const QString loaded = ApplicationSetup::installTranslators(*qApp, QStringLiteral("zh_CN"));
    QCOMPARE(loaded, QStringLiteral("zh_CN"));
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("libraryDock"));
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("\u4e66\u5e93"));
    // Menus, the find bar and the length count are translated too (numerus included).
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
    auto *find = window.findChild<QLineEdit *>(QStringLiteral("findField"));
    QVERIFY(find);
    QCOMPARE(find->placeholderText(), QStringLiteral("查找"));
    window.editor()->setPlainText(QStringLiteral("他推开门。"));
    auto *label = window.findChild<QLabel *>(QStringLiteral("lengthIndicator"));
    QTRY_COMPARE(label->text(), QStringLiteral("4 字"));
    // The choice made in settings is what the next start loads.
    ApplicationSetup::setConfiguredLanguage(QStringLiteral("zh_CN"));
    QCOMPARE(ApplicationSetup::configuredLanguage(), QStringLiteral("zh_CN"));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
