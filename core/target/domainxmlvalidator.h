#pragma once

#include "base/error.h"

#include <QString>

namespace Ferry {

// Checks domain XML against libvirt's RelaxNG schema with virt-xml-validate (package
// libvirt-clients), the same schema virDomainDefineXMLFlags(VALIDATE) uses, so XML that
// passes here is what libvirt accepts on any host with this libvirt version or newer.
//
// Blocking: runs a child process (at most timeoutMs, then killed and reaped). Call it off
// the GUI thread. Thread-safe: no shared state.
class DomainXmlValidator
{
public:
    explicit DomainXmlValidator(int timeoutMs = 30000);

    // Validates a domain XML file. Fails with ErrorCode::Usage naming the first schema
    // error, the full validator output in the details; ErrorCode::Process when
    // virt-xml-validate is missing or does not finish.
    Result<void> validateFile(const QString &path) const;
    // Writes xml to a private temporary file and validates that.
    Result<void> validate(const QString &xml) const;

private:
    int m_timeoutMs;
};

} // namespace Ferry
