#include "plan/preflight.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

VmInfo cleanVm()
{
    VmInfo vm;
    vm.name = u"web01"_s;
    DiskInfo disk;
    disk.label = u"Hard disk 1"_s;
    disk.fileName = u"[datastore1] web01/web01.vmdk"_s;
    disk.capacity = 16LL << 30;
    disk.diskMode = u"persistent"_s;
    vm.disks << disk;
    return vm;
}

QStringList codes(const QList<Finding> &findings, Finding::Severity severity)
{
    QStringList out;
    for (const Finding &finding : findings)
        if (finding.severity == severity)
            out << finding.code;
    return out;
}

} // namespace

class TestPreflight : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void crashConsistentIsAWarningWhenAccepted();
    void messagesNameTheDiskAndTheFix();
    void shutdownSourceTurnsPoweredOnIntoANote();
};

void TestPreflight::verdicts_data()
{
    QTest::addColumn<VmInfo>("vm");
    QTest::addColumn<QStringList>("blockers");
    QTest::addColumn<QStringList>("warnings");

    QTest::newRow("clean") << cleanVm() << QStringList{} << QStringList{};

    VmInfo snap = cleanVm();
    snap.snapshotCount = 2;
    snap.disks[0].snapshotDelta = true;
    QTest::newRow("snapshot") << snap << QStringList{u"snapshot"_s, u"snapshot-delta"_s} << QStringList{};

    VmInfo rdm = cleanVm();
    rdm.disks[0].backing = DiskBacking::Rdm;
    QTest::newRow("rdm") << rdm << QStringList{u"rdm-disk"_s} << QStringList{};

    VmInfo sparse = cleanVm();
    sparse.disks[0].backing = DiskBacking::SeSparse;
    QTest::newRow("sesparse") << sparse << QStringList{u"unsupported-backing"_s} << QStringList{};

    VmInfo encrypted = cleanVm();
    encrypted.disks[0].encrypted = true;
    QTest::newRow("encrypted") << encrypted << QStringList{u"encrypted-disk"_s} << QStringList{};

    VmInfo running = cleanVm();
    running.powerState = PowerState::PoweredOn;
    QTest::newRow("powered-on") << running << QStringList{u"powered-on"_s} << QStringList{};

    VmInfo suspended = cleanVm();
    suspended.powerState = PowerState::Suspended;
    QTest::newRow("suspended") << suspended << QStringList{u"powered-on"_s} << QStringList{};

    VmInfo diskless = cleanVm();
    diskless.disks.clear();
    QTest::newRow("no-disks") << diskless << QStringList{u"no-disks"_s} << QStringList{};

    VmInfo independent = cleanVm();
    independent.disks[0].diskMode = u"independent_persistent"_s;
    QTest::newRow("independent") << independent << QStringList{} << QStringList{u"independent-disk"_s};

    VmInfo zero = cleanVm();
    zero.disks[0].capacity = 0;
    QTest::newRow("no-capacity") << zero << QStringList{u"unknown-capacity"_s} << QStringList{};
}

void TestPreflight::verdicts()
{
    QFETCH(VmInfo, vm);
    QFETCH(QStringList, blockers);
    QFETCH(QStringList, warnings);

    const QList<Finding> findings = preflight(vm);
    QCOMPARE(codes(findings, Finding::Severity::Blocker), blockers);
    QCOMPARE(codes(findings, Finding::Severity::Warning), warnings);
    QCOMPARE(hasBlocker(findings), !blockers.isEmpty());
}

void TestPreflight::crashConsistentIsAWarningWhenAccepted()
{
    VmInfo running = cleanVm();
    running.powerState = PowerState::PoweredOn;
    const QList<Finding> findings = preflight(running, PreflightOptions{.allowCrashConsistent = true});
    QVERIFY(!hasBlocker(findings));
    QCOMPARE(codes(findings, Finding::Severity::Warning), QStringList{u"powered-on"_s});
}

// The wizard shows these messages: words, not API values or CLI options (those are in details).
void TestPreflight::shutdownSourceTurnsPoweredOnIntoANote()
{
    VmInfo running = cleanVm();
    running.powerState = PowerState::PoweredOn;
    const QList<Finding> blocked = preflight(running);
    QCOMPARE(codes(blocked, Finding::Severity::Blocker), QStringList{u"powered-on"_s});
    QVERIFY2(blocked.first().message.contains(u"is powered on"_s), qPrintable(blocked.first().message));
    QVERIFY(!blocked.first().message.contains(u"poweredOn"_s) && !blocked.first().message.contains(u"--"_s));
    QVERIFY(blocked.first().details.contains(u"--shutdown-source"_s) && blocked.first().details.contains(u"--allow-powered-on"_s));

    const QList<Finding> noted = preflight(running, PreflightOptions{.shutdownSource = true});
    QVERIFY(!hasBlocker(noted));
    QCOMPARE(codes(noted, Finding::Severity::Warning), QStringList{});
    QCOMPARE(codes(noted, Finding::Severity::Info), QStringList{u"powered-on"_s});
    QVERIFY(noted.first().message.contains(u"shuts it down"_s));

    // A suspended VM is never shut down: still blocked.
    VmInfo suspended = cleanVm();
    suspended.powerState = PowerState::Suspended;
    const QList<Finding> stillBlocked = preflight(suspended, PreflightOptions{.shutdownSource = true});
    QCOMPARE(codes(stillBlocked, Finding::Severity::Blocker), QStringList{u"powered-on"_s});
    QVERIFY(stillBlocked.first().message.contains(u"is suspended"_s));
}

void TestPreflight::messagesNameTheDiskAndTheFix()
{
    VmInfo snap = cleanVm();
    snap.snapshotCount = 1;
    const QList<Finding> findings = preflight(snap);
    QCOMPARE(findings.size(), 1);
    QVERIFY(findings.first().message.contains(u"web01"_s));
    QVERIFY(findings.first().message.contains(u"1 snapshot"_s));
    QVERIFY(findings.first().message.contains(u"consolidate"_s));

    VmInfo rdm = cleanVm();
    rdm.disks[0].backing = DiskBacking::Rdm;
    QVERIFY(preflight(rdm).first().message.contains(u"[datastore1] web01/web01.vmdk"_s));
}

QTEST_GUILESS_MAIN(TestPreflight)
#include "tst_preflight.moc"
