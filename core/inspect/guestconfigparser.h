#pragma once

#include "inspect/inspectionreport.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace Ferry {

// Pure parsers for the guest configuration files inspection reads. Each takes the file's
// bytes (already bounded by the reader) and never fails: what it cannot parse it skips.
class GuestConfigParser
{
public:
    // KEY=value lines with optional "" or '' quoting (os-release, ifcfg-*).
    static QHash<QString, QString> parseShellVariables(const QByteArray &text);
    // /etc/fstab entries without comments.
    static QList<FstabEntry> parseFstab(const QByteArray &text);
    // netplan YAML: interfaces under ethernets: (and bonds/vlans names), their
    // match: macaddress and set-name.
    static QList<NetworkConfig> parseNetplan(const QByteArray &text, const QString &source);
    // RHEL /etc/sysconfig/network-scripts/ifcfg-NAME: DEVICE= (else NAME from the file name), HWADDR=.
    static QList<NetworkConfig> parseIfcfg(const QByteArray &text, const QString &source);
    // Debian /etc/network/interfaces: iface/auto/allow-hotplug names except lo.
    static QList<NetworkConfig> parseInterfaces(const QByteArray &text, const QString &source);
    // NetworkManager keyfile: interface-name= and mac-address= in [connection]/[ethernet].
    static QList<NetworkConfig> parseNmConnection(const QByteArray &text, const QString &source);
    // udev 70-persistent-net.rules: NAME="eth0" with ATTR{address}=="..".
    static QList<NetworkConfig> parseUdevNetRules(const QByteArray &text, const QString &source);
    // "10.0.17763.1" from a PE file's version resource (UTF-16 "ProductVersion"), or empty.
    static QString peProductVersion(const QByteArray &image);
    // The machine of a PE (Windows) or ELF (Linux) executable: x86_64, i686, aarch64, ...
    static QString peMachine(const QByteArray &header);
    static QString elfMachine(const QByteArray &header);
    // A Windows product name for a 10.0.BUILD version (heuristic: client and server share builds).
    static QString windowsProductName(const QString &version);
};

} // namespace Ferry
