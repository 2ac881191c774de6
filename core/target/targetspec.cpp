#include "targetspec.h"

#include <QDir>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<TargetSpec> TargetSpec::parse(const QString &text)
{
    TargetSpec spec;
    if (text.startsWith(u"dir:")) {
        const QString path = text.mid(4);
        if (path.isEmpty())
            return fail(ErrorCode::Usage, u"--target dir: needs a path, e.g. dir:/srv/ferry"_s);
        spec.kind = Kind::Directory;
        spec.path = QDir::cleanPath(QDir::current().absoluteFilePath(path));
        return spec;
    }
    // libvirt URIs: driver[+transport]://[user@][host][:port]/[path][?params]
    static const QRegularExpression uri(u"^[a-z][a-z0-9]*(\\+[a-z0-9]+)?://[^\\s]*$"_s);
    if (uri.match(text).hasMatch()) {
        spec.kind = Kind::Libvirt;
        spec.uri = text;
        return spec;
    }
    return fail(ErrorCode::Usage, u"--target '%1' is neither dir:PATH nor a libvirt URI such as qemu:///system"_s.arg(text));
}

QString TargetSpec::toString() const
{
    return kind == Kind::Directory ? u"dir:"_s + path : uri;
}

} // namespace Ferry
