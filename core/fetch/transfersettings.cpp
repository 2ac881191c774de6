#include "transfersettings.h"

#include "data/chunkprocessor.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

// The memory budget charges each request in flight for one processor block.
static_assert(TransferSettings::processorBlockBytes >= ChunkProcessor::kBlockBufferSize);

namespace {

constexpr qint64 MiB = 1 << 20;
constexpr qint64 zeroBlock = 64 * 1024;

Result<void> checkRange(const char *name, qint64 value, qint64 low, qint64 high, const QString &unit = {})
{
    if (value >= low && value <= high)
        return {};
    return fail(ErrorCode::Usage,
                u"%1 must be between %2 and %3%4 (got %5)"_s.arg(QLatin1StringView(name)).arg(low).arg(high).arg(unit).arg(value));
}

} // namespace

Result<void> TransferSettings::validate() const
{
    if (http2)
        return fail(ErrorCode::Usage,
                    u"HTTP/2 is not supported for disk transfers: ESXi throttles each connection, so use several HTTP/1.1 connections"_s);
    if (auto r = checkRange("connections", connections, 1, 64); !r)
        return r;
    if (auto r = checkRange("requests per connection", requestsPerConnection, 1, 16); !r)
        return r;
    if (auto r = checkRange("chunk size", chunkSize, MiB, 1024 * MiB, u" bytes"_s); !r)
        return r;
    if (chunkSize % zeroBlock != 0)
        return fail(ErrorCode::Usage, u"chunk size must be a multiple of 64 KiB (got %1 bytes)"_s.arg(chunkSize));
    if (memoryBudget < minimumMemoryBudget)
        return fail(ErrorCode::Usage,
                    u"memory budget must be at least %1 MiB (got %2 bytes)"_s.arg(minimumMemoryBudget / MiB).arg(memoryBudget));
    if (auto r = checkRange("maximum attempts", maxAttempts, 1, 100); !r)
        return r;
    if (stallTimeout.count() < 100 || stallTimeout > std::chrono::hours(1))
        return fail(ErrorCode::Usage, u"stall timeout must be between 0.1 s and 1 hour (got %1 ms)"_s.arg(stallTimeout.count()));
    if (connectTimeout.count() < 100 || connectTimeout > std::chrono::minutes(10))
        return fail(ErrorCode::Usage, u"connect timeout must be between 0.1 s and 10 minutes (got %1 ms)"_s.arg(connectTimeout.count()));
    return {};
}

int TransferSettings::maxRequestsInFlight() const
{
    return int(std::clamp<qint64>(memoryBudget / bytesPerRequest, 1, 1 << 20));
}

int TransferSettings::poolConnections() const
{
    return autoConnections ? autoMaxConnections : connections;
}

EffectiveConcurrency effectiveConcurrency(const TransferSettings &settings)
{
    const int limit = settings.maxRequestsInFlight();
    const int connections = settings.poolConnections();
    EffectiveConcurrency out;
    if (settings.autoConnections) {
        // Each connection the tuner adds costs its whole pipeline: the budget bounds the count.
        out.requestsPerConnection = std::min(settings.requestsPerConnection, limit);
        out.connections = std::clamp(limit / out.requestsPerConnection, 1, connections);
    } else {
        out.connections = std::min(connections, limit);
        out.requestsPerConnection = std::clamp(limit / out.connections, 1, settings.requestsPerConnection);
    }
    if (out.connections != connections || out.requestsPerConnection != settings.requestsPerConnection) {
        out.clampNote = u"memory budget of %1 MiB allows %2 requests in flight: using %3 connections x %4 requests instead of %5 x %6"_s
                            .arg(settings.memoryBudget / MiB)
                            .arg(limit)
                            .arg(out.connections)
                            .arg(out.requestsPerConnection)
                            .arg(connections)
                            .arg(settings.requestsPerConnection);
    }
    return out;
}

} // namespace Ferry
