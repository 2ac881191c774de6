#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Ferry {

// Splits a child's output into lines without letting one line grow without bound: a line
// longer than maxLength bytes is cut, its first maxLength bytes are handed out once and
// the rest is dropped up to its newline. Whoever writes the raw output to a file keeps it
// whole; this is what is parsed and held in memory.
class BoundedLines
{
public:
    static constexpr qsizetype kDefaultMaxLength = 64 * 1024;

    explicit BoundedLines(qsizetype maxLength = kDefaultMaxLength);

    // The lines bytes completes, without their newline.
    QList<QByteArray> add(QByteArrayView bytes);
    // The last line when the output ended without a newline (empty list if none).
    QList<QByteArray> finish();
    // How many lines were cut so far.
    int cutLines() const { return m_cut; }
    qsizetype maxLength() const { return m_maxLength; }

private:
    qsizetype m_maxLength;
    QByteArray m_pending;
    bool m_skipping = false; // inside a line that was cut: drop up to its newline
    int m_cut = 0;
};

} // namespace Ferry
