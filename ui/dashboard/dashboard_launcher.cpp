#include "ui/dashboard/dashboard_launcher.h"

#include "novel/pipeline_runtime.h"
#include "routing/model_catalog.h"
#include "routing/routing_validator.h"
#include "store/book_store.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/routing/app_connection.h"
#include "ui/routing/routing_editor.h"
#include "ui/routing/routing_presets.h"
#include "ui/routing/routing_session.h"
#include "ui/runtime/app_runtime.h"
#include "ui/secret_store.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace scriptorium::ui {

namespace {

/// Where /key and the catalog are asked, and with which key.
struct Connection {
    QString baseUrl;
    QString apiKey;
};

// Connections set for an owner window (demo mode), dropped with the window.
QHash<const QObject *, Connection> &fixedConnections()
{
    static QHash<const QObject *, Connection> connections;
    return connections;
}

/// The connection fixed for `owner` or a window above it (the demo's simulator), if any.
const Connection *fixedConnectionFor(const QObject *owner)
{
    for (const QObject *o = owner; o; o = o->parent()) {
        if (auto fixed = fixedConnections().constFind(o); fixed != fixedConnections().cend())
            return &*fixed;
    }
    return nullptr;
}

/// Where the routing editor's catalog reads go: AppConnection's precedence over the fixed
/// connection, the environment and the settings, without the keychain (the model and endpoint
/// lists need no key on OpenRouter, and the editor must not wait on a keychain prompt).
Connection connectionFor(const QObject *owner)
{
    const Connection *fixed = fixedConnectionFor(owner);
    const AppConnection::Resolved resolved
        = fixed ? AppConnection::resolve(fixed->baseUrl, fixed->apiKey) : AppConnection::resolve();
    return {resolved.baseUrl, resolved.apiKey};
}

/// The routing session of the main window `owner` is (or is inside), if any.
RoutingSession *routingSessionFor(QObject *owner)
{
    for (QObject *o = owner; o; o = o->parent()) {
        if (auto *main = qobject_cast<MainWindow *>(o))
            return main->routingSession();
    }
    return nullptr;
}

/// The balance (/key) through the application's runtime for this connection and library,
/// the one the Generate and Batch docks use (started when none runs yet).
void useKey(DashboardWindow *window, QWidget *owner, const Connection &connection,
            const QString &libraryPath)
{
    if (connection.apiKey.isEmpty())
        return;
    AppRuntime *runtime = AppRuntime::ensureFor(owner);
    RoutingSession *routing = routingSessionFor(owner);
    runtime->use(connection.baseUrl, connection.apiKey, libraryPath,
                 routing ? routing->config() : routing::RoutingConfig::defaults(),
                 routing ? routing->strategy() : nullptr);
    window->setKeyFetcher([access = runtime->access()]() -> Result<openrouter::KeyInfo> {
        auto live = access->await();
        if (!live)
            return fail(live.error());
        return (*live)->runtime->keyInfo();
    });
}

/// The runtime for the routing editor's catalog reads: the window's when it serves this
/// server, else one started for it (on the open library, or a scratch one without).
std::shared_ptr<AppRuntime::Access> catalogAccessFor(QWidget *owner)
{
    const Connection connection = connectionFor(owner);
    AppRuntime *runtime = AppRuntime::ensureFor(owner);
    QString libraryPath;
    for (QObject *o = owner; o; o = o->parent()) {
        if (auto *main = qobject_cast<MainWindow *>(o); main && main->session()) {
            libraryPath = main->session()->path();
            break;
        }
    }
    runtime->useForCatalog(connection.baseUrl, connection.apiKey, libraryPath);
    return runtime->access();
}

} // namespace

void showDashboard(QWidget *owner, LibrarySession *session)
{
    if (!session)
        return;
    auto *existing = owner->findChild<DashboardWindow *>(QStringLiteral("dashboardWindow"));
    if (existing && existing->property("libraryPath").toString() == session->path()) {
        existing->show();
        existing->raise();
        existing->activateWindow();
        return;
    }
    delete existing;
    auto *window = new DashboardWindow(session->path(), owner);
    window->setProperty("libraryPath", session->path());
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    QList<QPair<qint64, QString>> books;
    if (auto list = session->books().list()) {
        for (const store::BookSummary &b : *list)
            books.append({b.book.id, QString::fromStdString(b.book.title)});
    }
    window->setBooks(books);
    // The server and key the Generate dock uses (AppConnection): the demo's, else the
    // environment's, the settings' and the keychain's, read again after each write.
    auto *connection = new AppConnection(window);
    if (const Connection *fixed = fixedConnectionFor(owner))
        connection->setExplicit(fixed->baseUrl, fixed->apiKey);
    else if (auto *main = qobject_cast<MainWindow *>(owner))
        connection->useSecretStore(main->secretStore());
    auto keyKnown = [window, owner, connection, path = session->path()] {
        const AppConnection::Resolved resolved = connection->current();
        useKey(window, owner, {resolved.baseUrl, resolved.apiKey}, path);
    };
    keyKnown();
    QObject::connect(connection, &AppConnection::storedKeyRead, window, keyKnown);
    QObject::connect(window, &DashboardWindow::routingEditorRequested, window,
                     [window] { showRoutingEditor(window); });
    // The Routing tab shows the window's one strategy, and its successor when it is rebuilt.
    if (RoutingSession *routing = routingSessionFor(owner)) {
        window->setRoutingStrategy(routing->strategy());
        QObject::connect(routing, &RoutingSession::strategyChanged, window,
                         [window, routing] { window->setRoutingStrategy(routing->strategy()); });
    }
    window->show();
}

void setDashboardConnection(QWidget *owner, const QString &baseUrl, const QString &apiKey)
{
    if (!owner)
        return;
    if (!fixedConnections().contains(owner)) {
        QObject::connect(owner, &QObject::destroyed, owner,
                         [owner] { fixedConnections().remove(owner); });
    }
    fixedConnections().insert(owner, {baseUrl, apiKey});
}

void showRoutingEditor(QWidget *owner)
{
    RoutingSession *routing = routingSessionFor(owner);
    RoutingEditorDialog dialog(routing ? routing->configPath() : QString(), owner);
    RoutingPresets presets;
    dialog.editor()->setPresets(&presets);
    // The endpoint lists and the online check read the application's runtime's catalog.
    auto access = catalogAccessFor(owner);
    dialog.editor()->setEndpointLoader(
        [access](const std::string &model) -> Result<openrouter::ModelEndpoints> {
            auto live = access->await();
            if (!live)
                return fail(live.error());
            auto e = (*live)->runtime->catalog().endpoints(model);
            if (!e)
                return fail(e.error());
            return e->value;
        });
    dialog.editor()->setOnlineValidator(
        [access](const routing::RoutingConfig &config) -> routing::ValidationReport {
            auto live = access->await();
            if (!live) {
                routing::ValidationReport report;
                report.add(routing::Severity::Warning, "catalog_unavailable", "",
                           live.error().message, "check the connection and validate again");
                return report;
            }
            return routing::validateOnline(config, (*live)->runtime->catalog());
        });
    dialog.editor()->reloadEndpoints();
    // Saved: the window's requests use the new config from the next one on.
    if (dialog.exec() == QDialog::Accepted && routing)
        routing->reloadConfig();
}

} // namespace scriptorium::ui
