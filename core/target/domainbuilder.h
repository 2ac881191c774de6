#pragma once

#include "base/error.h"
#include "target/firmwarecapabilities.h"
#include "target/guestprofile.h"
#include "vsphere/inventory.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

class QXmlStreamWriter;

namespace Ferry {

// Where one converted disk lives on the target, in the VM's source disk order.
struct DomainDisk
{
    enum class Kind {
        File,   // an image file: <disk type='file'><source file=path/>
        Block,  // a block device: <disk type='block'><source dev=path/>
        Volume, // a libvirt volume: <disk type='volume'><source pool volume/>, works remotely
    };

    Kind kind = Kind::File;
    QString path;                           // File, Block: absolute path on the target host
    QString pool;                           // Volume
    QString volume;                         // Volume
    QString format = QStringLiteral("raw"); // "raw" or "qcow2"
};

struct DomainOptions
{
    enum class Graphics { Vnc, Spice, None };

    QString name; // domain name; empty: the VM's name
    // Source network (port group) -> target. A target is "network:NAME", "bridge:NAME", or
    // a plain NAME: a bridge when knownBridges holds it, otherwise a libvirt network.
    QMap<QString, QString> networkMap;
    QStringList knownBridges;                           // the host's bridges (LibvirtConnection::bridges)
    QString defaultNetwork = QStringLiteral("default"); // for unmapped source networks
    Graphics graphics = Graphics::Vnc;                  // always listening on localhost only
    // "kvm", or "qemu" (TCG emulation) for hosts whose KVM cannot run ordinary guests, or
    // "test" for libvirt's test driver (LibvirtConnection::preferredVirtType).
    QString virtType = QStringLiteral("kvm");
    // The host's firmware (LibvirtConnection::firmwareCapabilities). Absent, as for the
    // output-directory target: UEFI is left to libvirt's auto-selection at define time.
    std::optional<FirmwareCapabilities> firmware;
    // From guest inspection when it ran; absent: GuestProfile::fromGuestId(vm.guestId).
    std::optional<GuestProfile> guest;
    QString serialLogPath; // a file-backed serial port (tests); empty: a pty
    // With a pty serial port: everything the guest writes to it is also logged to this file
    // on the target host (<log file=... append='off'/>, rewritten at each start): what the
    // boot check reads.
    QString consoleLogPath;
    QString description; // <description>, e.g. where the VM came from
};

// The domain XML and why it looks the way it does.
struct DomainXml
{
    QString name; // the domain name used
    QString xml;
    QStringList warnings;  // things the admin must know (lost EFI variables, unmapped networks)
    QStringList decisions; // each choice with its reason, for the report
};

// Builds libvirt domain XML for a VM converted from VMware: q35, the source's UUID, memory,
// vCPU topology and firmware, disks in source order (boot order follows) and NICs with the
// source MAC addresses, buses and models chosen from the guest profile, plus the devices
// an admin expects on KVM (localhost-only graphics, serial console, guest agent channel,
// virtio-rng). Pure: no I/O, no libvirt calls; validate the result with DomainXmlValidator.
class DomainBuilder
{
public:
    DomainBuilder(VmInfo vm, QList<DomainDisk> disks, DomainOptions options);

    // Fails (Usage) when the inputs cannot make a domain: no memory size, a disk count that
    // differs from the VM's, an unknown disk format; fails (Target) for a UEFI VM when the
    // host's capabilities offer no UEFI firmware.
    Result<DomainXml> build() const;

    // "vda", "sdb", ..., "vdaa": libvirt's disk naming for index 0, 1, ..., 26.
    static QString diskDeviceName(const QString &prefix, int index);
    // Whether the domain keeps this source MAC (six hex pairs, lower case, unicast);
    // otherwise libvirt generates one.
    static bool keepsMac(const QString &mac);

    // Where a NIC on sourceNetwork goes: options.networkMap, else options.defaultNetwork.
    struct NetworkTarget
    {
        bool bridge = false; // a host bridge; otherwise a libvirt network
        QString name;
        bool mapped = false; // false: the default network was used
    };
    static NetworkTarget resolveNetwork(const QString &sourceNetwork, const DomainOptions &options);

private:
    struct Context;

    Result<void> checkInputs() const;
    QString domainName(Context &context) const;
    void writeCpuAndMemory(QXmlStreamWriter &xml, Context &context) const;
    Result<bool> efiSecureBoot(Context &context) const;
    Result<void> writeOs(QXmlStreamWriter &xml, Context &context) const;
    void writeFeatures(QXmlStreamWriter &xml, const Context &context) const;
    void writeClock(QXmlStreamWriter &xml, Context &context) const;
    void writeDisks(QXmlStreamWriter &xml, Context &context) const;
    void writeDisk(QXmlStreamWriter &xml, int index, Context &context) const;
    void writeInterfaces(QXmlStreamWriter &xml, Context &context) const;
    void writeInterface(QXmlStreamWriter &xml, const NicInfo &nic, Context &context) const;
    void writeConsoleDevices(QXmlStreamWriter &xml, Context &context) const;
    void writeOtherDevices(QXmlStreamWriter &xml, const Context &context) const;

    VmInfo m_vm;
    QList<DomainDisk> m_disks;
    DomainOptions m_options;
};

} // namespace Ferry
