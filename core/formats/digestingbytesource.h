#pragma once

#include "bytesource.h"
#include "manifest.h"
#include "manifestdigest.h"

namespace Ferry {

// A ByteSource seen through a digest: every byte read from it also goes into the hash of
// the manifest entry, so a file is checked while it streams, with no second read. After
// the consumer has read everything it needs, finish() drains what is left of the source
// (a VMDK reader stops at its end-of-stream marker; the tar entry can hold padding), then
// compares: a mismatch is an Integrity error "file 'x': SHA256 digest does not match the
// manifest" with both digests in the details.
class DigestingByteSource : public ByteSource
{
public:
    DigestingByteSource(ByteSource &inner, Manifest::Entry expected); // inner not owned

    Result<void> finish();
    QByteArray actualDigest() const; // valid after finish()

protected:
    Result<qint64> readData(char *data, qint64 maxSize) override;

private:
    ByteSource &m_inner;
    Manifest::Entry m_expected;
    ManifestDigest m_hash;
    QByteArray m_actual;
};

} // namespace Ferry
