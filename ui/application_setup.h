#pragma once

#include <QString>

class QApplication;
class QTranslator;

namespace scriptorium::ui {

/// Application-wide identity and resources, shared by the GUI main and the UI tests so both
/// run the same setup: organisation and application names (QSettings location), version,
/// icon, and the translators for the chosen language.
class ApplicationSetup {
public:
    /// Names, version and icon. Call once after constructing the QApplication.
    static void configure(QApplication &app);

    /// Installs translators for `language` ("en", "zh_CN", or empty for the system locale)
    /// and returns the language actually loaded ("en" when no translation matched).
    static QString installTranslators(QApplication &app, const QString &language);

    /// The language stored in settings ("" means follow the system).
    static QString configuredLanguage();
    static void setConfiguredLanguage(const QString &language);

    /// Whether the first-run dialog (enter a key, or try the demo) comes before the window: on
    /// a first start without OPENROUTER_API_KEY in the environment, unless the command line
    /// asked for the demo (--demo already answers the dialog's question; the dialog still
    /// comes on the next ordinary start, since the demo keeps nothing).
    static bool needsFirstRunDialog(bool demoRequested);
};

} // namespace scriptorium::ui
