// SoapResponse::parse on arbitrary bytes: the SOAP envelope, fault and XML tree reader
// (QXmlStreamReader with Ferry's DTD, depth and element limits) as a hostile vim25
// server would exercise them.
#include "fuzzinput.h"
#include "soapresponse.h"

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString method = u"RetrievePropertiesEx"_s;
    auto response = Ferry::SoapResponse::parse(method, 200, "text/xml; charset=utf-8", fuzzBytes(data, size));
    if (response && response->isFault()) {
        const Ferry::Error error = response->fault().toError(method);
        FUZZ_ASSERT(!error.message().isEmpty());
        (void)Ferry::SoapFault::typeOf(error);
    }
    return 0;
}
