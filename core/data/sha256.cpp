#include "sha256.h"

#include <openssl/evp.h>

#include <algorithm>

namespace Ferry {

namespace {
// Lives in .bss: pages that are only read map the kernel's shared zero page.
constexpr qsizetype kZeroPageSize = 1024 * 1024;
const char kZeroPage[kZeroPageSize] = {};
}

class Sha256::Private
{
public:
    Private()
        : ctx(EVP_MD_CTX_new())
    {
        reset();
    }
    ~Private() { EVP_MD_CTX_free(ctx); }

    void reset()
    {
        // Both calls only fail on allocation failure or a crippled OpenSSL build, where
        // continuing would produce wrong digests: treat that as fatal.
        if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
            qFatal("OpenSSL cannot initialise SHA-256");
    }

    EVP_MD_CTX *ctx;
};

Sha256::Sha256()
    : d(std::make_unique<Private>())
{
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256 &&other) noexcept = default;
Sha256 &Sha256::operator=(Sha256 &&other) noexcept = default;

void Sha256::update(QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        EVP_DigestUpdate(d->ctx, bytes.data(), size_t(bytes.size()));
}

void Sha256::updateZeros(qint64 count)
{
    while (count > 0) {
        const qint64 piece = std::min<qint64>(count, kZeroPageSize);
        EVP_DigestUpdate(d->ctx, kZeroPage, size_t(piece));
        count -= piece;
    }
}

QString Sha256::finalHex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(d->ctx, digest, &size);
    d->reset();
    const QByteArray raw(reinterpret_cast<const char *>(digest), qsizetype(size));
    return QString::fromLatin1(raw.toHex());
}

QString Sha256::hex(QByteArrayView bytes)
{
    Sha256 sha;
    sha.update(bytes);
    return sha.finalHex();
}

} // namespace Ferry
