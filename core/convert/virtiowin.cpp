#include "virtiowin.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Ferry::VirtioWin {

namespace {

// The primary volume descriptor of ISO 9660 sits at byte 32768: type 1, then "CD001".
bool isIso9660(QFile &file)
{
    if (!file.seek(32768))
        return false;
    const QByteArray header = file.read(6);
    return header.size() == 6 && header.mid(1) == "CD001";
}

// virtio-win's own layout: the storage driver's folder in any case. Windows guests boot
// from viostor (virtio-blk) or vioscsi; without either the directory cannot help.
bool hasStorageDrivers(const QDir &dir)
{
    const QStringList entries = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        if (entry.compare(u"viostor"_s, Qt::CaseInsensitive) == 0 || entry.compare(u"vioscsi"_s, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

Result<QString> check(const QString &path)
{
    if (path.trimmed().isEmpty())
        return fail(ErrorCode::Usage, u"no virtio-win path given: name a virtio-win ISO or its unpacked directory"_s);
    const QFileInfo info(path);
    if (!info.exists())
        return fail(ErrorCode::Usage, u"virtio-win: %1 does not exist; name a virtio-win ISO or its unpacked directory"_s.arg(path));
    if (info.isDir()) {
        const QDir dir(info.absoluteFilePath());
        if (!info.isReadable() || !info.isExecutable())
            return fail(ErrorCode::Usage, u"virtio-win: the directory %1 is not readable"_s.arg(path));
        if (!hasStorageDrivers(dir))
            return fail(ErrorCode::Usage,
                        u"virtio-win: %1 holds no viostor or vioscsi folder; give the virtio-win ISO or a copy of its whole "
                        "contents"_s.arg(path));
        return info.absoluteFilePath();
    }
    QFile file(info.absoluteFilePath());
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, u"virtio-win: cannot read %1: %2"_s.arg(path, file.errorString()));
    if (!isIso9660(file))
        return fail(ErrorCode::Usage, u"virtio-win: %1 is not an ISO image (no ISO 9660 volume descriptor)"_s.arg(path));
    return info.absoluteFilePath();
}

QString missingAdvice(const QString &reportDir)
{
    const QString dir = reportDir.isEmpty() ? u"DIR"_s : reportDir;
    return u"Windows guests need virtio drivers, and no virtio-win ISO was given (--virtio-win): the VM keeps SATA disks "
           "and an e1000e NIC, which Windows may not boot from. To convert it later without copying again: "
           "ferry-cli convert %1 --virtio-win /path/to/virtio-win.iso (the ISO is at "
           "https://fedorapeople.org/groups/virt/virtio-win/direct-downloads/)"_s.arg(dir);
}

} // namespace Ferry::VirtioWin
