#pragma once

#include "base/error.h"
#include "libvirtdaemon.h"
#include "testsupport.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// One VMware-shaped Debian guest (tests/fixtures/guests/make-vmware-debian.sh) migrated with
// `ferry-cli migrate ... --target qemu:///system --virt-type qemu --start` and checked the
// same way whatever served it (ferry-lab, vcsim). Tests only: everything blocks.
namespace Ferry::Test {

// Why this machine cannot run a real-guest test (not root; qemu, virt-v2v-in-place,
// virt-customize or debootstrap missing), or empty.
QString guestTestBlocker();
// Builds the guest (make-vmware-debian.sh dir options..., e.g. --efi --two-disk) and
// returns its images in disk order; logs the build's time and its TIMING lines.
Result<QStringList> buildVmwareGuest(const QString &dir, const QStringList &options = {});

// qemu:///system ready for one guest: libvirtd (started here if none runs), a transient
// directory pool and an isolated network (no DHCP, no NAT: the guest keeps its static
// address to itself); the domain is removed before and after, the pool and network after.
class GuestMigrationTarget
{
public:
    // vm: the source VM's name (the domain gets it); workDir: pool, reports, network XML.
    GuestMigrationTarget(const QString &vm, const QString &workDir);
    ~GuestMigrationTarget();
    GuestMigrationTarget(const GuestMigrationTarget &) = delete;
    GuestMigrationTarget &operator=(const GuestMigrationTarget &) = delete;

    Result<void> prepare();
    // --vm, --target qemu:///system, --pool, --virt-type qemu, --network
    // SOURCE_NETWORK=network:..., --start, --report-dir, --progress json.
    QStringList arguments(const QString &sourceNetwork) const;
    QString reportPath() const;

private:
    void removeDomain() const;

    LibvirtDaemon m_daemon; // first: destroyed last
    QString m_vm;
    QString m_dir;
    QString m_pool;
    QString m_network;
    bool m_poolCreated = false;
    bool m_networkCreated = false;
};

struct GuestMigration
{
    ProcessResult process;
    qint64 seconds = 0;
    QStringList steps;  // --progress json "step" events, in order
    QJsonObject report; // report.json
};

// Runs ferry-cli with arguments (a whole `migrate` command line) and reads the report.
GuestMigration runGuestMigration(const QStringList &arguments, const QString &reportPath);

// What every converted guest must show (QtTest checks: look at QTest::currentTestFailed()
// afterwards): exit 0; convert before define before boot; conversion "converted" over
// `disks` disks; its one NIC kept as ens192 by a .link file and on virtio in the domain;
// boot_check passed on the serial console with a login prompt; the console log's
// FERRY-GUEST-UP ens192=192.0.2.10/24 with the link up; the domain still running.
void verifyConvertedGuest(const GuestMigration &migration, const QString &vm, int disks);

} // namespace Ferry::Test

// main() of a test that converts a guest: QtTest's watchdog aborts a test function after
// 5 minutes; a conversion under TCG on a busy machine takes longer (45 minutes allowed
// unless QTEST_FUNCTION_TIMEOUT says otherwise).
#define FERRY_GUEST_TEST_MAIN(TestClass)                                                                                                   \
    int main(int argc, char **argv)                                                                                                        \
    {                                                                                                                                      \
        if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))                                                                          \
            qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number(2700000));                                                                \
        QCoreApplication app(argc, argv);                                                                                                  \
        TestClass test;                                                                                                                    \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                                         \
        return QTest::qExec(&test, argc, argv);                                                                                            \
    }
