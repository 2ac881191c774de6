#pragma once

#include "base/error.h"
#include "checkresult.h"

#include <QString>

namespace Ferry {

// What TLS costs this CPU: whether it has AES instructions and how long decrypting one
// GiB with the negotiated cipher takes (OpenSSL EVP, in memory, one core), so a slow
// copy can be blamed on the CPU rather than the network when that is the truth.
// Blocking for the measurement (a fraction of a second with AES-NI); not for the GUI thread.
class TlsCost
{
public:
    // "aes" among the flags of /proc/cpuinfo (x86) or "Features" (ARM).
    static bool cpuHasAes();
    // The EVP cipher measured for a TLS cipher name: "aes-128-gcm", "aes-256-gcm" or
    // "chacha20-poly1305" (AES-128-GCM when the name says nothing else).
    static QString evpCipherFor(const QString &tlsCipher);
    // Seconds to decrypt one GiB, measured over `bytes` in memory.
    static Result<double> decryptSecondsPerGiB(const QString &evpCipher, qint64 bytes);
    // Check "tls-cost" for the cipher the source negotiated (empty: AES-128-GCM).
    static CheckResult check(const QString &tlsCipher, qint64 bytes);
};

} // namespace Ferry
