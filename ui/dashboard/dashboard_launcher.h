#pragma once

class QString;
class QWidget;

namespace scriptorium::ui {

class LibrarySession;

/// Shows the provider dashboard for the open library (one per owner window; raised when it is
/// already open), with the library's books as filters and the /key balance asked where and
/// with the key the Generate dock uses (AppConnection): the connection set by
/// setDashboardConnection() for `owner` or a window above it (the demo's), else
/// SCRIPTORIUM_BASE_URL or the settings' base URL with OPENROUTER_API_KEY or the owner main
/// window's stored key (read asynchronously). Without a key the balance stays hidden. Its
/// "Routing…" button opens the routing editor; its Routing tab shows the routing strategy of the
/// main window `owner` is (or is inside), else says routing is static.
void showDashboard(QWidget *owner, LibrarySession *session);

/// Makes dashboards opened from `owner` ask /key at `baseUrl` with `apiKey` (demo mode: the
/// embedded simulator and its key). Kept in memory only, for as long as `owner` lives.
void setDashboardConnection(QWidget *owner, const QString &baseUrl, const QString &apiKey);

/// Opens the routing editor over the routing config file (modal); its endpoint lists come from
/// the server AppConnection names (the fixed connection, else the environment's, else the
/// settings'). Inside a main window, OK
/// makes its RoutingSession read the saved file (and rebuild the strategy when its settings
/// changed).
void showRoutingEditor(QWidget *owner);

} // namespace scriptorium::ui
