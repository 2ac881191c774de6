#include "xmltagguard.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Markup whose content is not a tag, and where it ends.
struct Skipped
{
    QByteArrayView open;
    QByteArrayView close;
};

constexpr Skipped skipped[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};

} // namespace

Result<void> XmlTagGuard::check(QByteArrayView xml, const QString &what, qsizetype maxAttributes, qsizetype maxTagBytes)
{
    const qsizetype size = xml.size();
    for (qsizetype at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at)) {
        const QByteArrayView rest = xml.sliced(at);
        const auto skip = std::find_if(std::begin(skipped), std::end(skipped), [&](const Skipped &s) { return rest.startsWith(s.open); });
        if (skip != std::end(skipped)) {
            const qsizetype end = xml.indexOf(skip->close, at + skip->open.size());
            if (end < 0)
                return {}; // truncated: the parser says so
            at = end + skip->close.size();
            continue;
        }
        qsizetype attributes = 0;
        char quote = 0;
        qsizetype end = at + 1;
        for (; end < size; ++end) {
            const char c = xml[end];
            if (end - at > maxTagBytes)
                return fail(ErrorCode::Protocol,
                            u"%1 has a tag longer than %2 bytes (at byte %3); refusing it"_s.arg(what).arg(maxTagBytes).arg(at));
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=' && ++attributes > maxAttributes) {
                return fail(ErrorCode::Protocol,
                            u"%1 has a tag with more than %2 attributes (at byte %3); refusing it"_s.arg(what).arg(maxAttributes).arg(at));
            } else if (c == '>') {
                break;
            }
        }
        at = end + 1;
    }
    return {};
}

} // namespace Ferry
