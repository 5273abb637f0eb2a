#pragma once

#include <QFont>
#include <QString>
#include <QStringList>

namespace scriptorium::ui {

/// Typed access to the GUI's QSettings keys, so every key has one name and one default.
/// The API key is deliberately absent: it lives in a SecretStore, never in settings.
/// GUI thread only (QSettings itself is thread-safe, the defaults below are not the point).
class AppSettings {
public:
    /// The base URL setting, defaultBaseUrl() when unset. Where requests go is AppConnection's
    /// to say: SCRIPTORIUM_BASE_URL and demo mode override this setting.
    static QString baseUrl();
    /// The setting as stored: empty when the writer never set one.
    static QString storedBaseUrl();
    static void setBaseUrl(const QString &url);
    static QString defaultModel();
    static void setDefaultModel(const QString &model);
    static int maxTokens();
    static void setMaxTokens(int tokens);
    static double temperature();
    static void setTemperature(double temperature);

    /// The editor font; its family list ends with CJK fallbacks so Chinese text always uses a
    /// font designed for it rather than whatever fontconfig picks.
    static QFont editorFont();
    static void setEditorFont(const QFont &font);
    /// Line height in percent of the font's natural line height (100–300).
    static int lineSpacing();
    static void setLineSpacing(int percent);

    static bool firstRunDone();
    static void setFirstRunDone(bool done);
    /// "key" or "demo": what the writer chose on first run.
    static QString firstRunChoice();
    static void setFirstRunChoice(const QString &choice);

    /// Most recent first, at most kMaxRecentLibraries, only absolute paths.
    static QStringList recentLibraries();
    static void addRecentLibrary(const QString &path);
    static constexpr int kMaxRecentLibraries = 8;

    static QString defaultBaseUrl();
    static QString defaultModelId();
};

/// Adds the CJK fallback families to `font` (keeping its own family first).
QFont withCjkFallback(QFont font);

} // namespace scriptorium::ui
