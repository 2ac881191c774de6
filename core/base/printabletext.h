#pragma once

#include <QString>
#include <QStringView>

namespace Ferry {

// Text a server chose (an HTTP reason phrase or header, an HTML title, a SOAP
// faultstring) made safe to put into an error message that reaches a terminal or a log:
// every control character (C0 such as ESC, CR, LF, BEL; DEL; the C1 range) becomes \xNN
// and every bidirectional override or isolate becomes \uNNNN, so the text cannot move
// the cursor, recolour, retitle or rewrite the terminal, split a log line, or reorder
// what is shown. All other characters, non-ASCII letters included, are kept.
QString printableText(QStringView text);

} // namespace Ferry
