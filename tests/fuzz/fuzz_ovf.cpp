// The OVF descriptor reader (an OVA's .ovf comes from whoever made the package) and the
// manifest parser on arbitrary bytes. Seeds: the hand-made vSphere / VirtualBox / OVF 2.0
// descriptors of tests/fixtures/ovf and corpus/ovf.
#include "formats/manifest.h"
#include "formats/ovfreader.h"
#include "fuzzinput.h"

#include "base/diskcapacity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = fuzzBytes(data, size);
    if (auto package = Ferry::OvfReader::read(bytes)) {
        FUZZ_ASSERT(!package->systems.isEmpty());
        for (const Ferry::OvfVirtualSystem &system : package->systems) {
            FUZZ_ASSERT(system.diskIds.size() == system.vm.disks.size());
            for (qsizetype i = 0; i < system.vm.disks.size(); ++i) {
                FUZZ_ASSERT(system.vm.disks[i].capacity >= 0 && system.vm.disks[i].capacity <= Ferry::DiskCapacity::maximum);
                FUZZ_ASSERT(package->disk(system.diskIds[i]) != nullptr);
                (void)package->fileForDisk(system, i);
            }
        }
        (void)package->toInventory(QStringLiteral("fuzz.ova"));
    }
    if (auto manifest = Ferry::Manifest::parse(bytes)) {
        for (const Ferry::Manifest::Entry &entry : manifest->entries)
            FUZZ_ASSERT(entry.digest.size() == QCryptographicHash::hashLength(entry.algorithm));
    }
    return 0;
}
