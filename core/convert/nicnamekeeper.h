#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Ferry {

// One NIC's name decision, report.json's conversion.nic_names[].
struct NicNameDecision
{
    QString mac;    // the source MAC (lower case), kept by the domain unless action is "skipped"
    QString name;   // the name the guest's network configuration gives the NIC; empty if none
    QString action; // "link-file" | "unchanged" | "skipped"
    QString reason;

    bool writesLinkFile() const { return action == QLatin1String("link-file"); }
    // The guest path of the .link file, for "link-file" decisions.
    QString linkPath() const;
    // The systemd .link file that gives the NIC with this MAC this name.
    QByteArray linkFile() const;
    QJsonObject toJson() const;
};

// Keeps a Linux guest's NIC names across the move to KVM. virt-v2v leaves network
// configuration alone, but the names systemd derives from the PCI slot change (VMware's
// ens192 becomes enp1s0 on q35), so a configuration that names ens192 stays unused. For
// every NIC whose configured name would change, Ferry writes a systemd .link file that
// matches the MAC the domain keeps and sets the old name; udev applies it in the real
// root and, once the initramfs is rebuilt (virt-v2v-in-place does, after Ferry wrote the
// file), in the initramfs too (initramfs-tools and dracut copy /etc/systemd/network/*.link).
//
// Pure: decides from the NICs' MACs in source order and inspection's "network" array
// ({interface, mac, source, kind}); GuestConverter writes the files.
class NicNameKeeper
{
public:
    static QList<NicNameDecision> decide(const QStringList &macs, const QJsonArray &network);
    // Whether systemd would name a NIC differently on other hardware: predictable names
    // from the PCI slot or path (ens192, enp11s0, eno1), not kernel names (eth0) or
    // MAC-based ones (enx005056...).
    static bool nameDependsOnSlot(const QString &name);
    static QJsonArray toJson(const QList<NicNameDecision> &decisions);
};

} // namespace Ferry
