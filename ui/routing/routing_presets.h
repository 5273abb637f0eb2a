#pragma once

#include "routing/routing_config.h"
#include "util/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::ui {

/// Named routing presets (e.g. "cheap fast" for summaries), each a routing config file in one
/// per-user directory, and which preset a pipeline stage or a book uses. The definitions and
/// the stage assignments are the user's (assignments.json beside the presets); a book's
/// assignment is the library's (store::LibrarySettings), since book ids repeat across
/// libraries. A book's preset wins over its stage's. Files are written atomically. GUI thread.
class RoutingPresets {
public:
    /// `directory` empty: <AppConfigLocation>/routing-presets.
    explicit RoutingPresets(QString directory = {});

    QString directory() const { return m_directory; }
    QStringList names() const;
    Result<routing::RoutingConfig> load(const QString &name) const;
    /// Errors: InvalidArgument for an empty name or one with a path separator; Io, DiskFull.
    Status save(const QString &name, const routing::RoutingConfig &config) const;
    Status remove(const QString &name) const;

    /// The preset assigned to a stage ("summary"); empty when none.
    QString presetForStage(const QString &stage) const;
    /// The preset assigned to book `bookId` of `library`; empty when none. Errors: the
    /// library's (it could not be read).
    Result<QString> presetForBook(store::Database &library, qint64 bookId) const;
    /// Assigns (or with an empty name, clears) a preset.
    Status assignToStage(const QString &stage, const QString &name) const;
    Status assignToBook(store::Database &library, qint64 bookId, const QString &name) const;

    /// What a generation of `stage` in book `bookId` of `library` uses, the one place the
    /// "Default" rule lives: `chosen` when it is not empty (the writer picked a preset), else
    /// the book's preset, else the stage's, else empty (the window's routing config). No
    /// library or a book id of 0 skips the book. Errors: the library's.
    Result<QString> effectivePreset(const QString &chosen, store::Database *library, qint64 bookId,
                                    const QString &stage) const;
    /// The config effectivePreset() with no choice names, loaded; nullopt when it names none
    /// or the preset cannot be read.
    std::optional<routing::RoutingConfig>
    resolve(store::Database *library, std::optional<qint64> bookId, const QString &stage) const;

private:
    QString pathFor(const QString &name) const;
    Status assign(const QString &key, const QString &name) const;
    QString assigned(const QString &key) const;

    QString m_directory;
};

} // namespace scriptorium::ui
