#include "ui/secret_store.h"

#include "routing/api_key.h"

#include <QTimer>
#include <qt6keychain/keychain.h>

namespace scriptorium::ui {

namespace {

const QString kService = QStringLiteral("Scriptorium");
const QString kAccount = QStringLiteral("openrouter-api-key");

} // namespace

void MemorySecretStore::readKey(QObject *context, ReadCallback done)
{
    // Deliver later, like a real keychain, so callers cannot come to rely on synchronous
    // completion.
    QTimer::singleShot(0, context, [done = std::move(done), key = m_key] { done(true, key, {}); });
}

void MemorySecretStore::writeKey(const QString &key, QObject *context, WriteCallback done)
{
    m_key = key;
    QTimer::singleShot(0, context, [done = std::move(done)] { done(true, {}); });
}

QString MemorySecretStore::backendName() const
{
    return tr("memory (not kept after quitting)");
}

void KeychainSecretStore::readKey(QObject *context, ReadCallback done)
{
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(kAccount);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done)] {
        if (job->error() == QKeychain::EntryNotFound)
            done(true, {}, {});
        else if (job->error() != QKeychain::NoError)
            done(false, {}, job->errorString());
        else
            done(true, job->textData(), {});
    });
    job->start();
}

void KeychainSecretStore::writeKey(const QString &key, QObject *context, WriteCallback done)
{
    QKeychain::Job *job = nullptr;
    if (key.isEmpty()) {
        auto *remove = new QKeychain::DeletePasswordJob(kService, this);
        remove->setKey(kAccount);
        job = remove;
    } else {
        auto *write = new QKeychain::WritePasswordJob(kService, this);
        write->setKey(kAccount);
        write->setTextData(key);
        job = write;
    }
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done), key] {
        const bool ok = job->error() == QKeychain::NoError
            || (key.isEmpty() && job->error() == QKeychain::EntryNotFound);
        done(ok, ok ? QString() : job->errorString());
    });
    job->start();
}

QString KeychainSecretStore::backendName() const
{
    return tr("system keychain");
}

QString apiKeyFromEnvironment()
{
    return qEnvironmentVariable(routing::ApiKey::kEnvironmentVariable).trimmed();
}

} // namespace scriptorium::ui
