#include "networkmapping.h"

using namespace Qt::StringLiterals;

namespace Ferry {

QStringList sourceNetworks(const QList<VmInfo> &vms)
{
    QStringList networks;
    for (const VmInfo &vm : vms) {
        for (const NicInfo &nic : vm.nics) {
            if (!nic.network.isEmpty() && !networks.contains(nic.network))
                networks.append(nic.network);
        }
    }
    networks.sort(Qt::CaseInsensitive);
    return networks;
}

QMap<QString, QString> proposeNetworkMap(const QStringList &sourceNetworks, const QStringList &targets,
                                         const QMap<QString, QString> &previous)
{
    QMap<QString, QString> map;
    if (targets.isEmpty())
        return map;
    const QString fallback = targets.contains(u"network:default"_s) ? u"network:default"_s : targets.first();
    for (const QString &source : sourceNetworks) {
        const QString kept = previous.value(source);
        if (targets.contains(kept))
            map.insert(source, kept);
        else if (!kept.isEmpty() && targets.contains(u"network:"_s + kept)) // a plain name from --network
            map.insert(source, u"network:"_s + kept);
        else if (targets.contains(u"network:"_s + source))
            map.insert(source, u"network:"_s + source);
        else
            map.insert(source, fallback);
    }
    return map;
}

} // namespace Ferry
