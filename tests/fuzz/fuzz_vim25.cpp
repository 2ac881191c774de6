// The vim25 readers on the tree of arbitrary XML: RetrievePropertiesEx pages, VMs with
// their devices and snapshots, and RetrieveServiceContent. The tree is taken from the
// first element of the SOAP body when there is one, else from the root, so seeds can be
// whole responses (tests/fixtures/vsphere) or bare elements.
#include "deviceparser.h"
#include "fuzzinput.h"
#include "retrieveresult.h"
#include "servicecontent.h"
#include "vmparser.h"
#include "xmltreereader.h"

using namespace Qt::StringLiterals;

namespace {

const Ferry::XmlElement &responseOf(const Ferry::XmlElement &root)
{
    const Ferry::XmlElement *body = root.child(u"Body");
    return body && !body->children().isEmpty() ? body->children().first() : root;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto root = Ferry::XmlTreeReader::read(fuzzBytes(data, size));
    if (!root)
        return 0;
    const Ferry::XmlElement &response = responseOf(*root);
    const QHash<QString, QString> portgroups{{u"dvportgroup-1001"_s, u"Prod VLAN 10"_s}};
    if (auto page = Ferry::RetrieveResult::fromResponse(response)) {
        for (const Ferry::ObjectContent &object : page->objects) {
            if (auto vm = Ferry::VmParser::parse(object, portgroups))
                FUZZ_ASSERT(vm->snapshotCount >= 0);
        }
    }
    if (const Ferry::XmlElement *returnval = response.child(u"returnval"))
        (void)Ferry::ServiceContent::fromElement(*returnval);
    (void)Ferry::DeviceParser::parse(response, portgroups);
    Ferry::VmInfo vm;
    Ferry::VmParser::readSnapshots(response, vm);
    return 0;
}
