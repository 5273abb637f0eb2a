#include "ui/routing/app_connection.h"

#include "ui/app_settings.h"
#include "ui/secret_store.h"

namespace scriptorium::ui {

void AppConnection::setExplicit(const QString &baseUrl, const QString &apiKey)
{
    m_explicit = true;
    m_explicitBaseUrl = baseUrl;
    m_explicitApiKey = apiKey;
}

void AppConnection::useSecretStore(SecretStore *secrets)
{
    if (m_explicit || !secrets || secrets == m_secrets)
        return;
    m_secrets = secrets;
    readStoredKey();
    // A key saved in the settings (or the first-run dialog) later is used from then on.
    connect(secrets, &SecretStore::writeFinished, this, &AppConnection::readStoredKey);
}

void AppConnection::readStoredKey()
{
    if (m_explicit || !m_secrets)
        return;
    if (current().apiKeyOrigin == routing::ConnectionOrigin::Environment)
        return;
    m_secrets->readKey(this, [this](bool ok, const QString &key, const QString &) {
        if (!ok || m_explicit)
            return; // an unreadable keychain keeps the key read last
        m_storedApiKey = key;
        emit storedKeyRead();
    });
}

AppConnection::Resolved AppConnection::current() const
{
    return m_explicit ? resolve(m_explicitBaseUrl, m_explicitApiKey, m_storedApiKey)
                      : resolve({}, {}, m_storedApiKey);
}

AppConnection::Resolved AppConnection::resolve(const QString &explicitBaseUrl,
                                               const QString &explicitApiKey,
                                               const QString &storedApiKey)
{
    routing::ConnectionCandidates candidates = routing::environmentCandidates();
    candidates.explicitBaseUrl = explicitBaseUrl.toStdString();
    candidates.explicitApiKey = explicitApiKey.toStdString();
    candidates.settingsBaseUrl = AppSettings::storedBaseUrl().toStdString();
    candidates.storedApiKey = storedApiKey.toStdString();
    const routing::ResolvedConnection resolved = routing::resolveConnection(candidates);
    return {QString::fromStdString(resolved.baseUrl), QString::fromStdString(resolved.apiKey),
            resolved.baseUrlOrigin, resolved.apiKeyOrigin};
}

} // namespace scriptorium::ui
