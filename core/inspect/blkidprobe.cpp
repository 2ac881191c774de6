#include "blkidprobe.h"

#include <QFile>
#include <QHash>
#include <QtEndian>

#include <blkid/blkid.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 kSector = 512;

// Owns one fd and one blkid probe for the duration of a probe call.
class Probe
{
public:
    explicit Probe(const QString &device)
    {
        m_fd = ::open(QFile::encodeName(device).constData(), O_RDONLY | O_CLOEXEC);
        if (m_fd >= 0)
            m_probe = blkid_new_probe();
    }
    ~Probe()
    {
        if (m_probe)
            blkid_free_probe(m_probe);
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Probe(const Probe &) = delete;
    Probe &operator=(const Probe &) = delete;

    bool setRange(qint64 offset, qint64 size) { return m_probe && blkid_probe_set_device(m_probe, m_fd, offset, size) == 0; }
    blkid_probe get() const { return m_probe; }
    int fd() const { return m_fd; }

    QString value(const char *name) const
    {
        const char *data = nullptr;
        size_t length = 0;
        if (blkid_probe_lookup_value(m_probe, name, &data, &length) != 0 || !data)
            return {};
        return QString::fromUtf8(data, qsizetype(strnlen(data, length)));
    }

private:
    int m_fd = -1;
    blkid_probe m_probe = nullptr;
};

QByteArray readSector(int fd, qint64 index)
{
    QByteArray sector(kSector, 0);
    const ssize_t n = ::pread(fd, sector.data(), kSector, index * kSector);
    return n == kSector ? sector : QByteArray();
}

PartitionEntry entryFrom(blkid_partition partition, bool gpt)
{
    PartitionEntry entry;
    entry.number = blkid_partition_get_partno(partition);
    entry.start = qint64(blkid_partition_get_start(partition)) * kSector;
    entry.size = qint64(blkid_partition_get_size(partition)) * kSector;
    if (gpt) {
        entry.type = QString::fromLatin1(blkid_partition_get_type_string(partition)).toLower();
    } else {
        entry.type = u"0x%1"_s.arg(blkid_partition_get_type(partition), 2, 16, QChar(u'0'));
        entry.bootable = (blkid_partition_get_flags(partition) & 0x80) != 0;
    }
    entry.typeName = BlkidProbe::typeName(entry.type);
    entry.name = QString::fromUtf8(blkid_partition_get_name(partition));
    entry.partUuid = QString::fromLatin1(blkid_partition_get_uuid(partition)).toLower();
    return entry;
}

// libblkid ignores a GPT whose headers both fail their CRC; the protective MBR is left.
bool hasProtectiveMbr(const QByteArray &sector0)
{
    if (sector0.size() < kSector || quint8(sector0.at(510)) != 0x55 || quint8(sector0.at(511)) != 0xaa)
        return false;
    for (int i = 0; i < 4; ++i) {
        if (quint8(sector0.at(446 + i * 16 + 4)) == 0xee)
            return true;
    }
    return false;
}

} // namespace

Result<BlkidProbe::Layout> BlkidProbe::partitions(const QString &device, qint64 diskSize)
{
    Probe probe(device);
    if (!probe.setRange(0, diskSize))
        return fail(ErrorCode::Io, u"Cannot probe %1 with libblkid."_s.arg(device), qt_error_string(errno));
    Layout layout;
    const QByteArray sector0 = readSector(probe.fd(), 0);
    layout.mbrBootCode = classifyBootCode(sector0);
    blkid_probe_enable_superblocks(probe.get(), 0);
    blkid_probe_enable_partitions(probe.get(), 1);
    blkid_probe_set_partitions_flags(probe.get(), BLKID_PARTS_ENTRY_DETAILS);
    const int rc = blkid_do_fullprobe(probe.get());
    blkid_partlist list = rc == 0 ? blkid_probe_get_partitions(probe.get()) : nullptr;
    blkid_parttable table = list ? blkid_partlist_get_table(list) : nullptr;
    if (rc < 0)
        layout.problems << u"libblkid could not read the partition table (%1)"_s.arg(rc);
    if (!table) {
        layout.table = u"none"_s;
        if (hasProtectiveMbr(sector0))
            layout.problems << u"a protective MBR announces a GPT, but no valid GPT header (primary or backup) was found"_s;
        return layout;
    }
    layout.table = QString::fromLatin1(blkid_parttable_get_type(table));
    layout.diskId = QString::fromLatin1(blkid_parttable_get_id(table)).toLower();
    const bool gpt = layout.table == u"gpt";
    if (gpt && !readSector(probe.fd(), 1).startsWith("EFI PART"))
        layout.problems << u"the primary GPT header is damaged; the backup header at the end of the disk was used"_s;
    const int count = blkid_partlist_numof_partitions(list);
    for (int i = 0; i < count; ++i) {
        blkid_partition partition = blkid_partlist_get_partition(list, i);
        if (partition && !blkid_partition_is_extended(partition))
            layout.partitions.append(entryFrom(partition, gpt));
    }
    layout.problems << checkEntries(layout.partitions, diskSize);
    return layout;
}

Result<FilesystemInfo> BlkidProbe::filesystem(const QString &device, qint64 offset, qint64 size)
{
    Probe probe(device);
    if (!probe.setRange(offset, size))
        return fail(ErrorCode::Io, u"Cannot probe %1 at offset %2 with libblkid."_s.arg(device).arg(offset), qt_error_string(errno));
    blkid_probe_enable_partitions(probe.get(), 0);
    blkid_probe_enable_superblocks(probe.get(), 1);
    blkid_probe_set_superblocks_flags(probe.get(),
                                      BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE
                                          | BLKID_SUBLKS_VERSION);
    FilesystemInfo info;
    const int rc = blkid_do_safeprobe(probe.get());
    if (rc == -2) {
        info.type = u"ambivalent"_s; // several signatures: never guess which one is real
        return info;
    }
    if (rc != 0)
        return info;
    info.type = probe.value("TYPE");
    info.usage = probe.value("USAGE");
    info.label = probe.value("LABEL");
    info.uuid = probe.value("UUID");
    info.version = probe.value("VERSION");
    return info;
}

QStringList BlkidProbe::checkEntries(const QList<PartitionEntry> &partitions, qint64 diskSize)
{
    QStringList problems;
    QList<PartitionEntry> sorted = partitions;
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.start < b.start; });
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        const PartitionEntry &entry = sorted.at(i);
        if (entry.start + entry.size > diskSize)
            problems << u"partition %1 ends at byte %2, past the end of the %3-byte disk"_s.arg(entry.number)
                            .arg(entry.start + entry.size)
                            .arg(diskSize);
        if (entry.size <= 0)
            problems << u"partition %1 is empty"_s.arg(entry.number);
        if (i > 0 && sorted.at(i - 1).start + sorted.at(i - 1).size > entry.start)
            problems << u"partitions %1 and %2 overlap"_s.arg(sorted.at(i - 1).number).arg(entry.number);
    }
    return problems;
}

QString BlkidProbe::classifyBootCode(const QByteArray &sector0)
{
    if (sector0.size() < 440)
        return u"unknown"_s;
    const QByteArray code = sector0.left(440);
    if (std::all_of(code.begin(), code.end(), [](char c) { return c == 0; }))
        return u"none"_s;
    if (code.contains("GRUB"))
        return u"grub"_s;
    if (code.contains("Invalid partition table") || code.contains("Missing operating system"))
        return u"windows"_s;
    // syslinux's mbr.bin has no name in it; its error text gives it away.
    if (code.contains("Missing OS") || code.contains("SYSLINUX") || code.contains("Boot error"))
        return u"syslinux"_s;
    return u"unknown"_s;
}

QString BlkidProbe::typeName(const QString &type)
{
    static const QHash<QString, QString> names{
        {u"0x83"_s, u"Linux"_s},
        {u"0x82"_s, u"Linux swap"_s},
        {u"0x8e"_s, u"Linux LVM"_s},
        {u"0xfd"_s, u"Linux RAID"_s},
        {u"0x07"_s, u"NTFS/exFAT"_s},
        {u"0x0b"_s, u"FAT32"_s},
        {u"0x0c"_s, u"FAT32 (LBA)"_s},
        {u"0x27"_s, u"Windows recovery"_s},
        {u"0xef"_s, u"EFI System"_s},
        {u"0xee"_s, u"GPT protective"_s},
        {u"0x05"_s, u"Extended"_s},
        {u"0x0f"_s, u"Extended (LBA)"_s},
        {u"c12a7328-f81f-11d2-ba4b-00a0c93ec93b"_s, u"EFI System"_s},
        {u"21686148-6449-6e6f-744e-656564454649"_s, u"BIOS boot"_s},
        {u"0fc63daf-8483-4772-8e79-3d69d8477de4"_s, u"Linux filesystem"_s},
        {u"4f68bce3-e8cd-4db1-96e7-fbcaf984b709"_s, u"Linux root (x86-64)"_s},
        {u"bc13c2ff-59e6-4262-a352-b275fd6f7172"_s, u"Linux extended boot"_s},
        {u"0657fd6d-a4ab-43c4-84e5-0933c84b4f4f"_s, u"Linux swap"_s},
        {u"e6d6d379-f507-44c2-a23c-238f2a3df928"_s, u"Linux LVM"_s},
        {u"a19d880f-05fc-4d3b-a006-743f0f84911e"_s, u"Linux RAID"_s},
        {u"ebd0a0a2-b9e5-4433-87c0-68b6b72699c7"_s, u"Microsoft basic data"_s},
        {u"e3c9e316-0b5c-4db8-817d-f92df00215ae"_s, u"Microsoft reserved"_s},
        {u"de94bba4-06d1-4d40-a16a-bfd50179d6ac"_s, u"Windows recovery"_s},
    };
    return names.value(type.toLower());
}

} // namespace Ferry
