#include "benchdisk.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/evp.h>

#include <memory>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

constexpr qint64 chunkSize = 4 << 20;

struct CipherDeleter
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

// The keystream at byte offset `offset` (a multiple of 16): the CTR counter is offset/16.
bool keystream(EVP_CIPHER_CTX *ctx, qint64 offset, unsigned char *out, qint64 size, const unsigned char *zeros)
{
    static const unsigned char key[16] = {'f', 'e', 'r', 'r', 'y', '-', 'l', 'a', 'b', '-', 'b', 'e', 'n', 'c', 'h', '1'};
    unsigned char iv[16] = {};
    quint64 counter = quint64(offset) / 16;
    for (int i = 15; i >= 8; --i, counter >>= 8)
        iv[i] = static_cast<unsigned char>(counter & 0xff);
    int written = 0;
    return EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, key, iv) == 1 && EVP_EncryptUpdate(ctx, out, &written, zeros, int(size)) == 1
        && written == size;
}

} // namespace

bool BenchDisk::isZeroRegion(qint64 offset)
{
    return (offset / regionSize) % zeroEvery == zeroEvery - 1;
}

Result<void> BenchDisk::ensure(const QString &path, qint64 size)
{
    if (QFileInfo(path).size() == size)
        return {};
    const QString partial = path + u".partial"_s;
    const int fd = ::open(QFile::encodeName(partial).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(ErrorCode::Io, u"cannot create %1"_s.arg(partial), QString::fromLocal8Bit(strerror(errno)));
    std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter> ctx(EVP_CIPHER_CTX_new());
    auto zeros = std::make_unique<unsigned char[]>(chunkSize);
    auto buffer = std::make_unique<unsigned char[]>(chunkSize);
    bool ok = ctx && ::ftruncate(fd, size) == 0;
    for (qint64 offset = 0; ok && offset < size; offset += chunkSize) {
        if (isZeroRegion(offset))
            continue; // left as a hole
        const qint64 n = std::min(chunkSize, size - offset);
        ok = keystream(ctx.get(), offset, buffer.get(), n, zeros.get()) && ::pwrite(fd, buffer.get(), size_t(n), offset) == n;
    }
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(QFile::encodeName(partial).constData(), QFile::encodeName(path).constData()) != 0) {
        QFile::remove(partial);
        return fail(ErrorCode::Io, u"cannot write the bench disk %1; is there %2 bytes of free space?"_s.arg(path).arg(size));
    }
    return {};
}

} // namespace Ferry::Lab
