// The end of a migration, for real: a disk that boots (make-boot-disk.sh) is written into
// a libvirt volume through LibvirtVolumeSink, DomainBuilder makes the domain from a VmInfo
// as the inventory would describe it, libvirtd (qemu:///system) defines and starts it, and
// the test passes only when the guest's /init writes FERRY-BOOT-OK on the serial port
// (logged to a file) and powers off. Everything is undefined and deleted afterwards.
//
// Virtualization type: FERRY_TEST_VIRT_TYPE (kvm|qemu) if set; "qemu" (TCG) on hosts
// whose /dev/kvm is the PVM module (kvm_pvm runs only PVM-enabled guest kernels, and an
// ordinary kernel hangs there right after the boot loader); otherwise the host's choice.

#include "libvirtdaemon.h"
#include "targettestsupport.h"

#include "target/domainbuilder.h"
#include "target/domainxmlvalidator.h"
#include "target/libvirtconnection.h"
#include "target/libvirtvolumesink.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

Q_DECLARE_METATYPE(Ferry::Firmware)
Q_DECLARE_METATYPE(Ferry::LibvirtVolumeSink::Placement)

namespace {

constexpr qint64 kImageSize = 64 << 20;
const QByteArray kMarker = "FERRY-BOOT-OK"_ba;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

VmInfo bootVm(const QString &name, Firmware firmware, const QString &guestId)
{
    // What the inventory reports for the lab's boot-bios / boot-efi VMs.
    VmInfo vm;
    vm.moref = u"vm-boot"_s;
    vm.name = name;
    vm.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    vm.guestId = guestId;
    vm.firmware = firmware;
    vm.numCpu = 1;
    vm.coresPerSocket = 1;
    vm.memoryMB = 256;
    DiskInfo disk;
    disk.key = 2000;
    disk.label = u"Hard disk 1"_s;
    disk.controllerType = u"pvscsi"_s;
    disk.capacity = kImageSize;
    disk.fileName = u"[datastore1] %1/%1.vmdk"_s.arg(name);
    vm.disks << disk;
    return vm;
}

} // namespace

class TestBootDomain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void bootsToMarker_data();
    void bootsToMarker();

private:
    LibvirtDaemon m_daemon;
    std::shared_ptr<LibvirtConnection> m_connection;
    QTemporaryDir m_dir;
    QString m_pool;
    QString m_virtType;
    QString m_domain;                          // defined by the running test function
    std::unique_ptr<LibvirtVolumeSink> m_sink; // its disk
};

void TestBootDomain::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("qemu:///system and a libvirtd started by the test need root");
    auto connection = m_daemon.connectSystem();
    QVERIFY2(connection, connection ? "" : qPrintable(connection.error().toString()));
    m_connection = std::move(*connection);

    m_virtType = TargetTest::bootVirtType();
    if (m_virtType.isEmpty())
        m_virtType = m_connection->preferredVirtType().value_or(u"qemu"_s);
    qInfo().noquote() << "domain type" << m_virtType;

    QVERIFY(m_dir.isValid());
    QVERIFY(TargetTest::makeTraversable(m_dir.path()));
    const QString script = QStringLiteral(FERRY_SOURCE_DIR) + u"/tests/fixtures/guests/make-boot-disk.sh"_s;
    for (const QString &variant : {u"bios"_s, u"efi"_s}) {
        auto made = TargetTest::run(script, {variant, m_dir.filePath(variant + u".img"_s), u"64M"_s});
        QVERIFY2(made, made ? "" : qPrintable(made.error().toString()));
    }
    auto pool = TargetTest::createTestPool(u"ferry-test-boot"_s, m_dir.path());
    QVERIFY2(pool, pool ? "" : qPrintable(pool.error().toString()));
    m_pool = *pool;
}

void TestBootDomain::cleanup()
{
    // Whatever happened, leave no domain, qemu process or volume behind.
    if (!m_domain.isEmpty() && m_connection->domainExists(m_domain).value_or(false)) {
        auto undefined = m_connection->undefineDomain(m_domain);
        QVERIFY2(undefined, undefined ? "" : qPrintable(undefined.error().toString()));
    }
    if (m_sink)
        m_sink->discard(false);
    m_sink.reset();
    if (!m_domain.isEmpty())
        QTRY_VERIFY_WITH_TIMEOUT(TargetTest::processesMentioning(u"guest="_s + m_domain).isEmpty(), 30000);
    m_domain.clear();
}

void TestBootDomain::cleanupTestCase()
{
    if (!m_pool.isEmpty())
        TargetTest::destroyPool(m_pool);
}

void TestBootDomain::bootsToMarker_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<Firmware>("firmware");
    QTest::addColumn<QString>("format");
    QTest::addColumn<LibvirtVolumeSink::Placement>("placement");
    QTest::addColumn<QString>("guestId");
    QTest::addColumn<QString>("bus");
    QTest::newRow("bios raw direct virtio") << u"bios"_s << Firmware::Bios << u"raw"_s << LibvirtVolumeSink::Placement::Direct
                                            << u"debian12_64Guest"_s << u"virtio"_s;
    QTest::newRow("efi qcow2 staged virtio") << u"efi"_s << Firmware::Efi << u"qcow2"_s << LibvirtVolumeSink::Placement::Staged
                                             << u"debian12_64Guest"_s << u"virtio"_s;
    // An unknown guest gets SATA: the firmware and boot loader must find the disk there too.
    QTest::newRow("efi raw direct sata") << u"efi"_s << Firmware::Efi << u"raw"_s << LibvirtVolumeSink::Placement::Direct
                                         << u"otherGuest64"_s << u"sata"_s;
}

void TestBootDomain::bootsToMarker()
{
    QFETCH(QString, variant);
    QFETCH(Firmware, firmware);
    QFETCH(QString, format);
    QFETCH(LibvirtVolumeSink::Placement, placement);
    QFETCH(QString, guestId);
    QFETCH(QString, bus);

    const VmInfo vm = bootVm(u"boot-"_s + variant, firmware, guestId);
    m_domain = u"ferry-test-boot-%1-%2-%3"_s.arg(variant, bus).arg(::getpid());
    LibvirtVolumeSink::Options sinkOptions;
    sinkOptions.pool = m_pool;
    sinkOptions.volume = LibvirtVolumeSink::volumeNameFor(m_domain, 1, format);
    sinkOptions.format = format;
    sinkOptions.placement = placement;
    sinkOptions.stagingDirectory = m_dir.path();
    m_sink = std::make_unique<LibvirtVolumeSink>(m_connection, sinkOptions);
    auto copied = TargetTest::copyIntoSink(m_dir.filePath(variant + u".img"_s), *m_sink);
    QVERIFY2(copied, copied ? "" : qPrintable(copied.error().toString()));

    DomainOptions options;
    options.name = m_domain;
    options.virtType = m_virtType;
    options.serialLogPath = m_dir.filePath(u"serial-%1-%2.log"_s.arg(variant, bus));
    options.description = u"Ferry boot test from %1"_s.arg(vm.name);
    if (firmware == Firmware::Efi) {
        auto caps = m_connection->firmwareCapabilities(m_virtType);
        QVERIFY2(caps, caps ? "" : qPrintable(caps.error().toString()));
        options.firmware = *caps;
    }
    auto built = DomainBuilder(vm, {m_sink->domainDisk()}, options).build();
    QVERIFY2(built, built ? "" : qPrintable(built.error().toString()));
    QVERIFY(built->xml.contains(u"bus=\"%1\""_s.arg(bus)));
    auto valid = DomainXmlValidator().validate(built->xml);
    QVERIFY2(valid, valid ? "" : qPrintable(valid.error().toString()));

    auto defined = m_connection->defineDomain(built->xml);
    QVERIFY2(defined, defined ? "" : qPrintable(defined.error().toString()));
    auto started = m_connection->startDomain(m_domain);
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString()));

    // TCG boots the kernel in 15-40 s on 2 cores; allow for a loaded machine.
    QTRY_VERIFY2_WITH_TIMEOUT(readAll(options.serialLogPath).contains(kMarker),
                              qPrintable(QString::fromUtf8(readAll(options.serialLogPath).right(2000))), 300000);
    // /init powers off right after the marker: the domain stops by itself.
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->domainState(m_domain).value_or(QString()), u"shut off"_s, 60000);
}

QTEST_GUILESS_MAIN(TestBootDomain)
#include "tst_bootdomain.moc"
