#include "printabletext.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// U+202A..U+202E (embeddings, overrides) and U+2066..U+2069 (isolates).
bool isBidiControl(char16_t c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

} // namespace

QString printableText(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            out += u"\\x%1"_s.arg(c.unicode(), 2, 16, QChar(u'0'));
        else if (isBidiControl(c.unicode()))
            out += u"\\u%1"_s.arg(c.unicode(), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    return out;
}

} // namespace Ferry
