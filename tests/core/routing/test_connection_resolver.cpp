// Where requests go and with which key (issue 14): the one precedence rule the CLI and every
// GUI caller share — explicit, then the environment, then the GUI's settings or keychain, then
// OpenRouter (for the key: none).
#include "routing/api_key.h"
#include "routing/connection_resolver.h"

#include <QTest>

using namespace scriptorium::routing;

Q_DECLARE_METATYPE(scriptorium::routing::ConnectionOrigin)

class TestConnectionResolver : public QObject {
    Q_OBJECT

private slots:
    void baseUrl_data();
    void baseUrl();
    void apiKey_data();
    void apiKey();
    void environmentCandidatesReadBothVariables();
};

void TestConnectionResolver::baseUrl_data()
{
    QTest::addColumn<QString>("explicitUrl");
    QTest::addColumn<QString>("environmentUrl");
    QTest::addColumn<QString>("settingsUrl");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<ConnectionOrigin>("origin");

    const QString cli = QStringLiteral("http://127.0.0.1:1/api/v1");
    const QString env = QStringLiteral("http://127.0.0.1:2/api/v1");
    const QString settings = QStringLiteral("https://proxy.example/api/v1");
    const QString openRouter = QString::fromLatin1(kDefaultBaseUrl);
    QTest::newRow("explicit wins over all")
        << cli << env << settings << cli << ConnectionOrigin::Explicit;
    QTest::newRow("environment over settings")
        << QString() << env << settings << env << ConnectionOrigin::Environment;
    QTest::newRow("settings over the default")
        << QString() << QString() << settings << settings << ConnectionOrigin::Settings;
    QTest::newRow("nothing: OpenRouter")
        << QString() << QString() << QString() << openRouter << ConnectionOrigin::Default;
    // An empty SCRIPTORIUM_BASE_URL= is unset, as in the CLI; blanks too.
    QTest::newRow("blank levels are unset") << QStringLiteral("  ") << QStringLiteral("\t")
                                            << settings << settings << ConnectionOrigin::Settings;
    QTest::newRow("values are trimmed")
        << QString() << QString(QStringLiteral(" ") + env + QStringLiteral("\n")) << settings << env
        << ConnectionOrigin::Environment;
}

void TestConnectionResolver::baseUrl()
{
    QFETCH(QString, explicitUrl);
    QFETCH(QString, environmentUrl);
    QFETCH(QString, settingsUrl);
    QFETCH(QString, expected);
    QFETCH(ConnectionOrigin, origin);
    ConnectionCandidates c;
    c.explicitBaseUrl = explicitUrl.toStdString();
    c.environmentBaseUrl = environmentUrl.toStdString();
    c.settingsBaseUrl = settingsUrl.toStdString();
    c.storedApiKey = "sk-stored"; // keys never decide the URL
    const ResolvedConnection resolved = resolveConnection(c);
    QCOMPARE(QString::fromStdString(resolved.baseUrl), expected);
    QCOMPARE(resolved.baseUrlOrigin, origin);
}

void TestConnectionResolver::apiKey_data()
{
    QTest::addColumn<QString>("explicitKey");
    QTest::addColumn<QString>("environmentKey");
    QTest::addColumn<QString>("storedKey");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<ConnectionOrigin>("origin");

    QTest::newRow("explicit wins over all")
        << QStringLiteral("sk-demo") << QStringLiteral("sk-env") << QStringLiteral("sk-stored")
        << QStringLiteral("sk-demo") << ConnectionOrigin::Explicit;
    QTest::newRow("environment over the keychain")
        << QString() << QStringLiteral("sk-env") << QStringLiteral("sk-stored")
        << QStringLiteral("sk-env") << ConnectionOrigin::Environment;
    QTest::newRow("the keychain's") << QString() << QString() << QStringLiteral("sk-stored")
                                    << QStringLiteral("sk-stored") << ConnectionOrigin::Stored;
    QTest::newRow("none") << QString() << QString() << QString() << QString()
                          << ConnectionOrigin::None;
    QTest::newRow("blank is unset")
        << QString() << QStringLiteral(" ") << QStringLiteral("sk-stored\n")
        << QStringLiteral("sk-stored") << ConnectionOrigin::Stored;
}

void TestConnectionResolver::apiKey()
{
    QFETCH(QString, explicitKey);
    QFETCH(QString, environmentKey);
    QFETCH(QString, storedKey);
    QFETCH(QString, expected);
    QFETCH(ConnectionOrigin, origin);
    ConnectionCandidates c;
    c.explicitApiKey = explicitKey.toStdString();
    c.environmentApiKey = environmentKey.toStdString();
    c.storedApiKey = storedKey.toStdString();
    c.settingsBaseUrl = "https://proxy.example/api/v1"; // URLs never decide the key
    const ResolvedConnection resolved = resolveConnection(c);
    QCOMPARE(QString::fromStdString(resolved.apiKey), expected);
    QCOMPARE(resolved.apiKeyOrigin, origin);
}

void TestConnectionResolver::environmentCandidatesReadBothVariables()
{
    qputenv(kBaseUrlEnvironmentVariable, "http://127.0.0.1:3/api/v1");
    qputenv(ApiKey::kEnvironmentVariable, "sk-from-env");
    ConnectionCandidates c = environmentCandidates();
    QCOMPARE(c.environmentBaseUrl, std::string("http://127.0.0.1:3/api/v1"));
    QCOMPARE(c.environmentApiKey, std::string("sk-from-env"));
    QVERIFY(c.explicitBaseUrl.empty() && c.settingsBaseUrl.empty() && c.storedApiKey.empty());
    c.settingsBaseUrl = "https://proxy.example/api/v1";
    QCOMPARE(resolveConnection(c).baseUrlOrigin, ConnectionOrigin::Environment);

    qunsetenv(kBaseUrlEnvironmentVariable);
    qunsetenv(ApiKey::kEnvironmentVariable);
    c = environmentCandidates();
    QVERIFY(c.environmentBaseUrl.empty() && c.environmentApiKey.empty());
}

QTEST_APPLESS_MAIN(TestConnectionResolver)
#include "test_connection_resolver.moc"
