#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace Ferry {

// Incremental SHA-256 on OpenSSL's EVP interface (which uses the CPU's SHA extensions;
// Qt's own implementation is several times slower). OpenSSL stays out of this header.
// Not thread-safe; movable between threads.
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256 &&other) noexcept;
    Sha256 &operator=(Sha256 &&other) noexcept;

    void update(QByteArrayView bytes);
    // Feeds `count` zero bytes without touching memory beyond a static zero page.
    void updateZeros(qint64 count);
    // Lower-case hex digest; the object starts over afterwards.
    QString finalHex();

    // One-shot convenience.
    static QString hex(QByteArrayView bytes);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
