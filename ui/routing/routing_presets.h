#pragma once

#include "routing/routing_config.h"
#include "util/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace scriptorium::ui {

/// Named routing presets (e.g. "cheap fast" for summaries), each a routing config file in one
/// directory, and which preset a book or a pipeline stage uses (assignments.json beside them;
/// a book's preset wins over its stage's). Files are written atomically. GUI thread.
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

    /// The preset assigned to a stage ("summary") or book; empty when none.
    QString presetForStage(const QString &stage) const;
    QString presetForBook(qint64 bookId) const;
    /// Assigns (or with an empty name, clears) a preset.
    Status assignToStage(const QString &stage, const QString &name) const;
    Status assignToBook(qint64 bookId, const QString &name) const;

    /// The config a generation of `stage` in `bookId` should use: the book's preset, else the
    /// stage's, else nullopt (use the main routing config).
    std::optional<routing::RoutingConfig> resolve(std::optional<qint64> bookId,
                                                  const QString &stage) const;

private:
    QString pathFor(const QString &name) const;
    Status assign(const QString &key, const QString &name) const;
    QString assigned(const QString &key) const;

    QString m_directory;
};

} // namespace scriptorium::ui
