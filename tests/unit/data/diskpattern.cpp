#include "diskpattern.h"

#include <QCryptographicHash>
#include <QStringList>

namespace Ferry::Test {

namespace {
qint64 parseSize(QStringView text)
{
    qint64 unit = 1;
    if (text.endsWith(u'K'))
        unit = 1024;
    else if (text.endsWith(u'M'))
        unit = 1024 * 1024;
    if (unit != 1)
        text.chop(1);
    return text.toLongLong() * unit;
}
}

QByteArray DiskPattern::make(const QString &spec, quint32 seed)
{
    QByteArray disk;
    quint64 state = 0x9e3779b97f4a7c15ULL ^ seed;
    for (const QString &token : spec.split(u' ', Qt::SkipEmptyParts)) {
        const qint64 size = parseSize(QStringView(token).sliced(1));
        const qint64 start = disk.size();
        disk.resize(start + size, '\0');
        char *at = disk.data() + start;
        if (token.startsWith(u'D')) {
            for (qint64 i = 0; i < size; ++i) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                at[i] = char((state >> 24) | 1); // never zero
            }
        } else if (token.startsWith(u'B') && size > 0) {
            at[size - 1] = 1;
        }
    }
    return disk;
}

bool DiskPattern::naiveIsZero(const char *data, qint64 length)
{
    for (qint64 i = 0; i < length; ++i) {
        if (data[i] != 0)
            return false;
    }
    return true;
}

QString DiskPattern::sha256(QByteArrayView bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace Ferry::Test
