// `scriptorium-cli complete` as a process against the simulator: streamed text and summary,
// --json events, exit codes, SIGINT → 130, and the API key absent from everything it wrote.
#include "sim/sim_server.h"

#include <csignal>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using nlohmann::json;
using scriptorium::sim::SimOptions;
using scriptorium::sim::SimServer;

namespace {

constexpr const char *kKey = "sk-or-v1-e2e-secret-5d1c0b9e8a";

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class CliFixture {
public:
    explicit CliFixture(double timeScale = 0.05)
        : m_sim(SimOptions{
            .market = "default", .timeScale = timeScale, .seed = 11, .truthLogPath = {}, .port = 0})
    {
        if (!m_sim.start())
            qFatal("simulator did not start");
        QFile config(m_dir.filePath(QStringLiteral("routing.json")));
        config.open(QIODevice::WriteOnly);
        config.write(R"({"version":1,"default_model":"meta-llama/llama-3.1-8b-instruct",
            "models":[],"provider":{"order":["DeepInfra","Together"],"allow_fallbacks":true,
            "sort":"throughput","quantizations":["fp8"]},"degrade_to":["fp16","bf16"],
            "retry":{"max_attempts":3,"base_backoff_ms":20,"max_backoff_ms":100}})");
    }

    SimServer &sim() { return m_sim; }
    QString dir() const { return m_dir.path(); }

    QProcess *start(const QStringList &args, const QString &key = QString::fromLatin1(kKey))
    {
        auto *p = new QProcess;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENROUTER_API_KEY"), key);
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("SCRIPTORIUM_BASE_URL"), QString::fromStdString(m_sim.baseUrl()));
        p->setProcessEnvironment(env);
        p->setWorkingDirectory(m_dir.path());
        QStringList all{QStringLiteral("--config"), m_dir.filePath(QStringLiteral("routing.json"))};
        all += args;
        p->start(qEnvironmentVariable("SCRIPTORIUM_BINARY_DIR")
                     + QStringLiteral("/app/cli/scriptorium-cli"),
                 all);
        return p;
    }

    CliRun run(const QStringList &args, const QString &key = QString::fromLatin1(kKey))
    {
        QProcess *p = start(args, key);
        p->waitForFinished(60000);
        CliRun r;
        r.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -2;
        r.out = p->readAllStandardOutput();
        r.err = p->readAllStandardError();
        delete p;
        m_outputs += r.out + r.err;
        return r;
    }

    /// Everything the runs printed plus every file under the temp dir (cache, config…).
    QByteArray everythingWritten() const
    {
        QByteArray all = m_outputs;
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly))
                all += f.readAll();
        }
        return all;
    }

private:
    QTemporaryDir m_dir;
    SimServer m_sim;
    QByteArray m_outputs;
};

QList<json> jsonLines(const QByteArray &out)
{
    QList<json> lines;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(json::parse(line.toStdString()));
    }
    return lines;
}

const QStringList kBaseArgs{QStringLiteral("complete"),
                            QStringLiteral("--model"),
                            QStringLiteral("meta-llama/llama-3.1-8b-instruct"),
                            QStringLiteral("--prompt"),
                            QStringLiteral("Write about rain."),
                            QStringLiteral("--max-tokens"),
                            QStringLiteral("30")};

} // namespace

class TestCompleteCli : public QObject {
    Q_OBJECT

private slots:
    void streamsTextAndSummary();
    void jsonEventsDescribeTheGeneration();
    void exitCodes_data();
    void exitCodes();
    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void sigintCancelsWith130();
    void apiKeyNeverWritten();
};

void TestCompleteCli::streamsTextAndSummary()
{
    CliFixture f;
    const CliRun r = f.run(kBaseArgs);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.trimmed().size() > 10);
    QVERIFY(r.err.contains("provider DeepInfra"));
    QVERIFY(r.err.contains("fp8 (exact)"));
    QVERIFY(r.err.contains("TTFT"));
    QVERIFY(r.err.contains("attempts 1"));
    const auto truth = f.sim().truth();
    QCOMPARE(truth.size(), std::size_t(1));
}

void TestCompleteCli::jsonEventsDescribeTheGeneration()
{
    CliFixture f;
    const CliRun r = f.run(QStringList{QStringLiteral("--json")} + kBaseArgs);
    QCOMPARE(r.exitCode, 0);
    const QList<json> lines = jsonLines(r.out);
    QVERIFY(lines.size() >= 4);
    QCOMPARE(lines.first()["type"].get<std::string>(), std::string("attempt"));
    QCOMPARE(lines[1]["type"].get<std::string>(), std::string("first_token"));
    std::string text;
    for (const json &l : lines) {
        if (l["type"] == "delta")
            text += l["text"].get<std::string>();
    }
    const json &done = lines.last();
    QCOMPARE(done["type"].get<std::string>(), std::string("done"));
    QCOMPARE(done["quantization"].get<std::string>(), std::string("fp8"));
    QVERIFY(done["quantization_exact"].get<bool>());
    QCOMPARE(done["cost_source"].get<std::string>(), std::string("usage"));
    QCOMPARE(done["attempts"].get<int>(), 1);
    QVERIFY(done["ttft_ms"].is_number());
    QVERIFY(!text.empty());
    const auto truth = f.sim().truth();
    QCOMPARE(done["generation_id"].get<std::string>(),
             truth[0]["generation_id"].get<std::string>());
    QVERIFY(std::abs(done["cost_usd"].get<double>() - truth[0]["cost_usd"].get<double>()) < 1e-12);
    QCOMPARE(done["completion_tokens"].get<std::int64_t>(),
             truth[0]["completion_tokens"].get<std::int64_t>());
}

void TestCompleteCli::exitCodes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("errorClass");
    QTest::newRow("401 → 3") << 401 << 3 << QByteArray("auth");
    QTest::newRow("402 → 3") << 402 << 3 << QByteArray("credits");
    QTest::newRow("502 every time → 5") << 502 << 5 << QByteArray("provider");
}

void TestCompleteCli::exitCodes()
{
    QFETCH(int, status);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, errorClass);
    CliFixture f;
    QVERIFY(f.sim().script(
        json{{"behaviours", {{{"action", "http_error"}, {"status", status}, {"times", 0}}}}}));
    const CliRun r = f.run(QStringList{QStringLiteral("--json")} + kBaseArgs);
    QCOMPARE(r.exitCode, exitCode);
    const json last = jsonLines(r.out).last();
    QCOMPARE(last["type"].get<std::string>(), std::string("error"));
    QCOMPARE(QByteArray::fromStdString(last["class"].get<std::string>()), errorClass);
    QCOMPARE(last["http_status"].get<int>(), status);
}

void TestCompleteCli::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no prompt") << QStringList{QStringLiteral("complete"), QStringLiteral("--model"),
                                              QStringLiteral("a/b")};
    QTest::newRow("no model") << QStringList{QStringLiteral("complete"), QStringLiteral("--prompt"),
                                             QStringLiteral("x")};
    QTest::newRow("plain http to a remote host")
        << QStringList{QStringLiteral("--base-url"), QStringLiteral("http://example.com/api/v1"),
                       QStringLiteral("complete"),   QStringLiteral("--model"),
                       QStringLiteral("a/b"),        QStringLiteral("--prompt"),
                       QStringLiteral("x")};
}

void TestCompleteCli::usageErrorsExit2()
{
    QFETCH(QStringList, args);
    CliFixture f;
    QCOMPARE(f.run(args).exitCode, 2);
    QVERIFY(f.sim().truth().empty());
}

void TestCompleteCli::sigintCancelsWith130()
{
    CliFixture f(1.0);
    QStringList args = kBaseArgs;
    args[6] = QStringLiteral("2000");
    QProcess *p = f.start(args);
    QVERIFY(p->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(p->bytesAvailable() > 0 || !p->readAllStandardOutput().isEmpty(),
                             20000);
    ::kill(static_cast<pid_t>(p->processId()), SIGINT);
    QVERIFY(p->waitForFinished(20000));
    QCOMPARE(p->exitStatus(), QProcess::NormalExit);
    QCOMPARE(p->exitCode(), 130);
    delete p;
}

void TestCompleteCli::apiKeyNeverWritten()
{
    CliFixture f;
    f.run(kBaseArgs);
    f.run(QStringList{QStringLiteral("--json")} + kBaseArgs);
    QVERIFY(f.sim().script(json{{"behaviours", {{{"action", "http_error"}, {"status", 401}}}}}));
    f.run(kBaseArgs);
    QVERIFY(f.sim().script(
        json{{"behaviours", {{{"action", "mid_stream_error"}, {"after_tokens", 2}}}}}));
    f.run(QStringList{QStringLiteral("--json")} + kBaseArgs);
    const QByteArray all = f.everythingWritten();
    QVERIFY(all.size() > 100); // the runs did write things
    QVERIFY(!all.contains(kKey));
    QVERIFY(!all.contains("e2e-secret"));
}

QTEST_GUILESS_MAIN(TestCompleteCli)

#include "test_complete_cli.moc"
