#include "labsource.h"

#include "process/childprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTimer>

#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
constexpr qsizetype maxStdout = 64 * 1024;
constexpr qsizetype maxStderrTail = 8 * 1024;
constexpr int terminateGraceMs = 3000;

QString randomPassword()
{
    quint32 words[6];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
} // namespace

LabSource::LabSource(QObject *parent)
    : QObject(parent)
{
}

LabSource::~LabSource()
{
    stop();
}

void LabSource::setProgram(const QString &path)
{
    m_program = path;
}

void LabSource::setExtraArguments(const QStringList &arguments)
{
    m_extraArguments = arguments;
}

void LabSource::setDataDirectory(const QString &path)
{
    m_dataDirectory = path;
}

void LabSource::setTimeout(int msecs)
{
    m_timeoutMs = msecs;
}

QString LabSource::findProgram()
{
    QString sibling = QCoreApplication::applicationDirPath() + u"/ferry-lab"_s;
    if (QFileInfo(sibling).isExecutable())
        return sibling;
    // A build tree keeps each executable in its own folder: build/app/lab/ferry-lab.
    const QString buildTree = QCoreApplication::applicationDirPath() + u"/../lab/ferry-lab"_s;
    if (QFileInfo(buildTree).isExecutable())
        return QFileInfo(buildTree).canonicalFilePath();
    return QStandardPaths::findExecutable(u"ferry-lab"_s);
}

void LabSource::start()
{
    if (m_process)
        return;
    m_ready = false;
    m_failed = false;
    m_error.reset();
    m_stdout.clear();
    m_stderrTail.clear();
    const QString program = m_program.isEmpty() ? findProgram() : m_program;
    if (program.isEmpty()) {
        reportFailure(Error(
            ErrorCode::Process,
            tr("ferry-lab was not found next to %1 or on PATH; install Ferry completely").arg(QCoreApplication::applicationFilePath())));
        return;
    }
    m_password = randomPassword();
    QStringList arguments{u"--listen"_s, u"127.0.0.1:0"_s, u"--user"_s, u"root"_s, u"--exit-with-stdin"_s};
    if (!m_dataDirectory.isEmpty())
        arguments << u"--data-dir"_s << m_dataDirectory;
    arguments += m_extraArguments;

    m_process = new QProcess(this);
    // Not the starting thread's death signal: the GUI may start the lab from a worker.
    ChildProcess::prepare(*m_process, ChildProcess::Death::OwnArrangement);
    QProcessEnvironment environment = m_process->processEnvironment();
    environment.insert(u"FERRY_LAB_PASSWORD"_s, m_password);
    m_process->setProcessEnvironment(environment);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &LabSource::readStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &LabSource::readStderr);
    connect(m_process, &QProcess::finished, this, &LabSource::processFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            processFinished();
    });
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &LabSource::timedOut);
    m_timer->start(m_timeoutMs);
    // stdin stays an open pipe: ferry-lab quits when it closes, i.e. when we die.
    m_process->start(program, arguments, QIODevice::ReadWrite);
}

Result<SourceEndpoint> LabSource::startAndWait(int msecs)
{
    setTimeout(msecs);
    start();
    const QDeadlineTimer deadline(msecs);
    while (m_process && !m_ready && !m_failed && !deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning
            || !m_process->waitForReadyRead(int(std::min<qint64>(deadline.remainingTime(), 200)))) {
            if (m_process && m_process->state() == QProcess::NotRunning)
                processFinished();
        }
    }
    if (m_ready)
        return m_endpoint;
    if (!m_failed)
        timedOut();
    return std::unexpected(m_error.value_or(Error(ErrorCode::Internal, tr("ferry-lab did not start"))));
}

void LabSource::stop()
{
    if (m_timer)
        m_timer->stop();
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(terminateGraceMs)) {
            process->kill();
            process->waitForFinished(terminateGraceMs);
        }
    }
    delete process;
    m_ready = false;
}

void LabSource::stopAsync()
{
    if (m_timer)
        m_timer->stop();
    if (!m_process)
        return;
    QProcess *process = std::exchange(m_process, nullptr);
    process->disconnect(this);
    m_ready = false;
    if (process->state() == QProcess::NotRunning) {
        process->deleteLater();
        return;
    }
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    QTimer::singleShot(terminateGraceMs, process, [process] { process->kill(); });
    process->terminate();
}

bool LabSource::isReady() const
{
    return m_ready;
}

SourceEndpoint LabSource::endpoint() const
{
    return m_endpoint;
}

qint64 LabSource::processId() const
{
    return m_process ? m_process->processId() : 0;
}

QString LabSource::stderrTail() const
{
    return QString::fromUtf8(m_stderrTail).trimmed();
}

void LabSource::readStdout()
{
    m_stdout += m_process->readAllStandardOutput();
    qsizetype newline;
    while (!m_ready && (newline = m_stdout.indexOf('\n')) >= 0) {
        const QByteArray line = m_stdout.left(newline).trimmed();
        m_stdout.remove(0, newline + 1);
        if (parseReadyLine(line)) {
            m_ready = true;
            m_timer->stop();
            Q_EMIT ready(m_endpoint);
            return;
        }
    }
    if (m_ready || m_stdout.size() > maxStdout)
        m_stdout.clear();
}

bool LabSource::parseReadyLine(const QByteArray &line)
{
    const QJsonObject object = QJsonDocument::fromJson(line).object();
    if (object.value(u"event"_s).toString() != u"ready")
        return false;
    const QUrl url(object.value(u"url"_s).toString(), QUrl::StrictMode);
    const QString fingerprint = TlsTrust::normalizeFingerprint(object.value(u"fingerprint"_s).toString());
    if (!url.isValid() || url.scheme() != u"https" || fingerprint.isEmpty()) {
        reportFailure(Error(ErrorCode::Protocol, tr("ferry-lab printed a malformed ready line"), QString::fromUtf8(line)));
        return false;
    }
    m_endpoint = SourceEndpoint{url, u"root"_s, m_password, TlsTrust::pinned(fingerprint)};
    return true;
}

void LabSource::readStderr()
{
    m_stderrTail += m_process->readAllStandardError();
    if (m_stderrTail.size() > maxStderrTail)
        m_stderrTail = m_stderrTail.right(maxStderrTail);
}

void LabSource::processFinished()
{
    if (!m_process)
        return;
    readStderr();
    const QString tail = stderrTail();
    const QString reason = m_process->error() == QProcess::FailedToStart ? m_process->errorString()
                                                                         : tr("exit code %1").arg(m_process->exitCode());
    m_process->deleteLater();
    m_process = nullptr;
    const bool wasReady = m_ready;
    m_ready = false;
    reportFailure(Error(ErrorCode::Process,
                        wasReady ? tr("the lab source (ferry-lab) stopped unexpectedly") : tr("ferry-lab failed to start (%1)").arg(reason),
                        tail));
}

void LabSource::timedOut()
{
    const QString tail = stderrTail();
    stop();
    reportFailure(Error(ErrorCode::Timeout, tr("ferry-lab was not ready within %1 s; see its messages").arg(m_timeoutMs / 1000), tail));
}

void LabSource::reportFailure(const Error &error)
{
    if (m_timer)
        m_timer->stop();
    m_failed = true;
    m_error = error;
    Q_EMIT failed(error);
}

} // namespace Ferry
