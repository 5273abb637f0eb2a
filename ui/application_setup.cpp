#include "ui/application_setup.h"

#include "ui/app_settings.h"
#include "ui/secret_store.h"
#include "util/version.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

// Q_INIT_RESOURCE must be called outside any namespace; the .qrc is compiled into this static
// library, whose resource initialiser would otherwise be dropped by the linker.
static void initScriptoriumResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace scriptorium::ui {

namespace {

constexpr auto kLanguageKey = "ui/language";

} // namespace

void ApplicationSetup::configure(QApplication &app)
{
    initScriptoriumResources();
    QApplication::setApplicationName(QString::fromLatin1(kApplicationName));
    QApplication::setApplicationDisplayName(QString::fromLatin1(kApplicationName));
    QApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    QApplication::setOrganizationName(QString::fromLatin1(kOrganizationName));
    QApplication::setOrganizationDomain(QString::fromLatin1(kOrganizationDomain));
    QApplication::setDesktopFileName(QStringLiteral("app.scriptorium.Scriptorium"));

    QIcon icon(QStringLiteral(":/icons/scriptorium.svg"));
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/scriptorium-%1.png").arg(size), QSize(size, size));
    app.setWindowIcon(icon);
}

QString ApplicationSetup::installTranslators(QApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);

    auto *own = new QTranslator(&app);
    if (!own->load(locale, QStringLiteral("scriptorium"), QStringLiteral("_"),
                   QStringLiteral(":/i18n"))) {
        delete own;
        return QStringLiteral("en");
    }
    QApplication::installTranslator(own);

    // Qt's own strings (standard dialogs, context menus); absent translations are not an error.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    else
        delete qt;
    return locale.name();
}

QString ApplicationSetup::configuredLanguage()
{
    return QSettings().value(QString::fromLatin1(kLanguageKey)).toString();
}

void ApplicationSetup::setConfiguredLanguage(const QString &language)
{
    QSettings().setValue(QString::fromLatin1(kLanguageKey), language);
}

bool ApplicationSetup::needsFirstRunDialog(bool demoRequested)
{
    return !demoRequested && !AppSettings::firstRunDone() && apiKeyFromEnvironment().isEmpty();
}

} // namespace scriptorium::ui
