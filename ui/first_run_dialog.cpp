#include "ui/first_run_dialog.h"

#include "ui/app_settings.h"
#include "ui/secret_store.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace scriptorium::ui {

FirstRunDialog::FirstRunDialog(SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("firstRunDialog"));
    setWindowTitle(tr("Welcome to Scriptorium"));

    auto *intro = new QLabel(
        tr("<h3>Welcome</h3><p>Scriptorium generates chapters through OpenRouter. Enter your "
           "OpenRouter API key to write with real models, or try the offline demo, which runs "
           "a simulated OpenRouter on this computer and costs nothing.</p>"
           "<p>The key is kept in the %1, never in a settings file or your library. "
           "You can also set the OPENROUTER_API_KEY environment variable.</p>")
            .arg(secrets->backendName()),
        this);
    intro->setWordWrap(true);

    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("firstRunKeyField"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("OpenRouter API key (sk-or-…)"));
    m_key->setText(apiKeyFromEnvironment());
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto *useKeyButton = new QPushButton(tr("&Use this key"), this);
    useKeyButton->setObjectName(QStringLiteral("useKeyButton"));
    useKeyButton->setDefault(true);
    auto *demoButton = new QPushButton(tr("Try the offline &demo"), this);
    demoButton->setObjectName(QStringLiteral("demoButton"));
    auto *laterButton = new QPushButton(tr("&Later"), this);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(demoButton);
    buttons->addStretch(1);
    buttons->addWidget(laterButton);
    buttons->addWidget(useKeyButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_key);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(useKeyButton, &QPushButton::clicked, this, &FirstRunDialog::useKey);
    connect(demoButton, &QPushButton::clicked, this, &FirstRunDialog::useDemo);
    connect(laterButton, &QPushButton::clicked, this, [this] {
        AppSettings::setFirstRunDone(true);
        reject();
    });
}

void FirstRunDialog::useKey()
{
    const QString key = m_key->text().trimmed();
    if (key.isEmpty()) {
        m_status->setText(tr("Paste a key first, or choose the offline demo."));
        m_key->setFocus();
        return;
    }
    m_status->setText(tr("Saving the key…"));
    setEnabled(false);
    m_secrets->writeKey(key, this, [this](bool ok, const QString &error) {
        setEnabled(true);
        if (!ok) {
            m_status->setText(tr("The key could not be stored (%1). Set OPENROUTER_API_KEY "
                                 "instead, or try again.")
                                  .arg(error));
            return;
        }
        m_choice = Choice::Key;
        AppSettings::setFirstRunChoice(QStringLiteral("key"));
        AppSettings::setFirstRunDone(true);
        accept();
    });
}

void FirstRunDialog::useDemo()
{
    m_choice = Choice::Demo;
    AppSettings::setFirstRunChoice(QStringLiteral("demo"));
    AppSettings::setFirstRunDone(true);
    accept();
}

} // namespace scriptorium::ui
