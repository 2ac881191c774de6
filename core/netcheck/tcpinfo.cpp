#include "tcpinfo.h"

#include <cstddef>

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace Ferry {

QJsonObject TcpInfo::toJson() const
{
    return QJsonObject{{u"snd_mss"_s, sendMss},         {u"rcv_mss"_s, receiveMss},
                       {u"rtt_us"_s, rttMicroseconds},  {u"rttvar_us"_s, rttVarMicroseconds},
                       {u"peer_window"_s, peerWindow},  {u"rcv_space"_s, receiveSpace},
                       {u"so_rcvbuf"_s, receiveBuffer}, {u"so_sndbuf"_s, sendBuffer}};
}

std::optional<TcpInfo> TcpInfo::read(qintptr socketDescriptor)
{
    const int fd = int(socketDescriptor);
    struct tcp_info raw = {};
    socklen_t length = sizeof raw;
    if (fd < 0 || ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &raw, &length) != 0)
        return std::nullopt;
    TcpInfo info;
    info.sendMss = int(raw.tcpi_snd_mss);
    info.receiveMss = int(raw.tcpi_rcv_mss);
    info.rttMicroseconds = int(raw.tcpi_rtt);
    info.rttVarMicroseconds = int(raw.tcpi_rttvar);
    info.receiveSpace = raw.tcpi_rcv_space;
    // An older kernel fills a shorter struct: tcpi_snd_wnd is only valid if it was copied.
    if (length >= offsetof(struct tcp_info, tcpi_snd_wnd) + sizeof raw.tcpi_snd_wnd)
        info.peerWindow = raw.tcpi_snd_wnd;
    int value = 0;
    socklen_t valueLength = sizeof value;
    if (::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, &valueLength) == 0)
        info.receiveBuffer = value;
    valueLength = sizeof value;
    if (::getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &value, &valueLength) == 0)
        info.sendBuffer = value;
    return info;
}

} // namespace Ferry
