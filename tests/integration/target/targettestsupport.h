#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

namespace Ferry {
class Sink;
}

// Helpers for the libvirt target tests. They block: tests only. Checksums and sparse-file
// checks come from ferry_testsupport (Ferry::Test::fileSha256, allocatedBytes).
namespace TargetTest {

// Runs a program to completion; fails with its output when it exits non-zero.
Ferry::Result<QString> run(const QString &program, const QStringList &arguments, int timeoutMs = 300000);
// A transient directory pool (gone once destroyed) on qemu:///system.
Ferry::Result<void> createDirectoryPool(const QString &name, const QString &directory);
void destroyPool(const QString &name);
// A transient directory pool "<prefix>-<pid>" on parent/pool (made here); returns its name.
Ferry::Result<QString> createTestPool(const QString &prefix, const QString &parent);
// The domain type of boot tests: $FERRY_TEST_VIRT_TYPE, else "qemu" where /dev/kvm is the
// PVM module (it runs only PVM-enabled guest kernels); empty: let the connection choose.
QString bootVirtType();
// Destroys and undefines a qemu:///system domain (NVRAM too), if there is one.
void removeDomain(const QString &name);
// Starts a defined qemu:///system domain with its serial console attached from the first
// byte (`script` gives virsh the terminal it insists on) and returns what the console
// printed until the guest powered itself off or 300 s passed.
QString startWithConsole(const QString &domain);
// Copies a local image into a sink the way the transfer engine does: one writer, 1 MiB
// pieces, all-zero pieces as zero() requests (holes), then flush and commit.
Ferry::Result<void> copyIntoSink(const QString &image, Ferry::Sink &sink);
// Process ids whose command line mentions text (qemu of a domain: "guest=NAME").
QList<qint64> processesMentioning(const QString &text);
// qemu:///system domains run as an unprivileged user: a directory it must reach needs
// to be traversable (0755).
bool makeTraversable(const QString &directory);

} // namespace TargetTest
