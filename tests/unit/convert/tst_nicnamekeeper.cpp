#include "convert/nicnamekeeper.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

QJsonObject config(const QString &name, const QString &mac, const QString &kind, const QString &source = u"/etc/network/interfaces"_s)
{
    return {{u"interface"_s, name}, {u"mac"_s, mac}, {u"source"_s, source}, {u"kind"_s, kind}};
}

const QString mac1 = u"00:50:56:9a:01:92"_s;
const QString mac2 = u"00:50:56:9a:02:24"_s;

} // namespace

class TestNicNameKeeper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void singleNicWithVmwareNameGetsALinkFile()
    {
        const auto decisions = NicNameKeeper::decide({u"00:50:56:9A:01:92"_s}, {config(u"ens192"_s, {}, u"interfaces"_s)});
        QCOMPARE(decisions.size(), 1);
        QCOMPARE(decisions[0].action, u"link-file"_s);
        QCOMPARE(decisions[0].name, u"ens192"_s);
        QCOMPARE(decisions[0].mac, mac1); // lower case, as the domain writes it
        QCOMPARE(decisions[0].linkPath(), u"/etc/systemd/network/10-ferry-ens192.link"_s);
        QVERIFY(decisions[0].linkFile().contains("[Match]\nMACAddress=00:50:56:9a:01:92\n"));
        QVERIFY(decisions[0].linkFile().contains("[Link]\nName=ens192\n"));
        QVERIFY2(decisions[0].reason.contains(u"the only NIC"_s), qPrintable(decisions[0].reason));
        const QJsonObject json = decisions[0].toJson();
        QCOMPARE(json.value(u"action"_s).toString(), u"link-file"_s);
        QCOMPARE(json.value(u"mac"_s).toString(), mac1);
        QCOMPARE(json.value(u"name"_s).toString(), u"ens192"_s);
        QVERIFY(!json.value(u"reason"_s).toString().isEmpty());
    }

    void namesGoToNicsInSlotOrder()
    {
        // ens1184 sorts after ens224 by number, not by text; the VLAN is on ens192.
        const QJsonArray network{config(u"ens224"_s, {}, u"interfaces"_s), config(u"ens192.100"_s, {}, u"interfaces"_s),
                                 config(u"ens192"_s, {}, u"interfaces"_s), config(u"ens1184"_s, {}, u"interfaces"_s)};
        const auto decisions = NicNameKeeper::decide({mac1, mac2, u"00:50:56:9a:11:84"_s}, network);
        QCOMPARE(decisions.size(), 3);
        QCOMPARE(decisions[0].name, u"ens192"_s);
        QCOMPARE(decisions[1].name, u"ens224"_s);
        QCOMPARE(decisions[2].name, u"ens1184"_s);
        for (const auto &decision : decisions)
            QCOMPARE(decision.action, u"link-file"_s);
    }

    void macPinnedConfigurationsFollowTheirMac()
    {
        // The NetworkManager profile pins the second NIC's MAC and a name: both must match,
        // so it still needs the name. netplan's set-name renames by MAC itself.
        const QJsonArray network{config(u"ens192"_s, {}, u"interfaces"_s),
                                 config(u"ens224"_s, mac2, u"networkmanager"_s, u"/etc/NetworkManager/system-connections/b"_s)};
        auto decisions = NicNameKeeper::decide({mac1, mac2}, network);
        QCOMPARE(decisions[0].name, u"ens192"_s);
        QCOMPARE(decisions[0].action, u"link-file"_s);
        QCOMPARE(decisions[1].name, u"ens224"_s);
        QCOMPARE(decisions[1].action, u"link-file"_s);
        QVERIFY2(decisions[1].reason.contains(u"matches the MAC"_s), qPrintable(decisions[1].reason));

        decisions = NicNameKeeper::decide({mac1}, {config(u"ens192"_s, mac1, u"netplan"_s, u"/etc/netplan/50.yaml"_s)});
        QCOMPARE(decisions[0].action, u"unchanged"_s);
        decisions = NicNameKeeper::decide({mac1}, {config(u"eth0"_s, mac1, u"udev"_s, u"/etc/udev/rules.d/70-persistent-net.rules"_s)});
        QCOMPARE(decisions[0].action, u"unchanged"_s);
    }

    void namesThatDoNotDependOnTheSlotStay()
    {
        auto decisions = NicNameKeeper::decide({mac1}, {config(u"eth0"_s, {}, u"ifcfg"_s)});
        QCOMPARE(decisions[0].action, u"unchanged"_s);
        QCOMPARE(decisions[0].name, u"eth0"_s);
        decisions = NicNameKeeper::decide({mac1}, {config(u"enx0050569a0192"_s, {}, u"interfaces"_s)});
        QCOMPARE(decisions[0].action, u"unchanged"_s);
        QVERIFY(!NicNameKeeper::nameDependsOnSlot(u"enx0050569a0192"_s));
        QVERIFY(NicNameKeeper::nameDependsOnSlot(u"enp11s0"_s));
        QVERIFY(NicNameKeeper::nameDependsOnSlot(u"eno16777984"_s));
        QVERIFY(!NicNameKeeper::nameDependsOnSlot(u"eth1"_s));
    }

    void nicsWithoutConfigurationOrUsableMac()
    {
        // lo, bonds and bridges name no NIC; the second NIC has nothing.
        const QJsonArray network{config(u"ens192"_s, {}, u"interfaces"_s), config(u"lo"_s, {}, u"interfaces"_s),
                                 config(u"bond0"_s, {}, u"interfaces"_s)};
        auto decisions = NicNameKeeper::decide({mac1, mac2}, network);
        QCOMPARE(decisions[0].action, u"link-file"_s);
        QCOMPARE(decisions[1].action, u"unchanged"_s);
        QVERIFY(decisions[1].name.isEmpty());
        QVERIFY2(decisions[1].reason.contains(u"no network configuration"_s), qPrintable(decisions[1].reason));

        // A multicast or malformed MAC is not kept: libvirt makes a new one.
        decisions = NicNameKeeper::decide({u"01:50:56:9a:01:92"_s, u"garbage"_s}, network);
        QCOMPARE(decisions[0].action, u"skipped"_s);
        QCOMPARE(decisions[1].action, u"skipped"_s);
        QVERIFY(!decisions[0].writesLinkFile());

        QCOMPARE(NicNameKeeper::decide({}, network).size(), 0);
        QCOMPARE(NicNameKeeper::decide({mac1}, {}).at(0).action, u"unchanged"_s);
    }
};

QTEST_GUILESS_MAIN(TestNicNameKeeper)
#include "tst_nicnamekeeper.moc"
