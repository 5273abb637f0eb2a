#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace scriptorium::ui {

/// Where the OpenRouter API key lives. The key is never written to QSettings, the library or
/// any other file: implementations keep it in the OS keychain or in memory only.
///
/// All calls are asynchronous (keychain backends talk to a D-Bus service that may prompt the
/// user); callbacks run later on the GUI thread, delivered through `context` so a destroyed
/// receiver never sees them. An empty key with `ok == true` means "no key stored".
class SecretStore : public QObject {
    Q_OBJECT

public:
    using ReadCallback = std::function<void(bool ok, const QString &key, const QString &error)>;
    using WriteCallback = std::function<void(bool ok, const QString &error)>;

    using QObject::QObject;

    virtual void readKey(QObject *context, ReadCallback done) = 0;
    /// Stores `key`; an empty key deletes the stored one.
    virtual void writeKey(const QString &key, QObject *context, WriteCallback done) = 0;
    /// Human-readable name of the backend, shown in settings ("GNOME Keyring", "memory").
    virtual QString backendName() const = 0;

signals:
    /// Emitted by whoever requested a write, after it finished, so that a window can report it
    /// even when the requesting dialog is gone.
    void writeFinished(bool ok, const QString &error);
};

/// Keeps the key in process memory only. Used by tests and when no keychain is available.
class MemorySecretStore final : public SecretStore {
    Q_OBJECT

public:
    using SecretStore::SecretStore;

    void readKey(QObject *context, ReadCallback done) override;
    void writeKey(const QString &key, QObject *context, WriteCallback done) override;
    QString backendName() const override;

private:
    QString m_key;
};

/// The OS keychain through QtKeychain (Secret Service, KWallet, macOS Keychain, Windows
/// Credential Store). Jobs run asynchronously; the GUI thread never waits on them.
class KeychainSecretStore final : public SecretStore {
    Q_OBJECT

public:
    using SecretStore::SecretStore;

    void readKey(QObject *context, ReadCallback done) override;
    void writeKey(const QString &key, QObject *context, WriteCallback done) override;
    QString backendName() const override;
};

/// The key from the OPENROUTER_API_KEY environment variable, or empty. It wins over the
/// keychain so scripts and CI can override a stored key without touching it.
QString apiKeyFromEnvironment();

} // namespace scriptorium::ui
