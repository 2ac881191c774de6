#include "bootcheck.h"

#include "target/libvirtconnection.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int agentEverySeconds = 5;
constexpr qint64 consoleReadLimit = 4 << 20;

QString readConsoleFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > consoleReadLimit)
        file.seek(file.size() - consoleReadLimit);
    return QString::fromUtf8(file.readAll());
}

QString withoutEscapes(QString text)
{
    static const QRegularExpression escapes(u"\x1b(?:\\[[0-9;?]*[A-Za-z]|[()][A-Za-z0-9]|[=>cDEHM78])"_s);
    text.remove(escapes);
    text.remove(u'\r');
    return text;
}

} // namespace

QJsonObject BootCheckReport::toJson() const
{
    QJsonObject object{{u"result"_s, result}, {u"method"_s, method}, {u"seconds"_s, qRound(seconds * 10) / 10.0}, {u"seen"_s, seen}};
    if (!reason.isEmpty())
        object.insert(u"reason"_s, reason);
    if (!consoleLog.isEmpty())
        object.insert(u"console_log"_s, consoleLog);
    return object;
}

BootCheckReport BootCheckReport::skipped(const QString &reason)
{
    BootCheckReport report;
    report.reason = reason;
    return report;
}

BootCheck::BootCheck(const LibvirtConnection &connection)
    : m_connection(connection)
{
}

QString BootCheck::tail(const QString &text, int lines)
{
    QStringList kept;
    const QStringList all = withoutEscapes(text).split(u'\n');
    for (auto it = all.crbegin(); it != all.crend() && kept.size() < lines; ++it) {
        if (!it->trimmed().isEmpty())
            kept.prepend(it->trimmed());
    }
    return kept.join(u'\n');
}

BootCheck::ConsoleVerdict BootCheck::readConsole(const QString &text)
{
    // getty's prompt ("vmware-debian login: "), and what a Linux boot that went wrong
    // leaves on the console: initramfs-tools' and dracut's shells, a panic, emergency mode.
    static const QRegularExpression login(u"^\\S+ login: ?$"_s, QRegularExpression::MultilineOption);
    static const QRegularExpression failure(u"^.*(?:\\(initramfs\\) ?$|Kernel panic - not syncing|ALERT! .* does not exist|"
                                            "Gave up waiting for root|dracut:/# ?$|You are in emergency mode|"
                                            "Give root password for maintenance).*$"_s,
                                            QRegularExpression::MultilineOption);
    const QString clean = withoutEscapes(text);
    ConsoleVerdict verdict;
    qsizetype at = -1;
    for (const auto &match : login.globalMatch(clean)) {
        verdict = {ConsoleVerdict::Kind::LoginPrompt, match.captured(0).trimmed()};
        at = match.capturedStart();
    }
    for (const auto &match : failure.globalMatch(clean)) {
        if (match.capturedStart() > at) {
            verdict = {ConsoleVerdict::Kind::Failure, match.captured(0).trimmed()};
            at = match.capturedStart();
        }
    }
    return verdict;
}

BootCheckReport BootCheck::run(const Options &options) const
{
    BootCheckReport report;
    report.consoleLog = options.consoleLog;
    report.method = options.consoleLog.isEmpty() ? u"guest-agent"_s : u"serial-console"_s;
    QElapsedTimer clock;
    clock.start();
    auto finish = [&](const QString &result, const QString &seen, const QString &reason = {}) {
        report.result = result;
        report.seen = seen;
        report.reason = reason;
        report.seconds = double(clock.elapsed()) / 1000.0;
        return report;
    };
    QString console;
    for (int second = 0;; ++second) {
        if (options.cancelled && options.cancelled->load())
            return finish(u"skipped"_s, tail(console, 5), u"cancelled while the boot was being checked; the domain keeps running"_s);
        auto state = m_connection.domainState(options.domain);
        if (!state)
            return finish(u"failed"_s, tail(console, 5), state.error().toString());
        if (*state != u"running"_s)
            return finish(u"failed"_s, tail(console, 5), u"the domain is %1 %2 s after it was started"_s.arg(*state).arg(second));
        if (!options.consoleLog.isEmpty()) {
            console = readConsoleFile(options.consoleLog);
            const ConsoleVerdict verdict = readConsole(console);
            if (verdict.kind == ConsoleVerdict::Kind::LoginPrompt)
                return finish(u"passed"_s, verdict.line);
            if (verdict.kind == ConsoleVerdict::Kind::Failure)
                return finish(u"failed"_s, tail(console, 5), u"the serial console shows a failed boot: "_s + verdict.line);
        }
        if (second % agentEverySeconds == agentEverySeconds - 1) {
            if (auto hostname = m_connection.agentHostname(options.domain)) {
                report.method = u"guest-agent"_s;
                return finish(u"passed"_s, u"the guest agent answered: host name %1"_s.arg(*hostname));
            }
        }
        if (second >= options.timeoutSeconds)
            break;
        QThread::sleep(1);
    }
    if (!console.trimmed().isEmpty())
        return finish(u"failed"_s, tail(console, 5),
                      u"no login prompt on the serial console and no answer from the guest agent within %1 s"_s.arg(
                          options.timeoutSeconds));
    return finish(u"unconfirmed"_s, QString(),
                  u"the domain kept running for %1 s, but its serial console stayed silent (no console=ttyS0 on the guest's kernel "
                  "line%2) and no guest agent answered (install qemu-guest-agent in the guest)"_s.arg(options.timeoutSeconds)
                      .arg(options.consoleLog.isEmpty() ? u", or no console log readable here"_s : QString()));
}

} // namespace Ferry
