#pragma once

#include "base/error.h"
#include "vsphere/tlstrust.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>

namespace Ferry {

// One `nbdkit curl` child process exporting a file on an HTTPS server (an ESXi /folder
// URL) read-only on a private unix socket, so a disk can be inspected before it is copied.
//
// Secrets never reach argv: the password and the session cookie go through 0600 files in
// a private 0700 directory (password=+FILE, cookie=+FILE) that are deleted as soon as
// nbdkit has read them. TLS follows the TlsTrust: system CAs; a pinned fingerprint, by
// checking the server's certificate with PeerCertificate and handing exactly that
// certificate to curl as its only CA (cainfo=, capath= an empty directory; curl then also
// checks that the certificate names the host); sslverify=false only for Insecure.
//
// Lifetime as QemuNbdExport: start() returns after an NBD handshake succeeded, which
// makes nbdkit fetch the URL's size, so bad credentials or trust fail start(); the
// handshake connection stays open until stop(). nbdkit runs with --exit-with-parent.
// Blocking: call start() and stop() from one worker thread (ChildProcess forks nbdkit
// from a thread that lives as long as Ferry, so --exit-with-parent means Ferry).
class NbdkitCurlExport
{
public:
    struct Options
    {
        QUrl url;
        QString user; // Basic authentication when set
        QString password;
        QByteArray cookie; // "vmware_soap_session=..." instead of user/password
        TlsTrust trust = TlsTrust::system();
        int timeoutSeconds = 60; // per HTTP request
        int startTimeoutMs = 30000;
    };

    static Result<std::unique_ptr<NbdkitCurlExport>> start(const Options &options, const std::atomic<bool> *cancel = nullptr);
    // The curl plugin's parameters other than secrets and trust. Redirects are not
    // followed (curl would carry the session cookie and password to wherever the
    // server points) and only the URL's own protocol is allowed.
    static QStringList curlArguments(const Options &options);
    ~NbdkitCurlExport();
    NbdkitCurlExport(const NbdkitCurlExport &) = delete;
    NbdkitCurlExport &operator=(const NbdkitCurlExport &) = delete;

    QString socketPath() const;
    QString uri() const;
    qint64 size() const;
    qint64 pid() const;
    Result<void> stop(int graceMs = 5000);

private:
    NbdkitCurlExport();
    Result<void> writeSecrets(QStringList &arguments);
    Result<void> waitUntilServing(const std::atomic<bool> *cancel);
    void removeSecrets();

    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
