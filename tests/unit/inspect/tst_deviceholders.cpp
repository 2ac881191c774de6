// DeviceHolders on a sysfs tree built in a temporary directory: which device-mapper devices
// the host stacked on one of Ferry's loop devices (LVM autoactivation), in an order they
// can be removed in, and never a device stacked on something else.

#include "inspect/deviceholders.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestDeviceHolders : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_sysfs;

    // /sys/block/<device>/holders/<holder> for each pair "device>holder", and dm/name for
    // each "dm-N=name".
    void build(const QStringList &edges, const QStringList &names)
    {
        QDir(m_sysfs.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_sysfs.path()));
        for (const QString &edge : edges) {
            const QString dir = m_sysfs.filePath(u"block/"_s + edge.section(u'>', 0, 0) + u"/holders"_s);
            QVERIFY(QDir().mkpath(dir));
            QFile holder(dir + u'/' + edge.section(u'>', 1));
            QVERIFY(holder.open(QIODevice::WriteOnly));
        }
        for (const QString &name : names) {
            const QString dir = m_sysfs.filePath(u"block/"_s + name.section(u'=', 0, 0) + u"/dm"_s);
            QVERIFY(QDir().mkpath(dir));
            QFile file(dir + u"/name"_s);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(name.section(u'=', 1).toUtf8() + '\n');
        }
    }

private Q_SLOTS:
    void mapped_data()
    {
        QTest::addColumn<QStringList>("edges");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("expected");
        const QStringList names{u"dm-0=rhel-root"_s, u"dm-1=rhel-swap"_s, u"dm-2=luks-root"_s,
                                u"dm-3=mirror"_s,    u"dm-4=vg1-data"_s,  u"dm-9=host-lv"_s};
        QTest::newRow("nothing holds it") << QStringList{u"loop7>dm-9"_s} << names << QStringList();
        QTest::newRow("two LVs") << QStringList{u"loop5>dm-0"_s, u"loop5>dm-1"_s, u"loop7>dm-9"_s} << names
                                 << QStringList{u"rhel-root"_s, u"rhel-swap"_s};
        QTest::newRow("LUKS on an LV: the top first")
            << QStringList{u"loop5>dm-0"_s, u"dm-0>dm-2"_s} << names << QStringList{u"luks-root"_s, u"rhel-root"_s};
        QTest::newRow("one device over two LVs, listed once")
            << QStringList{u"loop5>dm-0"_s, u"loop5>dm-1"_s, u"dm-0>dm-3"_s, u"dm-1>dm-3"_s} << names
            << QStringList{u"mirror"_s, u"rhel-root"_s, u"rhel-swap"_s};
        QTest::newRow("on a partition") << QStringList{u"loop5/loop5p2>dm-4"_s} << names << QStringList{u"vg1-data"_s};
        QTest::newRow("not device-mapper") << QStringList{u"loop5>md0"_s} << names << QStringList();
    }

    void mapped()
    {
        QFETCH(QStringList, edges);
        QFETCH(QStringList, names);
        QFETCH(QStringList, expected);
        build(edges, names);
        QCOMPARE(DeviceHolders::mapped(u"/dev/loop5"_s, m_sysfs.path()), expected);
    }

    void noDeviceNoHolders()
    {
        build({}, {});
        QCOMPARE(DeviceHolders::mapped(u"/dev/loop5"_s, m_sysfs.path()), QStringList());
        QVERIFY(DeviceHolders::remove(u"/dev/ferry-no-such-device"_s));
    }
};

QTEST_GUILESS_MAIN(TestDeviceHolders)
#include "tst_deviceholders.moc"
