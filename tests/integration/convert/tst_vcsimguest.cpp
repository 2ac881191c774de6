// The UEFI two-disk VMware-shaped Debian guest (make-vmware-debian.sh --efi --two-disk: the
// ESP and /boot on disk 1, / on disk 2, fstab by /dev/sdXN, an initramfs without virtio,
// ens192 static) served by vcsim (ferry-vcsim -guest-vm NAME=DISK1,DISK2,efi) and migrated
// with ONE `ferry-cli migrate --source https://127.0.0.1:PORT --target qemu:///system
// --virt-type qemu --start`: inspection finds the root on disk 2 (and /boot on disk 1), the
// conversion runs over both disks in source order, the domain boots with OVMF on virtio and
// passes the boot check, and the serial console shows FERRY-GUEST-UP ens192=192.0.2.10/24.
// Unconverted, this guest cannot boot on virtio (tst_guestconversion shows it for the BIOS
// build of the same guest; this test fails the same way when the conversion is skipped).
//
// Needs root (image build, qemu:///system), qemu, OVMF, libvirtd, virt-v2v-in-place,
// virt-customize, debootstrap (installer/deps.sh). About 6-7 minutes under TCG after the
// first image build (the debootstrapped root file system is cached).

#include "fixtures/vcsim/vcsimprocess.h"
#include "guestmigration.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestVcsimGuest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void efiTwoDiskGuestFromVcsimIsConvertedAndBoots();

private:
    QTemporaryDir m_dir{QDir::tempPath() + u"/ferry-vcsimguest-XXXXXX"_s};
    QStringList m_images;
};

void TestVcsimGuest::initTestCase()
{
    if (const QString blocker = Test::guestTestBlocker(); !blocker.isEmpty())
        QSKIP(qPrintable(blocker));
    QVERIFY(m_dir.isValid());
    const auto images = Test::buildVmwareGuest(m_dir.path(), {u"--efi"_s, u"--two-disk"_s});
    QVERIFY2(images, images ? "" : qPrintable(images.error().toString()));
    m_images = *images;
    QCOMPARE(m_images.size(), 2);
}

void TestVcsimGuest::cleanupTestCase()
{
    QVERIFY2(Test::childPids().isEmpty(), "a child process outlived the test");
}

void TestVcsimGuest::efiTwoDiskGuestFromVcsimIsConvertedAndBoots()
{
    const QString vm = u"vmware-debian-efi-2disk"_s;
    Test::GuestMigrationTarget target(vm, m_dir.path());
    auto prepared = target.prepare();
    QVERIFY2(prepared, prepared ? "" : qPrintable(prepared.error().toString()));

    Test::VcsimProcess vcsim(Test::VcsimProcess::Model::Esx, {u"-guest-vm"_s, vm + u'=' + m_images.join(u',') + u",efi"_s});
    auto started = vcsim.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().toString() + QString::fromUtf8(vcsim.diagnostics())));

    const QStringList arguments = QStringList{u"migrate"_s} + Test::sourceArguments(vcsim.endpoint(), m_dir.path())
        + target.arguments(u"VM Network"_s);
    const Test::GuestMigration migration = Test::runGuestMigration(arguments, target.reportPath());
    // Inspection saw one guest over both disks: / on disk 2, /boot and the ESP on disk 1.
    const QJsonObject inspection = migration.report.value(u"inspection"_s).toObject();
    QCOMPARE(inspection.value(u"os"_s).toObject().value(u"family"_s).toString(), u"linux"_s);
    QCOMPARE(inspection.value(u"firmware"_s).toString(), u"efi"_s);
    QStringList mounted;
    for (const QJsonValue &partition : inspection.value(u"partitions"_s).toArray())
        mounted << u"%1:%2"_s.arg(partition.toObject().value(u"disk"_s).toInt() + 1)
                       .arg(partition.toObject().value(u"mounted_as"_s).toString());
    QCOMPARE(mounted, (QStringList{u"1:/boot/efi"_s, u"1:/boot"_s, u"2:/"_s}));
    QCOMPARE(migration.report.value(u"conversion"_s).toObject().value(u"disks"_s).toInt(), 2);
    Test::verifyConvertedGuest(migration, vm, 2);
}

FERRY_GUEST_TEST_MAIN(TestVcsimGuest)
#include "tst_vcsimguest.moc"
