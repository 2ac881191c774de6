#include "manifest.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

struct Algorithm
{
    QStringView name;
    QCryptographicHash::Algorithm algorithm;
};

constexpr Algorithm algorithms[] = {
    {u"SHA1", QCryptographicHash::Sha1},
    {u"SHA256", QCryptographicHash::Sha256},
    {u"SHA512", QCryptographicHash::Sha512},
};

Result<Manifest> badLine(int number, const QString &what)
{
    return fail(ErrorCode::Protocol, u"invalid manifest, line %1: %2"_s.arg(number).arg(what));
}

} // namespace

Result<Manifest> Manifest::parse(QByteArrayView text)
{
    if (text.size() > maxSize)
        return fail(ErrorCode::Protocol, u"invalid manifest: larger than %1 bytes"_s.arg(maxSize));
    // "SHA256(name)= hex" (ovftool) and "SHA1 (name) = hex" (VirtualBox, coreutils --tag).
    // The name is taken greedily up to the last ")": names may hold parentheses.
    static const QRegularExpression line(uR"(^([A-Za-z0-9]+)\s*\((.+)\)\s*=\s*([0-9A-Fa-f]+)$)"_s);
    Manifest manifest;
    const QStringList lines = QString::fromUtf8(text).split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString trimmed = lines[i].trimmed();
        if (trimmed.isEmpty())
            continue;
        const auto match = line.match(trimmed);
        if (!match.hasMatch())
            return badLine(i + 1, u"'%1' is not 'ALGORITHM(file)= digest'"_s.arg(trimmed.left(80)));
        Entry entry;
        entry.algorithmName = match.captured(1).toUpper();
        entry.fileName = match.captured(2);
        const auto known = std::find_if(std::begin(algorithms), std::end(algorithms),
                                        [&](const Algorithm &a) { return a.name == entry.algorithmName; });
        if (known == std::end(algorithms))
            return badLine(i + 1, u"unknown digest algorithm '%1' (SHA1, SHA256, SHA512 are known)"_s.arg(entry.algorithmName.left(20)));
        entry.algorithm = known->algorithm;
        entry.digest = QByteArray::fromHex(match.captured(3).toLatin1());
        if (match.captured(3).size() != 2 * QCryptographicHash::hashLength(entry.algorithm))
            return badLine(i + 1,
                           u"%1 digest of '%2' has %3 hex digits, expected %4"_s.arg(entry.algorithmName, entry.fileName.left(80))
                               .arg(match.captured(3).size())
                               .arg(2 * QCryptographicHash::hashLength(entry.algorithm)));
        if (manifest.find(entry.fileName))
            return badLine(i + 1, u"file '%1' is listed twice"_s.arg(entry.fileName.left(80)));
        manifest.entries.append(entry);
    }
    return manifest;
}

const Manifest::Entry *Manifest::find(const QString &fileName) const
{
    for (const Entry &entry : entries) {
        if (entry.fileName == fileName)
            return &entry;
    }
    return nullptr;
}

} // namespace Ferry
