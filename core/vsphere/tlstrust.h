#pragma once

#include <QList>
#include <QString>

class QNetworkReply;
class QSslCertificate;
class QSslError;

namespace Ferry {

// How a TLS peer is trusted. ESXi certificates are self-signed, so the usual
// choices are the system CAs (a CA-signed vCenter) or a SHA-256 fingerprint the
// user accepted. Insecure exists but is never a default.
class TlsTrust
{
public:
    enum class Mode { System, Pinned, Insecure };

    static TlsTrust system();
    // fingerprint: SHA-256 of the DER certificate, any case, with or without ':'.
    static TlsTrust pinned(const QString &fingerprint);
    static TlsTrust insecure();

    Mode mode() const;
    // Upper-case colon-separated hex ("AB:CD:..."), empty unless Mode::Pinned.
    QString pinnedFingerprint() const;

    // Decides whether a handshake with this peer certificate and these verification
    // errors is acceptable. A pinned fingerprint must match even when the system CAs
    // would accept the certificate.
    bool accepts(const QSslCertificate &peer, const QList<QSslError> &errors) const;

    // Wires the policy into one reply: ignores the errors of an accepted peer and aborts
    // the reply of a refused one. Call right after QNetworkAccessManager::get/post.
    // Afterwards refusedFingerprint(reply) tells which certificate was refused.
    void apply(QNetworkReply *reply) const;

    // The SHA-256 fingerprint of the certificate a reply refused, or empty.
    static QString refusedFingerprint(const QNetworkReply *reply);
    // "AB:CD:..." form of the certificate's SHA-256 digest.
    static QString fingerprint(const QSslCertificate &certificate);
    // Accepts "abcd..", "AB:CD:.." or "ab cd .."; empty when it is not 32 bytes of hex.
    static QString normalizeFingerprint(const QString &text);

private:
    TlsTrust(Mode mode, QString fingerprint);

    Mode m_mode;
    QString m_fingerprint;
};

} // namespace Ferry
