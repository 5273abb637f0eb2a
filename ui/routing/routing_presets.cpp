#include "ui/routing/routing_presets.h"

#include "store/library_settings.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace scriptorium::ui {

namespace {

const QString kAssignments = QStringLiteral("assignments.json");
/// The per-book setting (store::LibrarySettings::bookKey) naming the book's preset.
constexpr std::string_view kBookPreset = "routing_preset";

} // namespace

RoutingPresets::RoutingPresets(QString directory)
    : m_directory(directory.isEmpty()
                      ? QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
                          + QStringLiteral("/routing-presets")
                      : std::move(directory))
{
}

QString RoutingPresets::pathFor(const QString &name) const
{
    return QDir(m_directory).filePath(name + QStringLiteral(".json"));
}

QStringList RoutingPresets::names() const
{
    QStringList out;
    for (const QString &file :
         QDir(m_directory).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        if (file != kAssignments)
            out << file.chopped(5);
    }
    return out;
}

Result<routing::RoutingConfig> RoutingPresets::load(const QString &name) const
{
    return routing::RoutingConfig::load(pathFor(name).toStdString());
}

Status RoutingPresets::save(const QString &name, const routing::RoutingConfig &config) const
{
    if (name.trimmed().isEmpty() || name.contains(QLatin1Char('/'))
        || name.contains(QLatin1Char('\\')) || name + QStringLiteral(".json") == kAssignments) {
        return fail(ErrorCode::InvalidArgument,
                    "a preset needs a name without slashes, e.g. \"cheap fast\"");
    }
    return config.save(pathFor(name.trimmed()).toStdString());
}

Status RoutingPresets::remove(const QString &name) const
{
    if (!QFile::remove(pathFor(name)))
        return fail(ErrorCode::NotFound, "there is no preset called " + name.toStdString());
    return {};
}

QString RoutingPresets::assigned(const QString &key) const
{
    QFile file(QDir(m_directory).filePath(kAssignments));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(key).toString();
}

Status RoutingPresets::assign(const QString &key, const QString &name) const
{
    QJsonObject all;
    {
        QFile file(QDir(m_directory).filePath(kAssignments));
        if (file.open(QIODevice::ReadOnly))
            all = QJsonDocument::fromJson(file.readAll()).object();
    }
    if (name.isEmpty())
        all.remove(key);
    else
        all.insert(key, name);
    QDir().mkpath(m_directory);
    QSaveFile out(QDir(m_directory).filePath(kAssignments));
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(all).toJson()) < 0
        || !out.commit()) {
        return fail(ErrorCode::Io, "the preset assignments could not be saved",
                    out.errorString().toStdString());
    }
    return {};
}

QString RoutingPresets::presetForStage(const QString &stage) const
{
    return assigned(QStringLiteral("stage:") + stage);
}

Result<QString> RoutingPresets::presetForBook(store::Database &library, qint64 bookId) const
{
    // assignments.json may still hold "book:<id>" entries from before assignments moved into
    // the library. They are never read: nothing says which library's book they meant, and
    // applying one to this library's book with the same id is the collision the move fixes.
    auto name = store::LibrarySettings(library).value(
        store::LibrarySettings::bookKey(bookId, kBookPreset));
    if (!name)
        return fail(name.error());
    return QString::fromStdString(name->value_or(std::string()));
}

Status RoutingPresets::assignToStage(const QString &stage, const QString &name) const
{
    return assign(QStringLiteral("stage:") + stage, name);
}

Status RoutingPresets::assignToBook(store::Database &library, qint64 bookId,
                                    const QString &name) const
{
    store::LibrarySettings settings(library);
    const std::string key = store::LibrarySettings::bookKey(bookId, kBookPreset);
    return name.isEmpty() ? settings.remove(key) : settings.setValue(key, name.toStdString());
}

Result<QString> RoutingPresets::effectivePreset(const QString &chosen, store::Database *library,
                                                qint64 bookId, const QString &stage) const
{
    if (!chosen.isEmpty())
        return chosen;
    if (library && bookId != 0) {
        auto forBook = presetForBook(*library, bookId);
        if (!forBook || !forBook->isEmpty())
            return forBook;
    }
    return presetForStage(stage);
}

std::optional<routing::RoutingConfig> RoutingPresets::resolve(store::Database *library,
                                                              std::optional<qint64> bookId,
                                                              const QString &stage) const
{
    auto name = effectivePreset({}, library, bookId.value_or(0), stage);
    if (!name || name->isEmpty())
        return std::nullopt;
    auto config = load(*name);
    if (!config)
        return std::nullopt;
    return *config;
}

} // namespace scriptorium::ui
