#pragma once

#include "routing/connection_resolver.h"

#include <QObject>
#include <QPointer>
#include <QString>

namespace scriptorium::ui {

class SecretStore;

/// Where the GUI's requests go and with which key: the Generate dock, the Batch dock, the
/// dashboard and the routing editor each ask one of these, so they can never talk to
/// different servers. It gathers routing::resolveConnection()'s candidates — the explicit
/// connection (demo mode's simulator, tests), SCRIPTORIUM_BASE_URL and OPENROUTER_API_KEY,
/// the base URL setting, the key in the keychain — and applies the CLI's precedence:
///
///   base URL: explicit → SCRIPTORIUM_BASE_URL → Settings' base URL → OpenRouter's
///   API key:  explicit → OPENROUTER_API_KEY   → the keychain's key → none
///
/// The environment and the setting are read on every current(), so a saved setting applies
/// from the next request on; the keychain is read asynchronously (useSecretStore()). GUI
/// thread only.
class AppConnection : public QObject {
    Q_OBJECT

public:
    struct Resolved {
        QString baseUrl;
        QString apiKey; ///< empty when there is none
        routing::ConnectionOrigin baseUrlOrigin = routing::ConnectionOrigin::Default;
        routing::ConnectionOrigin apiKeyOrigin = routing::ConnectionOrigin::None;
    };

    using QObject::QObject;

    /// Fixes the explicit level (demo mode's simulator and key; tests). The keychain is no
    /// longer read.
    void setExplicit(const QString &baseUrl, const QString &apiKey);
    bool isExplicit() const { return m_explicit; }
    /// Reads the key stored in `secrets` (unless an explicit or environment key decides
    /// already, so no keychain prompt is shown for nothing), and again after every write it
    /// reports; `storedKeyRead` follows each read.
    void useSecretStore(SecretStore *secrets);

    /// The connection now.
    Resolved current() const;
    /// The connection from the explicit level given, the environment and the settings, with
    /// `storedApiKey` as the keychain's key: for callers without an AppConnection of their own.
    static Resolved resolve(const QString &explicitBaseUrl = {}, const QString &explicitApiKey = {},
                            const QString &storedApiKey = {});

signals:
    /// The keychain's key was read (it may be empty): current() may have changed.
    void storedKeyRead();

private:
    void readStoredKey();

    bool m_explicit = false;
    QString m_explicitBaseUrl;
    QString m_explicitApiKey;
    QString m_storedApiKey;
    QPointer<SecretStore> m_secrets;
};

} // namespace scriptorium::ui
