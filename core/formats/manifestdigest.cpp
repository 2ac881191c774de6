#include "manifestdigest.h"

#include <openssl/evp.h>

namespace Ferry {

struct ManifestDigest::Context
{
    EVP_MD_CTX *context = nullptr;
    ~Context() { EVP_MD_CTX_free(context); }
};

ManifestDigest::ManifestDigest(QCryptographicHash::Algorithm algorithm)
    : d(std::make_unique<Context>())
{
    const EVP_MD *md = algorithm == QCryptographicHash::Sha1 ? EVP_sha1()
        : algorithm == QCryptographicHash::Sha512            ? EVP_sha512()
                                                             : EVP_sha256();
    d->context = EVP_MD_CTX_new();
    if (!d->context || EVP_DigestInit_ex(d->context, md, nullptr) != 1)
        qFatal("OpenSSL cannot start a message digest"); // out of memory: nothing sensible to do
}

ManifestDigest::~ManifestDigest() = default;

void ManifestDigest::update(QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        EVP_DigestUpdate(d->context, bytes.data(), size_t(bytes.size()));
}

QByteArray ManifestDigest::result()
{
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(d->context, reinterpret_cast<unsigned char *>(digest.data()), &length);
    digest.truncate(qsizetype(length));
    return digest;
}

} // namespace Ferry
