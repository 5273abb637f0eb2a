// writeFileAtomically: a new file's mode follows the umask; a replaced file keeps its mode.
#include "util/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/stat.h>

#include <QTemporaryDir>
#include <QTest>

using scriptorium::writeFileAtomically;

namespace {

mode_t modeOf(const std::filesystem::path &file)
{
    struct stat st { };
    if (::stat(file.c_str(), &st) != 0)
        return 07777;
    return st.st_mode & 07777;
}

std::string contents(const std::filesystem::path &file)
{
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Sets the process umask for one scope.
class ScopedUmask {
public:
    explicit ScopedUmask(mode_t mask)
        : m_old(::umask(mask))
    {
    }
    ~ScopedUmask() { ::umask(m_old); }
    ScopedUmask(const ScopedUmask &) = delete;
    ScopedUmask &operator=(const ScopedUmask &) = delete;

private:
    mode_t m_old;
};

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT

private slots:
    void newFileFollowsTheUmask_data();
    void newFileFollowsTheUmask();
    void replacedFileKeepsItsMode();
};

void TestAtomicFile::newFileFollowsTheUmask_data()
{
    QTest::addColumn<uint>("umask");
    QTest::addColumn<uint>("mode");
    QTest::newRow("077 (private)") << 0077U << 0600U;
    QTest::newRow("027") << 0027U << 0640U;
    QTest::newRow("022 (usual)") << 0022U << 0644U;
    QTest::newRow("002") << 0002U << 0664U;
}

void TestAtomicFile::newFileFollowsTheUmask()
{
    QFETCH(uint, umask);
    QFETCH(uint, mode);
    QTemporaryDir dir;
    const auto file = std::filesystem::path(dir.path().toStdString()) / "book.md";
    {
        const ScopedUmask scoped(static_cast<mode_t>(umask));
        QVERIFY(writeFileAtomically(file, "# 第一章\n").has_value());
    }
    QCOMPARE(static_cast<uint>(modeOf(file)), mode);
    QCOMPARE(contents(file), std::string("# 第一章\n"));
    for (const auto &entry : std::filesystem::directory_iterator(dir.path().toStdString()))
        QCOMPARE(entry.path().filename().string(), std::string("book.md"));
}

void TestAtomicFile::replacedFileKeepsItsMode()
{
    QTemporaryDir dir;
    const auto file = std::filesystem::path(dir.path().toStdString()) / "config.json";
    std::ofstream(file) << "old";
    QCOMPARE(::chmod(file.c_str(), 0640), 0);
    {
        const ScopedUmask scoped(0077);
        QVERIFY(writeFileAtomically(file, "new").has_value());
    }
    QCOMPARE(static_cast<uint>(modeOf(file)), 0640U);
    QCOMPARE(contents(file), std::string("new"));
}

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"
