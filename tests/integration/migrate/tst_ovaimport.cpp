// ferry-cli with an OVA/OVF package as the source, end to end: the packages come from
// tests/fixtures/ova/make-ova.sh over the lab's guest images (vSphere and VirtualBox shaped
// descriptors, both manifest spellings, several VMs, gzip, an OVF directory with a flat
// disk, and bad packages). Disks are compared byte for byte with the images they came from.
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

// Every regular file under dir, relative names.
QStringList filesUnder(const QString &dir)
{
    QStringList files;
    const QDir root(dir);
    for (const QFileInfo &info : root.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (info.isDir()) {
            for (const QString &inner : filesUnder(info.absoluteFilePath()))
                files << info.fileName() + u'/' + inner;
        } else {
            files << info.fileName();
        }
    }
    return files;
}

} // namespace

class TestOvaImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void inventoryReadsTheHardware_data();
    void inventoryReadsTheHardware();
    void inventoryOfSeveralVms();
    void rawImportIsByteExact();
    void qcow2ImportMatches();
    void gzipOvaAndFileUrl();
    void ovfDirectoryWithFlatDisk();
    void ovfDirectoryWithSparseDisk();
    void multiVmPackage();
    void profileStoresThePackage();
    void badPackagesLeaveNothing_data();
    void badPackagesLeaveNothing();

private:
    ProcessResult cli(const QStringList &arguments);
    ProcessResult migrate(const QString &package, const QStringList &extra);
    QString ova(const QString &name) const { return m_root.path() + u"/ova/"_s + name; }
    QString image(const QString &name) const { return m_root.path() + u"/guests/"_s + name; }
    QString out() const { return m_dir->path() + u"/out"_s; }

    QTemporaryDir m_root;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestOvaImport::initTestCase()
{
    QVERIFY(m_root.isValid());
    const QString fixtures = QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures");
    const ProcessResult guests = runProcess(u"bash"_s, {fixtures + u"/guests/make-lab-guests.sh"_s, m_root.path() + u"/guests"_s});
    QVERIFY2(guests.exitCode == 0, guests.err.constData());
    const ProcessResult packages = runProcess(u"bash"_s,
                                              {fixtures + u"/ova/make-ova.sh"_s, m_root.path() + u"/guests"_s, m_root.path() + u"/ova"_s});
    QVERIFY2(packages.exitCode == 0, packages.err.constData());
}

void TestOvaImport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOvaImport::cleanup()
{
    // No qemu-nbd, inflate helper or other child left behind.
    QCOMPARE(childPids().size(), 0);
}

ProcessResult TestOvaImport::cli(const QStringList &arguments)
{
    return runProcess(QStringLiteral(FERRY_CLI_PATH), arguments);
}

ProcessResult TestOvaImport::migrate(const QString &package, const QStringList &extra)
{
    return cli(
        QStringList{u"migrate"_s, u"--source"_s, package, u"--target"_s, u"dir:"_s + out(), u"--progress"_s, u"none"_s, u"--no-convert"_s}
        + extra);
}

void TestOvaImport::inventoryReadsTheHardware_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<QString>("vm");
    QTest::addColumn<int>("cpus");
    QTest::addColumn<int>("cores");
    QTest::addColumn<int>("memory");
    QTest::addColumn<QString>("firmware");
    QTest::addColumn<bool>("secureBoot");
    QTest::addColumn<QString>("controller");
    QTest::addColumn<QString>("nic");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("mac");
    QTest::newRow("vsphere-bios") << u"vsphere-bios.ova"_s << u"vsphere-bios"_s << 2 << 1 << 2048 << u"bios"_s << false << u"pvscsi"_s
                                  << u"vmxnet3"_s << u"VM Network"_s << u"00:50:56:ab:cd:01"_s;
    QTest::newRow("vsphere-efi") << u"vsphere-efi.ova"_s << u"vsphere-efi"_s << 4 << 2 << 1024 << u"efi"_s << true << u"nvme"_s
                                 << u"e1000e"_s << u"VM Network"_s << u"00:50:56:ab:cd:02"_s;
    QTest::newRow("virtualbox") << u"vbox.ova"_s << u"vbox-debian"_s << 1 << 1 << 1024 << u"bios"_s << false << u"sata"_s << u"e1000"_s
                                << u"NAT"_s << u"08:00:27:ab:12:cd"_s;
}

void TestOvaImport::inventoryReadsTheHardware()
{
    QFETCH(QString, package);
    QFETCH(QString, vm);
    const ProcessResult result = cli({u"inventory"_s, u"--source"_s, ova(package), u"--json"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject inventory = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(inventory.value(u"package"_s).toObject().value(u"kind"_s).toString(), u"ova"_s);
    const QJsonArray vms = inventory.value(u"vms"_s).toArray();
    QCOMPARE(vms.size(), 1);
    const QJsonObject v = vms.first().toObject();
    QCOMPARE(v.value(u"name"_s).toString(), vm);
    QTEST(v.value(u"numCpu"_s).toInt(), "cpus");
    QTEST(v.value(u"coresPerSocket"_s).toInt(), "cores");
    QTEST(v.value(u"memoryMB"_s).toInt(), "memory");
    QTEST(v.value(u"firmware"_s).toString(), "firmware");
    QTEST(v.value(u"secureBoot"_s).toBool(), "secureBoot");
    const QJsonObject disk = v.value(u"disks"_s).toArray().first().toObject();
    QTEST(disk.value(u"controllerType"_s).toString(), "controller");
    QCOMPARE(disk.value(u"capacity"_s).toInteger(), QFileInfo(image(u"tiny-linux-bios.img"_s)).size());
    const QJsonObject nic = v.value(u"nics"_s).toArray().first().toObject();
    QTEST(nic.value(u"model"_s).toString(), "nic");
    QTEST(nic.value(u"network"_s).toString(), "network");
    QFETCH(QString, mac);
    // VirtualBox keeps the MAC only in its own vbox:Machine section.
    if (!nic.value(u"macAddress"_s).toString().isEmpty() || package != u"vbox.ova")
        QCOMPARE(nic.value(u"macAddress"_s).toString(), mac);
}

void TestOvaImport::inventoryOfSeveralVms()
{
    const ProcessResult result = cli({u"inventory"_s, u"--source"_s, ova(u"multi.ova"_s)});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.contains("multi-web") && result.out.contains("multi-db"), result.out.constData());
}

void TestOvaImport::rawImportIsByteExact()
{
    // One VM in the package: --vm may be left out.
    const ProcessResult result = migrate(ova(u"vsphere-bios.ova"_s), {});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString vmDir = out() + u"/vsphere-bios"_s;
    const QString disk = vmDir + u"/vsphere-bios-disk1.raw"_s;
    const QString original = image(u"tiny-linux-bios.img"_s);
    QCOMPARE(runProcess(u"cmp"_s, {original, disk}).exitCode, 0);
    // Zeros stay holes.
    QVERIFY2(allocatedBytes(disk) < QFileInfo(disk).size() / 4, qPrintable(QString::number(allocatedBytes(disk))));

    const QJsonObject report = readJson(vmDir + u"/report.json"_s);
    QCOMPARE(report.value(u"result"_s).toString(), u"ok"_s);
    const QJsonObject source = report.value(u"source"_s).toObject();
    QCOMPARE(source.value(u"kind"_s).toString(), u"ova"_s);
    QCOMPARE(source.value(u"path"_s).toString(), ova(u"vsphere-bios.ova"_s));
    const QJsonObject d = report.value(u"disks"_s).toArray().first().toObject();
    QCOMPARE(d.value(u"sha256"_s).toString(), fileSha256(original));
    QCOMPARE(d.value(u"source"_s).toString(), u"vsphere-bios-disk1.vmdk"_s);
    QCOMPARE(d.value(u"capacity"_s).toInteger(), QFileInfo(original).size());
    QVERIFY(d.value(u"bytes_zero"_s).toInteger() > QFileInfo(original).size() / 2);
    QVERIFY(!QFile::exists(disk + u".ferry-journal"_s));
    // The domain XML follows the OVF: pvscsi has no KVM model, vmxnet3 neither, and
    // libvirt's schema accepts what was built.
    const QString xml = report.value(u"domain_xml"_s).toString();
    QVERIFY(QFile::exists(xml));
    const ProcessResult valid = runProcess(u"virt-xml-validate"_s, {xml, u"domain"_s});
    QVERIFY2(valid.exitCode == 0, valid.err.constData());
    // The lab's Debian tree was inspected on the copy.
    QCOMPARE(report.value(u"inspection"_s).toObject().value(u"os"_s).toObject().value(u"distribution"_s).toString(), u"debian"_s);
}

void TestOvaImport::qcow2ImportMatches()
{
    const ProcessResult result = migrate(ova(u"vbox.ova"_s), {u"--format"_s, u"qcow2"_s, u"--no-inspect"_s, u"--verify"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString disk = out() + u"/vbox-debian/vbox-debian-disk1.qcow2"_s;
    const ProcessResult compare = runProcess(u"qemu-img"_s,
                                             {u"compare"_s, u"-f"_s, u"raw"_s, u"-F"_s, u"qcow2"_s, image(u"tiny-linux-bios.img"_s), disk});
    QVERIFY2(compare.exitCode == 0, compare.out.constData());
    const QJsonObject report = readJson(out() + u"/vbox-debian/report.json"_s);
    const QJsonObject d = report.value(u"disks"_s).toArray().first().toObject();
    QCOMPARE(d.value(u"sha256"_s).toString(), fileSha256(image(u"tiny-linux-bios.img"_s)));
    QCOMPARE(d.value(u"verified"_s).toBool(), true);
    QVERIFY(QFileInfo(disk).size() < d.value(u"capacity"_s).toInteger() / 4);
    // The VirtualBox NIC on "NAT" is mapped like any source network, and the domain is valid.
    const ProcessResult valid = runProcess(u"virt-xml-validate"_s, {report.value(u"domain_xml"_s).toString(), u"domain"_s});
    QVERIFY2(valid.exitCode == 0, valid.err.constData());
    QVERIFY(report.value(u"decisions"_s).toVariant().toStringList().join(u'\n').contains(u"\"NAT\""_s));
}

void TestOvaImport::gzipOvaAndFileUrl()
{
    const ProcessResult result = migrate(QUrl::fromLocalFile(ova(u"gzip.ova"_s)).toString(),
                                         {u"--vm"_s, u"vsphere-bios"_s, u"--no-inspect"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(runProcess(u"cmp"_s, {image(u"tiny-linux-bios.img"_s), out() + u"/vsphere-bios/vsphere-bios-disk1.raw"_s}).exitCode, 0);
}

void TestOvaImport::ovfDirectoryWithFlatDisk()
{
    const ProcessResult result = migrate(ova(u"flat-dir/flat.ovf"_s), {u"--no-inspect"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(runProcess(u"cmp"_s, {image(u"boot-bios.img"_s), out() + u"/flat-dir/flat-dir-disk1.raw"_s}).exitCode, 0);
    const QJsonObject report = readJson(out() + u"/flat-dir/report.json"_s);
    QCOMPARE(report.value(u"source"_s).toObject().value(u"kind"_s).toString(), u"ovf"_s);
}

void TestOvaImport::ovfDirectoryWithSparseDisk()
{
    const ProcessResult result = migrate(ova(u"sparse-dir/sparse.ovf"_s), {u"--no-inspect"_s, u"--format"_s, u"qcow2"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const ProcessResult compare = runProcess(u"qemu-img"_s,
                                             {u"compare"_s, u"-f"_s, u"raw"_s, u"-F"_s, u"qcow2"_s, image(u"boot-efi.img"_s),
                                              out() + u"/sparse-dir/sparse-dir-disk1.qcow2"_s});
    QVERIFY2(compare.exitCode == 0, compare.out.constData());
}

void TestOvaImport::multiVmPackage()
{
    // Two VMs: naming none is a usage error that names them.
    const ProcessResult unnamed = migrate(ova(u"multi.ova"_s), {u"--no-inspect"_s});
    QCOMPARE(unnamed.exitCode, 2);
    QVERIFY2(unnamed.err.contains("multi-web") && unnamed.err.contains("multi-db"), unnamed.err.constData());
    QVERIFY(!QFileInfo::exists(out()));

    const ProcessResult result = migrate(ova(u"multi.ova"_s), {u"--vm"_s, u"multi-db"_s, u"--vm"_s, u"multi-web"_s, u"--no-inspect"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(runProcess(u"cmp"_s, {image(u"boot-bios.img"_s), out() + u"/multi-web/multi-web-disk1.raw"_s}).exitCode, 0);
    QCOMPARE(runProcess(u"cmp"_s, {image(u"boot-efi.img"_s), out() + u"/multi-db/multi-db-disk1.raw"_s}).exitCode, 0);
    QFile xml(out() + u"/multi-db/multi-db.xml"_s);
    QVERIFY(xml.open(QIODevice::ReadOnly));
    QVERIFY2(xml.readAll().contains("firmware=\"efi\""), "the EFI VM of the package gets UEFI firmware");
}

void TestOvaImport::profileStoresThePackage()
{
    const QString profile = m_dir->path() + u"/ova.ferry-profile"_s;
    const ProcessResult saved = migrate(ova(u"vsphere-efi.ova"_s),
                                        {u"--no-inspect"_s, u"--format"_s, u"qcow2"_s, u"--save-profile"_s, profile});
    QVERIFY2(saved.exitCode == 0, saved.err.constData());
    const QJsonObject source = readJson(profile).value(u"source"_s).toObject();
    QCOMPARE(source.value(u"kind"_s).toString(), u"package"_s);
    QCOMPARE(source.value(u"path"_s).toString(), ova(u"vsphere-efi.ova"_s));
    // The profile alone is enough to import it again, into another directory.
    const ProcessResult again = cli(
        {u"migrate"_s, u"--profile"_s, profile, u"--target"_s, u"dir:"_s + m_dir->path() + u"/again"_s, u"--progress"_s, u"none"_s});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const ProcessResult compare = runProcess(u"qemu-img"_s,
                                             {u"compare"_s, u"-f"_s, u"raw"_s, u"-F"_s, u"qcow2"_s, image(u"tiny-linux-efi.img"_s),
                                              m_dir->path() + u"/again/vsphere-efi/vsphere-efi-disk1.qcow2"_s});
    QVERIFY2(compare.exitCode == 0, compare.out.constData());
}

void TestOvaImport::badPackagesLeaveNothing_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<QString>("reason");
    QTest::newRow("manifest mismatch") << u"bad/mismatch.ova"_s << u"manifest"_s;
    QTest::newRow("traversal entry") << u"bad/traversal.ova"_s << u"escape.vmdk"_s;
    QTest::newRow("symlink entry") << u"bad/symlink.ova"_s << u"vsphere-bios.mf"_s;
    QTest::newRow("truncated archive") << u"bad/truncated.ova"_s << u"truncated"_s;
    QTest::newRow("corrupt grain") << u"bad/corrupt-grain.ova"_s << u"grain"_s;
}

void TestOvaImport::badPackagesLeaveNothing()
{
    QFETCH(QString, package);
    QFETCH(QString, reason);
    const ProcessResult result = migrate(ova(package), {u"--vm"_s, u"vsphere-bios"_s, u"--no-inspect"_s});
    QVERIFY2(result.exitCode == 1, qPrintable(u"exit %1: %2"_s.arg(result.exitCode).arg(QString::fromUtf8(result.err))));
    QVERIFY2(QString::fromUtf8(result.err).contains(reason, Qt::CaseInsensitive), result.err.constData());
    // No disk, no journal, no domain: at most the report of the failed VM.
    const QStringList left = filesUnder(out());
    for (const QString &file : left)
        QVERIFY2(file.endsWith(u"report.json"_s), qPrintable(left.join(u", "_s)));
    if (!left.isEmpty())
        QCOMPARE(readJson(out() + u'/' + left.first()).value(u"result"_s).toString(), u"failed"_s);
}

QTEST_GUILESS_MAIN(TestOvaImport)
#include "tst_ovaimport.moc"
