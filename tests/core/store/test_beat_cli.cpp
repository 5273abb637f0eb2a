// `scriptorium-cli chapter beats|beat-add|beat-edit|beat-move|beat-remove`, end to end with
// --db in a temp dir.
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
};

} // namespace

class TestBeatCli : public QObject {
    Q_OBJECT

private slots:
    void init();
    void addEditMoveRemove();
    void errorsHaveExitCodes();

private:
    Run cli(QStringList args);
    QStringList texts(const Run &run) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_book;
};

Run TestBeatCli::cli(QStringList args)
{
    QProcess process;
    args = QStringList{QStringLiteral("--json"), QStringLiteral("--db"),
                       m_dir->filePath(QStringLiteral("library.db"))}
        + args;
    process.start(qEnvironmentVariable("SCRIPTORIUM_CLI"), args);
    process.waitForFinished(30000);
    Run run;
    run.exitCode = process.exitCode();
    run.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    return run;
}

QStringList TestBeatCli::texts(const Run &run) const
{
    QStringList out;
    for (const QJsonValue &b : run.json[u"beats"_qs].toArray())
        out << b[u"text"_qs].toString();
    return out;
}

void TestBeatCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Run made = cli({QStringLiteral("book"), QStringLiteral("new"), QStringLiteral("--title"),
                    QStringLiteral("Harbour"), QStringLiteral("--premise"), QStringLiteral("Fog")});
    QCOMPARE(made.exitCode, 0);
    m_book = QString::number(made.json[u"book"_qs][u"id"_qs].toInteger());
    QCOMPARE(cli({QStringLiteral("chapter"), QStringLiteral("set"), m_book, QStringLiteral("1"),
                  QStringLiteral("--title"), QStringLiteral("One")})
                 .exitCode,
             0);
}

void TestBeatCli::addEditMoveRemove()
{
    const QString one = QStringLiteral("1");
    Run empty = cli({QStringLiteral("chapter"), QStringLiteral("beats"), m_book, one});
    QCOMPARE(empty.exitCode, 0);
    QVERIFY(empty.json[u"beats"_qs].toArray().isEmpty());

    QCOMPARE(cli({QStringLiteral("chapter"), QStringLiteral("beat-add"), m_book, one,
                  QStringLiteral("Mara finds the ledger"), QStringLiteral("--pov"),
                  QStringLiteral("Mara"), QStringLiteral("--location"), QStringLiteral("archive")})
                 .exitCode,
             0);
    cli({QStringLiteral("chapter"), QStringLiteral("beat-add"), m_book, one,
         QStringLiteral("She hides it")});
    Run added = cli({QStringLiteral("chapter"), QStringLiteral("beat-add"), m_book, one,
                     QStringLiteral("The clerk is waiting"), QStringLiteral("--at"), one});
    QCOMPARE(added.exitCode, 0);
    QCOMPARE(
        texts(added),
        (QStringList{QStringLiteral("The clerk is waiting"),
                     QStringLiteral("Mara finds the ledger"), QStringLiteral("She hides it")}));
    const QJsonObject second = added.json[u"beats"_qs].toArray()[1].toObject();
    QCOMPARE(second[u"number"_qs].toInt(), 2);
    QCOMPARE(second[u"pov"_qs].toString(), QStringLiteral("Mara"));
    QCOMPARE(second[u"location"_qs].toString(), QStringLiteral("archive"));

    Run edited = cli({QStringLiteral("chapter"), QStringLiteral("beat-edit"), m_book, one,
                      QStringLiteral("3"), QStringLiteral("--text"), QStringLiteral("She burns it"),
                      QStringLiteral("--pov"), QStringLiteral("Ilse")});
    QCOMPARE(edited.exitCode, 0);
    QCOMPARE(edited.json[u"beats"_qs].toArray()[2][u"text"_qs].toString(),
             QStringLiteral("She burns it"));
    QCOMPARE(edited.json[u"beats"_qs].toArray()[2][u"pov"_qs].toString(), QStringLiteral("Ilse"));

    Run moved = cli({QStringLiteral("chapter"), QStringLiteral("beat-move"), m_book, one,
                     QStringLiteral("1"), QStringLiteral("3")});
    QCOMPARE(moved.exitCode, 0);
    QCOMPARE(texts(moved),
             (QStringList{QStringLiteral("Mara finds the ledger"), QStringLiteral("She burns it"),
                          QStringLiteral("The clerk is waiting")}));

    Run shown = cli({QStringLiteral("chapter"), QStringLiteral("show"), m_book, one});
    QCOMPARE(shown.json[u"chapter"_qs][u"beats"_qs].toArray().size(), 3);
    QCOMPARE(shown.json[u"chapter"_qs][u"beats"_qs].toArray()[1][u"text"_qs].toString(),
             QStringLiteral("She burns it"));

    Run removed = cli({QStringLiteral("chapter"), QStringLiteral("beat-remove"), m_book, one,
                       QStringLiteral("2")});
    QCOMPARE(removed.exitCode, 0);
    QCOMPARE(texts(removed),
             (QStringList{QStringLiteral("Mara finds the ledger"),
                          QStringLiteral("The clerk is waiting")}));
}

void TestBeatCli::errorsHaveExitCodes()
{
    const QString one = QStringLiteral("1");
    cli({QStringLiteral("chapter"), QStringLiteral("beat-add"), m_book, one, QStringLiteral("a")});
    // No beat 5, no chapter 9, an empty text, a place outside the list.
    QVERIFY(cli({QStringLiteral("chapter"), QStringLiteral("beat-remove"), m_book, one,
                 QStringLiteral("5")})
                .exitCode
            != 0);
    QVERIFY(cli({QStringLiteral("chapter"), QStringLiteral("beats"), m_book, QStringLiteral("9")})
                .exitCode
            != 0);
    QVERIFY(cli({QStringLiteral("chapter"), QStringLiteral("beat-add"), m_book, one,
                 QStringLiteral(" ")})
                .exitCode
            != 0);
    QVERIFY(cli({QStringLiteral("chapter"), QStringLiteral("beat-move"), m_book, one,
                 QStringLiteral("1"), QStringLiteral("4")})
                .exitCode
            != 0);
    Run left = cli({QStringLiteral("chapter"), QStringLiteral("beats"), m_book, one});
    QCOMPARE(texts(left), QStringList{QStringLiteral("a")});
}

QTEST_GUILESS_MAIN(TestBeatCli)
#include "test_beat_cli.moc"
