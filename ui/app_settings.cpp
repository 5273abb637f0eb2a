#include "ui/app_settings.h"

#include "routing/connection_resolver.h"
#include "routing/routing_config.h"

#include <algorithm>

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QSettings>

namespace scriptorium::ui {

namespace {

QVariant value(const char *key, const QVariant &fallback = {})
{
    return QSettings().value(QString::fromLatin1(key), fallback);
}

void setValue(const char *key, const QVariant &v)
{
    QSettings().setValue(QString::fromLatin1(key), v);
}

} // namespace

QString AppSettings::defaultBaseUrl()
{
    return QString::fromLatin1(routing::kDefaultBaseUrl);
}

QString AppSettings::defaultModelId()
{
    // One source for the default model: the shipped routing config the CLI also uses.
    static const QString id
        = QString::fromStdString(routing::RoutingConfig::defaults().defaultModel);
    return id;
}

QString AppSettings::baseUrl()
{
    return value("openrouter/baseUrl", defaultBaseUrl()).toString();
}

QString AppSettings::storedBaseUrl()
{
    return value("openrouter/baseUrl").toString();
}

void AppSettings::setBaseUrl(const QString &url)
{
    setValue("openrouter/baseUrl", url);
}

QString AppSettings::defaultModel()
{
    return value("generation/model", defaultModelId()).toString();
}

void AppSettings::setDefaultModel(const QString &model)
{
    setValue("generation/model", model);
}

int AppSettings::maxTokens()
{
    return value("generation/maxTokens", 4096).toInt();
}

void AppSettings::setMaxTokens(int tokens)
{
    setValue("generation/maxTokens", tokens);
}

double AppSettings::temperature()
{
    return value("generation/temperature", 0.8).toDouble();
}

void AppSettings::setTemperature(double temperature)
{
    setValue("generation/temperature", temperature);
}

QFont AppSettings::editorFont()
{
    QFont font;
    const QString stored = value("editor/font").toString();
    if (stored.isEmpty() || !font.fromString(stored)) {
        font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
        font.setPointSizeF(12);
    }
    return withCjkFallback(font);
}

void AppSettings::setEditorFont(const QFont &font)
{
    setValue("editor/font", font.toString());
}

int AppSettings::lineSpacing()
{
    return std::clamp(value("editor/lineSpacing", 130).toInt(), 100, 300);
}

void AppSettings::setLineSpacing(int percent)
{
    setValue("editor/lineSpacing", std::clamp(percent, 100, 300));
}

bool AppSettings::firstRunDone()
{
    return value("app/firstRunDone", false).toBool();
}

void AppSettings::setFirstRunDone(bool done)
{
    setValue("app/firstRunDone", done);
}

QString AppSettings::firstRunChoice()
{
    return value("app/firstRunChoice").toString();
}

void AppSettings::setFirstRunChoice(const QString &choice)
{
    setValue("app/firstRunChoice", choice);
}

QStringList AppSettings::recentLibraries()
{
    return value("library/recent").toStringList();
}

void AppSettings::addRecentLibrary(const QString &path)
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList recent = recentLibraries();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentLibraries)
        recent.removeLast();
    setValue("library/recent", recent);
}

QFont withCjkFallback(QFont font)
{
    QStringList families = font.families();
    if (families.isEmpty())
        families << font.family();
    for (const QString &cjk :
         {QStringLiteral("Noto Serif CJK SC"), QStringLiteral("Noto Sans CJK SC"),
          QStringLiteral("Source Han Serif SC"), QStringLiteral("SimSun")}) {
        if (!families.contains(cjk))
            families << cjk;
    }
    font.setFamilies(families);
    return font;
}

} // namespace scriptorium::ui
