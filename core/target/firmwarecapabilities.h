#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

namespace Ferry {

// The UEFI firmware a libvirt host offers for one machine type and virtualization type,
// read from its domain capabilities (virConnectGetDomainCapabilities).
struct FirmwareCapabilities
{
    QString machine;                  // canonical machine, "pc-q35-7.2"
    QString virtType;                 // "kvm" or "qemu"
    bool efiAutoSelect = false;       // <os firmware='efi'> works: firmware descriptors exist
    QStringList efiLoaders;           // loader images the host offers, in its order
    bool secureBootSupported = false; // a loader can run with secure='yes'

    bool efiAvailable() const { return efiAutoSelect || !efiLoaders.isEmpty(); }

    // Parses <domainCapabilities> XML. Fails on malformed XML or another root element.
    static Result<FirmwareCapabilities> fromDomainCapabilities(const QString &xml);
};

} // namespace Ferry
