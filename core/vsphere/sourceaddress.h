#pragma once

#include "base/error.h"

#include <QString>
#include <QUrl>

namespace Ferry {

// Turns what an admin types as the source ("esxi01", "esxi01:8443", "10.0.0.5",
// "fe80::1", "[fe80::1]:443", "https://vc.example.com/sdk") into the
// https://host:port URL SourceEndpoint expects. The port in the text wins over
// defaultPort (the GUI's port field, the CLI's default 443).
//
// Pure: no I/O, no name lookup. Errors are Usage errors with one line that says what
// was wrong and what to type instead: empty host, a port outside 1..65535, a scheme
// other than https, a user name in the address, a path, query or fragment (only "/"
// and "/sdk" are accepted, since people paste the SDK URL).
Result<QUrl> parseSourceAddress(const QString &text, int defaultPort = 443);

// The address as typed, valid or not, without the password of a "user:password@" in
// front of the host ("https://root:s3cret@esxi01/" gives "https://root@esxi01/"): what
// an error message may echo.
QString addressWithoutPassword(const QString &text);

} // namespace Ferry
