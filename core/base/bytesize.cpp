#include "bytesize.h"

#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<qint64> parseByteSize(const QString &text)
{
    static const QRegularExpression pattern(u"^\\s*(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtT]?)(?:i?[bB])?\\s*$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return fail(ErrorCode::Usage, u"'%1' is not a size; use bytes or a suffix like 32M, 1G"_s.arg(text));
    const double number = match.captured(1).toDouble();
    const QString unit = match.captured(2).toLower();
    const int power = unit.isEmpty() ? 0 : int(QStringView(u"kmgt").indexOf(unit.at(0))) + 1;
    const double bytes = number * std::pow(1024.0, power);
    if (bytes >= 9.2e18)
        return fail(ErrorCode::Usage, u"'%1' is too large"_s.arg(text));
    if (bytes != std::floor(bytes))
        return fail(ErrorCode::Usage, u"'%1' is not a whole number of bytes"_s.arg(text));
    return qint64(bytes);
}

QString formatByteSize(qint64 bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024)
        return u"%1 B"_s.arg(bytes);
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    return QString::number(value, 'f', 1) + u' ' + QLatin1StringView(units[unit]);
}

} // namespace Ferry
