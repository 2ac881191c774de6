#include "peercertificate.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<QByteArray> PeerCertificate::fetchPinned(const QString &host, quint16 port, const TlsTrust &trust, int timeoutMs)
{
    if (trust.mode() != TlsTrust::Mode::Pinned)
        return fail(ErrorCode::Internal, u"A certificate is fetched only to pin it."_s);
    QSslSocket socket;
    // Verification is the pin below; the handshake itself must not stop at a self-signed
    // certificate, which is what ESXi presents.
    socket.setPeerVerifyMode(QSslSocket::QueryPeer);
    socket.connectToHostEncrypted(host, port);
    if (!socket.waitForEncrypted(timeoutMs)) {
        const bool timedOut = socket.error() == QAbstractSocket::SocketTimeoutError;
        return fail(timedOut ? ErrorCode::Timeout : ErrorCode::Network,
                    u"Cannot reach %1:%2 over TLS: %3"_s.arg(host).arg(port).arg(socket.errorString()));
    }
    const QSslCertificate peer = socket.peerCertificate();
    socket.abort();
    if (!trust.accepts(peer, {}))
        return fail(ErrorCode::TrustRefused, u"The certificate of %1 does not match the accepted fingerprint"_s.arg(host),
                    TlsTrust::fingerprint(peer));
    return peer.toPem();
}

} // namespace Ferry
