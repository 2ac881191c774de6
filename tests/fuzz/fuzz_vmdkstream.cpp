// The streamOptimized VMDK decoder on arbitrary bytes, fed in small pieces as a tar entry
// would feed it: whatever the input, the extents keep the DiskStream contract (in order,
// contiguous, data extents bounded and as long as they say, ending at the capacity) or the
// decoder stops with an error. Seeds: corpus/vmdkstream (a qemu-img file and a VMware-layout
// stream with grain tables, footer and end-of-stream marker).
#include "formats/diskstream.h"
#include "formats/memorybytesource.h"
#include "formats/streamoptimizedvmdkreader.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Ferry::MemoryByteSource source(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), 1000);
    auto reader = Ferry::StreamOptimizedVmdkReader::open(source, 1);
    if (!reader)
        return 0;
    qint64 expected = 0;
    for (;;) {
        auto extent = (*reader)->next();
        if (!extent)
            break;
        FUZZ_ASSERT(extent->offset == expected);
        if (extent->isEnd()) {
            FUZZ_ASSERT(expected == (*reader)->capacity());
            break;
        }
        FUZZ_ASSERT(extent->length > 0);
        FUZZ_ASSERT(extent->isZero() || (extent->data.size() == extent->length && extent->length <= Ferry::DiskStream::maxExtentBytes));
        expected += extent->length;
        FUZZ_ASSERT(expected <= (*reader)->capacity());
    }
    return 0;
}
