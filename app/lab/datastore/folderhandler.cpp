#include "folderhandler.h"

#include "faults/faultplan.h"
#include "server/labauth.h"
#include "server/labstats.h"
#include "server/sessionstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

constexpr qint64 wrongRangeShift = 4096;
constexpr qint64 longBodyExtra = 65536;

HttpResponse unauthorized()
{
    HttpResponse response = HttpResponse::text(401, "Unauthorized\n");
    response.addHeader("WWW-Authenticate", "Basic realm=\"VMware HTTP server\"");
    return response;
}

QByteArray contentRange(qint64 first, qint64 last, qint64 total)
{
    return "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/' + QByteArray::number(total);
}

} // namespace

FolderHandler::FolderHandler(QString datacenter, QHash<QString, QString> datastoreRoots, LabAuth &auth, FaultPlan &faults, LabStats &stats)
    : m_datacenter(std::move(datacenter))
    , m_datastoreRoots(std::move(datastoreRoots))
    , m_auth(auth)
    , m_faults(faults)
    , m_stats(stats)
{
}

HttpResponse FolderHandler::handle(const HttpRequest &request) const
{
    ++m_stats.folderRequests;
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse response = HttpResponse::text(405, "Method Not Allowed\n");
        response.addHeader("Allow", "GET, HEAD");
        return response;
    }
    QByteArray newCookie;
    const LabAuth::Outcome outcome = m_auth.authorize(request, &newCookie);
    if (outcome == LabAuth::Outcome::Denied || outcome == LabAuth::Outcome::ExpiredSession)
        return unauthorized();

    QString localPath;
    QString relative;
    HttpResponse response;
    if (auto error = resolve(request, &localPath, &relative)) {
        response = *error;
    } else if (QFileInfo(localPath).isDir()) {
        response = listing(localPath, relative, request);
    } else if (request.method == "GET" && m_faults.next503(m_stats.openConnections.load())) {
        ++m_stats.responses503;
        response = HttpResponse::text(503, "Service Unavailable\n");
        response.addHeader("Retry-After", "1");
    } else {
        response = fileResponse(request, localPath, QFileInfo(localPath).size());
    }
    if (!newCookie.isEmpty())
        response.addHeader("Set-Cookie", SessionStore::setCookieValue(newCookie));
    return response;
}

std::optional<HttpResponse> FolderHandler::resolve(const HttpRequest &request, QString *localPath, QString *relative) const
{
    const QByteArray encoded = request.path.mid(int(sizeof "/folder") - 1);
    *relative = QString::fromUtf8(QByteArray::fromPercentEncoding(encoded));
    while (relative->startsWith(u'/'))
        relative->remove(0, 1);
    const QStringList segments = relative->split(u'/');
    if (segments.contains(u".."_s) || relative->contains(QChar(0)) || relative->contains(u'\\'))
        return HttpResponse::text(400, "Bad Request: '..' is not allowed in a datastore path\n");
    const QUrlQuery query(QString::fromUtf8(request.query));
    const QString dc = query.queryItemValue(u"dcPath"_s, QUrl::FullyDecoded);
    const QString ds = query.queryItemValue(u"dsName"_s, QUrl::FullyDecoded);
    if (relative->isEmpty() && ds.isEmpty()) {
        *localPath = QString(); // "/folder" alone: ESXi lists the datacenters
        return HttpResponse::text(200,
                                  "<html><body><a href=\"/folder?dcPath=" + m_datacenter.toUtf8() + "\">" + m_datacenter.toUtf8()
                                      + "</a></body></html>\n",
                                  "text/html");
    }
    if (dc != m_datacenter || !m_datastoreRoots.contains(ds))
        return HttpResponse::text(404, "Not Found: no datastore '" + ds.toUtf8() + "' in datacenter '" + dc.toUtf8() + "'\n");
    *localPath = QDir::cleanPath(m_datastoreRoots.value(ds) + u'/' + *relative);
    if (!QFileInfo::exists(*localPath))
        return HttpResponse::text(404, "Not Found\n");
    return std::nullopt;
}

HttpResponse FolderHandler::fileResponse(const HttpRequest &request, const QString &localPath, qint64 total) const
{
    const QByteArray rangeHeader = request.header("Range");
    std::optional<Range> range;
    if (!rangeHeader.isEmpty()) {
        ++m_stats.rangeRequests;
        if (!m_faults.options().noRange)
            range = parseRange(rangeHeader, total);
    }
    if (range && !range->satisfiable) {
        HttpResponse response = HttpResponse::text(416, "Requested Range Not Satisfiable\n");
        response.addHeader("Content-Range", "bytes */" + QByteArray::number(total));
        return response;
    }
    if (range)
        return rangeResponse(localPath, total, *range);
    HttpResponse response;
    response.addHeader("Content-Type", contentType(localPath));
    response.addHeader("Accept-Ranges", "bytes");
    response.addHeader("Content-Length", QByteArray::number(total));
    response.file.path = localPath;
    response.file.length = total;
    return response;
}

HttpResponse FolderHandler::rangeResponse(const QString &localPath, qint64 total, const Range &range) const
{
    HttpResponse response;
    response.status = 206;
    response.addHeader("Content-Type", contentType(localPath));
    response.addHeader("Accept-Ranges", "bytes");
    response.file.path = localPath;
    response.file.offset = range.first;
    response.file.length = range.last - range.first + 1;
    const LieMode lie = m_faults.nextLie();
    if (lie == LieMode::None) {
        response.addHeader("Content-Range", contentRange(range.first, range.last, total));
        response.addHeader("Content-Length", QByteArray::number(response.file.length));
        return response;
    }
    ++m_stats.lies;
    applyLie(lie, response, range, total);
    return response;
}

void FolderHandler::applyLie(LieMode lie, HttpResponse &response, const Range &range, qint64 total) const
{
    const qint64 length = range.last - range.first + 1;
    qint64 first = range.first;
    qint64 last = range.last;
    qint64 claimedTotal = total;
    switch (lie) {
    case LieMode::WrongRange:
        // Honestly labelled, but not what was asked: the bytes match the header.
        first = range.first + wrongRangeShift + length <= total ? range.first + wrongRangeShift
                                                                : std::max<qint64>(0, range.first - wrongRangeShift);
        if (first == range.first)
            first = range.first + 1; // a tiny file: still shift by something
        last = first + length - 1;
        response.file.offset = first;
        response.file.length = std::max<qint64>(0, std::min(length, total - first));
        response.file.padding = length - response.file.length;
        break;
    case LieMode::ShortBody:
        response.file.stopAfter = length / 2;
        break;
    case LieMode::LongBody:
        response.file.length = std::min(length + longBodyExtra, total - range.first);
        response.file.padding = length + longBodyExtra - response.file.length;
        last = range.last + longBodyExtra;
        break;
    case LieMode::BadTotal:
        claimedTotal = total + 1024 * 1024;
        break;
    case LieMode::Corrupt:
        response.file.corruptAt = length / 2;
        break;
    case LieMode::None:
        break;
    }
    response.addHeader("Content-Range", contentRange(first, last, claimedTotal));
    response.addHeader("Content-Length", QByteArray::number(last - first + 1));
}

std::optional<FolderHandler::Range> FolderHandler::parseRange(const QByteArray &header, qint64 total)
{
    // Only one "bytes=" range is served; anything else is ignored as RFC 9110 allows.
    if (!header.startsWith("bytes=") || header.contains(','))
        return std::nullopt;
    const QByteArray spec = header.mid(6).trimmed();
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return std::nullopt;
    bool okFirst = false;
    bool okLast = false;
    const QByteArray firstText = spec.left(dash).trimmed();
    const QByteArray lastText = spec.mid(dash + 1).trimmed();
    Range range;
    if (firstText.isEmpty()) { // suffix: the last N bytes
        const qint64 suffix = lastText.toLongLong(&okLast);
        if (!okLast || suffix < 0)
            return std::nullopt;
        range.first = std::max<qint64>(0, total - suffix);
        range.last = total - 1;
        range.satisfiable = suffix > 0 && total > 0;
        return range;
    }
    range.first = firstText.toLongLong(&okFirst);
    range.last = lastText.isEmpty() ? total - 1 : lastText.toLongLong(&okLast);
    if (!okFirst || range.first < 0 || (!lastText.isEmpty() && (!okLast || range.last < range.first)))
        return std::nullopt;
    range.last = std::min(range.last, total - 1);
    range.satisfiable = range.first < total;
    return range;
}

QByteArray FolderHandler::contentType(const QString &localPath)
{
    const QString name = QFileInfo(localPath).fileName();
    if (name.endsWith(u".vmx"_s) || name.endsWith(u".vmsd"_s) || name.endsWith(u".vmxf"_s) || name.endsWith(u".log"_s))
        return "text/plain";
    if (name.endsWith(u".vmdk"_s)) {
        // A descriptor is a small text file starting with its magic comment.
        QFile file(localPath);
        if (file.size() < 64 * 1024 && file.open(QIODevice::ReadOnly) && file.read(21) == "# Disk DescriptorFile")
            return "text/plain";
    }
    return "application/octet-stream";
}

HttpResponse FolderHandler::listing(const QString &localPath, const QString &relative, const HttpRequest &request) const
{
    const QUrlQuery query(QString::fromUtf8(request.query));
    const QByteArray suffix = "?" + request.query;
    QByteArray html = "<html><head><title>Index of " + relative.toHtmlEscaped().toUtf8() + "</title></head><body><table>\n";
    const QFileInfoList entries = QDir(localPath).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &entry : entries) {
        const QString name = entry.fileName() + (entry.isDir() ? u"/"_s : QString());
        const QByteArray href = "/folder/" + QUrl::toPercentEncoding(relative.isEmpty() ? name : relative + u'/' + name, "/") + suffix;
        html += "<tr><td><a href=\"" + href + "\">" + name.toHtmlEscaped().toUtf8() + "</a></td><td>"
            + QByteArray::number(entry.isDir() ? 0 : entry.size()) + "</td></tr>\n";
    }
    html += "</table></body></html>\n";
    return HttpResponse::text(200, html, "text/html");
}

} // namespace Ferry::Lab
