#include "ui/dashboard/dashboard_launcher.h"

#include "net/http_client.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "store/book_store.h"
#include "ui/app_settings.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/routing/routing_editor.h"
#include "ui/routing/routing_presets.h"
#include "ui/routing/routing_session.h"
#include "ui/secret_store.h"

#include <QHash>
#include <QPointer>

#include <cstdlib>
#include <memory>

namespace scriptorium::ui {

namespace {

std::string baseUrl()
{
    if (const char *env = std::getenv("SCRIPTORIUM_BASE_URL"); env && *env)
        return env;
    return AppSettings::baseUrl().toStdString();
}

/// Where /key and the catalog are asked, and with which key.
struct Connection {
    QString baseUrl;
    QString apiKey;
};

/// One HTTP client and catalog shared by the dashboard's and the editor's background calls.
struct CatalogAccess {
    net::HttpClient client;
    Connection connection;
    routing::ApiKey key;
    std::shared_ptr<routing::ModelCatalog> catalog;

    explicit CatalogAccess(const Connection &c)
        : connection(c)
        , key(c.apiKey.toStdString())
    {
        routing::CatalogOptions options;
        options.cacheDir = routing::catalogCacheDirFor(c.baseUrl.toStdString());
        catalog = std::make_shared<routing::ModelCatalog>(
            std::make_shared<routing::HttpCatalogSource>(client, c.baseUrl.toStdString(), key),
            options);
    }
};

std::shared_ptr<CatalogAccess> sharedCatalog(const Connection &connection)
{
    static std::weak_ptr<CatalogAccess> shared;
    auto access = shared.lock();
    if (!access || access->connection.baseUrl != connection.baseUrl
        || access->connection.apiKey != connection.apiKey) {
        access = std::make_shared<CatalogAccess>(connection);
        shared = access;
    }
    return access;
}

Connection environmentConnection()
{
    return {QString::fromStdString(baseUrl()), apiKeyFromEnvironment()};
}

// Connections set for an owner window (demo mode), dropped with the window.
QHash<const QObject *, Connection> &fixedConnections()
{
    static QHash<const QObject *, Connection> connections;
    return connections;
}

/// The connection fixed for `owner` or a window above it (the demo's simulator), else the
/// environment's (the catalog's model and endpoint lists need no key on OpenRouter).
Connection connectionFor(const QObject *owner)
{
    for (const QObject *o = owner; o; o = o->parent()) {
        if (auto fixed = fixedConnections().constFind(o); fixed != fixedConnections().cend())
            return *fixed;
    }
    return environmentConnection();
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

void useKey(DashboardWindow *window, const Connection &connection)
{
    if (connection.apiKey.isEmpty())
        return;
    auto access = sharedCatalog(connection);
    window->setKeyFetcher([access] { return access->catalog->key(); });
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
    // The same key the generation panel uses: the demo's, the environment's, else the stored one.
    if (auto fixed = fixedConnections().constFind(owner); fixed != fixedConnections().cend()) {
        useKey(window, *fixed);
    } else if (!apiKeyFromEnvironment().isEmpty()) {
        useKey(window, environmentConnection());
    } else if (auto *main = qobject_cast<MainWindow *>(owner); main && main->secretStore()) {
        SecretStore *secrets = main->secretStore();
        auto read = [window, secrets] {
            secrets->readKey(window, [window](bool ok, const QString &key, const QString &) {
                if (ok)
                    useKey(window, {QString::fromStdString(baseUrl()), key});
            });
        };
        read();
        // A key saved in the settings later is used from then on.
        QObject::connect(secrets, &SecretStore::writeFinished, window, read);
    }
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
    auto access = sharedCatalog(connectionFor(owner));
    dialog.editor()->setEndpointLoader(
        [access](const std::string &model) -> Result<openrouter::ModelEndpoints> {
            auto e = access->catalog->endpoints(model);
            if (!e)
                return fail(e.error());
            return e->value;
        });
    dialog.editor()->setOnlineValidator([access](const routing::RoutingConfig &config) {
        return routing::validateOnline(config, *access->catalog);
    });
    dialog.editor()->reloadEndpoints();
    // Saved: the window's requests use the new config from the next one on.
    if (dialog.exec() == QDialog::Accepted && routing)
        routing->reloadConfig();
}

} // namespace scriptorium::ui
