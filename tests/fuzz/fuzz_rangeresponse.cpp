// RangeResponseParser on what a hostile server sends on one connection: pipelined
// responses to Range GETs, fed in pieces as a socket delivers them.
//
// Input: byte 0 picks the request, byte 1 the piece size (1..256 bytes), the rest is
// the stream. Checks the parser's promises: it consumes only what it was given, always
// makes progress, and never hands out more body bytes than the range asked for.
#include "fuzzinput.h"
#include "rangeresponseparser.h"

#include <array>

namespace {

struct Request
{
    qint64 first;
    qint64 last;
    qint64 total;
};

constexpr std::array<Request, 4> requests{{
    {0, 1023, 4096},
    {1024, 2047, 4096},
    {0, 0, 1},
    {33554432, 67108863, 10737418240},
}};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const Request request = requests[data[0] % requests.size()];
    const qsizetype piece = data[1] + 1;
    QByteArrayView stream(data + 2, qsizetype(size - 2));

    Ferry::RangeResponseParser parser;
    parser.expect(request.first, request.last, request.total);
    qint64 body = 0;
    while (!stream.isEmpty()) {
        const QByteArrayView input = stream.first(std::min(piece, stream.size()));
        auto step = parser.feed(input);
        if (!step)
            break;
        FUZZ_ASSERT(step->consumed >= 0 && step->consumed <= input.size());
        FUZZ_ASSERT(step->consumed > 0 || step->done);
        FUZZ_ASSERT(step->body.size() <= step->consumed);
        body += step->body.size();
        FUZZ_ASSERT(body <= request.last - request.first + 1);
        stream = stream.sliced(step->consumed);
        if (step->done) {
            if (parser.status() == 206)
                FUZZ_ASSERT(body == request.last - request.first + 1);
            parser.expect(request.first, request.last, request.total);
            body = 0;
        }
    }
    return 0;
}
