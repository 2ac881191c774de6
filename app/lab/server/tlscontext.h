#pragma once

#include "base/error.h"

#include <QString>

#include <memory>

struct ssl_ctx_st;

namespace Ferry::Lab {

// The server's TLS identity: a self-signed EC P-256 certificate (CN ferry-lab, SAN
// 127.0.0.1 and localhost) kept in the data directory so its fingerprint stays the
// same across runs, and the OpenSSL context built from it. Thread-safe after load().
class TlsContext
{
public:
    ~TlsContext();

    // Loads DIR/lab-cert.pem and DIR/lab-key.pem, creating them first when missing.
    static Result<std::unique_ptr<TlsContext>> loadOrCreate(const QString &dir);

    ssl_ctx_st *context() const;
    // "AB:CD:..." SHA-256 fingerprint, as Ferry::TlsTrust::fingerprint computes it.
    QString fingerprint() const;

private:
    TlsContext() = default;
    static Result<void> create(const QString &certPath, const QString &keyPath);

    ssl_ctx_st *m_context = nullptr;
    QString m_fingerprint;
};

} // namespace Ferry::Lab
