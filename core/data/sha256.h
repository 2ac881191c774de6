#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>

namespace Ferry {

// Incremental SHA-256 on OpenSSL's SHA-256 block function (which uses the CPU's SHA
// extensions; Qt's own implementation is several times slower). OpenSSL stays out of
// this header. Not thread-safe; movable between threads.
//
// Chaining values: after a multiple of 64 bytes, chainHex() is the hash state (the eight
// 32-bit words, big-endian, in hex) before any padding. It says exactly what a disk's
// hash has absorbed up to there, and resume() continues from it. ChunkDigest::chain
// uses this, so each chunk of a disk is verifiable on its own (from the previous chunk's
// chaining value) while every byte is hashed once.
class Sha256
{
public:
    static constexpr qint64 kBlockBytes = 64;

    Sha256();
    ~Sha256();
    Sha256(Sha256 &&other) noexcept;
    Sha256 &operator=(Sha256 &&other) noexcept;

    // A hash that already absorbed `bytes` bytes (a multiple of kBlockBytes) whose chaining
    // value was `chainHex`; nothing when the text is not 64 hex digits or bytes is not aligned.
    static std::optional<Sha256> resume(QStringView chainHex, qint64 bytes);
    // The chaining value of the initial state (what a disk's first chunk starts from).
    static QString initialChainHex();

    void update(QByteArrayView bytes);
    // Feeds `count` zero bytes without touching memory beyond a static zero page.
    void updateZeros(qint64 count);
    // Bytes absorbed so far.
    qint64 bytes() const;
    // The chaining value; empty unless bytes() is a multiple of kBlockBytes.
    QString chainHex() const;
    // What ChunkDigest::chain records at a chunk's end: chainHex() at a block boundary,
    // otherwise (only a disk's last chunk can end there) the digest of everything so far.
    // Leaves this object unchanged.
    QString chunkEndHex() const;
    // Lower-case hex digest; the object starts over afterwards.
    QString finalHex();

    // One-shot convenience.
    static QString hex(QByteArrayView bytes);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
