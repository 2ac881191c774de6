#pragma once

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>

namespace Ferry {

class LibvirtConnection;

// report.json's "boot_check" object (README, report.json contract).
struct BootCheckReport
{
    // passed: the serial console reached a login prompt or the guest agent answered, with
    //         the domain running;
    // failed: the domain stopped or crashed, or the console showed a boot failure (an
    //         initramfs shell, a kernel panic, emergency mode);
    // unconfirmed: the domain kept running for the whole timeout but gave no sign (no
    //         console output on ttyS0, no guest agent): it may well be up;
    // skipped: the domain was not started (no --start, a dir: target, no domain).
    QString result = QStringLiteral("skipped");
    QString method;     // "serial-console" | "guest-agent"; what was watched when nothing decided it
    double seconds = 0; // from the start of the domain to the verdict
    QString seen;       // the line or answer that decided it, or the console's last lines
    QString reason;     // why it failed, was unconfirmed or skipped
    QString consoleLog; // the serial console log on this host, when there is one

    bool passed() const { return result == QLatin1String("passed"); }
    QJsonObject toJson() const;
    static BootCheckReport skipped(const QString &reason);
};

// Watches a just-started libvirt domain until its guest shows it is up, or it fails, or the
// timeout ends. Each second: the domain must still be running; the serial console log (the
// domain's <serial><log file/>, when it is a file this process can read) is searched for a
// login prompt or a boot failure; every few seconds the QEMU guest agent is asked for the
// host name. Blocks up to the timeout: worker threads only; *cancelled is polled each second.
class BootCheck
{
public:
    struct Options
    {
        QString domain;
        QString consoleLog; // empty: the guest agent only
        int timeoutSeconds = 300;
        const std::atomic<bool> *cancelled = nullptr;
    };

    // What the console text says: nothing yet, a login prompt, or a failed boot.
    struct ConsoleVerdict
    {
        enum class Kind { Nothing, LoginPrompt, Failure } kind = Kind::Nothing;
        QString line;
    };

    explicit BootCheck(const LibvirtConnection &connection);
    BootCheckReport run(const Options &options) const;

    // Pure: reads the console log's text (the last login prompt or failure wins).
    static ConsoleVerdict readConsole(const QString &text);
    // The last lines of console text without terminal escapes, for "seen".
    static QString tail(const QString &text, int lines);

private:
    const LibvirtConnection &m_connection;
};

} // namespace Ferry
