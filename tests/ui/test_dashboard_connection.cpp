// Where the dashboard and the routing editor connect: the app's own key for /key, the demo's
// simulator when they are opened inside `scriptorium --demo`, else SCRIPTORIUM_BASE_URL over
// the settings' base URL (AppConnection's precedence, the same as the Generate dock's).
#include "dashboard_fixture.h"
#include "sim/sim_server.h"
#include "ui/app_settings.h"
#include "ui/dashboard/dashboard_launcher.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/routing/app_connection.h"
#include "ui/routing/routing_editor.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QLabel>
#include <QScopeGuard>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace scriptorium;
using namespace scriptorium::test;
using namespace scriptorium::ui;

class TestDashboardConnection : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void balanceUsesTheAppsKey();
    void routingEditorUsesTheDemoSimulator();
    void routingEditorFollowsTheEnvironmentOverSettings();

private:
    QTemporaryDir m_settingsDir;
};

void TestDashboardConnection::initTestCase()
{
    // The main window reads and writes settings: keep them out of the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    qunsetenv("OPENROUTER_API_KEY");
    qunsetenv("SCRIPTORIUM_BASE_URL");
}

void TestDashboardConnection::balanceUsesTheAppsKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.db"));
    buildLibrary(path);
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.5, .seed = 3, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    const QString baseUrl = QString::fromStdString(sim.baseUrl());
    AppSettings::setBaseUrl(baseUrl);
    auto balanceShown = [](DashboardWindow *w) {
        return w && w->balanceLabel()->text().contains(QStringLiteral("USD"));
    };

    // The key the writer stored (no OPENROUTER_API_KEY in this test's environment).
    MemorySecretStore secrets;
    bool stored = false;
    secrets.writeKey(QStringLiteral("sk-sim-dashboard-stored"), &secrets,
                     [&stored](bool ok, const QString &) { stored = ok; });
    QTRY_VERIFY(stored);
    {
        MainWindow main(&secrets);
        QVERIFY(main.openLibraryFile(path));
        showDashboard(&main, main.session());
        auto *dashboard = main.findChild<DashboardWindow *>(QStringLiteral("dashboardWindow"));
        QVERIFY(dashboard);
        QTRY_VERIFY_WITH_TIMEOUT(balanceShown(dashboard), 10000);
        QVERIFY(!dashboard->balanceLabel()->text().contains(QStringLiteral("unavailable")));
    }

    // Demo mode: the connection set for the window (the simulator and the demo's key).
    auto session = LibrarySession::open(path);
    QVERIFY(session.has_value());
    QWidget owner;
    setDashboardConnection(&owner, baseUrl, QStringLiteral("sk-sim-demo"));
    showDashboard(&owner, session->get());
    auto *dashboard = owner.findChild<DashboardWindow *>(QStringLiteral("dashboardWindow"));
    QVERIFY(dashboard);
    QTRY_VERIFY_WITH_TIMEOUT(balanceShown(dashboard), 10000);
}

void TestDashboardConnection::routingEditorUsesTheDemoSimulator()
{
    // The settings point at a port nobody listens on: only the connection fixed for the window
    // (the demo's simulator) can fill the endpoint list.
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.5, .seed = 3, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    qunsetenv("SCRIPTORIUM_BASE_URL");
    AppSettings::setBaseUrl(QStringLiteral("http://127.0.0.1:9/api/v1"));
    QWidget owner;
    QWidget child(&owner); // the editor opened from a window inside the demo's main window
    setDashboardConnection(&owner, QString::fromStdString(sim.baseUrl()),
                           QStringLiteral("sk-sim-demo"));
    int endpoints = -1;
    QTimer::singleShot(0, &child, [&endpoints] {
        auto *dialog = qobject_cast<RoutingEditorDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        (void)QTest::qWaitFor([&] { return dialog->editor()->endpointTable()->rowCount() > 0; },
                              10000);
        endpoints = dialog->editor()->endpointTable()->rowCount();
        dialog->reject();
    });
    showRoutingEditor(&child);
    QVERIFY2(endpoints > 0, "the editor listed no endpoints from the demo's simulator");
}

void TestDashboardConnection::routingEditorFollowsTheEnvironmentOverSettings()
{
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.5, .seed = 3, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    AppSettings::setBaseUrl(QStringLiteral("http://127.0.0.1:9/api/v1"));
    qputenv(routing::kBaseUrlEnvironmentVariable, QByteArray::fromStdString(sim.baseUrl()));
    const auto restore = qScopeGuard([] { qunsetenv(routing::kBaseUrlEnvironmentVariable); });
    QWidget owner; // no connection fixed for it
    int endpoints = -1;
    QTimer::singleShot(0, &owner, [&endpoints] {
        auto *dialog = qobject_cast<RoutingEditorDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        (void)QTest::qWaitFor([&] { return dialog->editor()->endpointTable()->rowCount() > 0; },
                              10000);
        endpoints = dialog->editor()->endpointTable()->rowCount();
        dialog->reject();
    });
    showRoutingEditor(&owner);
    QVERIFY2(endpoints > 0, "the editor listed no endpoints from SCRIPTORIUM_BASE_URL's server");
}

QTEST_MAIN(TestDashboardConnection)
#include "test_dashboard_connection.moc"
