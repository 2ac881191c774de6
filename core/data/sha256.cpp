#include "sha256.h"

// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but EVP hides
// the chaining value that ChunkDigest::chain needs. They run the same block function
// (with the SHA extensions) underneath.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>

namespace Ferry {

namespace {
// Lives in .bss: pages that are only read map the kernel's shared zero page.
constexpr qsizetype kZeroPageSize = 1024 * 1024;
const char kZeroPage[kZeroPageSize] = {};
constexpr int kChainWords = 8;
}

class Sha256::Private
{
public:
    Private() { reset(); }

    void reset()
    {
        if (SHA256_Init(&ctx) != 1)
            qFatal("OpenSSL cannot initialise SHA-256");
        total = 0;
    }

    SHA256_CTX ctx;
    qint64 total = 0;
};

Sha256::Sha256()
    : d(std::make_unique<Private>())
{
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256 &&other) noexcept = default;
Sha256 &Sha256::operator=(Sha256 &&other) noexcept = default;

std::optional<Sha256> Sha256::resume(QStringView chainHex, qint64 bytes)
{
    if (bytes < 0 || bytes % kBlockBytes != 0 || chainHex.size() != 2 * kChainWords * 4)
        return std::nullopt;
    const QByteArray raw = QByteArray::fromHex(chainHex.toLatin1());
    if (raw.size() != kChainWords * 4 || raw.toHex() != chainHex.toLatin1().toLower())
        return std::nullopt;
    Sha256 sha;
    const auto *in = reinterpret_cast<const unsigned char *>(raw.constData());
    for (int i = 0; i < kChainWords; ++i)
        sha.d->ctx.h[i] = (quint32(in[4 * i]) << 24) | (quint32(in[4 * i + 1]) << 16) | (quint32(in[4 * i + 2]) << 8)
            | quint32(in[4 * i + 3]);
    const quint64 bits = quint64(bytes) * 8;
    sha.d->ctx.Nl = quint32(bits & 0xffffffffu);
    sha.d->ctx.Nh = quint32(bits >> 32);
    sha.d->total = bytes;
    return sha;
}

QString Sha256::initialChainHex()
{
    return Sha256().chainHex();
}

void Sha256::update(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    SHA256_Update(&d->ctx, bytes.data(), size_t(bytes.size()));
    d->total += bytes.size();
}

void Sha256::updateZeros(qint64 count)
{
    while (count > 0) {
        const qint64 piece = std::min<qint64>(count, kZeroPageSize);
        update(QByteArrayView(kZeroPage, piece));
        count -= piece;
    }
}

qint64 Sha256::bytes() const
{
    return d->total;
}

QString Sha256::chainHex() const
{
    if (d->total % kBlockBytes != 0)
        return {};
    QByteArray raw(kChainWords * 4, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    for (int i = 0; i < kChainWords; ++i) {
        const quint32 word = d->ctx.h[i];
        out[4 * i] = (unsigned char)(word >> 24);
        out[4 * i + 1] = (unsigned char)(word >> 16);
        out[4 * i + 2] = (unsigned char)(word >> 8);
        out[4 * i + 3] = (unsigned char)word;
    }
    return QString::fromLatin1(raw.toHex());
}

QString Sha256::chunkEndHex() const
{
    if (d->total % kBlockBytes == 0)
        return chainHex();
    SHA256_CTX copy = d->ctx;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256_Final(digest, &copy);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), SHA256_DIGEST_LENGTH).toHex());
}

QString Sha256::finalHex()
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256_Final(digest, &d->ctx);
    d->reset();
    const QByteArray raw(reinterpret_cast<const char *>(digest), SHA256_DIGEST_LENGTH);
    return QString::fromLatin1(raw.toHex());
}

QString Sha256::hex(QByteArrayView bytes)
{
    Sha256 sha;
    sha.update(bytes);
    return sha.finalHex();
}

} // namespace Ferry
