#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QJsonObject json;
    QByteArray out;
};

} // namespace

class TestStoreCli : public QObject {
    Q_OBJECT

private slots:
    void init();
    void bookChapterHistoryRestore();
    void importReportsBeforeWriting();
    void searchStatsBackupRestore();
    void errorsHaveExitCodes();
    void writingStatsCountHandWorkAndGoal();

private:
    Run cli(QStringList args);
    QString file(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

Run TestStoreCli::cli(QStringList args)
{
    QProcess process;
    args.prepend(file(QStringLiteral("library.db")));
    args.prepend(QStringLiteral("--db"));
    args.prepend(QStringLiteral("--json"));
    process.start(qEnvironmentVariable("SCRIPTORIUM_CLI"), args);
    process.waitForFinished(30000);
    Run run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.json = QJsonDocument::fromJson(run.out).object();
    return run;
}

void TestStoreCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStoreCli::bookChapterHistoryRestore()
{
    Run made = cli({QStringLiteral("book"), QStringLiteral("new"), QStringLiteral("--title"),
                    QStringLiteral("Harbour"), QStringLiteral("--premise"), QStringLiteral("Fog")});
    QCOMPARE(made.exitCode, 0);
    const QString book = QString::number(made.json[u"book"_qs][u"id"_qs].toInteger());
    QFile body(file(QStringLiteral("body.txt")));
    for (const char *text : {"First draft of the harbour.", "A completely different text."}) {
        QVERIFY(body.open(QIODevice::WriteOnly | QIODevice::Truncate));
        body.write(text);
        body.close();
        Run set = cli({QStringLiteral("chapter"), QStringLiteral("set"), book, QStringLiteral("1"),
                       QStringLiteral("--title"), QStringLiteral("Arrival"),
                       QStringLiteral("--body-file"), body.fileName()});
        QCOMPARE(set.exitCode, 0);
    }
    Run list = cli({QStringLiteral("chapter"), QStringLiteral("list"), book});
    QCOMPARE(list.json[u"chapters"_qs].toArray().size(), 1);
    Run history
        = cli({QStringLiteral("chapter"), QStringLiteral("history"), book, QStringLiteral("1")});
    const QJsonArray revisions = history.json[u"revisions"_qs].toArray();
    QCOMPARE(revisions.size(), 1);
    const QString rev = QString::number(revisions[0][u"revision"_qs].toInteger());
    QCOMPARE(
        cli({QStringLiteral("chapter"), QStringLiteral("restore"), book, QStringLiteral("1"), rev})
            .exitCode,
        0);
    Run show = cli({QStringLiteral("chapter"), QStringLiteral("show"), book, QStringLiteral("1")});
    QCOMPARE(show.json[u"chapter"_qs][u"body"_qs].toString(), u"First draft of the harbour."_qs);
    history
        = cli({QStringLiteral("chapter"), QStringLiteral("history"), book, QStringLiteral("1")});
    QCOMPARE(history.json[u"revisions"_qs].toArray().size(), 2);
    Run shown = cli({QStringLiteral("book"), QStringLiteral("show"), book});
    QCOMPARE(shown.json[u"book"_qs][u"chapters"_qs].toInt(), 1);
    Run exported
        = cli({QStringLiteral("book"), QStringLiteral("export"), book, QStringLiteral("--format"),
               QStringLiteral("md"), QStringLiteral("--out"), file(QStringLiteral("out.md"))});
    QCOMPARE(exported.exitCode, 0);
    QFile md(file(QStringLiteral("out.md")));
    QVERIFY(md.open(QIODevice::ReadOnly));
    QVERIFY(md.readAll().contains("First draft of the harbour."));
}

void TestStoreCli::importReportsBeforeWriting()
{
    QFile manuscript(file(QStringLiteral("novel.md")));
    QVERIFY(manuscript.open(QIODevice::WriteOnly));
    manuscript.write(
        "# 龙城\n\n## 第一章 开端\n\n林风走进城门。\n\n## 第二章 夜雨\n\n雨下了一夜。\n");
    manuscript.close();
    Run dry = cli({QStringLiteral("book"), QStringLiteral("import"), manuscript.fileName(),
                   QStringLiteral("--dry-run")});
    QCOMPARE(dry.exitCode, 0);
    QCOMPARE(dry.json[u"chapters"_qs].toArray().size(), 2);
    QVERIFY(dry.json[u"book"_qs].isNull());
    QCOMPARE(
        cli({QStringLiteral("book"), QStringLiteral("list")}).json[u"books"_qs].toArray().size(),
        0);
    Run real = cli({QStringLiteral("book"), QStringLiteral("import"), manuscript.fileName()});
    QCOMPARE(real.exitCode, 0);
    const QString book = QString::number(real.json[u"book"_qs].toInteger());
    Run list = cli({QStringLiteral("chapter"), QStringLiteral("list"), book});
    QCOMPARE(list.json[u"chapters"_qs].toArray().size(), 2);
    Run found = cli({QStringLiteral("search"), book, QStringLiteral("夜")});
    QCOMPARE(found.json[u"hits"_qs].toArray().size(), 1);
    QFile binary(file(QStringLiteral("binary.txt")));
    QVERIFY(binary.open(QIODevice::WriteOnly));
    binary.write(QByteArray("\x00\x01\x02\xff\xfe", 5).repeated(100));
    binary.close();
    Run rejected = cli({QStringLiteral("book"), QStringLiteral("import"), binary.fileName()});
    QVERIFY(rejected.exitCode != 0);
    QCOMPARE(rejected.json[u"error"_qs][u"class"_qs].toString(), u"parse"_qs);
}

void TestStoreCli::searchStatsBackupRestore()
{
    QCOMPARE(cli({QStringLiteral("book"), QStringLiteral("new"), QStringLiteral("--title"),
                  QStringLiteral("Kept")})
                 .exitCode,
             0);
    Run stats = cli({QStringLiteral("stats"), QStringLiteral("--since"), QStringLiteral("30d")});
    QCOMPARE(stats.exitCode, 0);
    QCOMPARE(stats.json[u"total"_qs][u"requests"_qs].toInt(), 0);
    const QString backup = file(QStringLiteral("copy.db"));
    QCOMPARE(cli({QStringLiteral("backup"), QStringLiteral("--out"), backup}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("book"), QStringLiteral("new"), QStringLiteral("--title"),
                  QStringLiteral("Later")})
                 .exitCode,
             0);
    Run restored = cli({QStringLiteral("restore"), backup});
    QCOMPARE(restored.exitCode, 0);
    QVERIFY(QFile::exists(restored.json[u"previous"_qs].toString()));
    const QJsonArray books
        = cli({QStringLiteral("book"), QStringLiteral("list")}).json[u"books"_qs].toArray();
    QCOMPARE(books.size(), 1);
    QCOMPARE(books[0][u"title"_qs].toString(), u"Kept"_qs);
}

void TestStoreCli::errorsHaveExitCodes()
{
    Run missing = cli({QStringLiteral("book"), QStringLiteral("show"), QStringLiteral("42")});
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.json[u"error"_qs][u"class"_qs].toString(), u"not_found"_qs);
    Run badSince
        = cli({QStringLiteral("stats"), QStringLiteral("--since"), QStringLiteral("soon")});
    QCOMPARE(badSince.exitCode, 2);
    QFile junk(file(QStringLiteral("junk.db")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(8192, 'j'));
    junk.close();
    Run refused = cli({QStringLiteral("restore"), junk.fileName()});
    QCOMPARE(refused.json[u"error"_qs][u"class"_qs].toString(), u"corrupt"_qs);
}

void TestStoreCli::writingStatsCountHandWorkAndGoal()
{
    Run made = cli({QStringLiteral("book"), QStringLiteral("new"), QStringLiteral("--title"),
                    QStringLiteral("Ledger")});
    QCOMPARE(made.exitCode, 0);
    const QString book = QString::number(made.json[u"book"_qs][u"id"_qs].toInteger());
    QFile body(file(QStringLiteral("body.txt")));
    for (const char *text : {"one two three four five", "one two three", "one two three x y z w"}) {
        QVERIFY(body.open(QIODevice::WriteOnly | QIODevice::Truncate));
        body.write(text);
        body.close();
        QCOMPARE(cli({QStringLiteral("chapter"), QStringLiteral("set"), book, QStringLiteral("1"),
                      QStringLiteral("--body-file"), body.fileName()})
                     .exitCode,
                 0);
    }
    Run stats
        = cli({QStringLiteral("stats"), QStringLiteral("--writing"), book, QStringLiteral("--days"),
               QStringLiteral("3"), QStringLiteral("--goal"), QStringLiteral("9")});
    QCOMPARE(stats.exitCode, 0);
    QCOMPARE(stats.json[u"unit"_qs].toString(), u"words"_qs);
    QCOMPARE(stats.json[u"daily_goal"_qs].toInt(), 9);
    const QJsonArray days = stats.json[u"days"_qs].toArray();
    QCOMPARE(days.size(), 3);
    // 5 written, 2 deleted (not counted), 4 written: 9 by hand, nothing accepted.
    int byHand = 0;
    int accepted = 0;
    for (qsizetype i = 0; i < days.size(); ++i) {
        byHand += days[i][u"by_hand"_qs].toInt();
        accepted += days[i][u"accepted"_qs].toInt();
    }
    QCOMPARE(byHand, 9);
    QCOMPARE(accepted, 0);
    QCOMPARE(days.last()[u"goal_met"_qs].toBool(), days.last()[u"by_hand"_qs].toInt() >= 9);
    QCOMPARE(stats.json[u"streak"_qs].toInt(), days.last()[u"by_hand"_qs].toInt() >= 9 ? 1 : 0);

    // The goal was kept; the whole library has no goal of its own.
    QCOMPARE(cli({QStringLiteral("stats"), QStringLiteral("--writing"), book})
                 .json[u"daily_goal"_qs]
                 .toInt(),
             9);
    QCOMPARE(cli({QStringLiteral("stats"), QStringLiteral("--writing"), QStringLiteral("--goal"),
                  QStringLiteral("5")})
                 .exitCode,
             2);
    QCOMPARE(cli({QStringLiteral("stats"), book}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestStoreCli)
#include "test_store_cli.moc"
