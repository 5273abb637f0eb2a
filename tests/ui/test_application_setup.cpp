// What the GUI's main decides before the window opens (issue 14): `scriptorium --demo` on a
// fresh profile goes straight into the demo instead of asking the first-run question.
#include "ui/application_setup.h"

#include "ui/app_settings.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium::ui;

class TestApplicationSetup : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void firstRunDialog_data();
    void firstRunDialog();

private:
    QTemporaryDir m_settingsDir;
};

void TestApplicationSetup::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("ScriptoriumTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_application_setup"));
}

void TestApplicationSetup::init()
{
    QSettings().clear(); // a fresh profile
    qunsetenv("OPENROUTER_API_KEY");
}

void TestApplicationSetup::cleanup()
{
    qunsetenv("OPENROUTER_API_KEY");
}

void TestApplicationSetup::firstRunDialog_data()
{
    QTest::addColumn<bool>("firstRunDone");
    QTest::addColumn<QByteArray>("environmentKey");
    QTest::addColumn<bool>("demo");
    QTest::addColumn<bool>("asks");

    const QByteArray key = "sk-or-v1-test-0123456789abcdef";
    QTest::newRow("fresh profile") << false << QByteArray() << false << true;
    QTest::newRow("fresh profile, --demo") << false << QByteArray() << true << false;
    QTest::newRow("fresh profile, key in environment") << false << key << false << false;
    QTest::newRow("fresh profile, key in environment, --demo") << false << key << true << false;
    QTest::newRow("fresh profile, blank key in environment")
        << false << QByteArray("  ") << false << true;
    QTest::newRow("answered before") << true << QByteArray() << false << false;
    QTest::newRow("answered before, --demo") << true << QByteArray() << true << false;
}

void TestApplicationSetup::firstRunDialog()
{
    QFETCH(bool, firstRunDone);
    QFETCH(QByteArray, environmentKey);
    QFETCH(bool, demo);
    QFETCH(bool, asks);

    if (firstRunDone)
        AppSettings::setFirstRunDone(true);
    if (!environmentKey.isNull())
        qputenv("OPENROUTER_API_KEY", environmentKey);
    QCOMPARE(ApplicationSetup::needsFirstRunDialog(demo), asks);
    // Deciding is not answering: a --demo start leaves the question for the next start.
    QCOMPARE(AppSettings::firstRunDone(), firstRunDone);
}

QTEST_GUILESS_MAIN(TestApplicationSetup)
#include "test_application_setup.moc"
