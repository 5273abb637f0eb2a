#include "ui/application_setup.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using scriptorium::ui::ApplicationSetup;
using scriptorium::ui::MainWindow;

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
}

void TestMainWindow::hasItsParts()
{
    MainWindow window;
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
    auto *editor = window.findChild<QPlainTextEdit *>(QStringLiteral("chapterEditor"));
    QVERIFY(editor);
    QCOMPARE(window.centralWidget(), editor);
    QVERIFY(window.statusBar()->isVisible());
    QVERIFY(window.statusBar()->findChild<QLabel *>(QStringLiteral("lengthIndicator")));
    QCOMPARE(window.windowTitle(), QStringLiteral("Scriptorium"));
    QVERIFY(!qApp->windowIcon().isNull());
    QCOMPARE(QApplication::applicationName(), QStringLiteral("Scriptorium"));
}

void TestMainWindow::lengthCountsWordsAndChineseCharacters()
{
    MainWindow window;
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
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(900, 640);
        QTRY_COMPARE(window.size(), QSize(900, 640));
        window.close();
    }
    MainWindow reopened;
    reopened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reopened));
    QCOMPARE(reopened.size(), QSize(900, 640));
}

void TestMainWindow::quitClosesCleanly()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *quit = window.findChild<QAction *>(QStringLiteral("actionQuit"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
    quit->trigger();
    QTRY_VERIFY(!window.isVisible());
}

void TestMainWindow::chineseTranslationLoads()
{
    const QString loaded = ApplicationSetup::installTranslators(*qApp, QStringLiteral("zh_CN"));
    QCOMPARE(loaded, QStringLiteral("zh_CN"));
    MainWindow window;
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("libraryDock"));
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("\u4e66\u5e93"));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
