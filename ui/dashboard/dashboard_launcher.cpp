#include "ui/dashboard/dashboard_launcher.h"

#include "net/http_client.h"
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "store/book_store.h"
#include "ui/app_settings.h"
#include "ui/dashboard/dashboard_window.h"
#include "ui/library_session.h"
#include "ui/routing/routing_editor.h"
#include "ui/routing/routing_presets.h"
#include "ui/secret_store.h"

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

/// One HTTP client and catalog shared by the dashboard's and the editor's background calls.
struct CatalogAccess {
    net::HttpClient client;
    routing::ApiKey key;
    std::shared_ptr<routing::ModelCatalog> catalog;

    explicit CatalogAccess(const QString &apiKey)
        : key(apiKey.toStdString())
    {
        catalog = std::make_shared<routing::ModelCatalog>(
            std::make_shared<routing::HttpCatalogSource>(client, baseUrl(), key));
    }
};

std::shared_ptr<CatalogAccess> sharedCatalog()
{
    static std::weak_ptr<CatalogAccess> shared;
    auto access = shared.lock();
    if (!access) {
        access = std::make_shared<CatalogAccess>(apiKeyFromEnvironment());
        shared = access;
    }
    return access;
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
    if (!apiKeyFromEnvironment().isEmpty()) {
        auto access = sharedCatalog();
        window->setKeyFetcher([access] { return access->catalog->key(); });
    }
    QObject::connect(window, &DashboardWindow::routingEditorRequested, window,
                     [window] { showRoutingEditor(window); });
    window->show();
}

void showRoutingEditor(QWidget *owner)
{
    RoutingEditorDialog dialog({}, owner);
    RoutingPresets presets;
    dialog.editor()->setPresets(&presets);
    auto access = sharedCatalog();
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
    dialog.exec();
}

} // namespace scriptorium::ui
