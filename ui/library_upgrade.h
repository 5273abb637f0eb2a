#pragma once

#include "util/result.h"

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace scriptorium::ui {

/// Opening a library written by an older Scriptorium upgrades it: the schema migrations and
/// the per-book rollups they ask to be built from the raw attempts, which take seconds on a
/// library of a million generation records. upgrade() does that first open on a worker thread
/// behind a modal progress dialog while the event loop runs, so the session's own open that
/// follows finds nothing left to do.
class LibraryUpgrade {
    Q_DECLARE_TR_FUNCTIONS(LibraryUpgrade)

public:
    /// True when `path` is a library this build would upgrade at open (store::upgradePending).
    static bool needed(const QString &path);
    /// Upgrades `path` off the GUI thread when needed(); core's error when the library could
    /// not be opened for it. Returns once the upgrade is done; the event loop runs meanwhile.
    static Status upgrade(const QString &path, QWidget *parent);
};

} // namespace scriptorium::ui
