#pragma once

#include "base/error.h"
#include "xmlelement.h"

#include <QByteArray>

namespace Ferry {

// Reads a whole XML document into an XmlElement tree with QXmlStreamReader.
// Refuses what a vim25 server never sends but a hostile one could: DTDs (entity
// expansion), nesting deeper than maxDepth, more than maxElements elements, and (through
// XmlTagGuard, before parsing) tags with so many attributes that the parser's pairwise
// duplicate check would take minutes.
// Truncated or malformed input gives a one-line Protocol error, never a partial tree.
class XmlTreeReader
{
public:
    static constexpr int defaultMaxDepth = 256;
    static constexpr qsizetype defaultMaxElements = 2'000'000; // ~64 MiB of vim25 XML

    static Result<XmlElement> read(const QByteArray &xml, int maxDepth = defaultMaxDepth, qsizetype maxElements = defaultMaxElements);
    // The same for XML that is not a server's answer (an OVF descriptor): subject names it
    // in the errors ("the OVF descriptor"), dtdReason says why a DTD is refused.
    static Result<XmlElement> read(const QByteArray &xml, const QString &subject, const QString &dtdReason, int maxDepth = defaultMaxDepth,
                                   qsizetype maxElements = defaultMaxElements);
};

} // namespace Ferry
