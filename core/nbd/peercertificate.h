#pragma once

#include "base/error.h"
#include "vsphere/tlstrust.h"

#include <QByteArray>
#include <QString>

namespace Ferry {

// Fetches a TLS server's certificate and checks it against a pinned fingerprint, for
// tools that cannot pin (nbdkit curl): the caller writes the returned PEM to a private
// CA file, so the tool trusts exactly the certificate the user accepted.
//
// Blocking (one TLS handshake, bounded by timeoutMs): call from a worker thread.
class PeerCertificate
{
public:
    // The leaf certificate in PEM. Fails (TrustRefused, details = the peer's fingerprint)
    // when it does not match trust's pin; (Network/Timeout) when the handshake fails.
    static Result<QByteArray> fetchPinned(const QString &host, quint16 port, const TlsTrust &trust, int timeoutMs = 15000);
};

} // namespace Ferry
