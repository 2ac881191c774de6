#include "nicnamekeeper.h"

#include "target/domainbuilder.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

struct Config
{
    QString name;
    QString mac;
    QString source;
    QString kind;
};

// A VLAN (ens192.100) or alias (ens192:1) lives on its parent NIC.
QString parentName(const QString &name)
{
    const qsizetype cut = name.indexOf(QRegularExpression(u"[.:]"_s));
    return cut > 0 ? name.left(cut) : name;
}

bool isEthernetName(const QString &name)
{
    static const QRegularExpression ethernet(u"^(?:en[a-zA-Z]\\S*|eth\\d+)$"_s);
    return ethernet.match(name).hasMatch();
}

// VMware gives its NICs rising PCI slots in device order (ens160, ens192, ens224, ...):
// names sorted by their number follow the NICs' source order.
bool slotOrder(const QString &a, const QString &b)
{
    static const QRegularExpression number(u"(\\d+)"_s);
    const auto na = number.match(a);
    const auto nb = number.match(b);
    const qsizetype pa = na.hasMatch() ? na.capturedStart() : a.size();
    const qsizetype pb = nb.hasMatch() ? nb.capturedStart() : b.size();
    if (a.left(pa) != b.left(pb))
        return a < b;
    if (na.hasMatch() && nb.hasMatch() && na.captured(1).toLongLong() != nb.captured(1).toLongLong())
        return na.captured(1).toLongLong() < nb.captured(1).toLongLong();
    return a < b;
}

NicNameDecision decideNamed(const QString &mac, const QString &name, const QString &why)
{
    if (!NicNameKeeper::nameDependsOnSlot(name)) {
        if (name.startsWith(u"eth"_s))
            return {mac, name, u"unchanged"_s, why + u"; a kernel name: KVM probes the NICs in their source order"_s};
        return {mac, name, u"unchanged"_s, why + u"; the name does not depend on the PCI slot"_s};
    }
    return {mac, name, u"link-file"_s,
            why + u"; on KVM the NIC sits in another PCI slot and would get another name: a .link file for its MAC keeps "_s + name};
}

} // namespace

QString NicNameDecision::linkPath() const
{
    return u"/etc/systemd/network/10-ferry-%1.link"_s.arg(name);
}

QByteArray NicNameDecision::linkFile() const
{
    return u"# Written by Ferry: keeps the name this NIC had on VMware.\n"
           "[Match]\nMACAddress=%1\n\n[Link]\nName=%2\n"_s.arg(mac, name)
               .toUtf8();
}

QJsonObject NicNameDecision::toJson() const
{
    return {{u"mac"_s, mac}, {u"name"_s, name}, {u"action"_s, action}, {u"reason"_s, reason}};
}

bool NicNameKeeper::nameDependsOnSlot(const QString &name)
{
    // en + o (onboard index), s (hotplug slot), p (PCI path), P (PCI domain); not x (MAC).
    static const QRegularExpression slot(u"^en[ospP]\\S*$"_s);
    return slot.match(name).hasMatch();
}

QJsonArray NicNameKeeper::toJson(const QList<NicNameDecision> &decisions)
{
    QJsonArray array;
    for (const NicNameDecision &decision : decisions)
        array.append(decision.toJson());
    return array;
}

QList<NicNameDecision> NicNameKeeper::decide(const QStringList &macs, const QJsonArray &network)
{
    QList<Config> configs;
    for (const QJsonValue value : network) {
        const QJsonObject object = value.toObject();
        configs.append({parentName(object.value(u"interface"_s).toString()), object.value(u"mac"_s).toString().toLower(),
                        object.value(u"source"_s).toString(), object.value(u"kind"_s).toString()});
    }
    QList<NicNameDecision> decisions(macs.size());
    QSet<QString> claimed; // names a MAC-pinned configuration gave a NIC
    for (qsizetype i = 0; i < macs.size(); ++i) {
        const QString mac = macs.at(i).toLower();
        if (!DomainBuilder::keepsMac(mac)) {
            decisions[i] = {mac, QString(), u"skipped"_s,
                            u"the source MAC is not usable on KVM: libvirt gives the NIC a new one, so no .link file can match it"_s};
            continue;
        }
        const auto pinned = std::find_if(configs.cbegin(), configs.cend(), [&](const Config &c) { return c.mac == mac; });
        if (pinned == configs.cend())
            continue;
        claimed.insert(pinned->name);
        const QString why = u"%1 (%2) matches the MAC"_s.arg(pinned->source, pinned->kind);
        if (pinned->kind == u"udev"_s || pinned->kind == u"netplan"_s || pinned->name.isEmpty())
            decisions[i] = {mac, pinned->name, u"unchanged"_s, why + u" and names the NIC itself; the domain keeps the MAC"_s};
        else
            decisions[i] = decideNamed(mac, pinned->name, why + u" and the name"_s);
    }
    // Configurations that name a NIC without its MAC go to the remaining NICs in slot order.
    QStringList names;
    QHash<QString, QString> sources;
    for (const Config &config : std::as_const(configs)) {
        if (!config.mac.isEmpty() || claimed.contains(config.name) || !isEthernetName(config.name) || names.contains(config.name))
            continue;
        names << config.name;
        sources.insert(config.name, u"%1 (%2)"_s.arg(config.source, config.kind));
    }
    std::sort(names.begin(), names.end(), slotOrder);
    qsizetype next = 0;
    int unpinned = 0;
    for (const NicNameDecision &decision : std::as_const(decisions))
        unpinned += decision.action.isEmpty() ? 1 : 0;
    for (qsizetype i = 0; i < macs.size(); ++i) {
        if (!decisions.at(i).action.isEmpty())
            continue;
        const QString mac = macs.at(i).toLower();
        if (next >= names.size()) {
            decisions[i] = {mac, QString(), u"unchanged"_s, u"no network configuration names this NIC: nothing depends on its name"_s};
            continue;
        }
        const QString &name = names.at(next++);
        const QString why = unpinned == 1 && names.size() == 1
            ? u"%1 configures %2, the only NIC"_s.arg(sources.value(name), name)
            : u"%1 configures %2, NIC %3 in slot order"_s.arg(sources.value(name), name).arg(next);
        decisions[i] = decideNamed(mac, name, why);
    }
    return decisions;
}

} // namespace Ferry
