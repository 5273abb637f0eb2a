#pragma once

class QWidget;

namespace scriptorium::ui {

class LibrarySession;

/// Shows the provider dashboard for the open library (one per owner window; raised when it is
/// already open), with the library's books as filters and the /key balance when an API key is
/// in the environment. Its "Routing…" button opens the routing editor.
void showDashboard(QWidget *owner, LibrarySession *session);

/// Opens the routing editor over the routing config file (modal).
void showRoutingEditor(QWidget *owner);

} // namespace scriptorium::ui
