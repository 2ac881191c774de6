#pragma once

#include "base/error.h"
#include "vsphere/inventory.h"
#include "vsphere/sourceendpoint.h"

#include <memory>

namespace Ferry {
class PackageSource;
class SoapSession;
}

namespace Ferry::Cli {

// A logged-in vSphere session for one CLI command: reads the inventory on a local
// event loop (the CLI has no GUI to starve) and logs out when destroyed. For a package
// source (endpoint.url a local file) it opens the OVA/OVF instead: no session, no cookie.
class SourceConnection
{
public:
    explicit SourceConnection(const SourceEndpoint &endpoint);
    ~SourceConnection();

    Result<Inventory> readInventory(int pageSize);
    // The session cookie for /folder requests; empty before a successful login.
    QByteArray sessionCookie() const;
    // The package after a successful readInventory() of a package source, else null.
    const PackageSource *package() const;

private:
    QString m_packagePath;
    std::unique_ptr<SoapSession> m_session;
    std::unique_ptr<PackageSource> m_package;
};

// Prints an error as ferry-cli's one-line contract requires and returns the exit code:
// 2 usage, 3 untrusted certificate (with the fingerprint and the option to accept it), 1 else.
int reportError(const Error &error);

} // namespace Ferry::Cli
