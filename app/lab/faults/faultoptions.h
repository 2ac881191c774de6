#pragma once

#include <QtGlobal>

namespace Ferry::Lab {

// How a lying server lies on a range answer (--lie MODE).
enum class LieMode { None, WrongRange, ShortBody, LongBody, BadTotal, Corrupt };

// The fault knobs of ferry-lab. Zero or negative means "off" for every number.
// Byte counts apply to /folder body bytes only, per TCP connection (the total rate: all
// connections together).
struct FaultOptions
{
    qint64 ratePerConnection = 0;  // bytes per second, token bucket per connection
    qint64 rateLimitTotal = 0;     // bytes per second of all connections together (the link)
    int error503Every = 0;         // every Nth /folder GET answers 503
    double error503Rate = 0.0;     // probability of a 503 per /folder GET
    int error503Above = 0;         // /folder GETs answer 503 while more TCP connections are open
    quint64 seed = 1;              // seed of the 503 random draw
    qint64 dropAfter = 0;          // close the connection after this many body bytes
    qint64 stallAfter = 0;         // stop sending after this many body bytes, keep the socket open
    int sessionIdleTimeout = 1800; // seconds; ESXi's default is 30 minutes
    int latencyMs = 0;             // added before every response
    LieMode lie = LieMode::None;
    int lieEvery = 1;     // lie on every Nth range request
    bool noRange = false; // ignore Range, always answer 200 with the whole file
};

} // namespace Ferry::Lab
