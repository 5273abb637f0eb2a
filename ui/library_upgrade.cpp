#include "ui/library_upgrade.h"

#include "store/database.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>

namespace scriptorium::ui {

bool LibraryUpgrade::needed(const QString &path)
{
    return store::upgradePending(std::filesystem::path(path.toStdString()));
}

Status LibraryUpgrade::upgrade(const QString &path, QWidget *parent)
{
    if (!needed(path))
        return {};
    QProgressDialog progress(tr("Upgrading the library %1 for this version of Scriptorium…\n"
                                "This happens once; a large library can take a minute.")
                                 .arg(QFileInfo(path).fileName()),
                             QString(), 0, 0, parent);
    progress.setWindowTitle(tr("Upgrading the library"));
    progress.setWindowModality(Qt::ApplicationModal);
    progress.setCancelButton(nullptr); // a migration runs in one transaction: nothing to stop
    // Shown at once, modal: the writer cannot start anything on the half-open library. It
    // appears once per library after an update, however short the upgrade.
    progress.setMinimumDuration(0);
    progress.show();
    QEventLoop loop;
    QFutureWatcher<Status> watcher;
    QObject::connect(&watcher, &QFutureWatcher<Status>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([file = path.toStdString()]() -> Status {
        auto db = store::Database::open(std::filesystem::path(file));
        if (!db)
            return fail(db.error());
        return {};
    }));
    if (!watcher.isFinished())
        loop.exec();
    return watcher.result();
}

} // namespace scriptorium::ui
