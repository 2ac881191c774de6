// LibvirtConnection against libvirt's test driver (test:///default): a real libvirt
// client library and driver with an in-memory host (pool "default-pool", network
// "default"), so pools, volumes and domains can be created and refused without a daemon.

#include "target/domainbuilder.h"
#include "target/libvirtconnection.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

const QString kTestUri = u"test:///default"_s;
const QString kPool = u"default-pool"_s;

VmInfo sampleVm(const QString &name, const QString &uuid)
{
    VmInfo vm;
    vm.name = name;
    vm.uuid = uuid;
    vm.guestId = u"debian12_64Guest"_s;
    vm.firmware = Firmware::Efi;
    vm.numCpu = 2;
    vm.coresPerSocket = 1;
    vm.memoryMB = 512;
    DiskInfo disk;
    disk.label = u"Hard disk 1"_s;
    disk.controllerType = u"pvscsi"_s;
    disk.capacity = qint64(1) << 30;
    vm.disks << disk;
    NicInfo nic;
    nic.label = u"Network adapter 1"_s;
    nic.model = u"vmxnet3"_s;
    nic.macAddress = u"00:50:56:01:02:03"_s;
    nic.network = u"VM Network"_s;
    vm.nics << nic;
    return vm;
}

QString sampleXml(LibvirtConnection &connection, const QString &name, const QString &uuid)
{
    const VmInfo vm = sampleVm(name, uuid);
    DomainOptions options;
    options.virtType = *connection.preferredVirtType();
    options.networkMap = {{u"VM Network"_s, u"default"_s}};
    const QList<DomainDisk> disks{{DomainDisk::Kind::Volume, {}, kPool, name + u"-disk1.raw"_s, u"raw"_s}};
    auto built = DomainBuilder(vm, disks, options).build();
    return built ? built->xml : QString();
}

} // namespace

class TestLibvirtConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void openFailureNamesTheUri();
    void credentialsGoThroughTheAuthCallback();
    void listsPools();
    void unknownPool();
    void freeSpaceCheck();
    void listsNetworksAndBridges();
    void preferredVirtType();
    void volumesCreateRefuseDelete();
    void unknownVolumeFormatRefused();
    void defineRefusesExistingNameAndUuid();
    void domainLifecycle();

private:
    std::unique_ptr<LibvirtConnection> m_connection;
};

void TestLibvirtConnection::initTestCase()
{
    auto connection = LibvirtConnection::open(kTestUri);
    QVERIFY2(connection, connection ? "" : qPrintable(connection.error().toString()));
    m_connection = std::move(*connection);
    QCOMPARE(m_connection->uri(), kTestUri);
    QVERIFY(m_connection->isLocal());
}

void TestLibvirtConnection::openFailureNamesTheUri()
{
    const QString uri = u"test:///nonexistent/ferry-host.xml"_s;
    auto connection = LibvirtConnection::open(uri);
    QVERIFY(!connection);
    QCOMPARE(connection.error().code(), ErrorCode::Target);
    QVERIFY2(connection.error().message().contains(uri), qPrintable(connection.error().message()));
    QVERIFY(!connection.error().details().isEmpty());
}

void TestLibvirtConnection::credentialsGoThroughTheAuthCallback()
{
    // The test driver asks for a user name and a passphrase through the auth callback
    // when its host description has <auth> users.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile node(dir.filePath(u"node.xml"_s));
    QVERIFY(node.open(QIODevice::WriteOnly));
    node.write("<node><auth><user password='s3cret pass'>admin</user></auth></node>\n");
    node.close();
    const QString uri = u"test://"_s + node.fileName();

    auto good = LibvirtConnection::open(uri, {u"admin"_s, u"s3cret pass"_s});
    QVERIFY2(good, good ? "" : qPrintable(good.error().toString()));
    auto wrongPassword = LibvirtConnection::open(uri, {u"admin"_s, u"guess"_s});
    QVERIFY(!wrongPassword);
    QCOMPARE(wrongPassword.error().code(), ErrorCode::Auth);
    QVERIFY2(wrongPassword.error().message().contains(uri), qPrintable(wrongPassword.error().toString()));
    QVERIFY(!wrongPassword.error().toString().contains(u"guess"_s));
    auto none = LibvirtConnection::open(uri);
    QVERIFY(!none);
    QCOMPARE(none.error().code(), ErrorCode::Auth);
}

void TestLibvirtConnection::listsPools()
{
    auto pools = m_connection->pools();
    QVERIFY2(pools, pools ? "" : qPrintable(pools.error().toString()));
    const auto it = std::find_if(pools->begin(), pools->end(), [](const StoragePoolInfo &p) { return p.name == kPool; });
    QVERIFY(it != pools->end());
    QCOMPARE(it->type, u"dir"_s);
    QCOMPARE(it->path, u"/default-pool"_s);
    QVERIFY(it->active);
    QVERIFY(it->capacity > 0);
    QVERIFY(it->available > 0);
    QVERIFY(it->available <= it->capacity);
    auto single = m_connection->poolInfo(kPool);
    QVERIFY(single);
    QCOMPARE(single->capacity, it->capacity);
}

void TestLibvirtConnection::unknownPool()
{
    auto pool = m_connection->poolInfo(u"no-such-pool"_s);
    QVERIFY(!pool);
    QCOMPARE(pool.error().code(), ErrorCode::NotFound);
    QVERIFY(pool.error().message().contains(u"virsh pool-list"_s));
    auto volume = m_connection->createVolume(u"no-such-pool"_s, u"x.raw"_s, 1 << 20, u"raw"_s);
    QVERIFY(!volume);
    QCOMPARE(volume.error().code(), ErrorCode::NotFound);
}

void TestLibvirtConnection::freeSpaceCheck()
{
    const auto pool = m_connection->poolInfo(kPool);
    QVERIFY(pool);
    QVERIFY(m_connection->checkFreeSpace(kPool, pool->available));
    const auto tooMuch = m_connection->checkFreeSpace(kPool, pool->available + 1);
    QVERIFY(!tooMuch);
    QCOMPARE(tooMuch.error().code(), ErrorCode::Usage);
    QVERIFY2(tooMuch.error().message().contains(u"--pool"_s), qPrintable(tooMuch.error().message()));
}

void TestLibvirtConnection::listsNetworksAndBridges()
{
    auto networks = m_connection->networks();
    QVERIFY(networks);
    QCOMPARE(networks->size(), 1);
    QCOMPARE(networks->first().name, u"default"_s);
    QVERIFY(networks->first().active);
    QCOMPARE(networks->first().bridge, u"virbr0"_s);
    // The test host has one interface, eth1, which is not a bridge.
    auto bridges = m_connection->bridges();
    QVERIFY2(bridges, bridges ? "" : qPrintable(bridges.error().toString()));
    QVERIFY(bridges->isEmpty());
}

void TestLibvirtConnection::preferredVirtType()
{
    QCOMPARE(m_connection->preferredVirtType().value_or(QString()), u"test"_s);
}

void TestLibvirtConnection::volumesCreateRefuseDelete()
{
    const QString name = u"ferry-vol.qcow2"_s;
    QCOMPARE(m_connection->volumeExists(kPool, name).value_or(true), false);
    auto created = m_connection->createVolume(kPool, name, qint64(3) << 30, u"qcow2"_s);
    QVERIFY2(created, created ? "" : qPrintable(created.error().toString()));
    QCOMPARE(created->name, name);
    QCOMPARE(created->path, u"/default-pool/"_s + name);
    QCOMPARE(created->capacity, qint64(3) << 30);
    QCOMPARE(m_connection->volumeExists(kPool, name).value_or(false), true);
    QCOMPARE(m_connection->volumePath(kPool, name).value_or(QString()), created->path);

    // Never over an existing volume.
    auto again = m_connection->createVolume(kPool, name, 1 << 20, u"qcow2"_s);
    QVERIFY(!again);
    QCOMPARE(again.error().code(), ErrorCode::Usage);
    QVERIFY2(again.error().message().contains(u"already has a volume named"_s), qPrintable(again.error().message()));
    QCOMPARE(m_connection->volumeInfo(kPool, name)->capacity, qint64(3) << 30);

    QVERIFY(m_connection->deleteVolume(kPool, name));
    QCOMPARE(m_connection->volumeExists(kPool, name).value_or(true), false);
    const auto gone = m_connection->deleteVolume(kPool, name);
    QVERIFY(!gone);
    QCOMPARE(gone.error().code(), ErrorCode::NotFound);
    QVERIFY(m_connection->refreshPool(kPool));
}

void TestLibvirtConnection::unknownVolumeFormatRefused()
{
    auto created = m_connection->createVolume(kPool, u"ferry-bad.img"_s, 1 << 20, u"nosuchformat"_s);
    QVERIFY(!created);
    QCOMPARE(created.error().code(), ErrorCode::Usage);
    QCOMPARE(m_connection->volumeExists(kPool, u"ferry-bad.img"_s).value_or(true), false);
}

void TestLibvirtConnection::defineRefusesExistingNameAndUuid()
{
    const QString uuid = u"4207c3d6-0000-4000-8000-000000000001"_s;
    const QString xml = sampleXml(*m_connection, u"ferry-define"_s, uuid);
    QVERIFY(!xml.isEmpty());
    QCOMPARE(m_connection->domainExists(u"ferry-define"_s).value_or(true), false);
    auto defined = m_connection->defineDomain(xml);
    QVERIFY2(defined, defined ? "" : qPrintable(defined.error().toString()));
    QCOMPARE(m_connection->domainExists(u"ferry-define"_s).value_or(false), true);
    QCOMPARE(m_connection->domainState(u"ferry-define"_s).value_or(QString()), u"shut off"_s);

    // Same name, new UUID: refused, the existing definition untouched.
    auto sameName = m_connection->defineDomain(sampleXml(*m_connection, u"ferry-define"_s, u"4207c3d6-0000-4000-8000-000000000002"_s));
    QVERIFY(!sameName);
    QCOMPARE(sameName.error().code(), ErrorCode::Usage);
    QVERIFY2(sameName.error().message().contains(u"already exists"_s), qPrintable(sameName.error().message()));
    // New name, same UUID: refused too.
    auto sameUuid = m_connection->defineDomain(sampleXml(*m_connection, u"ferry-define-2"_s, uuid));
    QVERIFY(!sameUuid);
    QCOMPARE(m_connection->domainExists(u"ferry-define-2"_s).value_or(true), false);
    QCOMPARE(m_connection->domainExists(u"other-name"_s, uuid).value_or(false), true);

    QVERIFY(m_connection->undefineDomain(u"ferry-define"_s));
    QCOMPARE(m_connection->domainExists(u"ferry-define"_s, uuid).value_or(true), false);
}

void TestLibvirtConnection::domainLifecycle()
{
    const QString xml = sampleXml(*m_connection, u"ferry-run"_s, u"4207c3d6-0000-4000-8000-000000000003"_s);
    QVERIFY(m_connection->defineDomain(xml));
    auto started = m_connection->startDomain(u"ferry-run"_s);
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));
    QCOMPARE(m_connection->domainState(u"ferry-run"_s).value_or(QString()), u"running"_s);
    // Undefine stops it first.
    QVERIFY(m_connection->undefineDomain(u"ferry-run"_s));
    QCOMPARE(m_connection->domainExists(u"ferry-run"_s).value_or(true), false);
    const auto missing = m_connection->startDomain(u"ferry-run"_s);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestLibvirtConnection)
#include "tst_libvirtconnection.moc"
