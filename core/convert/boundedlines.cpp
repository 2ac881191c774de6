#include "boundedlines.h"

#include <algorithm>

namespace Ferry {

BoundedLines::BoundedLines(qsizetype maxLength)
    : m_maxLength(std::max<qsizetype>(1, maxLength))
{
}

QList<QByteArray> BoundedLines::add(QByteArrayView bytes)
{
    QList<QByteArray> lines;
    while (!bytes.isEmpty()) {
        const qsizetype newline = bytes.indexOf('\n');
        const QByteArrayView piece = newline < 0 ? bytes : bytes.first(newline);
        if (!m_skipping) {
            const qsizetype room = m_maxLength - m_pending.size();
            if (piece.size() > room) {
                m_pending.append(piece.first(room));
                lines << m_pending;
                m_pending.clear();
                m_skipping = true;
                ++m_cut;
            } else {
                m_pending.append(piece);
            }
        }
        if (newline < 0)
            break;
        if (!m_skipping)
            lines << m_pending;
        m_pending.clear();
        m_skipping = false;
        bytes = bytes.sliced(newline + 1);
    }
    return lines;
}

QList<QByteArray> BoundedLines::finish()
{
    QList<QByteArray> lines;
    if (!m_skipping && !m_pending.isEmpty())
        lines << m_pending;
    m_pending.clear();
    m_skipping = false;
    return lines;
}

} // namespace Ferry
