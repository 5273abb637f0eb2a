#include "ui/app_settings.h"
#include "ui/application_setup.h"
#include "ui/first_run_dialog.h"
#include "ui/main_window.h"
#include "ui/secret_store.h"
#include "ui/settings_dialog.h"
#include "ui/shortcuts_dialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace scriptorium::ui;

namespace {

const QString kKey = QStringLiteral("sk-or-v1-test-4f2a9c1d7e6b5a3f8c9d0e1f2a3b4c5d");

/// Every byte under `dir`, concatenated: the key must not be anywhere in it.
QByteArray allBytesUnder(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class TestSettings : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void settingsDialogKeepsKeyOutOfSettings();
    void firstRunStoresKeyInSecretStore();
    void firstRunDemoRecordsChoice();
    void environmentKeyIsTrimmed();
    void settingsDialogSaysTheEnvironmentWins();
    void languageChoiceIsStored();
    void lineSpacingIsClamped();
    void recentLibrariesAreMostRecentFirst();
    void shortcutsDialogListsTheActions();

private:
    QTemporaryDir m_settingsDir;
};

void TestSettings::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    ApplicationSetup::configure(*qApp);
}

void TestSettings::init()
{
    QSettings().clear();
}

void TestSettings::settingsDialogKeepsKeyOutOfSettings()
{
    MemorySecretStore secrets;
    SettingsDialog dialog(&secrets);
    auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("apiKeyField"));
    QVERIFY(key);
    QTRY_VERIFY(key->isEnabled()); // the store answered asynchronously
    key->setText(kKey);
    dialog.findChild<QLineEdit *>(QStringLiteral("modelField"))
        ->setText(QStringLiteral("qwen/qwen3-235b"));
    QSignalSpy written(&secrets, &SecretStore::writeFinished);
    dialog.accept();
    QTRY_COMPARE(written.count(), 1);
    QCOMPARE(written.first().at(0).toBool(), true);

    QString stored;
    bool answered = false;
    secrets.readKey(this, [&](bool ok, const QString &k, const QString &) {
        answered = ok;
        stored = k;
    });
    QTRY_VERIFY(answered);
    QCOMPARE(stored, kKey);
    QCOMPARE(AppSettings::defaultModel(), QStringLiteral("qwen/qwen3-235b"));

    QSettings().sync();
    const QByteArray bytes = allBytesUnder(m_settingsDir.path());
    QVERIFY(bytes.contains("qwen/qwen3-235b")); // the settings file really is here
    QVERIFY(!bytes.contains(kKey.toUtf8()));
    QVERIFY(!bytes.contains("4f2a9c1d7e6b"));
    for (const QString &k : QSettings().allKeys())
        QVERIFY2(!QSettings().value(k).toString().contains(kKey), qPrintable(k));
}

void TestSettings::firstRunStoresKeyInSecretStore()
{
    MemorySecretStore secrets;
    FirstRunDialog dialog(&secrets);
    dialog.findChild<QLineEdit *>(QStringLiteral("firstRunKeyField"))->setText(kKey);
    QSignalSpy finished(&dialog, &QDialog::finished);
    dialog.findChild<QPushButton *>(QStringLiteral("useKeyButton"))->click();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.choice(), FirstRunDialog::Choice::Key);
    QVERIFY(AppSettings::firstRunDone());
    QCOMPARE(AppSettings::firstRunChoice(), QStringLiteral("key"));

    QString stored;
    secrets.readKey(this, [&](bool, const QString &k, const QString &) { stored = k; });
    QTRY_COMPARE(stored, kKey);
    QSettings().sync();
    QVERIFY(!allBytesUnder(m_settingsDir.path()).contains(kKey.toUtf8()));
}

void TestSettings::firstRunDemoRecordsChoice()
{
    MemorySecretStore secrets;
    FirstRunDialog dialog(&secrets);
    dialog.findChild<QPushButton *>(QStringLiteral("demoButton"))->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.choice(), FirstRunDialog::Choice::Demo);
    QCOMPARE(AppSettings::firstRunChoice(), QStringLiteral("demo"));
    QVERIFY(AppSettings::firstRunDone());
}

void TestSettings::environmentKeyIsTrimmed()
{
    qputenv("OPENROUTER_API_KEY", "  sk-or-env  ");
    QCOMPARE(apiKeyFromEnvironment(), QStringLiteral("sk-or-env"));
    qunsetenv("OPENROUTER_API_KEY");
    QVERIFY(apiKeyFromEnvironment().isEmpty());
}

void TestSettings::settingsDialogSaysTheEnvironmentWins()
{
    MemorySecretStore secrets;
    qunsetenv("SCRIPTORIUM_BASE_URL");
    {
        SettingsDialog dialog(&secrets);
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("baseUrlOverridden")));
    }
    qputenv("SCRIPTORIUM_BASE_URL", "http://127.0.0.1:9/api/v1");
    SettingsDialog dialog(&secrets);
    qunsetenv("SCRIPTORIUM_BASE_URL");
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("baseUrlOverridden"));
    QVERIFY(note);
    QVERIFY(note->text().contains(QStringLiteral("SCRIPTORIUM_BASE_URL")));
}

void TestSettings::languageChoiceIsStored()
{
    MemorySecretStore secrets;
    SettingsDialog dialog(&secrets);
    auto *language = dialog.findChild<QComboBox *>(QStringLiteral("languageField"));
    QVERIFY(language);
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    dialog.accept();
    QCOMPARE(ApplicationSetup::configuredLanguage(), QStringLiteral("zh_CN"));
}

void TestSettings::lineSpacingIsClamped()
{
    AppSettings::setLineSpacing(900);
    QCOMPARE(AppSettings::lineSpacing(), 300);
    AppSettings::setLineSpacing(150);
    QCOMPARE(AppSettings::lineSpacing(), 150);
}

void TestSettings::recentLibrariesAreMostRecentFirst()
{
    for (int i = 0; i < AppSettings::kMaxRecentLibraries + 2; ++i)
        AppSettings::addRecentLibrary(QStringLiteral("/tmp/lib%1.db").arg(i));
    AppSettings::addRecentLibrary(QStringLiteral("/tmp/lib5.db"));
    const QStringList recent = AppSettings::recentLibraries();
    QCOMPARE(recent.size(), AppSettings::kMaxRecentLibraries);
    QCOMPARE(recent.first(), QStringLiteral("/tmp/lib5.db"));
    QCOMPARE(recent.count(QStringLiteral("/tmp/lib5.db")), 1);
}

void TestSettings::shortcutsDialogListsTheActions()
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    const QList<QAction *> actions = window.shortcutActions();
    QVERIFY(actions.size() >= 10);
    ShortcutsDialog dialog(actions);
    QCOMPARE(dialog.table()->topLevelItemCount(), actions.size());

    QSet<QString> listed;
    for (int i = 0; i < dialog.table()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = dialog.table()->topLevelItem(i);
        QVERIFY(!item->text(0).isEmpty());
        QVERIFY(!item->text(1).isEmpty());
        listed << item->data(0, Qt::UserRole).toString();
    }
    for (const QString &name :
         {QStringLiteral("actionFind"), QStringLiteral("actionReplace"),
          QStringLiteral("actionFocusMode"), QStringLiteral("actionQuit"),
          QStringLiteral("actionSettings"), QStringLiteral("actionShortcuts")})
        QVERIFY2(listed.contains(name), qPrintable(name));

    // No two actions share a key: an ambiguous shortcut silently does nothing.
    QSet<QString> keys;
    for (QAction *action : actions) {
        for (const QKeySequence &seq : action->shortcuts()) {
            QVERIFY2(!keys.contains(seq.toString()), qPrintable(seq.toString()));
            keys << seq.toString();
        }
    }
}

QTEST_MAIN(TestSettings)
#include "test_settings.moc"
