#include "tlscost.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

#include <openssl/evp.h>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 blockBytes = 1 << 20;
constexpr double GiB = 1024.0 * 1024 * 1024;
// One core decrypting slower than this (1 GiB/s, about 8.6 Gbit/s) cannot keep up with a
// 10 GbE link on its own.
constexpr double slowSecondsPerGiB = 1.0;

struct CipherContextDeleter
{
    void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
};

const EVP_CIPHER *evpCipher(const QString &name)
{
    if (name == u"aes-256-gcm")
        return EVP_aes_256_gcm();
    if (name == u"chacha20-poly1305")
        return EVP_chacha20_poly1305();
    return EVP_aes_128_gcm();
}

} // namespace

bool TlsCost::cpuHasAes()
{
    QFile file(u"/proc/cpuinfo"_s);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    static const QRegularExpression flag(u"^(flags|Features)\\s*:.*\\baes\\b"_s, QRegularExpression::MultilineOption);
    return flag.match(QString::fromLatin1(file.read(1 << 20))).hasMatch();
}

QString TlsCost::evpCipherFor(const QString &tlsCipher)
{
    const QString upper = tlsCipher.toUpper();
    if (upper.contains(u"CHACHA20"_s))
        return u"chacha20-poly1305"_s;
    if (upper.contains(u"AES256"_s) || upper.contains(u"AES_256"_s))
        return u"aes-256-gcm"_s;
    return u"aes-128-gcm"_s;
}

Result<double> TlsCost::decryptSecondsPerGiB(const QString &evpCipherName, qint64 bytes)
{
    std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter> context(EVP_CIPHER_CTX_new());
    const std::vector<unsigned char> key(32, 0x42);
    const std::vector<unsigned char> iv(12, 0x24);
    if (!context || EVP_DecryptInit_ex(context.get(), evpCipher(evpCipherName), nullptr, key.data(), iv.data()) != 1)
        return fail(ErrorCode::Internal, u"OpenSSL cannot set up %1"_s.arg(evpCipherName));
    std::vector<unsigned char> input(blockBytes, 0x5a);
    std::vector<unsigned char> output(blockBytes + 64);
    const qint64 blocks = std::max<qint64>(1, bytes / blockBytes);
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < blocks; ++i) {
        int written = 0;
        // Only the bulk cost is measured: the tag check at the end is per record, not per byte.
        if (EVP_DecryptUpdate(context.get(), output.data(), &written, input.data(), int(blockBytes)) != 1)
            return fail(ErrorCode::Internal, u"OpenSSL failed to decrypt with %1"_s.arg(evpCipherName));
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    return seconds * GiB / double(blocks * blockBytes);
}

CheckResult TlsCost::check(const QString &tlsCipher, qint64 bytes)
{
    CheckResult check{u"tls-cost"_s, u"TLS decrypt cost on this CPU"_s, CheckStatus::Pass, {}, {}, {}};
    const QString evp = evpCipherFor(tlsCipher);
    const bool aes = cpuHasAes();
    const auto cost = decryptSecondsPerGiB(evp, bytes);
    if (!cost) {
        check.status = CheckStatus::Skip;
        check.summary = cost.error().message();
        return check;
    }
    check.details = QJsonObject{{u"cipher"_s, evp},
                                {u"cpu_aes"_s, aes},
                                {u"seconds_per_gib"_s, *cost},
                                {u"mib_per_second"_s, 1024.0 / *cost},
                                {u"measured_bytes"_s, bytes}};
    check.summary = u"%1 decrypts at %2 MiB/s per core (%3 s per GiB); CPU AES instructions: %4"_s.arg(evp)
                        .arg(1024.0 / *cost, 0, 'f', 0)
                        .arg(*cost, 0, 'f', 2)
                        .arg(aes ? u"yes"_s : u"no"_s);
    if (*cost > slowSecondsPerGiB) {
        check.status = CheckStatus::Warn;
        check.advice = aes ? u"decryption alone caps each core well below 10 GbE; spread the copy over more connections "
                             u"(they run on several threads)"_s
                           : u"this CPU (or VM: check the CPU model passes the 'aes' flag) has no AES instructions, so "
                             u"TLS decryption may limit throughput; enable AES-NI passthrough or use more connections"_s;
    }
    return check;
}

} // namespace Ferry
