#pragma once

// How the e2e tests run scriptorium-cli: the binary, and an environment with the test key and
// XDG folders of its own (no user settings, catalog cache or routing config leak in).
#include <QDir>
#include <QProcessEnvironment>
#include <QString>

namespace scriptorium::novel::test {

inline QString cliPath()
{
    return qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
        + QStringLiteral("/app/cli/scriptorium-cli");
}

inline QProcessEnvironment cliEnvironment(const QDir &dir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OPENROUTER_API_KEY"), QStringLiteral("sk-or-v1-e2e-test-key"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    return env;
}

} // namespace scriptorium::novel::test
