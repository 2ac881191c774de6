#pragma once

#include "vsphere/inventory.h"

#include <QMap>
#include <QStringList>

namespace Ferry {

// The source networks of the VMs being migrated, each once, sorted; NICs without a
// network are left out.
QStringList sourceNetworks(const QList<VmInfo> &vms);

// A mapping for every source network onto targets (libvirt network names as
// "network:NAME", bridges as "bridge:NAME", the spellings DomainBuilder reads):
// a choice already made stays; else a target network of the same name; else the
// libvirt network "default" when there is one; else the first target. Empty targets
// give an empty mapping (the domain builder then uses its default network and warns).
QMap<QString, QString> proposeNetworkMap(const QStringList &sourceNetworks, const QStringList &targets,
                                         const QMap<QString, QString> &previous = {});

} // namespace Ferry
