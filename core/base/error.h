#pragma once

#include <QString>

#include <expected>

namespace Ferry {

enum class ErrorCode {
    Usage,        // the caller asked for something malformed
    Network,      // connection refused, reset, DNS, timeout at the socket level
    Timeout,      // an operation took longer than its deadline
    TrustRefused, // the peer's certificate is not trusted; details carry the fingerprint
    Auth,         // credentials rejected
    Protocol,     // the peer answered something that is not what the protocol allows
    SoapFault,    // the vSphere API answered with a SOAP fault
    NotFound,     // a VM, disk, file or object does not exist
    Unsupported,  // valid input Ferry refuses to handle (snapshots, RDM, ...)
    Io,           // local file or device I/O failed
    Process,      // a child process failed to start or exited badly
    Integrity,    // data does not match its digest or its promised size
    Cancelled,    // the user cancelled
    Target,       // the libvirt target refused an operation
    Internal,     // a bug: an invariant did not hold
};

// An error as people see it (one translated line) and as the log sees it (details).
// Cheap to copy; carried through std::expected and finished(const Error&) signals.
class Error
{
public:
    Error(ErrorCode code, QString message, QString details = {});

    ErrorCode code() const;
    QString message() const;
    QString details() const;
    // "message (details)" for logs and the CLI's one-line stderr output.
    QString toString() const;
    // Adds context in front of the message: "disk 1: " + message.
    Error prefixed(const QString &context) const;
    // Needed by Qt's meta-type system for Result<T> in signals (std::expected's == is not SFINAE-friendly).
    bool operator==(const Error &other) const = default;

private:
    ErrorCode m_code;
    QString m_message;
    QString m_details;
};

template<typename T>
using Result = std::expected<T, Error>;

// Shorthand for returning a failure from a function that returns Result<T>.
inline std::unexpected<Error> fail(ErrorCode code, QString message, QString details = {})
{
    return std::unexpected<Error>(Error(code, std::move(message), std::move(details)));
}

} // namespace Ferry
