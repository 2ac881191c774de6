#include "outputdirectory.h"

#include "base/safefile.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Ferry {

OutputDirectory::OutputDirectory(QString root)
    : m_root(QDir::cleanPath(std::move(root)))
{
}

QString OutputDirectory::root() const
{
    return m_root;
}

QString OutputDirectory::vmDirectory(const QString &vmName) const
{
    return m_root + u'/' + safeFileName(vmName);
}

QString OutputDirectory::diskPath(const QString &vmName, int diskNumber, const QString &format) const
{
    const QString name = safeFileName(vmName);
    return vmDirectory(vmName) + u'/' + name + u"-disk"_s + QString::number(diskNumber) + u'.' + format;
}

QString OutputDirectory::domainXmlPath(const QString &vmName) const
{
    return vmDirectory(vmName) + u'/' + safeFileName(vmName) + u".xml"_s;
}

QString OutputDirectory::reportPath(const QString &vmName) const
{
    return vmDirectory(vmName) + u"/report.json"_s;
}

Result<void> OutputDirectory::prepareVm(const QString &vmName, bool resume) const
{
    const QString path = vmDirectory(vmName);
    if (!QDir().mkpath(m_root))
        return fail(ErrorCode::Io, u"cannot create the directory %1"_s.arg(m_root));
    // Private (0700) and ours: a directory someone else made, or a link, could let them
    // read the guest's disks or swap files under Ferry.
    if (auto own = SafeFile::makeOwnDirectory(path); !own)
        return own;
    if (!resume && !QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return fail(ErrorCode::Io,
                    u"%1 already holds files from an earlier migration; choose another target, "
                    u"delete it, or continue it with --resume"_s.arg(path));
    if (!QFileInfo(path).isWritable())
        return fail(ErrorCode::Io, u"cannot write to %1"_s.arg(path));
    return {};
}

void OutputDirectory::removeIfEmpty(const QString &vmName) const
{
    QDir().rmdir(vmDirectory(vmName));
}

QString OutputDirectory::safeFileName(const QString &vmName)
{
    QString name = vmName;
    for (QChar &c : name) {
        if (c == u'/' || c == u'\\' || c.category() == QChar::Other_Control)
            c = u'_';
    }
    if (name.startsWith(u'.'))
        name.replace(0, 1, u'_');
    return name.isEmpty() ? u"_"_s : name;
}

} // namespace Ferry
