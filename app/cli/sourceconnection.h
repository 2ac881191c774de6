#pragma once

#include "base/error.h"
#include "vsphere/inventory.h"
#include "vsphere/sourceendpoint.h"

#include <memory>

namespace Ferry {
class SoapSession;
}

namespace Ferry::Cli {

// A logged-in vSphere session for one CLI command: reads the inventory on a local
// event loop (the CLI has no GUI to starve) and logs out when destroyed.
class SourceConnection
{
public:
    explicit SourceConnection(const SourceEndpoint &endpoint);
    ~SourceConnection();

    Result<Inventory> readInventory(int pageSize);
    // The session cookie for /folder requests; empty before a successful login.
    QByteArray sessionCookie() const;

private:
    std::unique_ptr<SoapSession> m_session;
};

// Prints an error as ferry-cli's one-line contract requires and returns the exit code:
// 2 usage, 3 untrusted certificate (with the fingerprint and the option to accept it), 1 else.
int reportError(const Error &error);

} // namespace Ferry::Cli
