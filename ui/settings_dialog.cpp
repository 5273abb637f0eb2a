#include "ui/settings_dialog.h"

#include "routing/connection_resolver.h"
#include "ui/app_settings.h"
#include "ui/application_setup.h"
#include "ui/secret_store.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace scriptorium::ui {

SettingsDialog::SettingsDialog(SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    auto *openRouter = new QGroupBox(tr("OpenRouter"), this);
    auto *orForm = new QFormLayout(openRouter);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("apiKeyField"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("sk-or-…"));
    m_key->setEnabled(false); // until the keychain answers
    m_keyStatus = new QLabel(tr("Reading the key from the %1…").arg(secrets->backendName()), this);
    m_keyStatus->setWordWrap(true);
    orForm->addRow(tr("API &key:"), m_key);
    orForm->addRow(QString(), m_keyStatus);
    m_baseUrl = new QLineEdit(AppSettings::baseUrl(), this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlField"));
    orForm->addRow(tr("&Base URL:"), m_baseUrl);
    // routing::resolveConnection puts the environment above the settings: say so, or a
    // writer edits a field that changes nothing.
    if (!routing::environmentCandidates().environmentBaseUrl.empty()) {
        auto *overridden
            = new QLabel(tr("SCRIPTORIUM_BASE_URL is set and takes precedence."), this);
        overridden->setObjectName(QStringLiteral("baseUrlOverridden"));
        overridden->setWordWrap(true);
        orForm->addRow(QString(), overridden);
    }

    auto *generation = new QGroupBox(tr("Generation defaults"), this);
    auto *genForm = new QFormLayout(generation);
    m_model = new QLineEdit(AppSettings::defaultModel(), this);
    m_model->setObjectName(QStringLiteral("modelField"));
    genForm->addRow(tr("Default &model:"), m_model);
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setRange(64, 200000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setValue(AppSettings::maxTokens());
    genForm->addRow(tr("Max &tokens:"), m_maxTokens);
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.05);
    m_temperature->setValue(AppSettings::temperature());
    genForm->addRow(tr("T&emperature:"), m_temperature);

    auto *appearance = new QGroupBox(tr("Writing and appearance"), this);
    auto *appForm = new QFormLayout(appearance);
    const QFont font = AppSettings::editorFont();
    m_font = new QFontComboBox(this);
    m_font->setCurrentFont(QFont(font.family()));
    m_fontSize = new QSpinBox(this);
    m_fontSize->setRange(6, 72);
    m_fontSize->setValue(qRound(font.pointSizeF()));
    m_fontSize->setSuffix(tr(" pt"));
    auto *fontRow = new QHBoxLayout;
    fontRow->addWidget(m_font, 1);
    fontRow->addWidget(m_fontSize);
    appForm->addRow(tr("Editor &font:"), fontRow);
    m_lineSpacing = new QSpinBox(this);
    m_lineSpacing->setObjectName(QStringLiteral("lineSpacingField"));
    m_lineSpacing->setRange(100, 300);
    m_lineSpacing->setSingleStep(10);
    m_lineSpacing->setSuffix(QStringLiteral(" %"));
    m_lineSpacing->setValue(AppSettings::lineSpacing());
    appForm->addRow(tr("&Line spacing:"), m_lineSpacing);
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageField"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(
        std::max(0, m_language->findData(ApplicationSetup::configuredLanguage())));
    appForm->addRow(tr("&Language:"), m_language);
    appForm->addRow(QString(),
                    new QLabel(tr("A new language takes effect after a restart. "
                                  "The theme follows the system."),
                               this));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(openRouter);
    layout->addWidget(generation);
    layout->addWidget(appearance);
    layout->addWidget(buttons);

    m_secrets->readKey(this, [this](bool ok, const QString &key, const QString &error) {
        m_keyLoaded = ok;
        m_loadedKey = key;
        m_key->setEnabled(true);
        if (!ok) {
            m_keyStatus->setText(tr("The %1 could not be read (%2). A key entered here is kept "
                                    "for this session only; or set OPENROUTER_API_KEY.")
                                     .arg(m_secrets->backendName(), error));
        } else {
            m_key->setText(key);
            m_keyStatus->setText(
                tr("Stored in the %1, never in settings files.").arg(m_secrets->backendName()));
        }
        if (!apiKeyFromEnvironment().isEmpty())
            m_keyStatus->setText(m_keyStatus->text() + QLatin1Char(' ')
                                 + tr("OPENROUTER_API_KEY is set and takes precedence."));
    });
}

void SettingsDialog::accept()
{
    const QUrl url(m_baseUrl->text().trimmed());
    if (!url.isValid()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        m_baseUrl->setFocus();
        m_keyStatus->setText(
            tr("The base URL must start with https:// (or http:// for a local simulator)."));
        return;
    }
    AppSettings::setBaseUrl(url.toString());
    AppSettings::setDefaultModel(m_model->text().trimmed());
    AppSettings::setMaxTokens(m_maxTokens->value());
    AppSettings::setTemperature(m_temperature->value());
    ApplicationSetup::setConfiguredLanguage(m_language->currentData().toString());

    QFont font = m_font->currentFont();
    font.setPointSize(m_fontSize->value());
    const bool editorChanged = font.family() != AppSettings::editorFont().family()
        || m_fontSize->value() != qRound(AppSettings::editorFont().pointSizeF())
        || m_lineSpacing->value() != AppSettings::lineSpacing();
    AppSettings::setEditorFont(font);
    AppSettings::setLineSpacing(m_lineSpacing->value());
    if (editorChanged)
        emit editorSettingsChanged();

    const QString key = m_key->text().trimmed();
    if (m_key->isEnabled() && key != m_loadedKey) {
        // The dialog may be gone when the keychain answers; the store outlives it and
        // announces the result to whoever shows it.
        SecretStore *secrets = m_secrets;
        m_secrets->writeKey(key, secrets, [secrets](bool ok, const QString &error) {
            emit secrets->writeFinished(ok, error);
        });
    }
    QDialog::accept();
}

} // namespace scriptorium::ui
