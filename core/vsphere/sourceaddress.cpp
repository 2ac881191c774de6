#include "sourceaddress.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// The translation context of these messages; lupdate reads it from the class name.
class SourceAddress
{
    Q_DECLARE_TR_FUNCTIONS(Ferry::SourceAddress)
};

struct Authority
{
    QString host;
    QString port;
    bool hasPort = false; // a ':' followed the host, even with nothing after it
};

// Splits "host", "host:port", "[v6]", "[v6]:port" and a bare IPv6 address ("fe80::1",
// which has more than one colon and so cannot carry a port).
Result<Authority> splitAuthority(const QString &authority)
{
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return fail(ErrorCode::Usage, SourceAddress::tr("the IPv6 address '%1' lacks its closing ']'").arg(authority));
        const QString rest = authority.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return fail(ErrorCode::Usage, SourceAddress::tr("unexpected text after the IPv6 address in '%1'").arg(authority));
        return Authority{authority.mid(1, close - 1), rest.mid(1), !rest.isEmpty()};
    }
    if (authority.count(u':') > 1)
        return Authority{authority, {}, false};
    const qsizetype colon = authority.indexOf(u':');
    if (colon < 0)
        return Authority{authority, {}, false};
    return Authority{authority.left(colon), authority.mid(colon + 1), true};
}

Result<int> parsePort(const QString &text, const QString &address)
{
    bool ok = false;
    const int port = text.toInt(&ok);
    const bool digitsOnly = std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
    if (!ok || !digitsOnly || port < 1 || port > 65535)
        return fail(ErrorCode::Usage, SourceAddress::tr("the port '%1' in '%2' is not a number from 1 to 65535").arg(text, address));
    return port;
}

// Whatever follows host[:port]: only nothing, "/" and "/sdk" (the API endpoint itself).
Result<void> checkRest(const QString &rest, const QString &address)
{
    if (rest.contains(u'?') || rest.contains(u'#'))
        return fail(ErrorCode::Usage,
                    SourceAddress::tr("remove the query or fragment from '%1'; the source is just a host and a port").arg(address));
    if (rest.isEmpty() || rest == u"/" || rest.compare(u"/sdk", Qt::CaseInsensitive) == 0
        || rest.compare(u"/sdk/", Qt::CaseInsensitive) == 0)
        return {};
    return fail(ErrorCode::Usage,
                SourceAddress::tr("remove the path '%1' from '%2'; the source is just a host and a port").arg(rest, address));
}

} // namespace

QString addressWithoutPassword(const QString &text)
{
    // From the first ':' after the scheme to the last '@': a password typed without
    // percent-encoding may hold '/', '?', '#' or '@'. An '@' in a path cuts too much,
    // which is harmless in an echo.
    const qsizetype schemeEnd = text.indexOf(u"://");
    const qsizetype colon = text.indexOf(u':', schemeEnd < 0 ? 0 : schemeEnd + 3);
    const qsizetype at = text.lastIndexOf(u'@');
    if (colon < 0 || at < colon)
        return text;
    return text.left(colon) + text.mid(at);
}

Result<QUrl> parseSourceAddress(const QString &text, int defaultPort)
{
    const QString address = text.trimmed();
    if (address.isEmpty())
        return fail(ErrorCode::Usage, SourceAddress::tr("enter the host name or address of the ESXi host or vCenter"));
    if (defaultPort < 1 || defaultPort > 65535)
        return fail(ErrorCode::Usage, SourceAddress::tr("the port %1 is not a number from 1 to 65535").arg(defaultPort));

    QString rest = address;
    const qsizetype schemeEnd = address.indexOf(u"://");
    if (schemeEnd >= 0) {
        const QString scheme = address.left(schemeEnd);
        if (scheme.compare(u"https", Qt::CaseInsensitive) != 0)
            return fail(
                ErrorCode::Usage,
                SourceAddress::tr("the source must be reached over https, not '%1'; type https://HOST or just the host").arg(scheme));
        rest = address.mid(schemeEnd + 3);
    }
    qsizetype authorityEnd = rest.indexOf(u'/');
    for (const QChar c : {u'?', u'#'}) {
        const qsizetype at = rest.indexOf(c);
        if (at >= 0 && (authorityEnd < 0 || at < authorityEnd))
            authorityEnd = at;
    }
    const QString authority = authorityEnd < 0 ? rest : rest.left(authorityEnd);
    if (authority.contains(u'@'))
        // Not echoed: the text before '@' may hold a password.
        return fail(ErrorCode::Usage,
                    SourceAddress::tr("remove the user name (and any password) from the address and enter it in the user field"));
    if (auto checked = checkRest(authorityEnd < 0 ? QString() : rest.mid(authorityEnd), address); !checked)
        return std::unexpected(checked.error());

    const auto parts = splitAuthority(authority);
    if (!parts)
        return std::unexpected(parts.error());
    if (parts->host.isEmpty())
        return fail(ErrorCode::Usage,
                    SourceAddress::tr("'%1' names no host; enter the host name or address of the ESXi host or vCenter").arg(address));
    int port = defaultPort;
    if (parts->hasPort) {
        const auto parsed = parsePort(parts->port, address);
        if (!parsed)
            return std::unexpected(parsed.error());
        port = *parsed;
    }

    QUrl url;
    url.setScheme(u"https"_s);
    url.setHost(parts->host, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(ErrorCode::Usage, SourceAddress::tr("'%1' is not a valid host name or address").arg(parts->host));
    url.setPort(port);
    return url;
}

} // namespace Ferry
