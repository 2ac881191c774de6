#include "tlscontext.h"

#include "vsphere/tlstrust.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSslCertificate>

#include <functional>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

QString opensslError()
{
    char text[256] = {};
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    return QString::fromLatin1(text);
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A ten-year self-signed certificate; X509 and the key are freed by the caller.
X509 *makeCertificate(EVP_PKEY *key)
{
    X509 *cert = X509_new();
    if (!cert)
        return nullptr;
    X509_set_version(cert, 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert), -24 * 3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("Ferry"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("ferry-lab"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    const bool ok = addExtension(cert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost,IP:::1")
        && addExtension(cert, NID_basic_constraints, "critical,CA:FALSE") && addExtension(cert, NID_ext_key_usage, "serverAuth")
        && X509_sign(cert, key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(cert);
        return nullptr;
    }
    return cert;
}

Result<void> writePem(const QString &path, const std::function<int(BIO *)> &write, QFileDevice::Permissions permissions)
{
    BIO *bio = BIO_new(BIO_s_mem());
    const bool ok = write(bio) == 1;
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const QByteArray pem(data, size);
    BIO_free(bio);
    if (!ok)
        return fail(ErrorCode::Internal, u"cannot encode %1"_s.arg(path), opensslError());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(permissions) || file.write(pem) != pem.size() || !file.commit())
        return fail(ErrorCode::Io, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

} // namespace

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_context);
}

Result<void> TlsContext::create(const QString &certPath, const QString &keyPath)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    if (!key)
        return fail(ErrorCode::Internal, u"cannot generate the lab's TLS key"_s, opensslError());
    X509 *cert = makeCertificate(key);
    if (!cert) {
        EVP_PKEY_free(key);
        return fail(ErrorCode::Internal, u"cannot create the lab's TLS certificate"_s, opensslError());
    }
    auto written = writePem(
        keyPath, [key](BIO *bio) { return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); },
        QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (written)
        written = writePem(
            certPath, [cert](BIO *bio) { return PEM_write_bio_X509(bio, cert); },
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    X509_free(cert);
    EVP_PKEY_free(key);
    return written;
}

Result<std::unique_ptr<TlsContext>> TlsContext::loadOrCreate(const QString &dir)
{
    if (!QDir().mkpath(dir))
        return fail(ErrorCode::Io, u"cannot create the data directory %1"_s.arg(dir));
    const QString certPath = dir + u"/lab-cert.pem"_s;
    const QString keyPath = dir + u"/lab-key.pem"_s;
    if (!QFile::exists(certPath) || !QFile::exists(keyPath)) {
        if (auto created = create(certPath, keyPath); !created)
            return std::unexpected(created.error());
    }
    std::unique_ptr<TlsContext> tls(new TlsContext);
    tls->m_context = SSL_CTX_new(TLS_server_method());
    SSL_CTX *ctx = tls->m_context;
    const QByteArray cert = QFile::encodeName(certPath);
    const QByteArray key = QFile::encodeName(keyPath);
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, cert.constData()) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, key.constData(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1)
        return fail(ErrorCode::Io, u"cannot load the lab certificate from %1; delete it to make a new one"_s.arg(dir), opensslError());
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // Bulk data: large records, no renegotiation, writes of any size accepted at once.
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // AES-128-GCM first: the cheapest AEAD with AES-NI, which is what bulk reads need;
    // the server's order wins so every client (curl, aria2c, Qt) is measured alike.
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
    SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305");
    QFile pem(certPath);
    if (!pem.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, u"cannot read %1"_s.arg(certPath));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return fail(ErrorCode::Io, u"%1 holds no certificate; delete it to make a new one"_s.arg(certPath));
    tls->m_fingerprint = TlsTrust::fingerprint(certificates.constFirst());
    return tls;
}

ssl_ctx_st *TlsContext::context() const
{
    return m_context;
}

QString TlsContext::fingerprint() const
{
    return m_fingerprint;
}

} // namespace Ferry::Lab
