#pragma once

#include "bytesource.h"

#include <QFile>

namespace Ferry {

// The bytes of a local file, read sequentially: a disk or descriptor of an OVF directory.
class FileByteSource : public ByteSource
{
public:
    // Opens path read-only; fails with NotFound / Io and the path in the message.
    static Result<std::unique_ptr<FileByteSource>> open(const QString &path);

    qint64 size() const;

protected:
    Result<qint64> readData(char *data, qint64 maxSize) override;

private:
    explicit FileByteSource(const QString &path);
    QFile m_file;
};

} // namespace Ferry
