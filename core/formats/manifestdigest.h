#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCryptographicHash>

#include <memory>

namespace Ferry {

// The digest of a manifest entry (SHA-1, SHA-256 or SHA-512) computed incrementally on
// OpenSSL's EVP interface, which uses the CPU's SHA extensions: QCryptographicHash has no
// such path and was the bottleneck of an OVA import (it hashes every byte of the disk
// entry). OpenSSL stays out of this header. Not thread-safe.
class ManifestDigest
{
public:
    // Sha1, Sha256 or Sha512 (what Manifest::parse accepts).
    explicit ManifestDigest(QCryptographicHash::Algorithm algorithm);
    ~ManifestDigest();
    Q_DISABLE_COPY_MOVE(ManifestDigest)

    void update(QByteArrayView bytes);
    // The raw digest; call once.
    QByteArray result();

private:
    struct Context;
    std::unique_ptr<Context> d;
};

} // namespace Ferry
