#include "progressprinter.h"

#include "base/bytesize.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

namespace {

// JSON Lines: one object a line (Compact adds no newline of its own).
void printJson(const QJsonObject &object)
{
    QTextStream out(stdout);
    out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n' << Qt::flush;
}

QJsonObject bottleneckJson(const Bottleneck &verdict)
{
    const auto share = [](double value) { return qRound(value * 1000) / 1000.0; };
    return {{u"kind"_s, verdict.id()},
            {u"text"_s, verdict.text()},
            {u"network_share"_s, share(verdict.networkShare)},
            {u"target_share"_s, share(verdict.targetShare)},
            {u"cpu_share"_s, share(verdict.cpuShare)},
            {u"process_cores"_s, share(verdict.processCores)},
            {u"per_connection_bytes_per_second"_s, qRound64(verdict.perConnectionBytesPerSecond)}};
}

} // namespace

bool ProgressPrinter::parseMode(const QString &text, Mode *mode)
{
    if (text == u"bar")
        *mode = Mode::Bar;
    else if (text == u"json")
        *mode = Mode::Json;
    else if (text == u"none")
        *mode = Mode::None;
    else
        return false;
    return true;
}

ProgressPrinter::ProgressPrinter(Mode mode)
    : m_mode(mode)
    , m_terminal(isatty(STDERR_FILENO) == 1)
{
    m_started.start();
}

void ProgressPrinter::step(const QString &vm, const QString &step)
{
    if (m_mode == Mode::Json) {
        printJson({{u"event"_s, u"step"_s}, {u"vm"_s, vm}, {u"step"_s, step}, {u"elapsed_ms"_s, m_started.elapsed()}});
        return;
    }
    static const QHash<QString, QString> words{{u"shutdown-source"_s, u"shutting the source VM down"_s},
                                               {u"finish"_s, u"checking the copy"_s},
                                               {u"inspect"_s, u"inspecting the guest"_s},
                                               {u"convert"_s, u"converting the guest for KVM"_s},
                                               {u"define"_s, u"defining the domain"_s},
                                               {u"boot"_s, u"starting the domain and checking its boot"_s},
                                               {u"report"_s, u"writing the report"_s}};
    log(u"%1: [%2] %3"_s.arg(vm, ProgressPrinter::formatDuration(double(m_started.elapsed()) / 1000.0), words.value(step, step)));
}

void ProgressPrinter::sample(const ThroughputSample &sample)
{
    if (m_mode == Mode::Json) {
        QJsonArray connections;
        for (double rate : sample.connectionBytesPerSecond)
            connections.append(qRound64(rate));
        printJson({{u"event"_s, u"progress"_s},
                   {u"elapsed_ms"_s, sample.elapsedMs},
                   {u"bytes_done"_s, sample.bytesDone},
                   {u"bytes_total"_s, sample.bytesTotal},
                   {u"bytes_per_second"_s, qRound64(sample.bytesPerSecond)},
                   {u"smoothed_bytes_per_second"_s, qRound64(sample.smoothedBytesPerSecond)},
                   {u"eta_seconds"_s, sample.etaSeconds < 0 ? QJsonValue() : QJsonValue(qRound(sample.etaSeconds))},
                   {u"connections"_s, connections},
                   {u"connection_count"_s, sample.connections},
                   {u"bottleneck"_s, bottleneckJson(sample.bottleneck)}});
        return;
    }
    if (m_mode != Mode::Bar)
        return;
    // Off a terminal a redrawn bar would flood the log: one line every 5 seconds instead.
    if (!m_terminal && m_lastBar.isValid() && m_lastBar.elapsed() < 5000)
        return;
    m_lastBar.start();
    QTextStream err(stderr);
    err << (m_terminal ? u"\r"_s : QString()) << barLine(sample, 30) << (m_terminal ? u"\x1b[K"_s : u"\n"_s) << Qt::flush;
    m_barShown = m_terminal;
}

void ProgressPrinter::log(const QString &line)
{
    if (m_mode == Mode::Json) {
        printJson({{u"event"_s, u"log"_s}, {u"message"_s, line}});
        return;
    }
    if (m_mode == Mode::None)
        return;
    clearBar();
    QTextStream(stderr) << line << '\n';
}

void ProgressPrinter::vmFinished(const MigrationReport &report, const QString &reportPath)
{
    if (m_mode == Mode::Json) {
        printJson({{u"event"_s, u"vm-finished"_s}, {u"vm"_s, report.vm}, {u"report_path"_s, reportPath}, {u"report"_s, report.toJson()}});
        return;
    }
    clearBar();
    if (!report.ok()) {
        QTextStream(stderr) << "ferry-cli: " << report.vm << ": " << report.error->toString() << '\n';
        return;
    }
    QTextStream out(stdout);
    for (const DiskReport &disk : report.disks)
        out << report.vm << ": " << disk.label << " -> " << disk.target << " (" << formatByteSize(disk.capacity) << ", "
            << formatByteSize(disk.bytesFetched) << " fetched, " << formatByteSize(disk.bytesZero) << " zero, "
            << QString::number(disk.seconds, 'f', 1) << " s" << (disk.verified ? ", verified" : "") << ")\n"
            << "  sha256 " << disk.sha256 << '\n';
    for (const QString &warning : report.warnings)
        out << report.vm << ": warning: " << warning << '\n';
    if (!report.domainXml.isEmpty())
        out << report.vm << ": domain: " << report.domainXml << '\n';
    out << report.vm << ": ok; report: " << reportPath << '\n';
}

QString ProgressPrinter::barLine(const ThroughputSample &sample, int width)
{
    const double fraction = sample.bytesTotal > 0 ? qBound(0.0, double(sample.bytesDone) / double(sample.bytesTotal), 1.0) : 0.0;
    const int filled = int(fraction * width);
    const QString bar = QString(filled, u'#') + QString(width - filled, u'-');
    const QString eta = sample.etaSeconds < 0 ? u"--:--"_s : formatDuration(sample.etaSeconds);
    return u"[%1] %2%  %3 / %4  %5 MB/s  ETA %6"_s.arg(bar)
        .arg(int(fraction * 100), 3)
        .arg(formatByteSize(sample.bytesDone), formatByteSize(sample.bytesTotal))
        .arg(sample.smoothedBytesPerSecond / 1e6, 0, 'f', 1)
        .arg(eta);
}

QString ProgressPrinter::formatDuration(double seconds)
{
    const qint64 total = qRound64(qMax(0.0, seconds));
    const qint64 hours = total / 3600;
    const qint64 minutes = (total / 60) % 60;
    const qint64 secs = total % 60;
    if (hours > 0)
        return u"%1:%2:%3"_s.arg(hours).arg(minutes, 2, 10, QChar(u'0')).arg(secs, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(minutes).arg(secs, 2, 10, QChar(u'0'));
}

void ProgressPrinter::clearBar()
{
    if (!m_barShown)
        return;
    QTextStream(stderr) << "\r\x1b[K" << Qt::flush;
    m_barShown = false;
}

} // namespace Ferry::Cli
