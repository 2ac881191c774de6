// Pure inspection logic with hand-made inputs: config parsers, PE/ELF headers, the disk
// bus / NIC decision, fstab spec matching, findings, partition checks, LVM reports.

#include "inspect/blkidprobe.h"
#include "inspect/guestconfigparser.h"
#include "inspect/initramfslister.h"
#include "inspect/inspectionrules.h"
#include "inspect/lvmscanner.h"

#include <QTest>
#include <QtEndian>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

KernelInfo kernel(const QString &version, std::optional<bool> initramfsVirtio, const QStringList &modules, const QStringList &builtin = {})
{
    KernelInfo k;
    k.version = version;
    k.image = true;
    k.modules = true;
    k.initramfs = initramfsVirtio ? u"/boot/initrd.img-"_s + version : QString();
    k.virtioInInitramfs = initramfsVirtio;
    k.virtioModules = modules;
    k.builtinVirtio = builtin;
    return k;
}

OsInfo linuxWith(const QList<KernelInfo> &kernels)
{
    OsInfo os;
    os.family = u"linux"_s;
    os.kernels = kernels;
    return os;
}

QStringList codes(const InspectionReport &report)
{
    QStringList out;
    for (const Finding &finding : report.findings)
        out << finding.code;
    return out;
}

QByteArray utf16(const QString &text)
{
    return QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
}

} // namespace

class TestInspectRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recommend_data();
    void recommend();
    void fstab();
    void netplan();
    void ifcfgInterfacesNmUdev();
    void shellVariables();
    void executables();
    void windowsNames_data();
    void windowsNames();
    void deviceNames_data();
    void deviceNames();
    void specNames();
    void vmwareInterfaceNames_data();
    void vmwareInterfaceNames();
    void findingsLinux();
    void findingsEfiWithoutFallback();
    void partitionChecks();
    void bootCode_data();
    void bootCode();
    void virtioModules();
    void lvmReports();
    void lvmReportsRejectGarbage();
};

void TestInspectRules::recommend_data()
{
    QTest::addColumn<OsInfo>("os");
    QTest::addColumn<QString>("diskBus");
    QTest::addColumn<QString>("nicModel");
    QTest::addColumn<QString>("reasonPart");

    const QStringList all{u"virtio_blk"_s, u"virtio_net"_s, u"virtio_scsi"_s};
    QTest::newRow("debian: virtio_blk in initramfs")
        << linuxWith({kernel(u"6.1.0-18-amd64"_s, true, all)}) << u"virtio"_s << u"virtio"_s << u"virtio_blk"_s;
    QTest::newRow("only virtio_scsi in initramfs")
        << linuxWith({kernel(u"5.10.0"_s, true, {u"virtio_scsi"_s, u"virtio_net"_s})}) << u"scsi"_s << u"virtio"_s << u"virtio_scsi"_s;
    QTest::newRow("rhel hostonly: no virtio in initramfs")
        << linuxWith({kernel(u"5.14.0"_s, false, all)}) << u"sata"_s << u"virtio"_s << u"has no virtio_blk"_s;
    QTest::newRow("built-in virtio_blk, no initramfs")
        << linuxWith({kernel(u"6.6.0"_s, std::nullopt, all, {u"virtio_blk"_s})}) << u"virtio"_s << u"virtio"_s << u"built in"_s;
    QTest::newRow("no virtio_net module") << linuxWith({kernel(u"4.19.0"_s, true, {u"virtio_blk"_s})}) << u"virtio"_s << u"e1000e"_s
                                          << u"no virtio_net"_s;
    QTest::newRow("newest bootable kernel decides")
        << linuxWith({kernel(u"6.1.0-20-amd64"_s, false, all), kernel(u"6.1.0-18-amd64"_s, true, all)}) << u"sata"_s << u"virtio"_s
        << u"6.1.0-20-amd64"_s;
    QTest::newRow("linux without kernels") << linuxWith({}) << u"sata"_s << u"e1000e"_s << u"no kernel"_s;
    OsInfo windows;
    windows.family = u"windows"_s;
    QTest::newRow("windows without drivers") << windows << u"sata"_s << u"e1000e"_s << u"no virtio drivers"_s;
    windows.virtioDrivers = {u"viostor"_s, u"netkvm"_s};
    QTest::newRow("windows with viostor, netkvm") << windows << u"virtio"_s << u"virtio"_s << u"viostor"_s;
    windows.virtioDrivers = {u"vioscsi"_s};
    QTest::newRow("windows with vioscsi") << windows << u"scsi"_s << u"e1000e"_s << u"vioscsi"_s;
    OsInfo unknown;
    unknown.family = u"unknown"_s;
    QTest::newRow("no OS") << unknown << u"sata"_s << u"e1000e"_s << u"no operating system"_s;
}

void TestInspectRules::recommend()
{
    QFETCH(OsInfo, os);
    QFETCH(QString, diskBus);
    QFETCH(QString, nicModel);
    QFETCH(QString, reasonPart);
    const DeviceRecommendation recommendation = InspectionRules::recommend(os);
    QCOMPARE(recommendation.diskBus, diskBus);
    QCOMPARE(recommendation.nicModel, nicModel);
    QVERIFY2(recommendation.reason.contains(reasonPart), qPrintable(recommendation.reason));
    QCOMPARE(recommendation.toJson().value(u"disk_bus"_s).toString(), diskBus);
}

void TestInspectRules::fstab()
{
    const QByteArray text = "# comment\n\nUUID=abc /  ext4 errors=remount-ro 0 1\n"
                            "/dev/sda3\tnone swap sw 0 0\n  LABEL=data   /srv xfs defaults\nbroken\n";
    const QList<FstabEntry> entries = GuestConfigParser::parseFstab(text);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0].spec, u"UUID=abc"_s);
    QCOMPARE(entries[0].mountPoint, u"/"_s);
    QCOMPARE(entries[0].options, u"errors=remount-ro"_s);
    QCOMPARE(entries[1].type, u"swap"_s);
    QCOMPARE(entries[2].mountPoint, u"/srv"_s);
}

void TestInspectRules::netplan()
{
    const QByteArray text = "# written by cloud-init\nnetwork:\n  version: 2\n  renderer: networkd\n  ethernets:\n"
                            "    ens192:\n      dhcp4: true\n      match:\n        macaddress: \"00:50:56:9A:01:02\"\n"
                            "      set-name: ens192\n    id1:\n      match:\n        macaddress: 00:50:56:00:00:01\n"
                            "      set-name: eth1\n  vlans:\n    vlan10:\n      id: 10\n      link: ens192\n";
    const QList<NetworkConfig> configs = GuestConfigParser::parseNetplan(text, u"/etc/netplan/50.yaml"_s);
    QCOMPARE(configs.size(), 3);
    QCOMPARE(configs[0].interfaceName, u"ens192"_s);
    QCOMPARE(configs[0].mac, u"00:50:56:9a:01:02"_s);
    QCOMPARE(configs[0].kind, u"netplan"_s);
    QCOMPARE(configs[1].interfaceName, u"eth1"_s); // set-name wins over the YAML key
    QCOMPARE(configs[1].mac, u"00:50:56:00:00:01"_s);
    QCOMPARE(configs[2].interfaceName, u"vlan10"_s);
}

void TestInspectRules::ifcfgInterfacesNmUdev()
{
    auto ifcfg = GuestConfigParser::parseIfcfg("TYPE=Ethernet\nDEVICE=ens192\nHWADDR=\"00:50:56:AB:CD:EF\"\n", u"/x/ifcfg-ens192"_s);
    QCOMPARE(ifcfg.size(), 1);
    QCOMPARE(ifcfg[0].interfaceName, u"ens192"_s);
    QCOMPARE(ifcfg[0].mac, u"00:50:56:ab:cd:ef"_s);
    ifcfg = GuestConfigParser::parseIfcfg("BOOTPROTO=dhcp\n", u"/etc/sysconfig/network-scripts/ifcfg-eth0"_s);
    QCOMPARE(ifcfg.value(0).interfaceName, u"eth0"_s); // from the file name

    const auto interfaces = GuestConfigParser::parseInterfaces(
        "auto lo\niface lo inet loopback\nallow-hotplug ens160\niface ens160 inet static\n  hwaddress ether 00:50:56:01:02:03\n"
        "auto eth1 eth2\n",
        u"/etc/network/interfaces"_s);
    QCOMPARE(interfaces.size(), 3);
    QCOMPARE(interfaces[0].interfaceName, u"ens160"_s);
    QCOMPARE(interfaces[0].mac, u"00:50:56:01:02:03"_s);
    QCOMPARE(interfaces[2].interfaceName, u"eth2"_s);

    const auto nm
        = GuestConfigParser::parseNmConnection("[connection]\nid=Wired\ninterface-name=ens224\n[ethernet]\nmac-address=00:50:56:AA:BB:CC\n",
                                               u"/etc/NetworkManager/system-connections/Wired.nmconnection"_s);
    QCOMPARE(nm.value(0).interfaceName, u"ens224"_s);
    QCOMPARE(nm.value(0).mac, u"00:50:56:aa:bb:cc"_s);

    const auto udev = GuestConfigParser::parseUdevNetRules(
        "# PCI device\nSUBSYSTEM==\"net\", ACTION==\"add\", ATTR{address}==\"00:50:56:11:22:33\", NAME=\"eth0\"\n", u"/r"_s);
    QCOMPARE(udev.value(0).interfaceName, u"eth0"_s);
    QCOMPARE(udev.value(0).mac, u"00:50:56:11:22:33"_s);
}

void TestInspectRules::shellVariables()
{
    const auto values = GuestConfigParser::parseShellVariables("NAME=\"Red Hat\"\nID='rhel'\n# X=1\nVERSION_ID=9.3\n");
    QCOMPARE(values.value(u"NAME"_s), u"Red Hat"_s);
    QCOMPARE(values.value(u"ID"_s), u"rhel"_s);
    QCOMPARE(values.value(u"VERSION_ID"_s), u"9.3"_s);
    QVERIFY(!values.contains(u"X"_s));
}

void TestInspectRules::executables()
{
    QByteArray pe(2048, 0);
    pe.replace(0, 2, "MZ");
    qToLittleEndian<quint32>(0x80, pe.data() + 0x3c);
    pe.replace(0x80, 6, QByteArray("PE\0\0\x64\x86", 6));
    QCOMPARE(GuestConfigParser::peMachine(pe), u"x86_64"_s);
    pe[0x84] = char(0x4c);
    pe[0x85] = char(0x01);
    QCOMPARE(GuestConfigParser::peMachine(pe), u"i686"_s);
    QCOMPARE(GuestConfigParser::peMachine(QByteArray(64, 'x')), QString());
    qToLittleEndian<quint32>(0xffffff, pe.data() + 0x3c); // e_lfanew past the end
    QCOMPARE(GuestConfigParser::peMachine(pe), QString());

    const QByteArray resource = QByteArray(100, 'z') + utf16(u"ProductVersion"_s) + QByteArray(2, 0) + utf16(u"10.0.20348.1"_s)
        + QByteArray(2, 0) + utf16(u"FileVersion"_s);
    QCOMPARE(GuestConfigParser::peProductVersion(resource), u"10.0.20348.1"_s);
    QCOMPARE(GuestConfigParser::peProductVersion(QByteArray(100, 0)), QString());

    QByteArray elf("\x7f"
                   "ELF\x02\x01\x01",
                   7);
    elf.resize(64, 0);
    elf[18] = 62;
    QCOMPARE(GuestConfigParser::elfMachine(elf), u"x86_64"_s);
    elf[18] = char(183);
    QCOMPARE(GuestConfigParser::elfMachine(elf), u"aarch64"_s);
    QCOMPARE(GuestConfigParser::elfMachine("#!/bin/sh\n"), QString());
}

void TestInspectRules::windowsNames_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("name");
    QTest::newRow("2019") << u"10.0.17763.1"_s << u"Windows Server 2019 / Windows 10 1809"_s;
    QTest::newRow("2022") << u"10.0.20348.587"_s << u"Windows Server 2022"_s;
    QTest::newRow("win11") << u"10.0.22000.1"_s << u"Windows 11 21H2"_s;
    QTest::newRow("2012r2") << u"6.3.9600.16384"_s << u"Windows Server 2012 R2 / Windows 8.1"_s;
    QTest::newRow("unknown") << QString() << u"Windows"_s;
}

void TestInspectRules::windowsNames()
{
    QFETCH(QString, version);
    QFETCH(QString, name);
    QCOMPARE(GuestConfigParser::windowsProductName(version), name);
}

void TestInspectRules::deviceNames_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("deviceName");
    QTest::addColumn<QString>("onVirtio");
    QTest::newRow("sda2") << u"/dev/sda2"_s << true << u"/dev/vda2"_s;
    QTest::newRow("hdb1") << u"/dev/hdb1"_s << true << u"/dev/vdb1"_s;
    QTest::newRow("xvda1") << u"/dev/xvda1"_s << true << u"/dev/vda1"_s;
    QTest::newRow("nvme") << u"/dev/nvme0n1p2"_s << true << u"/dev/nvme0n1p2"_s;
    QTest::newRow("uuid") << u"UUID=1234"_s << false << u"UUID=1234"_s;
    QTest::newRow("mapper") << u"/dev/mapper/rhel-root"_s << false << u"/dev/mapper/rhel-root"_s;
}

void TestInspectRules::deviceNames()
{
    QFETCH(QString, spec);
    QFETCH(bool, deviceName);
    QFETCH(QString, onVirtio);
    QCOMPARE(InspectionRules::isDeviceName(spec), deviceName);
    QCOMPARE(InspectionRules::renamedDevice(spec, u"virtio"_s), onVirtio);
}

void TestInspectRules::specNames()
{
    PartitionEntry partition;
    partition.number = 2;
    partition.partUuid = u"6c616231-0000-4000-8000-000000000003"_s;
    partition.name = u"root"_s;
    partition.filesystem.uuid = u"7e1f2a3b-4c5d-4e6f-8a9b-6c61622d6566"_s;
    partition.filesystem.label = u"rootfs"_s;
    QVERIFY(InspectionRules::specNames(u"UUID=7E1F2A3B-4C5D-4E6F-8A9B-6C61622D6566"_s, partition));
    QVERIFY(InspectionRules::specNames(u"/dev/disk/by-uuid/7e1f2a3b-4c5d-4e6f-8a9b-6c61622d6566"_s, partition));
    QVERIFY(InspectionRules::specNames(u"LABEL=rootfs"_s, partition));
    QVERIFY(InspectionRules::specNames(u"PARTUUID=6c616231-0000-4000-8000-000000000003"_s, partition));
    QVERIFY(InspectionRules::specNames(u"PARTLABEL=root"_s, partition));
    QVERIFY(InspectionRules::specNames(u"/dev/sda2"_s, partition));
    QVERIFY(!InspectionRules::specNames(u"/dev/sda1"_s, partition));
    QVERIFY(!InspectionRules::specNames(u"UUID=other"_s, partition));
    // The letter counts the VM's disks: /dev/sdb2 is partition 2 of the second disk.
    QVERIFY(!InspectionRules::specNames(u"/dev/sdb2"_s, partition));
    partition.disk = 1;
    QVERIFY(InspectionRules::specNames(u"/dev/sdb2"_s, partition));
    QVERIFY(InspectionRules::specNames(u"/dev/hdb2"_s, partition));
    QVERIFY(!InspectionRules::specNames(u"/dev/sda2"_s, partition));
    QVERIFY(InspectionRules::specNames(u"/dev/nvme0n1p2"_s, partition));

    LvmVolume volume;
    volume.vg = u"vg-sys"_s;
    volume.name = u"root"_s;
    QVERIFY(InspectionRules::specNames(u"/dev/mapper/vg--sys-root"_s, volume));
    QVERIFY(InspectionRules::specNames(u"/dev/vg-sys/root"_s, volume));
    QVERIFY(!InspectionRules::specNames(u"/dev/mapper/vg-sys-root"_s, volume));
}

void TestInspectRules::vmwareInterfaceNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("vmware");
    for (const char *name : {"ens192", "ens160", "ens224", "ens256", "ens33", "ens161"})
        QTest::newRow(name) << QString::fromLatin1(name) << true;
    for (const char *name : {"ens3", "enp1s0", "eth0", "lo", "ens1"})
        QTest::newRow(name) << QString::fromLatin1(name) << false;
}

void TestInspectRules::vmwareInterfaceNames()
{
    QFETCH(QString, name);
    QFETCH(bool, vmware);
    QCOMPARE(InspectionRules::isVmwareInterfaceName(name), vmware);
}

void TestInspectRules::findingsLinux()
{
    InspectionReport report;
    report.os = linuxWith({kernel(u"5.14.0"_s, false, {u"virtio_net"_s})});
    report.os.vmwareTools = true;
    report.fstab = {FstabEntry{u"/dev/sda1"_s, u"/boot"_s, u"xfs"_s, {}}, FstabEntry{u"UUID=elsewhere"_s, u"/data"_s, u"xfs"_s, {}}};
    report.network = {NetworkConfig{u"ens192"_s, u"00:50:56:ab:cd:ef"_s, u"/etc/x"_s, u"ifcfg"_s}};
    report.boot.firmware = u"bios"_s;
    report.boot.mbrBootCode = u"grub"_s;
    report.recommendation = InspectionRules::recommend(report.os);
    InspectionRules::addFindings(report);
    const QStringList found = codes(report);
    for (const char *code :
         {"no-virtio-initramfs", "fstab-device-name", "fstab-elsewhere", "network-vmware-name", "network-mac-pinned", "vmware-tools"})
        QVERIFY2(found.contains(QString::fromLatin1(code)), qPrintable(found.join(u' ') + u" lacks "_s + QString::fromLatin1(code)));
    QVERIFY(!found.contains(u"efi-nvram"_s));
    // On SATA /dev/sda1 keeps its name: only worth an info.
    QVERIFY(report.finding(u"fstab-device-name"_s)->severity == Finding::Severity::Info);
    QVERIFY(report.finding(u"no-virtio-initramfs"_s)->severity == Finding::Severity::Warning);
}

void TestInspectRules::findingsEfiWithoutFallback()
{
    InspectionReport report;
    report.os = linuxWith({kernel(u"6.1.0"_s, true, {u"virtio_blk"_s, u"virtio_net"_s})});
    report.fstab = {FstabEntry{u"/dev/sda2"_s, u"/"_s, u"ext4"_s, {}}};
    report.boot.firmware = u"efi"_s;
    report.boot.espPresent = true;
    report.boot.efiBinaries = {u"EFI/debian/grubx64.efi"_s};
    report.recommendation = InspectionRules::recommend(report.os);
    InspectionRules::addFindings(report);
    QVERIFY(report.finding(u"efi-nvram"_s));
    QVERIFY(report.finding(u"efi-no-fallback"_s));
    const Finding *renamed = report.finding(u"fstab-device-name"_s);
    QVERIFY(renamed);
    QCOMPARE(renamed->message, u"fstab mounts /dev/sda2 by device name; on virtio it becomes /dev/vda2"_s);
    QVERIFY(!report.finding(u"no-virtio-initramfs"_s));
}

void TestInspectRules::partitionChecks()
{
    PartitionEntry a;
    a.number = 1;
    a.start = 1 << 20;
    a.size = 10 << 20;
    PartitionEntry b = a;
    b.number = 2;
    b.start = 8 << 20; // overlaps a
    PartitionEntry c = a;
    c.number = 3;
    c.start = 60 << 20;
    c.size = 10 << 20; // past a 64 MiB disk
    QVERIFY(BlkidProbe::checkEntries({a}, 64 << 20).isEmpty());
    const QStringList problems = BlkidProbe::checkEntries({c, b, a}, 64 << 20);
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems.join(u' ').contains(u"partitions 1 and 2 overlap"_s));
    QVERIFY(problems.join(u' ').contains(u"partition 3 ends at byte"_s));
    QCOMPARE(BlkidProbe::typeName(u"C12A7328-F81F-11D2-BA4B-00A0C93EC93B"_s), u"EFI System"_s);
    QCOMPARE(BlkidProbe::typeName(u"0x8e"_s), u"Linux LVM"_s);
}

void TestInspectRules::bootCode_data()
{
    QTest::addColumn<QByteArray>("sector");
    QTest::addColumn<QString>("kind");
    QByteArray zero(512, 0);
    QTest::newRow("empty") << zero << u"none"_s;
    QByteArray grub = zero;
    grub.replace(0x180, 4, "GRUB");
    QTest::newRow("grub") << grub << u"grub"_s;
    QByteArray windows = zero;
    windows.replace(0x10, 23, "Invalid partition table");
    QTest::newRow("windows") << windows << u"windows"_s;
    QByteArray other = zero;
    other[0] = char(0xeb);
    QTest::newRow("other") << other << u"unknown"_s;
    QTest::newRow("short") << QByteArray(10, 0) << u"unknown"_s;
}

void TestInspectRules::bootCode()
{
    QFETCH(QByteArray, sector);
    QFETCH(QString, kind);
    QCOMPARE(BlkidProbe::classifyBootCode(sector), kind);
}

void TestInspectRules::virtioModules()
{
    const QStringList listing{u"usr/lib/modules/6.1.0/kernel/drivers/block/virtio_blk.ko.xz"_s,
                              u"kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko"_s,
                              u"usr/lib/modules/6.1.0/kernel/drivers/scsi/virtio_scsi.ko.zst"_s,
                              u"usr/lib/modules/6.1.0/kernel/drivers/block/virtio_blk_extra.ko"_s,
                              u"usr/lib/modules/6.1.0/kernel/drivers/virtio/virtio_pci.ko"_s};
    QCOMPARE(InitramfsLister::virtioModules(listing), (QStringList{u"virtio_blk"_s, u"virtio_net"_s, u"virtio_scsi"_s}));
    QVERIFY(InitramfsLister::virtioModules({u"kernel/drivers/ata/ahci.ko.xz"_s}).isEmpty());
}

void TestInspectRules::lvmReports()
{
    // As lvs --segments / pvs --reportformat json --units b --nosuffix print them.
    const QByteArray lvs = R"({"report": [{"seg": [
        {"vg_name":"rhel", "lv_name":"root", "lv_uuid":"u1", "lv_size":"734003200", "segtype":"linear", "seg_pe_ranges":"/dev/loop5:0-174", "vg_extent_size":"4194304"},
        {"vg_name":"rhel", "lv_name":"swap", "lv_uuid":"u2", "lv_size":"67108864", "segtype":"linear", "seg_pe_ranges":"/dev/loop5:175-190", "vg_extent_size":"4194304"},
        {"vg_name":"rhel", "lv_name":"home", "lv_uuid":"u3", "lv_size":"8388608", "segtype":"linear", "seg_pe_ranges":"/dev/loop5:191-191", "vg_extent_size":"4194304"},
        {"vg_name":"rhel", "lv_name":"home", "lv_uuid":"u3", "lv_size":"8388608", "segtype":"linear", "seg_pe_ranges":"/dev/loop5:200-200", "vg_extent_size":"4194304"},
        {"vg_name":"rhel", "lv_name":"pool", "lv_uuid":"u4", "lv_size":"8388608", "segtype":"thin-pool", "seg_pe_ranges":"", "vg_extent_size":"4194304"}
    ]}]})";
    const QByteArray pvs = R"({"report": [{"pv": [{"pv_name":"/dev/loop5", "vg_name":"rhel", "pe_start":"1048576"}]}]})";
    const auto volumes = LvmScanner::parse(lvs, pvs);
    QVERIFY2(volumes, volumes ? "" : qPrintable(volumes.error().toString()));
    QCOMPARE(volumes->size(), 4);
    QCOMPARE(volumes->at(0).info.path(), u"/dev/rhel/root"_s);
    QVERIFY(volumes->at(0).info.mapped);
    QCOMPARE(volumes->at(0).extent->offset, 1048576);
    QCOMPARE(volumes->at(1).extent->offset, 1048576 + 175LL * 4194304);
    QCOMPARE(volumes->at(1).extent->size, 67108864);
    QVERIFY(!volumes->at(2).info.mapped); // two segments: not one range
    QVERIFY(!volumes->at(3).info.mapped);
    QCOMPARE(volumes->at(3).info.segmentType, u"thin-pool"_s);
    const QString config = LvmScanner::config({u"/dev/loop5"_s});
    QVERIFY(config.contains(u"\"a|^/dev/loop5$|\",\"r|.*|\""_s));
    QVERIFY(config.contains(u"activation=0"_s));
}

void TestInspectRules::lvmReportsRejectGarbage()
{
    const auto volumes = LvmScanner::parse("WARNING: not json", "{}");
    QVERIFY(!volumes);
    QCOMPARE(volumes.error().code(), ErrorCode::Protocol);
}

QTEST_GUILESS_MAIN(TestInspectRules)
#include "tst_inspectrules.moc"
