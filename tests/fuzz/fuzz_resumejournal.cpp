// ResumeJournal::resume on an arbitrary journal file, as a crash, a full disk or a hand
// edit can leave it. The source is fixed; the seeds carry its header, so mutations reach
// the chunk records. A journal that loads must describe chunks of the source's layout.
#include "fuzzinput.h"
#include "resumejournal.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // On tmpfs when there is one: resume() syncs the file, and a disk makes that slow.
    // Deleted after each input, so nothing is left behind however the run ends.
    static const QString target = (QFileInfo(u"/dev/shm"_s).isWritable() ? u"/dev/shm"_s : QDir::tempPath())
        + u"/ferry-fuzz-%1.raw"_s.arg(QCoreApplication::applicationPid());
    const Ferry::ResumeJournal::Source source{
        u"https://esxi.example.com/folder/web01/web01-flat.vmdk?dcPath=ha-datacenter&dsName=datastore1"_s, 100 * 1024 * 1024 + 5,
        32 * 1024 * 1024, u"\"5f3e-1a2b\""_s};
    {
        QFile file(Ferry::ResumeJournal::pathFor(target));
        FUZZ_ASSERT(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        FUZZ_ASSERT(file.write(fuzzBytes(data, size)) == qint64(size));
    }
    auto journal = Ferry::ResumeJournal::resume(target, source);
    QFile::remove(Ferry::ResumeJournal::pathFor(target));
    if (!journal)
        return 0;
    for (const Ferry::ChunkDigest &chunk : (*journal)->completedChunks()) {
        FUZZ_ASSERT(chunk.offset % source.chunkSize == 0 && chunk.offset < source.capacity);
        FUZZ_ASSERT(chunk.length > 0 && chunk.offset + chunk.length <= source.capacity);
        FUZZ_ASSERT(chunk.zeroBytes >= 0 && chunk.dataBytes == chunk.length - chunk.zeroBytes);
    }
    return 0;
}
