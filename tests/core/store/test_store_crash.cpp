#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

QString childPath()
{
    return qEnvironmentVariable("STORE_CRASH_CHILD");
}

// Runs the child until it has reported `lines` committed writes, kills it with SIGKILL and
// returns the last complete line it printed.
QByteArray runAndKill(const QStringList &args, int lines)
{
    QProcess child;
    child.start(childPath(), args);
    if (!child.waitForStarted(5000))
        return {};
    QByteArray out;
    while (out.count('\n') < lines && child.state() == QProcess::Running) {
        child.waitForReadyRead(2000);
        out += child.readAllStandardOutput();
    }
    child.kill(); // SIGKILL
    child.waitForFinished(5000);
    out += child.readAllStandardOutput();
    const QList<QByteArray> all = out.split('\n');
    // The last element after a trailing newline is empty; a partial line is not a report.
    return all.size() >= 2 ? all.at(all.size() - 2) : QByteArray();
}

std::string expectedStream(std::size_t bytes)
{
    std::string s;
    for (long i = 0; s.size() < bytes; ++i)
        s += std::to_string(i) + ",";
    return s;
}

} // namespace

class TestStoreCrash : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void killDuringSaves();
    void killDuringStreaming();
    void twoProcessesWriteTogether();

private:
    QTemporaryDir m_dir;
    std::string m_file;
};

void TestStoreCrash::initTestCase()
{
    QVERIFY2(QFile::exists(childPath()), "STORE_CRASH_CHILD must point at store_crash_child");
    m_file = (std::filesystem::path(m_dir.path().toStdString()) / "library.db").string();
}

void TestStoreCrash::killDuringSaves()
{
    std::int64_t chapter = 0;
    {
        auto db = Database::open(m_file);
        QVERIFY(db.has_value());
        const auto book = *BookStore(**db).create(Book{.title = "Crash"});
        chapter = *ChapterStore(**db).add(book, Chapter{.title = "Saved often"});
    }
    for (int round = 0; round < 8; ++round) {
        const int lines = 1 + static_cast<int>(QRandomGenerator::global()->bounded(40));
        const QByteArray last = runAndKill(
            {QStringLiteral("saves"), QString::fromStdString(m_file), QString::number(chapter)},
            lines);
        QVERIFY(!last.isEmpty());
        const long committed = last.toLong();
        auto db = Database::open(m_file);
        QVERIFY2(db.has_value(), db ? "" : db.error().message.c_str());
        QVERIFY((*db)->integrityCheck().has_value());
        auto body = ChapterStore(**db).get(chapter)->body;
        const long stored = std::strtol(body.c_str() + 5, nullptr, 10);
        QVERIFY2(stored >= committed,
                 qPrintable(QStringLiteral("stored %1 < committed %2").arg(stored).arg(committed)));
        QCOMPARE(body.size(), std::string("save " + std::to_string(stored) + " ").size() + 20000);
    }
}

void TestStoreCrash::killDuringStreaming()
{
    for (int round = 0; round < 5; ++round) {
        std::int64_t generation = 0;
        {
            auto db = Database::open(m_file);
            QVERIFY(db.has_value());
            generation
                = *GenerationStore(**db).start(GenerationRecord{.stage = "draft", .model = "m"});
        }
        const int lines = 1 + static_cast<int>(QRandomGenerator::global()->bounded(10));
        const QByteArray last = runAndKill(
            {QStringLiteral("stream"), QString::fromStdString(m_file), QString::number(generation)},
            lines);
        QVERIFY(!last.isEmpty());
        const auto persisted = static_cast<std::size_t>(last.toULongLong());
        auto db = Database::open(m_file);
        QVERIFY(db.has_value());
        QVERIFY((*db)->integrityCheck().has_value());
        const std::string output = GenerationStore(**db).get(generation)->output;
        QVERIFY(output.size() >= persisted);
        QCOMPARE(output, expectedStream(output.size()).substr(0, output.size()));
    }
}

void TestStoreCrash::twoProcessesWriteTogether()
{
    {
        auto db = Database::open(m_file);
        QVERIFY(db.has_value());
    }
    std::int64_t before = 0;
    {
        auto db = Database::open(m_file);
        before = *(*db)->queryInt("SELECT count(*) FROM books");
    }
    QProcess a;
    QProcess b;
    a.start(childPath(),
            {QStringLiteral("books"), QString::fromStdString(m_file), QStringLiteral("300")});
    b.start(childPath(),
            {QStringLiteral("books"), QString::fromStdString(m_file), QStringLiteral("300")});
    QVERIFY(a.waitForFinished(60000));
    QVERIFY(b.waitForFinished(60000));
    // Each may be told the library is busy (exit 9); neither may fail otherwise.
    QVERIFY2(a.exitCode() == 0 || a.exitCode() == 9, a.readAllStandardError().constData());
    QVERIFY2(b.exitCode() == 0 || b.exitCode() == 9, b.readAllStandardError().constData());
    auto db = Database::open(m_file);
    QVERIFY(db.has_value());
    QVERIFY((*db)->integrityCheck().has_value());
    const std::int64_t written = *(*db)->queryInt("SELECT count(*) FROM books") - before;
    if (a.exitCode() == 0 && b.exitCode() == 0)
        QCOMPARE(written, 600);
    else
        QVERIFY(written >= 300);
}

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "test_store_crash.moc"
