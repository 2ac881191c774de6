// Pure functions behind the wizard's target and summary pages: which source networks
// need a mapping, what the mapping proposes, and the size/time estimate.
#include "plan/networkmapping.h"
#include "plan/planestimate.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

VmInfo vmWith(const QString &name, const QStringList &networks, const QList<qint64> &disks)
{
    VmInfo vm;
    vm.name = name;
    for (const QString &network : networks) {
        NicInfo nic;
        nic.network = network;
        vm.nics << nic;
    }
    for (qint64 capacity : disks) {
        DiskInfo disk;
        disk.capacity = capacity;
        vm.disks << disk;
    }
    return vm;
}

using StringMap = QMap<QString, QString>;
using RateMap = QMap<int, double>;

} // namespace

class TestWizardPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sourceNetworksAreDistinctSortedAndNamed();
    void proposal_data();
    void proposal();
    void estimate_data();
    void estimate();
};

void TestWizardPlan::sourceNetworksAreDistinctSortedAndNamed()
{
    const QList<VmInfo> vms{vmWith(u"a"_s, {u"VM Network"_s, u"backup"_s, QString()}, {}), vmWith(u"b"_s, {u"backup"_s, u"DMZ"_s}, {})};
    QCOMPARE(sourceNetworks(vms), (QStringList{u"backup"_s, u"DMZ"_s, u"VM Network"_s}));
    QVERIFY(sourceNetworks({}).isEmpty());
}

void TestWizardPlan::proposal_data()
{
    QTest::addColumn<QStringList>("sources");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<StringMap>("previous");
    QTest::addColumn<StringMap>("expected");

    const QStringList targets{u"network:default"_s, u"network:DMZ"_s, u"bridge:br0"_s};
    QTest::newRow("same name wins, else default") << QStringList{u"DMZ"_s, u"VM Network"_s} << targets << StringMap{}
                                                  << StringMap{{u"DMZ"_s, u"network:DMZ"_s}, {u"VM Network"_s, u"network:default"_s}};
    QTest::newRow("an earlier choice stays") << QStringList{u"DMZ"_s} << targets << StringMap{{u"DMZ"_s, u"bridge:br0"_s}}
                                             << StringMap{{u"DMZ"_s, u"bridge:br0"_s}};
    QTest::newRow("a plain name from --network or a profile")
        << QStringList{u"VM Network"_s} << targets << StringMap{{u"VM Network"_s, u"DMZ"_s}}
        << StringMap{{u"VM Network"_s, u"network:DMZ"_s}};
    QTest::newRow("an earlier choice that no longer exists")
        << QStringList{u"VM Network"_s} << targets << StringMap{{u"VM Network"_s, u"bridge:gone"_s}}
        << StringMap{{u"VM Network"_s, u"network:default"_s}};
    QTest::newRow("no default network: the first target") << QStringList{u"VM Network"_s} << QStringList{u"bridge:br0"_s, u"network:lab"_s}
                                                          << StringMap{} << StringMap{{u"VM Network"_s, u"bridge:br0"_s}};
    QTest::newRow("no targets: no mapping") << QStringList{u"VM Network"_s} << QStringList{} << StringMap{} << StringMap{};
}

void TestWizardPlan::proposal()
{
    QFETCH(QStringList, sources);
    QFETCH(QStringList, targets);
    QFETCH(StringMap, previous);
    QFETCH(StringMap, expected);
    QCOMPARE(proposeNetworkMap(sources, targets, previous), expected);
}

void TestWizardPlan::estimate_data()
{
    QTest::addColumn<int>("connections");
    QTest::addColumn<RateMap>("rates");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("seconds");

    const RateMap measured{{1, 20e6}, {2, 40e6}, {4, 80e6}, {8, 100e6}};
    // 3 GB of disks in the VMs below.
    QTest::newRow("nothing measured") << 8 << RateMap{} << 0.0 << -1.0;
    QTest::newRow("the measured count") << 4 << measured << 80e6 << 3e9 / 80e6;
    QTest::newRow("between counts: the lower one") << 6 << measured << 80e6 << 3e9 / 80e6;
    QTest::newRow("above every count: not assumed faster") << 32 << measured << 100e6 << 3e9 / 100e6;
    QTest::newRow("below every count: the smallest") << 1 << RateMap{{2, 40e6}} << 40e6 << 3e9 / 40e6;
}

void TestWizardPlan::estimate()
{
    QFETCH(int, connections);
    QFETCH(RateMap, rates);
    QFETCH(double, rate);
    QFETCH(double, seconds);
    const QList<VmInfo> vms{vmWith(u"a"_s, {}, {1000000000, 500000000}), vmWith(u"b"_s, {}, {1500000000})};
    const PlanEstimate estimate = estimatePlan(vms, connections, rates);
    QCOMPARE(estimate.vms, 2);
    QCOMPARE(estimate.disks, 3);
    QCOMPARE(estimate.capacityBytes, 3000000000LL);
    QCOMPARE(estimate.bytesPerSecond, rate);
    QCOMPARE(estimate.seconds, seconds);
}

QTEST_GUILESS_MAIN(TestWizardPlan)
#include "tst_wizardplan.moc"
