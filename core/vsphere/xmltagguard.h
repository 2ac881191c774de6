#pragma once

#include "base/error.h"

#include <QByteArrayView>
#include <QString>

namespace Ferry {

// A linear pre-scan of raw XML bytes, run before QXmlStreamReader sees them.
// QXmlStreamReader checks a start tag's attributes for duplicates pairwise, so a single
// tag with 300 000 attributes costs ~10^11 comparisons: minutes of a core, on whatever
// thread parses (the wizard's GUI thread for SoapSession). vim25 never sends more than a
// handful of attributes (namespace declarations included) nor a tag longer than a few
// hundred bytes, so both are capped here, where counting costs one pass over the bytes.
//
// Comments, CDATA sections and processing instructions are skipped; '=' and '>' inside
// quoted attribute values do not count. Anything malformed is left for the parser to
// report: the guard only refuses, it never accepts on the parser's behalf.
class XmlTagGuard
{
public:
    static constexpr qsizetype defaultMaxAttributes = 64;
    static constexpr qsizetype defaultMaxTagBytes = 64 * 1024;

    // `what` names the document in the error ("the server's XML response").
    static Result<void> check(QByteArrayView xml, const QString &what, qsizetype maxAttributes = defaultMaxAttributes,
                              qsizetype maxTagBytes = defaultMaxTagBytes);
};

} // namespace Ferry
