// disableCoreDumps: the process holding the API key cannot leave a core file behind.
#include "util/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <QTest>

class TestProcessHardening : public QObject {
    Q_OBJECT

private slots:
    void coreDumpsAreDisabled();
};

void TestProcessHardening::coreDumpsAreDisabled()
{
    QVERIFY(scriptorium::disableCoreDumps().has_value());
    QCOMPARE(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    rlimit limit{};
    QCOMPARE(::getrlimit(RLIMIT_CORE, &limit), 0);
    QCOMPARE(limit.rlim_cur, rlim_t(0));
    QCOMPARE(limit.rlim_max, rlim_t(0));
    // Calling it again (both mains and a library user may) is harmless.
    QVERIFY(scriptorium::disableCoreDumps().has_value());
    QCOMPARE(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}

QTEST_APPLESS_MAIN(TestProcessHardening)
#include "test_process_hardening.moc"
