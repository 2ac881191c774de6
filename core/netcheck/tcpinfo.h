#pragma once

#include <QJsonObject>
#include <QtGlobal>

#include <optional>

namespace Ferry {

// What the kernel knows about one connected TCP socket (Linux TCP_INFO plus the socket
// buffer sizes in effect). Fields the running kernel does not report stay -1.
struct TcpInfo
{
    int sendMss = -1;         // tcpi_snd_mss: our segment size towards the peer
    int receiveMss = -1;      // tcpi_rcv_mss: the peer's segments as seen here
    int rttMicroseconds = -1; // tcpi_rtt, smoothed
    int rttVarMicroseconds = -1;
    qint64 peerWindow = -1;   // tcpi_snd_wnd: the peer's advertised receive window (Linux 5.4+)
    qint64 receiveSpace = -1; // tcpi_rcv_space: our receive window estimate
    int receiveBuffer = -1;   // SO_RCVBUF in effect
    int sendBuffer = -1;      // SO_SNDBUF in effect

    QJsonObject toJson() const;

    // Reads the socket; empty when it is not a TCP socket or the call fails.
    static std::optional<TcpInfo> read(qintptr socketDescriptor);
};

} // namespace Ferry
